import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLObject;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyID;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Does an ontology document load in the OWL API (the library Protégé is built on) without trouble?
 *
 * <p>Usage: {@code java ProtegeLoadCheck FILE...}. Each file is loaded into a fresh manager, with
 * missing imports ignored as Protégé does, and everything a Protégé user could be bothered by is
 * printed on standard output as JSON lines, one object per line, each with a {@code "record"} kind and
 * the {@code "file"} it is about:
 *
 * <ul>
 *   <li>{@code load}: {@code ok} true/false, the document {@code format}, {@code ontologyIri},
 *       {@code versionIri} (null when absent), or the {@code error} when loading failed;
 *   <li>{@code counts}: entities in the signature per kind, axioms, logical axioms, declarations,
 *       triples parsed;
 *   <li>{@code parser-log}: one per warning or error line written by the parsers;
 *   <li>{@code unparsed}: one per triple the RDF parser could not turn into an axiom;
 *   <li>{@code guessed}: one per entity whose type the parser had to guess (it was not declared);
 *   <li>{@code undeclared}: one per entity in the signature without a declaration axiom;
 *   <li>{@code punning}: one per IRI used as more than one kind of entity, with the kinds;
 *   <li>{@code profile}: one per OWL 2 DL profile violation, with its kind and the IRIs involved;
 *   <li>{@code summary}: the number of problems of each kind and {@code clean} true/false.
 * </ul>
 *
 * <p>Exit status: 0 every file is clean; 2 some file loaded with problems; 1 some file could not be
 * loaded; 64 usage error.
 */
public final class ProtegeLoadCheck {

    private ProtegeLoadCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java ProtegeLoadCheck FILE...");
            System.exit(64);
        }
        // The RDF parsers report through SLF4J; with slf4j-simple on the class path we route those
        // messages to a file of our own (read back per document) and keep only warnings and errors.
        // This must happen before the first logger is created, i.e. before the OWL API is touched.
        Path log = Files.createTempFile("protege-load-check", ".log");
        log.toFile().deleteOnExit();
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "false");

        int status = 0;
        for (String name : args) {
            status = Math.max(status, check(new File(name), log));
        }
        System.out.flush();
        System.exit(status == 0 ? 0 : status == 1 ? 2 : 1);
    }

    /** Checks one document; returns 0 clean, 1 loaded with problems, 2 not loaded. */
    private static int check(File file, Path log) throws IOException {
        String f = file.getPath();
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        long logStart = Files.size(log);
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(file), config);
        } catch (OWLOntologyCreationException | RuntimeException e) {
            List<String> logLines = readLogSince(log, logStart);
            for (String line : logLines) {
                emit(f, "parser-log", "message", line);
            }
            String message = String.valueOf(e.getMessage());
            if (message.length() > 2000) {
                message = message.substring(0, 2000) + " ...";
            }
            emit(f, "load", "ok", false, "error", e.getClass().getSimpleName() + ": " + message);
            emit(f, "summary", "clean", false, "loaded", false, "parserLog", logLines.size());
            return 2;
        }
        List<String> logLines = readLogSince(log, logStart);

        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        OWLOntologyID id = ontology.getOntologyID();
        emit(f, "load", "ok", true,
                "format", format == null ? null : format.getKey(),
                "ontologyIri", id.getOntologyIRI().map(IRI::toString).orElse(null),
                "versionIri", id.getVersionIRI().map(IRI::toString).orElse(null));

        // Parser metadata: triples read, triples left over, declarations the parser had to guess.
        int triples = -1;
        List<String> unparsed = new ArrayList<>();
        Map<String, Set<String>> guessed = new TreeMap<>();
        Optional<OWLOntologyLoaderMetaData> meta = format == null ? Optional.empty() : format.getOntologyLoaderMetaData();
        if (meta.isPresent() && meta.get() instanceof RDFParserMetaData) {
            RDFParserMetaData rdf = (RDFParserMetaData) meta.get();
            triples = rdf.getTripleCount();
            rdf.getUnparsedTriples().forEach(t -> unparsed.add(t.toString()));
            rdf.getGuessedDeclarations().entries().forEach(e ->
                    guessed.computeIfAbsent(e.getKey().toString(), k -> new TreeSet<>()).add(e.getValue().getSimpleName()));
        }

        emit(f, "counts",
                "classes", ontology.classesInSignature().count(),
                "objectProperties", ontology.objectPropertiesInSignature().count(),
                "dataProperties", ontology.dataPropertiesInSignature().count(),
                "annotationProperties", ontology.annotationPropertiesInSignature().count(),
                "individuals", ontology.individualsInSignature().count(),
                "datatypes", ontology.datatypesInSignature().count(),
                "axioms", ontology.getAxiomCount(),
                "logicalAxioms", ontology.getLogicalAxiomCount(),
                "declarations", ontology.getAxiomCount(AxiomType.DECLARATION),
                "triples", triples);

        for (String line : logLines) {
            emit(f, "parser-log", "message", line);
        }
        for (String t : unparsed) {
            emit(f, "unparsed", "triple", t);
        }
        for (Map.Entry<String, Set<String>> e : guessed.entrySet()) {
            emit(f, "guessed", "iri", e.getKey(), "kinds", new ArrayList<>(e.getValue()));
        }

        // Undeclared entities and punning, from the signature. Built-ins (owl:Thing, rdfs:label,
        // xsd:integer ...) never need a declaration.
        Map<String, Set<String>> kindsByIri = new TreeMap<>();
        Set<String> undeclared = new TreeSet<>();
        ontology.signature().forEach(entity -> {
            String iri = entity.getIRI().toString();
            kindsByIri.computeIfAbsent(iri, k -> new TreeSet<>()).add(entity.getEntityType().getName());
            if (!entity.isBuiltIn() && !ontology.isDeclared(entity)) {
                undeclared.add(iri + "\t" + entity.getEntityType().getName());
            }
        });
        for (String u : undeclared) {
            String[] parts = u.split("\t", 2);
            emit(f, "undeclared", "iri", parts[0], "kind", parts[1]);
        }
        int punned = 0;
        for (Map.Entry<String, Set<String>> e : kindsByIri.entrySet()) {
            if (e.getValue().size() > 1) {
                punned++;
                emit(f, "punning", "iri", e.getKey(), "kinds", new ArrayList<>(e.getValue()));
            }
        }

        // OWL 2 DL profile: what Protégé's "OWL 2 DL" check would list.
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        List<OWLProfileViolation> violations = report.getViolations();
        for (OWLProfileViolation v : violations) {
            emit(f, "profile", "profile", "OWL 2 DL", "kind", v.getClass().getSimpleName(),
                    "iris", irisOf(v), "message", v.toString().trim());
        }

        boolean clean = logLines.isEmpty() && unparsed.isEmpty() && guessed.isEmpty() && undeclared.isEmpty()
                && punned == 0 && violations.isEmpty();
        emit(f, "summary", "clean", clean, "loaded", true,
                "parserLog", logLines.size(), "unparsed", unparsed.size(), "guessed", guessed.size(),
                "undeclared", undeclared.size(), "punning", punned, "profileViolations", violations.size());
        return clean ? 0 : 1;
    }

    /** The IRIs a profile violation is about (built-ins left out): its expression's, else its axiom's. */
    private static List<String> irisOf(OWLProfileViolation v) {
        Set<String> iris = new TreeSet<>();
        Object expression = v.getExpression();
        if (expression instanceof IRI) {
            iris.add(expression.toString());
        } else if (expression instanceof OWLEntity) {
            iris.add(((OWLEntity) expression).getIRI().toString());
        } else if (expression instanceof OWLObject) {
            ((OWLObject) expression).signature().filter(e -> !e.isBuiltIn()).forEach(e -> iris.add(e.getIRI().toString()));
        }
        if (iris.isEmpty()) {
            OWLAxiom axiom;
            try {
                axiom = v.getAxiom();
            } catch (IllegalStateException e) {
                axiom = null; // a violation of the ontology header (e.g. a reserved IRI as annotation) has none
            }
            if (axiom != null) {
                axiom.signature().filter(e -> !e.isBuiltIn()).forEach(e -> iris.add(e.getIRI().toString()));
            }
        }
        return new ArrayList<>(iris);
    }

    private static List<String> readLogSince(Path log, long start) throws IOException {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long length = raf.length();
            if (length <= start) {
                return lines;
            }
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    // ---- a minimal JSON writer (the OWL API class path has no JSON library we want to rely on) ----

    private static void emit(String file, String record, Object... keyValues) {
        StringBuilder sb = new StringBuilder("{\"record\":").append(json(record)).append(",\"file\":").append(json(file));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(',').append(json(String.valueOf(keyValues[i]))).append(':').append(json(keyValues[i + 1]));
        }
        System.out.println(sb.append('}'));
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(ProtegeLoadCheck::json).collect(Collectors.joining(",", "[", "]"));
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
