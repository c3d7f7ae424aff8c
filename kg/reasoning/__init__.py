"""Reasoning: what follows from a graph, and whether it is consistent.

Two profiles:

``dl``
    OWL 2 DL with HermiT, the reasoner Protégé ships, run through owlready2 (which bundles its jar).
    It needs Java 11 or newer; :func:`java_version` finds it before anything else is done. HermiT
    classifies the classes and properties, checks consistency, names the unsatisfiable classes and
    realises the individuals (their types and object property values). Its answers are direct ones
    (the most specific types, the nearest superclasses); they are written out up the inferred
    hierarchies, so that a query for ``?x a gai:AIModel`` finds every model. Pellet, owlready2's
    other reasoner, is not offered: the Jena jar of owlready2 0.51 is built for Java 25 and fails on
    older runtimes.

``rl``
    OWL 2 RL, without Java: the rules of the OWL 2 RL/RDF rule set (OWL 2 Profiles, section 4.3)
    applied forward to a fixpoint by a small rule engine of our own (:mod:`kg.reasoning.rl`). Each
    rule is written as triple patterns (:mod:`kg.reasoning.rules`); it is compiled to nested Python
    loops over hash indexes, once per join order, and evaluated semi-naively (every round joins only
    with what the previous round found). That closes a million-triple catalogue in about 4.5 s (8.5 s
    with reading the triples out and storing what was inferred; tests/bench/bench_reasoning.py),
    where the rdflib-based ``owlrl`` takes two minutes for 100k triples. Running the rules as SPARQL
    updates inside Oxigraph, tried first, took some 25 s a round for seven rules at a million
    triples, with three or four rounds to go.
    The rules that conclude ``false`` report inconsistencies with the individual and classes
    involved. Datatype reasoning (the ``dt-*`` rules) is left out apart from checking that a
    functional or max-1 data property has one value.

Either way the inferred triples go to the graph's named graph :data:`~kg.graph.INFERRED`, apart from
the asserted ones, and a :class:`ReasoningReport` says what was found. Trivial consequences (every
class is a subclass of itself and of ``owl:Thing``, reflexive ``owl:sameAs`` …) and triples about the
blank nodes of class expressions are not kept.

The package: :mod:`~kg.reasoning.rules` (the rule text and the terms it uses), :mod:`~kg.reasoning.rl`
(the engine), :mod:`~kg.reasoning.hermit` (HermiT), :mod:`~kg.reasoning.report` (what was found);
this module is the entry point (:func:`reason`) and what reads and writes the graph's triples.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import choices, collector
from kg.errors import UnknownNameError, UsageError
from kg.reasoning.hermit import MIN_JAVA as MIN_JAVA
from kg.reasoning.hermit import _hermit, java_version
from kg.reasoning.report import ReasoningReport, _explain
from kg.reasoning.rl import _Closure, _keep, rl_closure

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "PROFILES",
    "QueryReasoning",
    "ReasoningReport",
    "java_version",
    "ntriples",
    "reason",
    "reason_before_query",
    "requested_profile",
    "rl_closure",
    "write_inferred",
]

#: The reasoning profiles, by the names the API and the command line accept (defined in kg.choices).
PROFILES = choices.PROFILES


# ---------------------------------------------------------------------------------------------------
# entry point


def reason(graph: KnowledgeGraph, profile: str = "dl") -> ReasoningReport:
    """Reason over a graph and store what follows in its named graph of inferred triples.

    Args:
        graph: the graph; its asserted triples are read, its inferred ones replaced.
        profile: ``"dl"`` (OWL 2 DL with HermiT; needs Java 11+) or ``"rl"`` (OWL 2 RL rules; no Java).

    Returns:
        The :class:`ReasoningReport`. An inconsistent graph gets no inferred triples.

    Raises:
        UnknownNameError: for an unknown profile.
        ToolMissingError: for ``dl`` without Java 11 or newer.
        ReasonerError: when HermiT fails for another reason than the input.

    >>> import kg
    >>> graph = kg.load()
    >>> report = reason(graph, "rl")
    >>> gai, gpt3 = "https://w3id.org/genai-kg/ontology#", "https://w3id.org/genai-kg/model/gpt-3-175b-davinci"
    >>> report.consistent, (gpt3, gai + "GenerativeAI") in report.types
    (True, True)
    >>> graph.query(f"ASK {{ <{gpt3}> <{gai}hasModality> <{gai}Text> }}").boolean
    True
    """
    if profile not in PROFILES:
        raise UnknownNameError("profile", profile, PROFILES)
    started = time.perf_counter()
    if profile == "dl":
        java_version()  # before any work: a missing Java is the most likely failure
    if profile == "rl":
        # millions of tuples, sets and dicts without a cycle: the collector would walk them again and again
        with collector.paused():
            closure = _Closure(ntriples(graph))
            closure.run()
            report = ReasoningReport("rl", "kg OWL 2 RL rules", consistent=not closure.clashes)
            report.explanations = _explain(closure.clashes, graph.shorten)
            kept = [] if closure.clashes else _keep(closure.inferred, closure.all)
            del closure  # (its indexes: freed before the inferred triples are stored)
    else:
        asserted = ntriples(graph)
        report, kept = _hermit(graph, asserted)
    report.inferred = _store(graph, kept, profile)
    report._triples = kept
    report._shorten = graph.shorten
    report.seconds = time.perf_counter() - started
    return report


def requested_profile(query: str) -> str | None:
    """The reasoning a query asks for in its header (a ``# reasoning: dl`` or ``rl`` line), if any.

    >>> requested_profile("# title: GPT-3\\n# reasoning: dl\\nSELECT * {}")
    'dl'
    >>> requested_profile("SELECT * {}") is None
    True
    """
    for line in query.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*reasoning\s*:\s*(\w+)", line)
        if match and match.group(1).lower() in PROFILES:
            return match.group(1).lower()
    return None


@dataclass(frozen=True)
class QueryReasoning:
    """What :func:`reason_before_query` did before a query.

    Attributes:
        profile: the profile reasoned with, or ``None`` when the query runs on the graph as it is.
        report: the reasoner's report (``None`` without reasoning); an inconsistent graph is the
            caller's to report, as the query's answers would mean nothing.
        note: a line for the user when the query's header asked for reasoning (that it ran, or why
            not), else ``None``.
    """

    profile: str | None = None
    report: ReasoningReport | None = None
    note: str | None = None


def reason_before_query(
    graph: KnowledgeGraph, query: str | Path | None, *, profile: str | None = None
) -> QueryReasoning:
    """Reason before a query when asked to, or when the query's header asks for it (``# reasoning: dl``).

    A graph that cannot keep inferred triples (a persistent store, opened read-only, or a remote
    endpoint) is queried as it is when only the header asks, with a note saying so.

    Args:
        graph: the graph the query will run on.
        query: the query as :meth:`~kg.graph.KnowledgeGraph.query` takes it (a name, an ``.rq`` path or
            text), or ``None`` for none.
        profile: the profile to reason with whatever the header says; ``None``: the header's, if any.

    Returns:
        What was done: the profile, the report and a note for the user.

    Raises:
        UsageError: for a ``profile`` on a graph that cannot keep inferred triples.
        UnknownNameError: for an unknown profile, or a query name that does not exist.

    >>> import kg
    >>> done = reason_before_query(kg.load(), "# reasoning: rl\\nASK {}")
    >>> done.profile, done.report.consistent, done.note
    ('rl', True, '<query> asks for reasoning: reasoning first (rl; --reason to choose)')
    >>> reason_before_query(kg.load(), "ASK {}").profile is None
    True
    """
    can_keep = _can_keep_inferred(graph)
    if profile is None:
        if query is None:
            return QueryReasoning()
        from kg.sparql import resolve_query

        text, source = resolve_query(query)
        profile = requested_profile(text)
        if profile is None:
            return QueryReasoning()
        if not can_keep:
            return QueryReasoning(
                note=f"{source} asks for reasoning, which needs RDF files: querying as it is"
            )
        note = f"{source} asks for reasoning: reasoning first ({profile}; --reason to choose)"
        return QueryReasoning(profile, graph.reason(profile), note)
    if not can_keep:
        raise UsageError(
            "reasoning needs a graph loaded from RDF files, not a persistent store or an endpoint"
        )
    return QueryReasoning(profile, graph.reason(profile))


def _can_keep_inferred(graph: KnowledgeGraph) -> bool:
    """Whether reasoning can store what it infers: an in-memory Oxigraph store (not a read-only store on
    disk, nor a remote endpoint's, which only reads)."""
    import pyoxigraph as ox

    return not graph.read_only and isinstance(graph.store, ox.Store)


def write_inferred(
    graph: KnowledgeGraph, destination: str | os.PathLike[str], format: str | None = None
) -> int:
    """Write the inferred triples of a reasoned graph to a file (atomically).

    Args:
        graph: a graph after :func:`reason`.
        destination: the file.
        format: an RDF format name; by default told from the file name, else Turtle.

    Returns:
        The number of triples written.

    >>> import kg, tempfile, pathlib
    >>> graph = kg.load()
    >>> _ = graph.reason("rl")
    >>> write_inferred(graph, pathlib.Path(tempfile.mkdtemp()) / "inferred.ttl") > 50
    True
    """
    import pyoxigraph as ox

    from kg.files import atomic_write
    from kg.formats import RDF_FORMATS, format_from_name, rdf_format
    from kg.graph import INFERRED

    name = rdf_format(format) if format else (format_from_name(Path(destination)) or "turtle")
    fmt = RDF_FORMATS[name]
    triples: list[Any] = sorted(graph.triples(inferred=True), key=str)  # the same file for the same graph
    if fmt.supports_datasets:  # N-Quads, TriG: in the named graph of inferred triples
        triples = [ox.Quad(t.subject, t.predicate, t.object, INFERRED) for t in triples]
    prefixes = graph.prefixes if name in ("turtle", "trig", "n3", "xml") else None
    with atomic_write(destination) as handle:
        ox.serialize(triples, handle, fmt, prefixes=prefixes)
    return len(triples)


def ntriples(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """The asserted triples of a graph (of every graph but the inferred one), as N-Triples terms.

    Terms are ``<iri>``, ``_:id`` or a literal as N-Triples writes it; equal terms are one string.

    >>> import kg
    >>> ntriples(kg.load("<urn:a> <urn:b> 'c' .", format="turtle", ontology=False))
    [('<urn:a>', '<urn:b>', '"c"')]
    """
    text = graph.serialize("nt", with_ontology=True)  # every asserted triple, the ontology too
    terms: dict[str, str] = {}
    one = terms.setdefault  # one string per term
    lines = (line[:-2].split(" ", 2) for line in text.split("\n") if line)
    return [(one(s, s), one(p, p), one(o, o)) for s, p, o in lines]  # (a fifth faster than a loop)


def _store(graph: KnowledgeGraph, triples: Sequence[tuple[str, str, str]], profile: str) -> int:
    # the closures keep only what they derived: nothing here is asserted already
    data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
    return graph.set_inferred(data, profile, assume_new=True)
