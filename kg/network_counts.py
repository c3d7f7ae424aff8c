"""The counts the summary view draws, computed by the engine: instances per class, links per class,
property and class, literal values per class and property.

The links and the literal values come from one query, in a shape engines answer from their indexes:
the classes of subjects and of objects are read once each (subqueries, joined by hash), the triples
are grouped by the classes of their two ends and by their object, and only then is each distinct
object tested with ``isLiteral`` (which reads its term: from disk, on a server), and only when it has
no class. The old shape wrote the join out and tested ``!isLiteral(?o)`` on every triple: ``oxigraph
serve`` read every object of the million-triple catalogue from disk and looked up each typed
object's classes one at a time, 20-36 s (tests/bench/bench_remote.py). In memory, where a term costs
nothing to read but a group per object does, the smallest and largest object of each group tell the
literals apart instead (:data:`USES_IN_MEMORY`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.vocab import RDF

__all__ = ["SummaryCounts", "summary_counts"]

_TYPE = RDF + "type"
_PREFIX = f"PREFIX rdf: <{RDF}>\n"

INSTANCES = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x rdf:type ?c FILTER isIRI(?c)
} GROUP BY ?c"""
USES = """SELECT ?c1 ?p ?c2 ?literal (SUM(?k) AS ?n) WHERE {
  { SELECT ?c1 ?p ?c2 ?o (COUNT(*) AS ?k) WHERE {
      { SELECT ?s ?c1 WHERE { ?s rdf:type ?c1 } }
      ?s ?p ?o .
      OPTIONAL { SELECT ?o ?c2 WHERE { ?o rdf:type ?c2 } }
  } GROUP BY ?c1 ?p ?c2 ?o }
  BIND(IF(BOUND(?c2), false, isLiteral(?o)) AS ?literal)
} GROUP BY ?c1 ?p ?c2 ?literal"""
#: The same in memory, where reading a term costs nothing but grouping by each object does: the smallest and
#: largest object of a group of untyped objects tell literals apart (SPARQL 1.1, 15.1, orders blank nodes,
#: IRIs, then literals), and only a group holding both is counted again (LITERALS).
USES_IN_MEMORY = """SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n) (MIN(?o) AS ?low) (MAX(?o) AS ?high) WHERE {
  { SELECT ?s ?c1 WHERE { ?s rdf:type ?c1 } }
  ?s ?p ?o .
  OPTIONAL { SELECT ?o ?c2 WHERE { ?o rdf:type ?c2 } }
} GROUP BY ?c1 ?p ?c2"""
LITERALS = """SELECT ?c (COUNT(*) AS ?n) WHERE {{
  {{ SELECT ?s ?c WHERE {{ ?s rdf:type ?c }} }} ?s <{predicate}> ?o . FILTER isLiteral(?o)
}} GROUP BY ?c"""


@dataclass
class SummaryCounts:
    """What the summary view draws, by term (class terms may be blank nodes: the caller keeps IRIs)."""

    #: Instances of each class IRI.
    instances: dict[str, int] = field(default_factory=dict)
    #: Links from instances of one class to instances of another through a property (not rdf:type).
    links: dict[tuple[Any, str, Any], int] = field(default_factory=dict)
    #: Literal values of a property on instances of a class.
    literals: dict[tuple[Any, str], int] = field(default_factory=dict)


def summary_counts(rows: Callable[[str], Iterable[Any]], *, in_memory: bool = False) -> SummaryCounts:
    """Count, with ``rows`` running a SELECT on the graph, what the summary view draws.

    Args:
        rows: runs a query (given with its ``rdf:`` prefix) and returns its solutions.
        in_memory: the store is pyoxigraph's, in this process (:data:`USES_IN_MEMORY` is faster there).

    >>> store = ox.Store()
    >>> data = b'<urn:a> a <urn:A> ; <urn:p> <urn:b>, "x", <urn:c> . <urn:b> a <urn:B> .'
    >>> store.load(data, ox.RdfFormat.TURTLE)
    >>> counts = summary_counts(lambda q: store.query(q))
    >>> sorted(counts.instances.items()), counts.literals
    ([('urn:A', 1), ('urn:B', 1)], {(<NamedNode value=urn:A>, 'urn:p'): 1})
    >>> counts.links
    {(<NamedNode value=urn:A>, 'urn:p', <NamedNode value=urn:B>): 1}
    >>> summary_counts(lambda q: store.query(q), in_memory=True) == counts
    True
    """
    counts = SummaryCounts()
    for row in rows(_PREFIX + INSTANCES):
        counts.instances[row["c"].value] = int(row["n"].value)
    both: dict[str, set[Any]] = {}  # property -> classes whose untyped objects are literals and others
    for row in rows(_PREFIX + (USES_IN_MEMORY if in_memory else USES)):
        c1, p, c2, n = row["c1"], row["p"].value, row["c2"], int(row["n"].value)
        if c2 is not None:
            if p != _TYPE:
                counts.links[(c1, p, c2)] = n
        elif not in_memory:
            if row["literal"] is not None and row["literal"].value in ("true", "1"):  # (Virtuoso: 1)
                counts.literals[(c1, p)] = n
        elif isinstance(row["low"], ox.Literal):
            counts.literals[(c1, p)] = n
        elif isinstance(row["high"], ox.Literal):
            both.setdefault(p, set()).add(c1)
    for p, classes in sorted(both.items()):
        for row in rows(_PREFIX + LITERALS.format(predicate=p)):
            if row["c"] in classes:
                counts.literals[(row["c"], p)] = int(row["n"].value)
    return counts
