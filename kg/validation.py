"""Validation: is a graph well-formed, and will it open cleanly in Protégé?

:func:`validate` runs four kinds of check and gathers what they find in one :class:`ValidationReport`:

``syntax``
    Each source must parse: a syntax error is reported with its file, line and column (Turtle,
    N-Triples, RDF/XML, JSON-LD …), and the other sources are still checked.
``shacl``
    The SHACL shapes (``ontology/shapes.ttl`` by default, or the user's) run with pySHACL over the
    asserted triples: focus node, path, value, message and severity of each result. The standard
    SHACL validation report graph is kept (:attr:`ValidationReport.shacl_graph`).
lint (Protégé readiness, OWL 2 DL)
    What the OWL API, and so Protégé, would complain about, checked on the RDF directly: an ontology
    IRI and a version IRI; every class, property and datatype declared; no illegal punning; no
    undeclared annotation property; only datatypes of the OWL 2 datatype map (``xsd:gYear`` and
    ``xsd:date`` are not in it); no empty or one-operand class expression; only simple properties
    counted in cardinality restrictions; and, stricter than the OWL API, a label and a definition on
    every term of the ontology's own namespace. Each finding names the offending IRI and, for
    Turtle and RDF/XML sources, the line where it is defined or first used.
``checks``
    The ontology checks of ``queries/checks/*-violation.rq`` (one row per problem). A row that says
    what a lint finding says already, about the same IRI, is not repeated.

A finding of any kind counts: the command line exits with 1 when there is one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import SourceError, UnknownNameError

if TYPE_CHECKING:
    import rdflib

    from kg.graph import KnowledgeGraph, Source

__all__ = ["FORMATS", "Finding", "ValidationReport", "validate"]

#: The output formats of a report: plain text, JSON, or the SHACL report graph in Turtle.
FORMATS = ("text", "json", "turtle")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SH = "http://www.w3.org/ns/shacl#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Where the constraint components of the lint and the checks live in the SHACL report graph.
KGV = "https://w3id.org/genai-kg/validation#"

_SEVERITY = {f"{_SH}Violation": "error", f"{_SH}Warning": "warning", f"{_SH}Info": "info"}
_SEVERITY_IRI = {v: k for k, v in _SEVERITY.items()}


@dataclass(frozen=True)
class Finding:
    """One problem found.

    Attributes:
        check: what found it: ``syntax``, ``shacl``, a lint check (``ontology-iri``, ``version-iri``,
            ``undeclared``, ``undeclared-annotation-property``, ``punning``, ``datatype``,
            ``class-expression``, ``non-simple-property``, ``label``, ``definition``) or
            ``checks/<name>`` for a query of ``queries/checks``.
        severity: ``error``, ``warning`` or ``info``.
        message: what is wrong and, where it helps, what to do.
        focus: the offending IRI (the SHACL focus node), or ``None``.
        path: the SHACL result path, or ``None``.
        value: the offending value (a SHACL value, a datatype …), or ``None``.
        source: the file (``<string>`` for text), or ``None`` when not known.
        line: the 1-based line in ``source``, or ``None``.
        column: the 1-based column in ``source``, or ``None``.
        constraint: for SHACL, the constraint that failed (``datatype``, ``minCount`` …), or ``None``.

    >>> Finding("label", "warning", "has no rdfs:label", focus="https://example.org/x").severity
    'warning'
    """

    check: str
    severity: str
    message: str
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    source: str | None = None
    line: int | None = None
    column: int | None = None
    constraint: str | None = None


@dataclass
class ValidationReport:
    """Everything :func:`validate` found.

    Attributes:
        findings: the problems, in the order syntax, SHACL, lint, checks.
        sources: the sources validated.
        shacl_graph: pySHACL's validation report graph (``None`` when SHACL did not run).

    >>> ValidationReport([]).conforms
    True
    """

    findings: list[Finding]
    sources: list[str] = field(default_factory=list)
    shacl_graph: rdflib.Graph | None = field(default=None, repr=False)
    _shorten: Callable[[str], str] = field(default=lambda iri: f"<{iri}>", repr=False)

    @property
    def conforms(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def counts(self) -> dict[str, int]:
        """How many findings each check made.

        >>> ValidationReport([Finding("label", "warning", "x"), Finding("label", "warning", "y")]).counts()
        {'label': 2}
        """
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.check] = out.get(f.check, 0) + 1
        return out

    def text(self) -> str:
        """One line per finding, compiler style (``file:line:column: severity [check] focus: message``).

        >>> print(ValidationReport([], sources=["a.ttl"]).text(), end="")
        a.ttl: no problems found
        """
        if not self.findings:
            return f"{', '.join(self.sources) or '(no sources)'}: no problems found\n"
        lines = []
        for f in self.findings:
            where = ":".join(str(x) for x in (f.source, f.line, f.column) if x is not None)
            focus = f" {self._shorten_term(f.focus)}" if f.focus else ""
            path = f" {self._shorten_term(f.path)}" if f.path else ""
            value = f" (value: {self._shorten_term(f.value)})" if f.value and f.check == "shacl" else ""
            check = f"{f.check}: {f.constraint}" if f.constraint else f.check
            lines.append(
                f"{where + ': ' if where else ''}{f.severity} [{check}]{focus}{path}: {f.message}{value}"
            )
        counts = ", ".join(f"{n} {check}" for check, n in sorted(self.counts().items()))
        lines.append(f"{len(self.findings)} problem{'s' if len(self.findings) != 1 else ''} found ({counts})")
        return "\n".join(lines) + "\n"

    def _shorten_term(self, term: str) -> str:
        if term.startswith('"') and "^^<" in term:
            return _literal_text(term, self._shorten)
        if term.startswith(('"', "_:")) or ("://" not in term and not term.startswith("urn:")):
            return term
        return self._shorten(term)

    def to_json(self) -> str:
        """The report as JSON: ``conforms``, ``sources``, ``counts`` and ``findings``.

        >>> json.loads(ValidationReport([]).to_json())["conforms"]
        True
        """
        data = {
            "conforms": self.conforms,
            "sources": self.sources,
            "counts": self.counts(),
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_graph(self) -> rdflib.Graph:
        """The standard SHACL validation report, with every other finding as one more ``sh:ValidationResult``.

        pySHACL's results are kept as they are; a lint, check or syntax finding has its check as
        ``sh:sourceConstraintComponent`` (in the ``kgv:`` namespace), its offending IRI (or the file)
        as ``sh:focusNode`` and its message as ``sh:resultMessage``.

        >>> report = ValidationReport([Finding("label", "warning", "no label", focus="https://example.org/x")])
        >>> print(report.to_graph().serialize(format="turtle"))  # doctest: +ELLIPSIS
        @prefix kgv: ...
        """
        import rdflib
        from rdflib import RDF, BNode, Literal, Namespace, URIRef

        sh = Namespace(_SH)
        graph = rdflib.Graph()
        graph.bind("sh", sh)
        graph.bind("kgv", KGV)
        report: Any = None
        if self.shacl_graph is not None:
            for t in self.shacl_graph:
                graph.add(t)
            for prefix, namespace in self.shacl_graph.namespaces():
                graph.bind(prefix, namespace, override=False)
            report = next(graph.subjects(RDF.type, sh.ValidationReport), None)
        if report is None:
            report = BNode()
            graph.add((report, RDF.type, sh.ValidationReport))
        graph.remove((report, sh.conforms, None))
        graph.add((report, sh.conforms, Literal(self.conforms)))
        for f in self.findings:
            if f.check == "shacl":
                continue
            result = BNode()
            graph.add((report, sh.result, result))
            graph.add((result, RDF.type, sh.ValidationResult))
            focus = f.focus or (
                Path(f.source).resolve().as_uri() if f.source and f.source != "<string>" else None
            )
            if focus is not None:
                graph.add(
                    (result, sh.focusNode, BNode(focus[2:]) if focus.startswith("_:") else URIRef(focus))
                )
            graph.add((result, sh.resultMessage, Literal(f.message)))
            graph.add((result, sh.resultSeverity, URIRef(_SEVERITY_IRI[f.severity])))
            component = re.sub(r"[^A-Za-z0-9]+", "-", f.check).strip("-")
            graph.add((result, sh.sourceConstraintComponent, URIRef(KGV + component)))
            if f.value is not None:
                graph.add((result, sh.value, Literal(f.value)))
        return graph

    def serialize(self, format: str = "text") -> str:
        """The report as ``text``, ``json`` or ``turtle`` (the SHACL report graph).

        Raises:
            UnknownNameError: for another format.

        >>> ValidationReport([]).serialize("json").startswith("{")
        True
        """
        if format == "text":
            return self.text()
        if format == "json":
            return self.to_json()
        if format == "turtle":
            return str(self.to_graph().serialize(format="turtle"))
        raise UnknownNameError("format", format, FORMATS)


# ---------------------------------------------------------------------------------------------------
# entry point


def validate(
    graph_or_sources: KnowledgeGraph | Source | Sequence[Source] | None = None,
    *,
    shapes: str | os.PathLike[str] | None = None,
    ontology: bool = True,
    shacl: bool = True,
    lint: bool = True,
    checks: bool = True,
) -> ValidationReport:
    """Check sources (or a loaded graph) for syntax errors, SHACL violations, Protégé problems and
    the ontology checks of ``queries/checks``.

    Args:
        graph_or_sources: a :class:`~kg.graph.KnowledgeGraph`, one source or a list of sources (file
            paths, RDF text, rdflib graphs); ``None`` for the embedded ontology alone.
        shapes: a SHACL shapes file to use instead of the embedded ``ontology/shapes.ttl``.
        ontology: when sources are given, load the embedded GenAI ontology with them (so that the
            shapes know its class hierarchy); the lint and the checks then cover it too.
        shacl: run the SHACL shapes.
        lint: run the Protégé-readiness lint.
        checks: run the queries of ``queries/checks``.

    Returns:
        The :class:`ValidationReport`; a syntax error is one of its findings, not an exception.

    Raises:
        SourceError: for a source that does not exist, or a shapes file that cannot be read.

    >>> report = validate()
    >>> report.conforms, report.sources[0].endswith("genai.ttl")
    (True, True)
    >>> validate(b"@prefix ex: <https://example.org/> . ex:a ex:b .", ontology=False).findings[0].line
    1
    """
    from kg.graph import KnowledgeGraph

    findings: list[Finding] = []
    if isinstance(graph_or_sources, KnowledgeGraph):
        graph = graph_or_sources
        names = list(graph.sources)
    else:
        if graph_or_sources is None:
            sources: list[Any] = []
        elif isinstance(graph_or_sources, (list, tuple)):
            sources = list(graph_or_sources)
        else:
            sources = [graph_or_sources]
        graph = KnowledgeGraph()
        if ontology or not sources:
            graph.add_ontology()
        names = list(graph.sources)
        for source in sources:
            try:
                graph.add(source)
                names.append(graph.sources[-1])
            except SourceError as e:
                if e.line is None and ("no such file" in e.message or "is a directory" in e.message):
                    raise
                findings.append(
                    Finding("syntax", "error", e.message, source=e.path, line=e.line, column=e.column)
                )
                names.append(e.path or "<string>")
    report = ValidationReport(findings, sources=names, _shorten=graph.shorten)
    if len(graph) == 0:
        return report  # nothing loaded (every source failed to parse): nothing more to check
    locator = _Locator(graph.sources)
    if shacl:
        shacl_findings, report.shacl_graph = _shacl(graph, shapes)
        findings.extend(_locate(shacl_findings, locator))
    lint_findings: list[Finding] = []
    if lint:
        lint_findings = _locate(_lint(graph), locator)
        findings.extend(lint_findings)
    if checks:
        findings.extend(_locate(_checks(graph, lint_findings), locator))
    return report


def _locate(findings: Iterable[Finding], locator: _Locator) -> list[Finding]:
    """Give each finding the file and line where its IRI is defined or first used."""
    out = []
    for f in findings:
        if f.source is None and f.focus is not None:
            where = locator.find(f.focus) or (locator.find(f.value) if f.value else None)
            if where is not None:
                f = dataclasses.replace(f, source=where[0], line=where[1])
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------------
# SHACL


def _shacl(
    graph: KnowledgeGraph, shapes: str | os.PathLike[str] | None
) -> tuple[list[Finding], rdflib.Graph]:
    import pyshacl
    import rdflib

    from kg import resources

    path = Path(shapes) if shapes is not None else resources.shapes_file()
    try:
        shapes_graph = rdflib.Graph().parse(path)
    except FileNotFoundError as e:
        raise SourceError("no such shapes file", path=str(path)) from e
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise SourceError(f"cannot read the shapes: {e}", path=str(path)) from e
    _conforms, results, _text = pyshacl.validate(
        graph.to_rdflib(), shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace(_SH)
    findings = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        path_node = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        message = results.value(result, sh.resultMessage)
        severity = _SEVERITY.get(str(results.value(result, sh.resultSeverity)), "error")
        component = str(results.value(result, sh.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        constraint = component.removesuffix("ConstraintComponent")
        constraint = constraint[:1].lower() + constraint[1:]
        findings.append(
            Finding(
                "shacl",
                severity,
                str(message) if message is not None else f"violates {component}",
                focus=_term_text(focus),
                path=_path_text(results, path_node, graph.shorten),
                value=_term_text(value),
                constraint=constraint or None,
            )
        )
    findings.sort(key=lambda f: (f.focus or "", f.path or "", f.constraint or "", f.message, f.value or ""))
    return findings, results


def _term_text(term: Any) -> str | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term) if isinstance(term, rdflib.URIRef) else term.n3()


def _path_text(results: rdflib.Graph, node: Any, shorten: Callable[[str], str]) -> str | None:
    """A SHACL path as text: an IRI, or ``^p``, ``p/q``, ``p*`` … for the complex ones."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(_SH)
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return str(node)
    for predicate, mark in ((sh.inversePath, "^{}"), (sh.zeroOrMorePath, "{}*"), (sh.oneOrMorePath, "{}+"),
                            (sh.zeroOrOnePath, "{}?")):  # fmt: skip
        inner = results.value(node, predicate)
        if inner is not None:
            return mark.format(_short(_path_text(results, inner, shorten), shorten))
    alternatives = results.value(node, sh.alternativePath)
    if alternatives is not None:
        parts = [_short(_path_text(results, x, shorten), shorten) for x in Collection(results, alternatives)]
        return "|".join(parts)
    if results.value(node, rdflib.RDF.first) is not None:
        return "/".join(_short(_path_text(results, x, shorten), shorten) for x in Collection(results, node))
    return f"_:{node}"


def _short(text: str | None, shorten: Callable[[str], str]) -> str:
    return shorten(text) if text and "://" in text and not text.startswith("<") else text or ""


# ---------------------------------------------------------------------------------------------------
# the Protégé-readiness lint

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): the datatypes OWL 2 DL tools
# know. xsd:date, xsd:time, xsd:gYear, xsd:duration … are not among them.
OWL2_DATATYPES = frozenset(
    [f"{_RDF}{n}" for n in ("PlainLiteral", "XMLLiteral", "langString")]
    + [f"{_RDFS}Literal", f"{_OWL}real", f"{_OWL}rational"]
    + [f"{_XSD}{n}" for n in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")]
)  # fmt: skip

# IRIs every OWL tool knows without a declaration.
_BUILT_IN = frozenset(
    [f"{_OWL}{n}" for n in ("Thing", "Nothing", "topObjectProperty", "bottomObjectProperty",
                            "topDataProperty", "bottomDataProperty")]
    + [f"{_RDFS}{n}" for n in ("label", "comment", "seeAlso", "isDefinedBy")]
    + [f"{_OWL}{n}" for n in ("versionInfo", "deprecated", "priorVersion", "backwardCompatibleWith",
                              "incompatibleWith")]
) | OWL2_DATATYPES  # fmt: skip
_RESERVED = (_RDF, _RDFS, _OWL, _XSD)

_DECLARATIONS = {
    f"{_OWL}Class": "class",
    f"{_RDFS}Datatype": "datatype",
    f"{_OWL}ObjectProperty": "object property",
    f"{_OWL}DatatypeProperty": "datatype property",
    f"{_OWL}AnnotationProperty": "annotation property",
    f"{_OWL}NamedIndividual": "individual",
}
# Property characteristics that only object properties can have: the OWL API takes them for a
# declaration. (owl:FunctionalProperty may be either kind, so it declares nothing.)
_OBJECT_CHARACTERISTICS = {f"{_OWL}{n}" for n in (
    "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty",
    "IrreflexiveProperty", "InverseFunctionalProperty")}  # fmt: skip
_PROPERTY_KINDS = {"object property", "datatype property", "annotation property"}
_ILLEGAL_PUNS = [({"object property", "datatype property"}), ({"object property", "annotation property"}),
                 ({"datatype property", "annotation property"}), ({"class", "datatype"})]  # fmt: skip
_DEFINITIONS = (
    f"{_SKOS}definition",
    "http://purl.obolibrary.org/obo/IAO_0000115",
    f"{_RDFS}comment",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/elements/1.1/description",
)
_CARDINALITIES = {f"{_OWL}{n}" for n in (
    "cardinality", "minCardinality", "maxCardinality", "qualifiedCardinality", "minQualifiedCardinality",
    "maxQualifiedCardinality")}  # fmt: skip
_RESTRICTION_FACETS = _CARDINALITIES | {f"{_OWL}{n}" for n in (
    "someValuesFrom", "allValuesFrom", "hasValue", "hasSelf")}  # fmt: skip
_CLASS_FORMS = {f"{_OWL}{n}" for n in ("intersectionOf", "unionOf", "complementOf", "oneOf")}
# What the lint says (a finding names the offending IRI, so the messages do not).
_NO_ONTOLOGY_IRI = (
    "no owl:Ontology with an IRI: Protégé shows the ontology as anonymous; add `<https://…> a owl:Ontology`"
)
_NO_VERSION_IRI = "the ontology has no owl:versionIRI; add one so that releases can be told apart"
_PUNNING = "declared both {}, which OWL 2 DL forbids; give each meaning its own IRI"
_NOT_IN_MAP = (
    "not in the OWL 2 datatype map: Protégé and HermiT reject it; use a datatype of the map "
    "(e.g. xsd:integer, xsd:string, xsd:dateTime)"
)
_LITERAL_NOT_IN_MAP = (
    "{} has the datatype {}, which is not in the OWL 2 datatype map: Protégé and HermiT reject it; "
    "use e.g. xsd:integer, xsd:string or xsd:dateTime"
)
_UNDECLARED_PREDICATE = (
    "used as a property but declared nowhere, so OWL tools take it for an annotation property; declare it "
    "(owl:AnnotationProperty, owl:ObjectProperty or owl:DatatypeProperty)"
)
_UNDECLARED_PROPERTY = (
    "used as a property but not declared; declare it owl:ObjectProperty or owl:DatatypeProperty"
)
_UNDECLARED = "used as a {} but not declared; add `{}`"
_NON_SIMPLE = "transitive or built from a chain, so OWL 2 DL does not allow it in {}"
_NO_FILLER = (
    "a restriction with a property but no filler (owl:someValuesFrom, owl:allValuesFrom, owl:hasValue "
    "or a cardinality): OWL tools cannot read it"
)

#: At most this many findings of one lint check are listed; the rest are counted in one more.
MAX_PER_CHECK = 100

_T = tuple[str, str, str]


def _iri(term: str) -> str | None:
    return term[1:-1] if term.startswith("<") else None


def _lint(graph: KnowledgeGraph) -> list[Finding]:
    """The Protégé-readiness checks over the asserted triples (see the module docstring)."""
    from kg.reasoning import ntriples

    triples = ntriples(graph)
    by_sp: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        by_sp.setdefault(s, {}).setdefault(p, []).append(o)

    def values(s: str, p: str) -> list[str]:
        return by_sp.get(s, {}).get(f"<{p}>", [])

    declared: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == f"<{_RDF}type>" and s.startswith("<"):
            kind = _DECLARATIONS.get(o[1:-1]) or (
                "object property" if o[1:-1] in _OBJECT_CHARACTERISTICS else None
            )
            if kind:
                declared.setdefault(s[1:-1], set()).add(kind)

    findings: dict[str, list[Finding]] = {}

    def add(
        check: str, severity: str, message: str, focus: str | None = None, value: str | None = None
    ) -> None:
        findings.setdefault(check, []).append(Finding(check, severity, message, focus=focus, value=value))

    short = graph.shorten
    # -- ontology and version IRI -----------------------------------------------------------------
    ontologies = [s for s, p, o in triples if p == f"<{_RDF}type>" and o == f"<{_OWL}Ontology>"]
    named = [s[1:-1] for s in ontologies if s.startswith("<")]
    if not named:
        add("ontology-iri", "error", _NO_ONTOLOGY_IRI)
    for iri in named:
        if not values(f"<{iri}>", f"{_OWL}versionIRI"):
            add("version-iri", "warning", _NO_VERSION_IRI, focus=iri)
    # -- punning ------------------------------------------------------------------------------------
    for iri, kinds in sorted(declared.items()):
        for pun in _ILLEGAL_PUNS:
            if pun <= kinds:
                add("punning", "error", _PUNNING.format(" and ".join(sorted(pun))), focus=iri)
    # -- what each IRI is used as -------------------------------------------------------------------
    used = _uses(triples, by_sp, declared)
    for iri, kinds in sorted(used.items()):
        if iri in _BUILT_IN or (iri.startswith(_RESERVED) and not iri.startswith(_XSD)):
            continue
        have = declared.get(iri, set())
        for kind in sorted(kinds):
            if kind == "datatype":
                if iri not in OWL2_DATATYPES and "datatype" not in have:
                    add("datatype", "error", _NOT_IN_MAP, focus=iri, value=iri)
            elif kind == "predicate":
                if not have & _PROPERTY_KINDS:
                    add("undeclared-annotation-property", "error", _UNDECLARED_PREDICATE, focus=iri)
            elif kind == "property":
                if not have & _PROPERTY_KINDS:
                    add("undeclared", "error", _UNDECLARED_PROPERTY, focus=iri)
            elif kind not in have and not (kind == "class" and "datatype" in have):
                declaration = {"class": "owl:Class", "datatype": "rdfs:Datatype"}.get(kind, kind)
                add(
                    "undeclared",
                    "error",
                    _UNDECLARED.format(kind, f"{short(iri)} a {declaration}"),
                    focus=iri,
                )
    # -- literals outside the datatype map ----------------------------------------------------------
    reported: set[tuple[str, str]] = set()
    for s, p, o in triples:
        if o.startswith('"') and "^^<" in o:
            datatype = o[o.rindex("^^<") + 3 : -1]
            if datatype not in OWL2_DATATYPES and "datatype" not in declared.get(datatype, set()):
                subject = s[1:-1] if s.startswith("<") else s
                if (subject, datatype) not in reported:
                    reported.add((subject, datatype))
                    value = f"the value {_literal_text(o, short)} of {short(p[1:-1])}"
                    add(
                        "datatype",
                        "error",
                        _LITERAL_NOT_IN_MAP.format(value, short(datatype)),
                        subject,
                        datatype,
                    )
    # -- class expressions ----------------------------------------------------------------------------
    bad = _bad_expressions(by_sp)
    parents = _parents(triples) if bad else {}
    for node, problem in bad:
        add("class-expression", "error", problem, focus=_owner(node, parents) or node)
    # -- simple properties --------------------------------------------------------------------------
    for prop, where in _non_simple_uses(triples, by_sp):
        add("non-simple-property", "error", _NON_SIMPLE.format(where), focus=prop)
    # -- labels and definitions of the ontology's own terms -----------------------------------------
    namespaces = tuple(_own_namespaces(named, values))
    for iri in sorted(declared):
        if not namespaces or not iri.startswith(namespaces):
            continue
        if not values(f"<{iri}>", f"{_RDFS}label"):
            add("label", "warning", "no rdfs:label: Protégé shows the IRI instead of a name", focus=iri)
        if not any(values(f"<{iri}>", d) for d in _DEFINITIONS):
            add(
                "definition",
                "warning",
                "no definition (skos:definition, IAO:0000115 or rdfs:comment)",
                focus=iri,
            )
    out: list[Finding] = []
    for check in ("ontology-iri", "version-iri", "undeclared", "undeclared-annotation-property", "punning",
                  "datatype", "class-expression", "non-simple-property", "label", "definition"):  # fmt: skip
        found = findings.get(check, [])
        out.extend(found[:MAX_PER_CHECK])
        if len(found) > MAX_PER_CHECK:
            out.append(
                Finding(check, found[0].severity, f"… and {len(found) - MAX_PER_CHECK} more like these")
            )
    return out


def _own_namespaces(ontologies: list[str], values: Callable[[str, str], list[str]]) -> set[str]:
    """Where an ontology's own terms live: below its IRI (``…#``, ``…/``), in the namespace it names
    with ``vann:preferredNamespaceUri``, and, for an IRI of a file (``https://w3id.org/aio/aio.owl``),
    in the folder of that file (``https://w3id.org/aio/``)."""
    found: set[str] = set()
    for iri in ontologies:
        found.update(iri.rstrip("#/") + end for end in "#/")
        found.update(
            _literal_value(v) for v in values(f"<{iri}>", "http://purl.org/vocab/vann/preferredNamespaceUri")
        )
        folder, _, last = iri.rpartition("/")
        if re.fullmatch(r"[\w.-]+\.(owl|ttl|rdf|obo|owx|ofn|omn|nt|jsonld)", last) and "://" in folder:
            found.add(folder + "/")
    return {n for n in found if n}


def _literal_value(term: str) -> str:
    return term[1 : term.rfind('"')] if term.startswith('"') else term.strip("<>")


def _literal_text(term: str, shorten: Callable[[str], str]) -> str:
    lexical, _, datatype = term.rpartition("^^<")
    return f"{lexical}^^{shorten(datatype[:-1])}"


def _uses(
    triples: list[_T], by_sp: dict[str, dict[str, list[str]]], declared: dict[str, set[str]]
) -> dict[str, set[str]]:
    """What each IRI is used as, following the OWL 2 mapping from RDF: class, property, datatype,
    predicate (of a triple, so an annotation property unless declared otherwise)."""
    used: dict[str, set[str]] = {}

    def use(term: str, kind: str) -> None:
        if term.startswith("<"):
            used.setdefault(term[1:-1], set()).add(kind)

    def is_datatype(term: str) -> bool:
        iri = _iri(term)
        if iri is None:
            return bool(by_sp.get(term, {}).get(f"<{_RDF}type>", []) == [f"<{_RDFS}Datatype>"])
        return iri.startswith(_XSD) or iri in OWL2_DATATYPES or "datatype" in declared.get(iri, set())

    def is_data_property(term: str) -> bool:
        kinds = declared.get(_iri(term) or "", set())
        return "datatype property" in kinds and "object property" not in kinds

    def members(head: str) -> list[str]:
        items, seen = [], set()
        while head.startswith("_:") and head not in seen:
            seen.add(head)
            first = by_sp.get(head, {}).get(f"<{_RDF}first>")
            if not first:
                break
            items.append(first[0])
            rest = by_sp.get(head, {}).get(f"<{_RDF}rest>")
            head = rest[0] if rest else ""
        return items

    type_ = f"<{_RDF}type>"
    for s, p, o in triples:
        iri = p[1:-1]
        if p == type_:
            target = o[1:-1]
            if o.startswith("<") and not target.startswith(_RESERVED):
                use(o, "class")
        elif iri in (f"{_RDFS}subClassOf", f"{_OWL}equivalentClass", f"{_OWL}disjointWith"):
            if not (is_datatype(s) or is_datatype(o)):
                use(s, "class")
                use(o, "class")
        elif iri in (f"{_OWL}complementOf", f"{_OWL}onClass", f"{_RDFS}domain"):
            use(o, "class")
            if iri == f"{_RDFS}domain":
                use(s, "property")
        elif iri == f"{_RDFS}range":
            use(s, "property")
            use(o, "datatype" if is_datatype(o) or is_data_property(s) else "class")
        elif iri in (f"{_OWL}someValuesFrom", f"{_OWL}allValuesFrom"):
            on = by_sp.get(s, {}).get(f"<{_OWL}onProperty>", [""])[0]
            use(o, "datatype" if is_datatype(o) or is_data_property(on) else "class")
        elif iri == f"{_OWL}onDataRange":
            use(o, "datatype")
        elif iri in (f"{_OWL}onProperty", f"{_RDFS}subPropertyOf", f"{_OWL}equivalentProperty",
                     f"{_OWL}inverseOf", f"{_OWL}propertyDisjointWith"):  # fmt: skip
            use(o, "property")
            if iri != f"{_OWL}onProperty":
                use(s, "property")
        elif iri in (f"{_OWL}intersectionOf", f"{_OWL}unionOf"):
            datatypes = is_datatype(s)
            for item in members(o):
                use(item, "datatype" if datatypes or is_datatype(item) else "class")
        elif iri in (f"{_OWL}propertyChainAxiom", f"{_OWL}hasKey"):
            for item in members(o):
                use(item, "property")
            if iri == f"{_OWL}hasKey":
                use(s, "class")
        elif iri == f"{_OWL}members" and f"<{_OWL}AllDisjointClasses>" in by_sp.get(s, {}).get(type_, []):
            for item in members(o):
                use(item, "class")
        elif not iri.startswith(_RESERVED):
            use(p, "predicate")
    return used


def _bad_expressions(by_sp: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """Blank-node class expressions that say nothing, or combine fewer than two classes."""
    type_ = f"<{_RDF}type>"
    out = []
    for node, props in by_sp.items():
        types = props.get(type_, [])
        facets = {p[1:-1] for p in props}
        if not node.startswith("_:"):
            pass  # a named class is declared, not described: only its lists are checked below
        elif f"<{_OWL}Restriction>" in types:
            if f"{_OWL}onProperty" not in facets and f"{_OWL}onProperties" not in facets:
                out.append((node, "a restriction with no owl:onProperty: OWL tools cannot read it"))
            elif not facets & _RESTRICTION_FACETS:
                out.append((node, _NO_FILLER))
        elif f"<{_OWL}Class>" in types and not facets & _CLASS_FORMS:
            out.append((node, "an anonymous owl:Class that says nothing (no owl:intersectionOf, owl:unionOf, "
                              "owl:complementOf or owl:oneOf): OWL tools cannot read it"))  # fmt: skip
        for form in ("intersectionOf", "unionOf", "oneOf"):
            for head in props.get(f"<{_OWL}{form}>", []):
                count = 0
                current = head
                while current.startswith("_:") and count < 3:
                    count += 1
                    rest = by_sp.get(current, {}).get(f"<{_RDF}rest>")
                    current = rest[0] if rest else ""
                if head == f"<{_RDF}nil>" or count == 0:
                    out.append((node, f"an empty owl:{form} list: OWL tools cannot read it"))
                elif count == 1 and form != "oneOf":
                    out.append((node, f"an owl:{form} of a single class: OWL 2 needs at least two"))
    return out


def _parents(triples: list[_T]) -> dict[str, str]:
    """For each blank node, a subject of a triple it is the object of."""
    parents: dict[str, str] = {}
    for s, _, o in triples:
        if o.startswith("_:") and o not in parents:
            parents[o] = s
    return parents


def _owner(node: str, parents: dict[str, str]) -> str | None:
    """The named resource a blank node belongs to (through lists and nested expressions)."""
    seen = set()
    current = node
    while current.startswith("_:") and current in parents and current not in seen:
        seen.add(current)
        current = parents[current]
    return current[1:-1] if current.startswith("<") else None


def _non_simple_uses(triples: list[_T], by_sp: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """Non-simple properties (transitive, with a chain, or above such) where OWL 2 DL wants simple ones."""
    type_ = f"<{_RDF}type>"
    transitive = {s for s, p, o in triples if p == type_ and o == f"<{_OWL}TransitiveProperty>"}
    chains = {s for s, p, o in triples if p == f"<{_OWL}propertyChainAxiom>"}
    non_simple = transitive | chains
    subs: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == f"<{_RDFS}subPropertyOf>":
            subs.setdefault(o, set()).add(s)
        elif p == f"<{_OWL}inverseOf>":
            subs.setdefault(o, set()).add(s)
            subs.setdefault(s, set()).add(o)
    changed = True
    while changed:  # a property with a non-simple sub-property (or inverse) is not simple either
        changed = False
        for sup, below in subs.items():
            if sup not in non_simple and below & non_simple:
                non_simple.add(sup)
                changed = True
    out = []
    for props in by_sp.values():
        if {p[1:-1] for p in props} & _CARDINALITIES:
            for prop in props.get(f"<{_OWL}onProperty>", []):
                if prop in non_simple and prop.startswith("<"):
                    out.append((prop[1:-1], "a cardinality restriction"))
    for s, p, o in triples:
        if p == type_ and s in non_simple and s.startswith("<") and o[1:-1] in (
                f"{_OWL}FunctionalProperty", f"{_OWL}InverseFunctionalProperty", f"{_OWL}IrreflexiveProperty",
                f"{_OWL}AsymmetricProperty"):  # fmt: skip
            out.append((s[1:-1], f"an {o[1:-1].rsplit('#', 1)[-1]} axiom"))
    return sorted(set(out))


# ---------------------------------------------------------------------------------------------------
# the checks of queries/checks

# What a check query reports that a lint check reports already (then only the lint finding is kept).
_CHECK_TOPICS = {
    "checks/missing-label-violation": "label",
    "checks/missing-definition-violation": "definition",
    "checks/undeclared-term-violation": "undeclared",
    "checks/undeclared-property-violation": "undeclared-annotation-property",
    "checks/non-owl2-datatype-violation": "datatype",
    "checks/punning-violation": "punning",
}


def _checks(graph: KnowledgeGraph, lint: list[Finding]) -> list[Finding]:
    from kg.sparql import queries

    known = {(f.check, f.focus) for f in lint}
    out = []
    for named in queries(checks=True):
        name = named.name
        for row in graph.query(named.path, inferred=False).rows:
            values = list(row.values())
            focus = str(values[0]) if values and values[0] is not None else None
            problem = str(row.get("problem") or values[-1] or named.title)
            topic = _CHECK_TOPICS.get(name)
            if name == "checks/ontology-metadata-violation" and "versionIRI" in problem:
                topic = "version-iri"
            if topic is not None and (topic, focus) in known:
                continue
            out.append(Finding(name, "warning", problem, focus=focus))
    return out


# ---------------------------------------------------------------------------------------------------
# where an IRI is in the source files


class _Locator:
    """Finds the line where an IRI is defined (as a subject) or else first used, in Turtle (and TriG,
    N3, N-Triples) and RDF/XML sources. Files are read when first needed."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = [s for s in sources if not s.startswith("<") and Path(s).is_file()]
        self._index: dict[str, dict[str, tuple[int, bool]]] = {}

    def find(self, iri: str) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        for source in self.sources:
            index = self._index.get(source)
            if index is None:
                index = self._index[source] = _index_file(Path(source))
            found = index.get(iri)
            if found is not None:
                line, as_subject = found
                if as_subject:
                    return source, line
                best = best or (source, line)
        return best


def _index_file(path: Path) -> dict[str, tuple[int, bool]]:
    from kg.formats import guess_format

    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if path.suffix == ".gz":
        return {}
    try:
        name = guess_format(path, data[:8192])
    except SourceError:
        return {}
    text = data.decode("utf-8", errors="replace")
    if name in ("turtle", "trig", "n3", "nt", "nquads"):
        return _index_turtle(text, path.resolve().as_uri())
    if name == "xml":
        return _index_rdfxml(text, path.resolve().as_uri())
    return {}


_TTL_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
         |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
       |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
       |(?P<directive>@prefix|@base|(?<![\w:])(?:PREFIX|BASE)(?![\w:]))
       |(?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w\-:%]))*)
       |(?P<end>\.(?![\w]))
       |(?P<open>[\[(])|(?P<close>[\])])""",
    re.VERBOSE | re.IGNORECASE,
)


def _index_turtle(text: str, base: str) -> dict[str, tuple[int, bool]]:
    """IRI → (line of first use as a subject, or else of first use, and whether it was a subject)."""
    from urllib.parse import urljoin

    prefixes: dict[str, str] = {}
    index: dict[str, tuple[int, bool]] = {}
    line = 1
    last = 0
    at_start = True  # the next term starts a statement
    depth = 0
    directive: str | None = None
    pending_prefix: str | None = None
    for match in _TTL_TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        kind = match.lastgroup
        token = match.group()
        if kind == "skip":
            continue
        if kind == "directive":
            directive = token.lower().lstrip("@")
            continue
        if directive == "prefix" and kind == "pname" and pending_prefix is None:
            pending_prefix = token[:-1] if token.endswith(":") else token.split(":", 1)[0]
            continue
        if kind == "iri":
            iri = urljoin(base, token[1:-1])
            if directive == "prefix":
                prefixes[pending_prefix or ""] = iri
                directive, pending_prefix = None, None
                continue
            if directive == "base":
                base, directive = iri, None
                continue
        elif kind == "pname":
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        elif kind == "end":
            at_start = depth == 0
            directive = None
            continue
        elif kind == "open":
            depth += 1
            at_start = False
            continue
        elif kind == "close":
            depth = max(0, depth - 1)
            continue
        else:
            continue
        subject = at_start and depth == 0
        at_start = False
        known = index.get(iri)
        if known is None or (subject and not known[1]):
            index[iri] = (line, subject)
    return index


_XML_ENTITY = re.compile(r"""<!ENTITY\s+(\w[\w.-]*)\s+["']([^"']*)["']\s*>""")
_XML_ATTRIBUTE = re.compile(
    r"""\b(rdf:about|rdf:resource|rdf:ID|rdf:datatype|xml:base)\s*=\s*["']([^"']*)["']"""
)


def _index_rdfxml(text: str, base: str) -> dict[str, tuple[int, bool]]:
    """The same for RDF/XML, where ``rdf:about`` and ``rdf:ID`` define and ``rdf:resource`` uses."""
    from urllib.parse import urljoin

    entities = dict(_XML_ENTITY.findall(text))
    index: dict[str, tuple[int, bool]] = {}
    line, last = 1, 0
    for match in _XML_ATTRIBUTE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        attribute, value = match.groups()
        value = re.sub(r"&(\w[\w.-]*);", lambda m: entities.get(m.group(1), m.group(0)), value)
        if attribute == "xml:base":
            base = value
            continue
        iri = urljoin(base, "#" + value if attribute == "rdf:ID" else value)
        subject = attribute in ("rdf:about", "rdf:ID")
        known = index.get(iri)
        if known is None or (subject and not known[1]):
            index[iri] = (line, subject)
    return index
