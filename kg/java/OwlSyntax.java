import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.coode.owlapi.functionalparser.OWLFunctionalSyntaxOWLParser;
import org.semanticweb.owlapi.io.OWLFunctionalSyntaxOntologyFormat;
import org.coode.owlapi.manchesterowlsyntax.ManchesterOWLSyntaxOntologyFormat;
import org.coode.owlapi.manchesterowlsyntax.ManchesterOWLSyntaxOntologyParser;
import org.coode.owlapi.owlxmlparser.OWLXMLParser;
import org.coode.owlapi.rdfxml.parser.RDFXMLParser;
import org.coode.owlapi.turtle.TurtleOntologyFormat;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.OWLOntologyDocumentSource;
import org.semanticweb.owlapi.io.OWLParser;
import org.semanticweb.owlapi.io.OWLParserException;
import org.semanticweb.owlapi.io.OWLXMLOntologyFormat;
import org.semanticweb.owlapi.io.RDFXMLOntologyFormat;
import org.semanticweb.owlapi.io.StreamDocumentTarget;
import org.semanticweb.owlapi.io.StringDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyFormat;
import org.semanticweb.owlapi.model.OWLOntologyIRIMapper;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.vocab.PrefixOWLOntologyFormat;

/**
 * Converts one ontology document between OWL syntaxes with the OWL API that ships inside HermiT.jar.
 *
 * <p>Usage: {@code java OwlSyntax FROM TO BASE_IRI < in > out}, FROM and TO among {@code owx} (OWL/XML),
 * {@code ofn} (functional), {@code omn} (Manchester), {@code rdfxml}, {@code ttl} (TO only). The named
 * parser is used, never a guess, so an error is the one parser's. Imports are never loaded: kg follows
 * them itself, offline (kg.imports); here every import IRI maps to nowhere and is skipped silently.
 *
 * <p>Exit status: 0 converted; 2 the document does not parse ({@code LINE:COLUMN: message} or a
 * message on standard error); 64 usage.
 */
public final class OwlSyntax {

    /** An import in Manchester, functional, OWL/XML or RDF/XML syntax: its IRI is one of the groups. */
    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile(
            "Import:\\s*<([^>\\s]+)>|Import\\(\\s*<([^>\\s]+)>\\s*\\)|<(?:owl:)?Import>([^<]+)</(?:owl:)?Import>"
            + "|imports\\s+rdf:resource=\"([^\"]+)\"");

    private OwlSyntax() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java OwlSyntax FROM TO BASE_IRI");
            System.exit(64);
        }
        OWLParser parser = parser(args[0]);
        OWLOntologyFormat format = format(args[1]);
        if (parser == null || format == null) {
            System.err.println("unknown syntax: " + (parser == null ? args[0] : args[1]));
            System.exit(64);
        }
        String text = new String(readAll(System.in), StandardCharsets.UTF_8);
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        // never fetch an import: every IRI maps to a document that does not exist
        manager.clearIRIMappers();
        manager.addIRIMapper(new OWLOntologyIRIMapper() {
            public IRI getDocumentIRI(IRI ontologyIRI) {
                return IRI.create("file:///dev/null/kg-import-not-loaded");
            }
        });
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        // Some parsers (Manchester) read the imported ontology right away and fail on a missing one: an
        // empty ontology stands in for each import, so that the declaration is kept and nothing is read.
        java.util.regex.Matcher imports = IMPORT.matcher(text);
        while (imports.find()) {
            String iri = imports.group(1) != null ? imports.group(1)
                    : imports.group(2) != null ? imports.group(2)
                    : imports.group(3) != null ? imports.group(3) : imports.group(4);
            IRI imported = IRI.create(iri.strip());
            if (imported.isAbsolute() && !manager.contains(imported)) {
                manager.createOntology(imported);
            }
        }
        OWLOntologyDocumentSource source = new StringDocumentSource(text, IRI.create(args[2]));
        OWLOntology ontology = manager.createOntology();
        // parsers print to standard output on some errors: keep it for the result alone
        PrintStream out = System.out;
        System.setOut(System.err);
        OWLOntologyFormat read;
        try {
            read = parser.parse(source, ontology, config);
        } catch (OWLParserException e) {
            String where = where(e);
            System.err.println(where.endsWith(": ") ? where + oneLine(e.getMessage()) : where);
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println(oneLine(String.valueOf(e.getMessage() == null ? e : e.getMessage())));
            System.exit(2);
            return;
        }
        if (read instanceof PrefixOWLOntologyFormat && format instanceof PrefixOWLOntologyFormat) {
            ((PrefixOWLOntologyFormat) format).copyPrefixesFrom((PrefixOWLOntologyFormat) read);
        }
        // Manchester syntax has no frame for general class axioms: its writer leaves them out; say how many
        if (format instanceof ManchesterOWLSyntaxOntologyFormat && !ontology.getGeneralClassAxioms().isEmpty()) {
            System.err.println("kg-lost-general-class-axioms " + ontology.getGeneralClassAxioms().size());
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        manager.saveOntology(ontology, format, new StreamDocumentTarget(written));
        System.setOut(out);
        out.write(written.toByteArray());
        out.flush();
    }

    private static OWLParser parser(String name) {
        switch (name) {
            case "owx": return new OWLXMLParser();
            case "ofn": return new OWLFunctionalSyntaxOWLParser();
            case "omn": return new ManchesterOWLSyntaxOntologyParser();
            case "rdfxml": return new RDFXMLParser();
            default: return null;
        }
    }

    private static OWLOntologyFormat format(String name) {
        switch (name) {
            case "owx": return new OWLXMLOntologyFormat();
            case "ofn": return new OWLFunctionalSyntaxOntologyFormat();
            case "omn": return new ManchesterOWLSyntaxOntologyFormat();
            case "rdfxml": return new RDFXMLOntologyFormat();
            case "ttl": return new TurtleOntologyFormat();
            default: return null;
        }
    }

    private static String where(OWLParserException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.xml.sax.SAXParseException) {
                org.xml.sax.SAXParseException sax = (org.xml.sax.SAXParseException) cause;
                return sax.getLineNumber() + ":" + Math.max(sax.getColumnNumber(), 1) + ": "
                        + oneLine(sax.getMessage());
            }
        }
        return e.getLineNumber() > 0 ? e.getLineNumber() + ":" + Math.max(e.getColumnNumber(), 1) + ": " : "";
    }

    private static String oneLine(String message) {
        String first = message.strip().split("\\R", 2)[0];
        return first.length() > 400 ? first.substring(0, 400) + "…" : first;
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        return in.readAllBytes();
    }
}
