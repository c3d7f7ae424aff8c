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

The package: :mod:`~kg.validation.report` (findings and the report), :mod:`~kg.validation.shacl`,
:mod:`~kg.validation.lint`, :mod:`~kg.validation.checks`, and :mod:`~kg.validation.locate` (the line of
an IRI in its source file); this module is the entry point, :func:`validate`.

A finding of any kind counts: the command line exits with 1 when there is one.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import SourceError
from kg.validation.checks import _checks
from kg.validation.lint import MAX_PER_CHECK as MAX_PER_CHECK
from kg.validation.lint import OWL2_DATATYPES as OWL2_DATATYPES
from kg.validation.lint import _lint
from kg.validation.locate import _locate, _Locator
from kg.validation.report import FORMATS, Finding, ValidationReport
from kg.validation.report import KGV as KGV
from kg.validation.shacl import _shacl

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph, Source

__all__ = ["FORMATS", "Finding", "ValidationReport", "validate"]


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
    imports: bool = True,
    allow_remote: bool = False,
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
        imports: follow the ``owl:imports`` of the sources (see :mod:`kg.imports`): the imported
            ontologies are validated with them, and an import that cannot be loaded is a warning
            (check ``imports``). A loaded graph keeps the imports it was loaded with.
        allow_remote: fetch ``http(s):`` imports that no ``catalog-v001.xml`` maps.

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
    graph, names, findings = _load(
        graph_or_sources, ontology=ontology, imports=imports, allow_remote=allow_remote
    )
    for imported in graph.imports:
        if imported.status == "missing":
            findings.append(Finding("imports", "warning", imported.warning(), focus=imported.iri))
    report = ValidationReport(findings, sources=names, _shorten=graph.shorten, imports=list(graph.imports))
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


def _load(
    graph_or_sources: KnowledgeGraph | Source | Sequence[Source] | None,
    *,
    ontology: bool,
    imports: bool,
    allow_remote: bool,
) -> tuple[KnowledgeGraph, list[str], list[Finding]]:
    """The graph to check, the names of its sources, and a syntax finding for each source that does not
    parse (what a loaded graph holds is checked as it is)."""
    from kg.graph import KnowledgeGraph

    findings: list[Finding] = []
    if isinstance(graph_or_sources, KnowledgeGraph):
        return graph_or_sources, list(graph_or_sources.sources), findings
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
    if imports:
        findings.extend(_follow_imports(graph, names, allow_remote))
    return graph, names, findings


def _follow_imports(graph: KnowledgeGraph, names: list[str], allow_remote: bool) -> list[Finding]:
    """Load the imports closure into the graph, adding the imported files to ``names``; an import that
    does not parse is a syntax finding."""
    from kg.imports import follow

    folders = [Path(n).parent for n in names if not n.startswith("<") and Path(n).is_file()]
    before = len(graph.sources)
    try:
        follow(graph, folders, allow_remote=allow_remote)
    except SourceError as e:
        return [Finding("syntax", "error", e.message, source=e.path, line=e.line, column=e.column)]
    names.extend(graph.sources[before:])
    return []
