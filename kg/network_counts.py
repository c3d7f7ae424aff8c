"""The counts the summary view draws, computed by the engine: instances per class, links per class,
property and class, literal values per class and property.

The links and the literal values come from one pass over the graph, in a shape engines answer from
their indexes: the class of each subject and of each object are read once each (subqueries, joined by
hash) and no expression is evaluated per triple. The engine groups the triples by the classes of their
two ends; a triple whose object has no class is a literal value or a link to an untyped node. Those
groups are counted again with ``isLiteral``, for their properties only. On a local store the smallest
and largest object of each group tell them apart first: SPARQL orders blank nodes before IRIs before
literals (SPARQL 1.1, 15.1), so a group whose smallest object is a literal holds only literals, and one
whose largest is not holds none; only groups that hold both are counted again.

The old shape (the join written out, ``FILTER(!isLiteral(?o))`` on every triple) made ``oxigraph
serve`` read every object of the million-triple catalogue from disk, and try each typed object's
classes one index lookup at a time: 20-36 s (tests/bench/bench_remote.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

__all__ = ["SummaryCounts", "ordered_min_max", "summary_counts"]

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIX = f"PREFIX rdf: <{_TYPE[:-4]}>\n"

INSTANCES = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x rdf:type ?c FILTER isIRI(?c)
} GROUP BY ?c"""
USES = """SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n){bounds} WHERE {{
  {{ SELECT ?s ?c1 WHERE {{ ?s rdf:type ?c1 }} }}
  ?s ?p ?o .
  OPTIONAL {{ SELECT ?o ?c2 WHERE {{ ?o rdf:type ?c2 }} }}
}} GROUP BY ?c1 ?p ?c2"""
BOUNDS = " (MIN(?o) AS ?low) (MAX(?o) AS ?high)"
LITERALS = """SELECT ?c ?p (COUNT(*) AS ?n) WHERE {{
  VALUES ?p {{ {predicates} }} ?s ?p ?o . FILTER isLiteral(?o) ?s rdf:type ?c
}} GROUP BY ?c ?p"""


@dataclass
class SummaryCounts:
    """What the summary view draws, by term (class terms may be blank nodes: the caller keeps IRIs)."""

    #: Instances of each class IRI.
    instances: dict[str, int] = field(default_factory=dict)
    #: Links from instances of one class to instances of another through a property (not rdf:type).
    links: dict[tuple[Any, str, Any], int] = field(default_factory=dict)
    #: Literal values of a property on instances of a class.
    literals: dict[tuple[Any, str], int] = field(default_factory=dict)


def summary_counts(rows: Callable[[str], Iterable[Any]], *, ordered_min_max: bool = True) -> SummaryCounts:
    """Count, with ``rows`` running a SELECT on the graph, what the summary view draws.

    Args:
        rows: runs a query (given with its ``rdf:`` prefix) and returns its solutions.
        ordered_min_max: whether the engine's ``MIN`` and ``MAX`` order terms as ``ORDER BY`` does
            (pyoxigraph and Oxigraph server do); else every group of untyped objects is counted again.

    >>> store = ox.Store()
    >>> store.load(b'<urn:a> a <urn:A> ; <urn:p> <urn:b>, "x" . <urn:b> a <urn:B> .', ox.RdfFormat.TURTLE)
    >>> counts = summary_counts(lambda q: store.query(q))
    >>> sorted(counts.instances.items()), counts.literals
    ([('urn:A', 1), ('urn:B', 1)], {(<NamedNode value=urn:A>, 'urn:p'): 1})
    >>> counts.links
    {(<NamedNode value=urn:A>, 'urn:p', <NamedNode value=urn:B>): 1}
    """
    counts = SummaryCounts()
    for row in rows(_PREFIX + INSTANCES):
        counts.instances[row["c"].value] = int(row["n"].value)
    mixed: dict[str, set[Any]] = defaultdict(set)
    for row in rows(_PREFIX + USES.format(bounds=BOUNDS if ordered_min_max else "")):
        c1, p, c2, n = row["c1"], row["p"].value, row["c2"], int(row["n"].value)
        if c2 is not None:
            if p != _TYPE:
                counts.links[(c1, p, c2)] = n
            continue
        if not ordered_min_max:
            mixed[p].add(c1)
        elif isinstance(row["low"], ox.Literal):
            counts.literals[(c1, p)] = n
        elif isinstance(row["high"], ox.Literal):
            mixed[p].add(c1)
    if mixed:
        predicates = " ".join(f"<{p}>" for p in sorted(mixed))
        for row in rows(_PREFIX + LITERALS.format(predicates=predicates)):
            c, p = row["c"], row["p"].value
            if c in mixed[p]:
                counts.literals[(c, p)] = int(row["n"].value)
    return counts


def ordered_min_max(store: Any) -> bool:
    """Whether to tell literal values apart with ``MIN``/``MAX`` on this store: on a local pyoxigraph
    store (whose ``MIN``/``MAX`` order terms as ``ORDER BY`` does, and read its terms from memory).

    A remote engine is asked again with ``isLiteral`` instead, for the groups of untyped objects only:
    Virtuoso 7 does not order terms so, and ``oxigraph serve`` reads every object of every group from
    disk to compare them, which costs more than testing the untyped ones.

    >>> ordered_min_max(ox.Store())
    True
    """
    return getattr(store, "connection", None) is None
