"""RDF → networkx views: what a person draws of a graph.

Every view is a ``networkx.MultiDiGraph`` whose nodes and edges carry the same keys:

======================  ===========================================================================
``label``               the ``rdfs:label`` (English first), else ``skos:prefLabel``, else the local name
``iri``                 the IRI (``""`` for literals and blank nodes)
``kind``                nodes: ``class``, ``individual``, ``property``, ``datatype``, ``literal``,
                        ``blank``, ``resource`` (anything else); edges: ``subclass``, ``restriction``,
                        ``domain-range``, ``type``, ``property``, ``link`` (a SELECT row without an IRI)
``types``               the IRIs of the asserted ``rdf:type`` s (of the property, for an edge)
``definition``          ``skos:definition``, else the OBO definition, ``rdfs:comment`` or
                        ``dcterms:description``
``group`` (nodes)       the top class the node belongs to (for colours), or ``""``
``attributes`` (nodes)  literal values by property label, e.g. ``{"release year": ["2020"]}``
``inferred`` (edges)    ``True`` when the edge exists only in the reasoner's graph :data:`~kg.graph.INFERRED`
======================  ===========================================================================

Restriction edges also carry ``restriction`` (``some``, ``only``, ``value``, ``min``, ``max``,
``exactly``) and ``cardinality``; summary nodes carry ``count`` and summary edges ``weight``. The graph
itself records ``view``, ``title``, ``sources``, ``query``, ``labels`` (IRI → label of every type and
group named), ``total_nodes``, ``truncated`` and ``message``.

Node and edge data come from a few SPARQL queries run inside Oxigraph; Python only assembles the
answers. The summary view aggregates in the engine (``COUNT … GROUP BY``), so it reads a few hundred
rows whatever the size of the graph. Node ids are IRIs, ``_:id`` for blank nodes and the N-Triples
form for literals.
"""

from __future__ import annotations

import functools
import gc
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from kg.errors import QueryError, UnknownNameError, UsageError
from kg.network_bounds import cap_note, construct, is_remote, limited
from kg.network_counts import summary_counts
from kg.vocab import DCTERMS as DCTERMS
from kg.vocab import DEFINITIONS as _DEFINITIONS
from kg.vocab import INFERRED_IRI
from kg.vocab import LABELS as _LABELS
from kg.vocab import OWL as OWL
from kg.vocab import RDF as RDF
from kg.vocab import RDFS as RDFS
from kg.vocab import SKOS as SKOS
from kg.vocab import XSD as XSD

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph
    from kg.sparql import Result

__all__ = ["DEFAULT_MAX_NODES", "VIEWS", "cap_message", "result_to_networkx", "to_networkx"]

#: The views :func:`to_networkx` builds.
VIEWS = ("schema", "instances", "full", "neighbourhood", "summary", "query")
_ALIASES = {"instance": "instances", "neighborhood": "neighbourhood", "ego": "neighbourhood"}
#: Views larger than this are cut down, with a message that suggests the summary or neighbourhood view.
DEFAULT_MAX_NODES = 50_000

_BUILTIN = (RDF, RDFS, OWL, XSD)
_TYPE = RDF + "type"
_SUBCLASS = RDFS + "subClassOf"
_CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
_PROPERTY_TYPES = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
    OWL + "FunctionalProperty",
    OWL + "TransitiveProperty",
    OWL + "SymmetricProperty",
    OWL + "InverseFunctionalProperty",
}
_INFERRED_IRI = INFERRED_IRI
# Above this many IRIs, node data is read by one scan of each predicate instead of VALUES lookups.
_SCAN_ABOVE = 2000
_CHUNK = 400

_PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"


def _not_builtin(var: str) -> str:
    return " && ".join(f'!STRSTARTS(STR({var}), "{ns}")' for ns in _BUILTIN)


# Each edge query selects ?s ?p ?o (and ?r ?n for restrictions); {focus} becomes a VALUES block that
# ties ?s or ?o to a set of nodes (for the neighbourhood view), or nothing.
_EDGE_QUERIES: dict[str, str] = {
    "subclass": """SELECT ?s ?o WHERE {{
  ?s rdfs:subClassOf ?o . {focus}
  FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o && """
    + _not_builtin("?s")
    + " && "
    + _not_builtin("?o")
    + """)
}}""",
    "restriction": """SELECT ?s ?p ?o ?r ?n WHERE {{
  ?b owl:onProperty ?p .
  {{ ?s rdfs:subClassOf|owl:equivalentClass ?b }}
  UNION {{ ?l rdf:first ?b . ?x owl:intersectionOf/rdf:rest* ?l . ?s rdfs:subClassOf|owl:equivalentClass ?x }}
  {{ ?b owl:someValuesFrom ?f BIND("some" AS ?r) }} UNION {{ ?b owl:allValuesFrom ?f BIND("only" AS ?r) }}
  UNION {{ ?b owl:hasValue ?f BIND("value" AS ?r) }}
  UNION {{ ?b owl:minQualifiedCardinality ?n ; owl:onClass|owl:onDataRange ?f BIND("min" AS ?r) }}
  UNION {{ ?b owl:maxQualifiedCardinality ?n ; owl:onClass|owl:onDataRange ?f BIND("max" AS ?r) }}
  UNION {{ ?b owl:qualifiedCardinality ?n ; owl:onClass|owl:onDataRange ?f BIND("exactly" AS ?r) }}
  OPTIONAL {{ ?f owl:unionOf/rdf:rest*/rdf:first ?member }}
  BIND(COALESCE(?member, ?f) AS ?o) {focus}
  FILTER(isIRI(?s) && isIRI(?p) && !isBlank(?o))
}}""",
    "domain-range": """SELECT ?s ?p ?o WHERE {{
  ?p rdfs:domain ?s ; rdfs:range ?o . {focus}
  FILTER(isIRI(?s) && isIRI(?o) && isIRI(?p))
  FILTER("""
    + _not_builtin("?s")
    + " && "
    + _not_builtin("?o")
    + """)
  FILTER NOT EXISTS {{ ?p a owl:DatatypeProperty }}
  FILTER NOT EXISTS {{ ?p a owl:AnnotationProperty }}
  FILTER NOT EXISTS {{ ?o a rdfs:Datatype }}
}}""",
    "type": """SELECT ?s ?o WHERE {{
  ?s rdf:type ?o . {focus}
  FILTER(!isLiteral(?o) && !isBlank(?o) && """
    + _not_builtin("?o")
    + """)
}}""",
    "property": """SELECT ?s ?p ?o WHERE {{
  ?s ?p ?o . {focus}
  FILTER(!isLiteral(?o) && """
    + _not_builtin("?p")
    + """)
  FILTER NOT EXISTS {{ ?p a owl:AnnotationProperty }}
}}""",
}
_VIEW_EDGES = {
    "schema": ("subclass", "restriction", "domain-range"),
    "instances": ("property",),
    "full": ("subclass", "restriction", "domain-range", "type", "property"),
    "neighbourhood": ("subclass", "restriction", "domain-range", "type", "property"),
}
_EDGE_PREDICATE = {"subclass": _SUBCLASS, "type": _TYPE}
_EDGE_LABELS = {"subclass": "subclass of", "type": "type"}

_CLASSES_QUERY = (
    """SELECT DISTINCT ?c WHERE {
  { ?c a owl:Class } UNION { ?c a rdfs:Class } UNION { ?c rdfs:subClassOf ?x } UNION { ?x rdfs:subClassOf ?c }
  FILTER(isIRI(?c) && """
    + _not_builtin("?c")
    + """)
}"""
)
_INDIVIDUALS_QUERY = (
    """SELECT DISTINCT ?x WHERE {
  ?x rdf:type ?c .
  FILTER(!isLiteral(?x) && (?c = owl:NamedIndividual || ("""
    + _not_builtin("?c")
    + """)))
  FILTER NOT EXISTS { ?x a owl:Class } FILTER NOT EXISTS { ?x a rdfs:Class }
}"""
)
_HIERARCHY_QUERY = (
    """SELECT ?s ?o WHERE {
  ?s rdfs:subClassOf ?o FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o && """
    + _not_builtin("?o")
    + """)
}"""
)
_SUBPROPERTY_QUERY = """SELECT ?s ?o WHERE {
  ?s rdfs:subPropertyOf ?o FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o)
}"""
_ANNOTATION_QUERY = "SELECT ?p WHERE { ?p a owl:AnnotationProperty FILTER isIRI(?p) }"
_DATATYPE_ATTRIBUTES_QUERY = """SELECT ?p ?d ?r WHERE {
  ?p a owl:DatatypeProperty ; rdfs:domain ?d . OPTIONAL { ?p rdfs:range ?r FILTER isIRI(?r) }
  FILTER(isIRI(?d) && isIRI(?p))
}"""
_DESCRIBE_QUERY = """SELECT ?x ?p ?o WHERE {{
  {values} ?x ?p ?o . FILTER(isIRI(?x) && ?p IN ({predicates}))
}}"""
# without IRIs (a scan of them all) the predicates are a VALUES block: looked up, not tested per triple
_DESCRIBE_ALL_QUERY = """SELECT ?x ?p ?o WHERE {{
  VALUES ?p {{ {predicates} }} ?x ?p ?o . FILTER(isIRI(?x))
}}"""
_ATTRIBUTES_QUERY = (
    """SELECT ?x ?p ?o WHERE {{ {values} ?x ?p ?o . FILTER(isIRI(?x) && isLiteral(?o)) FILTER(?p NOT IN ("""
    + ", ".join(f"<{p}>" for p in (*_LABELS, *_DEFINITIONS))
    + """)) }}"""
)

F = TypeVar("F", bound=Callable[..., Any])


def _without_gc(func: F) -> F:
    """Pause the cyclic garbage collector while a view is built.

    Building a large view makes millions of small objects and no cycles; the collector would walk
    them again and again (a third of the time at 50,000 nodes).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper  # type: ignore[return-value]


def is_builtin(iri: str) -> bool:
    """Tell whether an IRI belongs to the RDF, RDFS, OWL or XSD vocabularies (which views leave out).

    >>> is_builtin("http://www.w3.org/2002/07/owl#Thing"), is_builtin("https://w3id.org/genai-kg/ontology#Text")
    (True, False)
    """
    return iri.startswith(_BUILTIN)


def _node_id(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _local_name(iri: str) -> str:
    local = re.split(r"[#/:]", iri.rstrip("/#"))[-1]
    return local or iri


def _words(iri: str) -> str:
    """A readable name from an IRI without a label: ``…#altLabel`` → ``alt label``."""
    local = _local_name(iri)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").lower() if local != iri else iri


def _language_rank(term: Any) -> int:
    language = getattr(term, "language", None) or ""
    if language == "en" or language.startswith("en-"):
        return 0
    return 1 if not language else 2


def cap_message(shown: int, total: int) -> str:
    """The message shown when a view or page is cut down to ``shown`` of ``total`` nodes.

    >>> cap_message(10, 25).startswith("Showing 10 of 25 nodes")
    True
    """
    return (
        f"Showing {shown:,} of {total:,} nodes: the graph is too large to draw whole. For a readable "
        "picture draw the summary view (kg viz --view summary) or the neighbourhood of one node "
        "(kg viz --around IRI --hops 2)."
    )


# ---------------------------------------------------------------------------------------------------
# reading from the engine


class _Reader:
    """Runs our queries on a graph's store, on the asserted graphs or with the inferred ones too."""

    def __init__(self, graph: KnowledgeGraph, inferred: bool | None) -> None:
        self.graph = graph
        store = graph.store
        inferred_graph = ox.NamedNode(_INFERRED_IRI)
        named = [g for g in store.named_graphs() if g != inferred_graph]
        self.asserted: list[Any] | None = [ox.DefaultGraph(), *named] if named else None
        has_inferred = store.contains_named_graph(inferred_graph)
        wanted = graph.reasoned is not None if inferred is None else inferred
        self.inferred = bool(wanted and has_inferred)
        self.everything: list[Any] = [*(self.asserted or [ox.DefaultGraph()]), inferred_graph]
        #: The most edges a query may read (views of an endpoint), and whether an answer had that many.
        self.cap: int | None = None
        self.capped = False

    def rows(self, query: str, *, inferred: bool = False) -> Iterator[Any]:
        graphs = self.everything if inferred else self.asserted
        try:
            if graphs is None:
                solutions: Any = self.graph.store.query(_PREFIXES + query)
            else:
                solutions = self.graph.store.query(_PREFIXES + query, default_graph=graphs)
            yield from solutions
        except (SyntaxError, OSError, ValueError, RuntimeError) as e:  # our own queries: a bug if it happens
            raise QueryError(f"a view query failed: {e}", source="<kg.network>") from e

    def column(self, query: str, *, inferred: bool = False) -> list[str]:
        return [_node_id(row[0]) for row in self.rows(query, inferred=inferred)]


class _Edge:
    """One edge before it goes into networkx: its terms, property IRI and kind, and its networkx key."""

    __slots__ = (
        "cardinality",
        "extra",
        "inferred",
        "key",
        "kind",
        "label",
        "o",
        "oid",
        "p",
        "restriction",
        "s",
        "sid",
    )

    def __init__(
        self,
        kind: str,
        s: Any,
        p: str,
        o: Any,
        restriction: str | None = None,
        cardinality: str | None = None,
        label: str | None = None,
    ) -> None:
        self.kind, self.s, self.p, self.o = kind, s, p, o
        # the common case first: named nodes at both ends (this runs once per edge of big views)
        self.sid = s.value if type(s) is ox.NamedNode else _node_id(s)
        self.oid = o.value if type(o) is ox.NamedNode else _node_id(o)
        self.restriction, self.cardinality, self.label = restriction, cardinality, label
        self.inferred = False
        self.extra: dict[str, Any] | None = None
        name = p if restriction is None else f"{restriction} {p}"
        self.key = (self.sid, self.oid, kind, (label or "") if kind == "link" else name)


def _focus_blocks(focus_s: Sequence[str] | None, focus_o: Sequence[str] | None) -> list[str]:
    """The VALUES blocks that tie ?s or ?o to nodes, in chunks; one empty block when there is no focus."""
    if focus_s is None and focus_o is None:
        return [""]
    blocks = []
    for var, ids in (("?s", focus_s), ("?o", focus_o)):
        # blank nodes cannot be named in a query
        iris = [i for i in ids or () if not i.startswith("_:") and ">" not in i]
        for start in range(0, len(iris), _CHUNK):
            blocks.append(f"VALUES {var} {{ {' '.join(f'<{i}>' for i in iris[start : start + _CHUNK])} }}")
    return blocks


def _edge_rows(reader: _Reader, kind: str, focus: str, *, inferred: bool) -> Iterator[_Edge]:
    if kind == "property" and not focus:
        yield from _property_rows(reader, inferred=inferred)
        return
    query = _EDGE_QUERIES[kind].format(focus=focus)
    predicate = _EDGE_PREDICATE.get(kind)
    if reader.cap is not None:
        yield from _bounded_edge_rows(reader, kind, query, predicate, inferred=inferred)
        return
    for row in reader.rows(query, inferred=inferred):
        if predicate is not None:
            yield _Edge(kind, row[0], predicate, row[1])
        elif kind == "restriction":
            n = row[4]
            yield _Edge(kind, row[0], row[1].value, row[2], row[3].value, n.value if n is not None else None)
        else:
            yield _Edge(kind, row[0], row[1].value, row[2])


def _bounded_edge_rows(
    reader: _Reader, kind: str, query: str, predicate: str | None, *, inferred: bool
) -> Iterator[_Edge]:
    """The edges of one query with at most ``reader.cap`` of them read: the triples of a CONSTRUCT (the
    rows of a SELECT for restrictions); ``reader.capped`` says when an answer had that many."""
    assert reader.cap is not None
    if kind == "restriction":
        rows = reader.rows(limited(query, reader.cap)[0], inferred=inferred)
        edges = [_Edge(kind, r[0], r[1].value, r[2], r[3].value, r[4] and r[4].value) for r in rows]
    else:
        triples = list(reader.rows(construct(query, predicate, reader.cap), inferred=inferred))
        edges = [_Edge(kind, t.subject, t.predicate.value, t.object) for t in triples]
    reader.capped = reader.capped or len(edges) >= reader.cap
    yield from edges


def _property_rows(reader: _Reader, *, inferred: bool) -> Iterator[_Edge]:
    """All object-property edges: one index scan per property (faster than filtering every triple)."""
    skip = set(reader.column(_ANNOTATION_QUERY))
    for p in reader.column("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", inferred=inferred):
        if p in skip or is_builtin(p):
            continue
        query = f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o FILTER(!isLiteral(?o)) }}"
        for row in reader.rows(query, inferred=inferred):
            yield _Edge("property", row[0], p, row[1])


def _read_edges(
    reader: _Reader,
    kinds: Iterable[str],
    focus_s: Sequence[str] | None = None,
    focus_o: Sequence[str] | None = None,
) -> list[_Edge]:
    """Read the edges of some kinds, marking those only the reasoner's graph holds as inferred."""
    edges: dict[tuple[str, str, str, str], _Edge] = {}
    for kind in kinds:
        for focus in _focus_blocks(focus_s, focus_o):
            for edge in _edge_rows(reader, kind, focus, inferred=False):
                edges.setdefault(edge.key, edge)
            if reader.inferred:
                for edge in _edge_rows(reader, kind, focus, inferred=True):
                    if edge.key not in edges:
                        edge.inferred = True
                        edges[edge.key] = edge
    return list(edges.values())


class _Hierarchy:
    """Superclasses and superproperties, for top classes (colours) and for dropping redundant inferences."""

    def __init__(self, reader: _Reader) -> None:
        self.parents: dict[str, set[str]] = defaultdict(set)
        for row in reader.rows(_HIERARCHY_QUERY, inferred=reader.inferred):
            self.parents[row["s"].value].add(row["o"].value)
        self.super_properties: dict[str, set[str]] = defaultdict(set)
        for row in reader.rows(_SUBPROPERTY_QUERY, inferred=reader.inferred):
            self.super_properties[row["s"].value].add(row["o"].value)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._tops: dict[str, str] = {}

    def ancestors(self, iri: str, table: Mapping[str, set[str]] | None = None) -> frozenset[str]:
        parents = self.parents if table is None else table
        if table is None and iri in self._ancestors:
            return self._ancestors[iri]
        seen: set[str] = set()
        stack = list(parents.get(iri, ()))
        while stack:
            item = stack.pop()
            if item not in seen and item != iri:
                seen.add(item)
                stack.extend(parents.get(item, ()))
        result = frozenset(seen)
        if table is None:
            self._ancestors[iri] = result
        return result

    def top(self, iri: str) -> str:
        """The root class above ``iri`` (the alphabetically first one if there are several)."""
        if iri not in self._tops:
            roots = sorted(a for a in self.ancestors(iri) if not self.parents.get(a))
            self._tops[iri] = roots[0] if roots else iri
        return self._tops[iri]


def _drop_redundant(edges: list[_Edge], hierarchy: _Hierarchy) -> list[_Edge]:
    """Leave out inferred edges that other edges already imply.

    A reasoner states every superclass and every super-property again (``GPT3 a GenerativeAI`` next
    to ``GPT3 a LargeLanguageModel``); drawing them all hides the interesting inferences.
    """
    if not any(e.inferred for e in edges):
        return edges
    by_pair: dict[tuple[str, str], list[_Edge]] = defaultdict(list)
    targets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for edge in edges:
        by_pair[(edge.sid, edge.oid)].append(edge)
        if edge.kind in ("type", "subclass"):
            targets[(edge.kind, edge.sid)].add(edge.oid)
    kept = []
    for edge in edges:
        if edge.inferred:
            s, o = edge.sid, edge.oid
            if edge.kind in ("type", "subclass"):
                others = targets[(edge.kind, s)] - {o}
                if any(o in hierarchy.ancestors(other) for other in others):
                    continue
            elif edge.kind == "property":
                siblings = [e.p for e in by_pair[(s, o)] if e.kind == "property" and e.p != edge.p]
                if any(edge.p in hierarchy.ancestors(q, hierarchy.super_properties) for q in siblings):
                    continue
        kept.append(edge)
    return kept


class _Description:
    __slots__ = ("definition", "definition_by", "label", "label_by", "types")

    def __init__(self) -> None:
        self.label: Any = None
        self.label_by = ""
        self.definition: Any = None
        self.definition_by = ""
        self.types: set[str] = set()


def _better(current: Any, new: Any, order: Sequence[str], p_new: str, p_current: str) -> bool:
    """Is ``new`` (given by ``p_new``) a better label or definition than ``current``? Deterministic."""
    if current is None:
        return True
    rank_new = (order.index(p_new), _language_rank(new), new.value)
    rank_old = (order.index(p_current), _language_rank(current), current.value)
    return rank_new < rank_old


def _values(ids: Sequence[str]) -> str:
    return f"VALUES ?x {{ {' '.join(f'<{i}>' for i in ids)} }}"


def _scan(
    reader: _Reader, template: str, iris: Sequence[str], scan: str | None = None, **fields: str
) -> Iterator[Any]:
    """Run a query for many IRIs: VALUES lookups in chunks, or one scan filtered here when they are many
    (with the ``scan`` template, if the query is written otherwise without IRIs)."""
    wanted = set(iris)
    if len(wanted) > _SCAN_ABOVE:
        for row in reader.rows((scan or template).format(values="", **fields)):
            if row[0].value in wanted:
                yield row
        return
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _CHUNK):
        yield from reader.rows(template.format(values=_values(ordered[start : start + _CHUNK]), **fields))


def _describe(reader: _Reader, iris: Iterable[str]) -> dict[str, _Description]:
    """Read the labels, definitions and types of IRIs in one query per chunk (or one scan)."""
    iris = [i for i in set(iris) if not i.startswith("_:") and ">" not in i]
    found: dict[str, _Description] = {iri: _Description() for iri in iris}
    predicates = [f"<{p}>" for p in (_TYPE, *_LABELS, *_DEFINITIONS)]
    literal = ox.Literal
    rows = _scan(
        reader,
        _DESCRIBE_QUERY.replace("{predicates}", ", ".join(predicates)),
        iris,
        scan=_DESCRIBE_ALL_QUERY.replace("{predicates}", " ".join(predicates)),
    )
    for row in rows:
        item, p, o = found[row[0].value], row[1].value, row[2]
        if p == _TYPE:
            if type(o) is ox.NamedNode:
                item.types.add(o.value)
        elif type(o) is not literal:
            continue
        elif p in _LABELS:
            if item.label is None or _better(item.label, o, _LABELS, p, item.label_by):
                item.label, item.label_by = o, p
        elif item.definition is None or _better(item.definition, o, _DEFINITIONS, p, item.definition_by):
            item.definition, item.definition_by = o, p
    return found


def _literal_attributes(reader: _Reader, iris: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    """Literal values of IRIs other than their labels and definitions, by property IRI."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _scan(reader, _ATTRIBUTES_QUERY, list(iris)):
        found[row[0].value][row[1].value].append(row[2].value)
    return found


# ---------------------------------------------------------------------------------------------------
# assembling a networkx graph


def _kind(types: set[str], known: str | None = None) -> str:
    if types & _CLASS_TYPES:
        return "class"
    if types & _PROPERTY_TYPES:
        return "property"
    if RDFS + "Datatype" in types:
        return "datatype"
    if known:
        return known
    if OWL + "NamedIndividual" in types or any(not is_builtin(t) for t in types):
        return "individual"
    return "resource"


class _Assembler:
    """Collects nodes and edges, reads what describes them, and builds the MultiDiGraph."""

    def __init__(self, reader: _Reader | None, prefixes: Mapping[str, str] | None = None) -> None:
        self.reader = reader
        self.terms: dict[str, Any] = {}
        self.known_kind: dict[str, str] = {}
        self.edges: list[_Edge] = []
        # what the data itself says (CONSTRUCT results): it wins over what the graph says
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.definitions: dict[str, str] = {}
        self.attributes: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.extra: dict[str, dict[str, Any]] = defaultdict(dict)
        self._hierarchy: _Hierarchy | None = None

    @property
    def hierarchy(self) -> _Hierarchy | None:
        if self._hierarchy is None and self.reader is not None:
            self._hierarchy = _Hierarchy(self.reader)
        return self._hierarchy

    def node(self, term: Any, kind: str | None = None) -> str:
        if isinstance(term, str):
            term = ox.NamedNode(term)
        node_id = _node_id(term)
        self.terms.setdefault(node_id, term)
        if kind and (node_id not in self.known_kind or kind == "class"):
            self.known_kind[node_id] = kind
        return node_id

    def add_edges(self, edges: Iterable[_Edge]) -> None:
        terms, known = self.terms, self.known_kind
        for edge in edges:
            if edge.sid not in terms:
                terms[edge.sid] = edge.s
            if edge.oid not in terms:
                terms[edge.oid] = edge.o
            if edge.kind in ("subclass", "restriction", "domain-range"):
                known[edge.sid] = "class"
            if edge.kind in ("subclass", "type", "domain-range"):
                known[edge.oid] = "class"
            self.edges.append(edge)

    def attribute(self, node_id: str, name: str, value: str) -> None:
        self.attributes[node_id].setdefault(name, []).append(value)

    def build(
        self, view: str, *, literals: bool = True, meta: Mapping[str, Any] | None = None
    ) -> nx.MultiDiGraph:
        """Describe every node and edge (a few queries for all of them) and make the networkx graph."""
        import networkx as nx

        reader = self.reader
        iris = [i for i, t in self.terms.items() if isinstance(t, ox.NamedNode)]
        predicates = {e.p for e in self.edges if e.p}
        descriptions = _describe(reader, [*iris, *predicates]) if reader is not None else {}
        hierarchy = self.hierarchy
        kinds: dict[str, str] = {}
        types: dict[str, set[str]] = {}
        groups: dict[str, str] = {}
        named_types: set[str] = set()
        for node_id, term in self.terms.items():
            found = descriptions.get(node_id)
            types[node_id] = (found.types if found is not None else set()) | self.types.get(node_id, set())
            kinds[node_id] = _term_kind(term, types[node_id], self.known_kind.get(node_id))
            groups[node_id] = _group(node_id, kinds[node_id], types[node_id], hierarchy)
            named_types.update(t for t in types[node_id] if not is_builtin(t))
            if groups[node_id]:
                named_types.add(groups[node_id])
        if reader is not None:
            descriptions.update(_describe(reader, named_types - set(descriptions)))
        literal_values: dict[str, dict[str, list[str]]] = {}
        if literals and reader is not None:
            literal_values = _literal_attributes(reader, [i for i in iris if kinds[i] != "literal"])
            wanted = {p for values in literal_values.values() for p in values}
            descriptions.update(_describe(reader, wanted - set(descriptions)))

        def label_of(iri: str) -> str:
            if iri in self.labels:
                return self.labels[iri]
            found = descriptions.get(iri)
            if found is not None and found.label is not None:
                return str(found.label.value)
            return _local_name(iri)

        def definition_of(iri: str) -> str:
            if iri in self.definitions:
                return self.definitions[iri]
            found = descriptions.get(iri)
            return str(found.definition.value) if found is not None and found.definition is not None else ""

        graph = nx.MultiDiGraph()
        graph.graph.update(
            {
                "view": view,
                "title": "",
                "sources": [],
                "query": "",
                "total_nodes": 0,
                "truncated": False,
                "message": "",
                "inferred": False,
            }
        )
        graph.graph.update(meta or {})
        # sorted, so that the same data gives the same graph and byte-identical pages
        for node_id in sorted(self.terms, key=lambda n: (self.extra.get(n, {}).get("distance", 0), n)):
            term = self.terms[node_id]
            data = _node_data(
                term, kinds[node_id], groups[node_id], sorted(types[node_id]), label_of, definition_of
            )
            attributes: dict[str, list[str]] = {}
            for p, values in sorted(literal_values.get(node_id, {}).items()):
                name = label_of(p) if p in self.labels or _has_label(descriptions.get(p)) else _words(p)
                attributes.setdefault(name, []).extend(sorted(values))
            for name, values in self.attributes.get(node_id, {}).items():
                known = attributes.setdefault(name, [])
                known.extend(v for v in values if v not in known)  # a query column may repeat the graph
            data["attributes"] = attributes
            data.update(self.extra.get(node_id, {}))
            graph.add_node(node_id, **data)
        # one description per property, shared by its edges (networkx copies it into each edge)
        shared: dict[tuple[str, str], dict[str, Any]] = {}
        for p, kind in {(e.p, e.kind) for e in self.edges}:
            found = descriptions.get(p)
            shared[(p, kind)] = {
                "label": _EDGE_LABELS.get(kind) or (label_of(p) if p else ""),
                "iri": p,
                "kind": kind,
                "types": sorted(found.types) if found is not None else [],
                "definition": definition_of(p) if p else "",
            }

        def edge_data(edge: _Edge) -> dict[str, Any]:
            data = {**shared[(edge.p, edge.kind)], "inferred": edge.inferred}
            if edge.label is not None:
                data["label"] = edge.label
            if edge.restriction is not None:
                data["restriction"] = edge.restriction
                data["cardinality"] = edge.cardinality
            if edge.extra:
                data.update(edge.extra)
            return data

        self.edges.sort(key=lambda e: e.key)
        # taken from the end of a reversed list, in order: each _Edge is freed once networkx holds its edge,
        # so that the two are not in memory whole at once (a quarter of the peak of the full view at 1M)
        edges, self.edges = self.edges[::-1], []
        # each edge's ends as the one string of their node: an id read from the engine is a new string each
        # time, and networkx keeps the ends of each new pair of nodes (a tenth of the full view at 1M)
        same = {node_id: node_id for node_id in graph}
        add_edge = graph.add_edge  # a plain loop: faster than add_edges_from for 300,000 edges
        while edges:
            e = edges.pop()
            add_edge(same.get(e.sid, e.sid), same.get(e.oid, e.oid), e.key[3], **edge_data(e))
        graph.graph["labels"] = {t: label_of(t) for t in sorted(named_types)}
        graph.graph["total_nodes"] = max(graph.graph["total_nodes"], graph.number_of_nodes())
        return graph


def _has_label(found: _Description | None) -> bool:
    return found is not None and found.label is not None


def _term_kind(term: Any, types: set[str], known: str | None) -> str:
    if isinstance(term, ox.Literal):
        return "literal"
    if isinstance(term, ox.BlankNode):
        return "blank"
    if term.value.startswith(XSD):
        return "datatype"
    return _kind(types, known)


def _group(node_id: str, kind: str, types: set[str], hierarchy: _Hierarchy | None) -> str:
    """The top class a node is drawn in the colour of: its own for a class, its type's for an individual."""
    if kind == "class":
        return hierarchy.top(node_id) if hierarchy is not None else node_id
    if kind == "individual":
        own = sorted(t for t in types if not is_builtin(t))
        if own:
            return hierarchy.top(own[0]) if hierarchy is not None else own[0]
    return ""


def _node_data(
    term: Any, kind: str, group: str, types: list[str], label_of: Any, definition_of: Any
) -> dict[str, Any]:
    if isinstance(term, ox.Literal):
        text = term.value
        data: dict[str, Any] = {
            "label": text if len(text) <= 60 else text[:59] + "…",
            "iri": "",
            "kind": "literal",
            "types": [RDF + "langString"] if term.language else [term.datatype.value],
            "definition": "",
            "group": "",
            "value": text,
        }
        if term.language:
            data["language"] = term.language
        return data
    if isinstance(term, ox.BlankNode):
        return {
            "label": "(blank node)",
            "iri": "",
            "kind": "blank",
            "types": types,
            "definition": "",
            "group": "",
        }
    return {
        "label": label_of(term.value),
        "iri": term.value,
        "kind": kind,
        "types": types,
        "definition": definition_of(term.value),
        "group": group,
    }


# ---------------------------------------------------------------------------------------------------
# the views


@_without_gc
def to_networkx(
    graph: KnowledgeGraph,
    view: str = "schema",
    *,
    around: str | None = None,
    hops: int = 1,
    query: str | os.PathLike[str] | None = None,
    source: str | None = None,
    edge: str | None = None,
    target: str | None = None,
    inferred: bool | None = None,
    redundant: bool = False,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> nx.MultiDiGraph:
    """Build a view of a knowledge graph as a ``networkx.MultiDiGraph``.

    Args:
        graph: the knowledge graph.
        view: ``schema`` (classes, ``rdfs:subClassOf``, restrictions as labelled edges from the class
            to the filler, object-property domains to ranges), ``instances`` (individuals and their
            object-property edges; literals become node ``attributes``), ``full`` (both, with ``rdf:type``
            edges), ``neighbourhood`` (``hops`` steps around the node ``around``), ``summary`` (one node
            per class sized by its instance count, one edge per property between classes weighted by
            use) or ``query`` (the answer to ``query``; see :func:`result_to_networkx`).
        around: the centre of the neighbourhood view: an IRI, ``<IRI>`` or a prefixed name.
        hops: how many steps the neighbourhood view goes.
        query: the query of the query view: text, an ``.rq`` file or a query name.
        source: the SELECT variable that holds the source nodes of the query view.
        edge: the SELECT variable that holds the edge labels.
        target: the SELECT variable that holds the target nodes.
        inferred: draw inferred edges too; by default when the graph was reasoned over.
        redundant: keep inferred edges that others imply (a superclass stated again as a type …).
        max_nodes: cut the view down to this many nodes (closest first for a neighbourhood), with a
            message in ``graph.graph["message"]``; ``None`` for no limit.

    Returns:
        The view.

    Raises:
        UnknownNameError: for an unknown view.
        UsageError: for a neighbourhood without ``around`` or around a node that is not in the graph.

    >>> import kg
    >>> gai = "https://w3id.org/genai-kg/ontology#"
    >>> schema = to_networkx(kg.load(), "schema")
    >>> schema.edges[gai + "LargeLanguageModel", gai + "Text", "value " + gai + "generatesModality"]["label"]
    'generates modality'
    """
    name = _ALIASES.get(view, view)
    if name not in VIEWS:
        raise UnknownNameError("view", view, VIEWS)
    if name == "query" or query is not None:
        if query is None:
            raise UsageError("the query view needs a query: give its name, file or text")
        return _query_view(graph, query, inferred, max_nodes, source=source, edge=edge, target=target)
    reader = _Reader(graph, inferred)
    reader.cap = max_nodes if is_remote(graph.store) and name == "neighbourhood" else None
    meta = {"sources": list(graph.sources), "inferred": reader.inferred, "title": _title(graph, name)}
    if name == "summary":
        return _summary(reader, graph, meta)
    assembler = _Assembler(reader, graph.prefixes)
    if name == "neighbourhood":
        centre = _resolve_iri(graph, around)
        total = _neighbourhood(assembler, reader, centre, hops, max_nodes)
        meta["around"], meta["hops"] = centre, hops
        meta["title"] = f"{graph.label(centre) or _local_name(centre)}: {hops}-step neighbourhood"
    else:
        total = _plain_view(assembler, reader, name, max_nodes)
    if not redundant and assembler.hierarchy is not None:
        assembler.edges = _drop_redundant(assembler.edges, assembler.hierarchy)
    if name == "schema":
        _schema_attributes(assembler, reader)
    result = assembler.build(name, meta=meta)
    result.graph["total_nodes"] = max(total, result.number_of_nodes())
    if total > result.number_of_nodes():
        result.graph["truncated"] = True
        result.graph["message"] = cap_message(result.number_of_nodes(), total)
    if reader.capped and reader.cap is not None:
        _note(result, cap_note(reader.cap))
    return result


def _query_view(
    graph: KnowledgeGraph,
    query: str | os.PathLike[str],
    inferred: bool | None,
    max_nodes: int | None,
    **variables: str | None,
) -> nx.MultiDiGraph:
    """The view of a query's answer; from an endpoint, at most ``max_nodes`` rows or solutions of it."""
    from pathlib import Path

    asked: Any = Path(query) if isinstance(query, os.PathLike) else query
    cap = max_nodes if is_remote(graph.store) else None
    if cap is not None:
        from kg.sparql import resolve_query

        # the answer of an endpoint is read whole: at most as many rows or solutions as nodes drawn
        asked, added = limited(resolve_query(asked)[0], cap)
        cap = cap if added else None
    result = graph.query(asked, inferred=inferred)
    view = result_to_networkx(result, graph=graph, **variables)
    if cap is not None and sum(1 for _ in result) >= cap:
        _note(view, cap_note(cap))
    return view


def _note(view: nx.MultiDiGraph, note: str) -> None:
    """Mark a view as cut short, with a note after its message."""
    view.graph["truncated"] = True
    view.graph["message"] = " ".join(m for m in (view.graph.get("message", ""), note) if m)


def _title(graph: KnowledgeGraph, view: str) -> str:
    rows: list[Any] = list(
        graph.store.query(  # type: ignore[arg-type]
            # (a path ?o label|title ?t is read for every node before the join: on a server, from disk)
            f"SELECT ?t WHERE {{ ?o a <{OWL}Ontology> ; ?p ?t "
            f"FILTER(?p IN (<{RDFS}label>, <{DCTERMS}title>)) }} ORDER BY STRLEN(STR(?t)) ?t LIMIT 1"
        )
    )
    name = str(rows[0]["t"].value) if rows else "Knowledge graph"
    return f"{name}: {view} view"


def _resolve_iri(graph: KnowledgeGraph, around: str | None) -> str:
    """Expand ``<IRI>``, a prefixed name or an IRI, and check the graph mentions it."""
    if not around:
        raise UsageError("the neighbourhood view needs a node: give around=IRI (or --around IRI)")
    from kg.nodes import resolve

    return resolve(graph, around)


def _plain_view(assembler: _Assembler, reader: _Reader, view: str, max_nodes: int | None) -> int:
    """Collect the schema, instance or full view; return the number of nodes before any cap."""
    nodes: list[str] = []
    if view in ("schema", "full"):
        nodes += reader.column(_CLASSES_QUERY)
        for node in nodes:
            assembler.node(node, "class")
    if view in ("instances", "full"):
        individuals = reader.column(_INDIVIDUALS_QUERY)
        nodes += individuals
        for node in individuals:
            assembler.node(node)
    edges = _read_edges(reader, _VIEW_EDGES[view])
    if view == "full":
        # type edges only between individuals and classes (classes typed with metaclasses stay out)
        classes = {n for n, k in assembler.known_kind.items() if k == "class"}
        edges = [e for e in edges if e.kind != "type" or e.sid not in classes]
    if view == "instances":
        # object-property edges between instances: classes and properties are left to the schema view
        schema_terms = set(reader.column(_CLASSES_QUERY))
        edges = [e for e in edges if e.sid not in schema_terms and e.oid not in schema_terms]
    all_nodes = set(nodes)
    for edge in edges:
        all_nodes.add(edge.sid)
        all_nodes.add(edge.oid)
    total = len(all_nodes)
    if max_nodes is not None and total > max_nodes:
        degree: dict[str, int] = defaultdict(int)
        for edge in edges:
            degree[edge.sid] += 1
            degree[edge.oid] += 1
        keep = set(sorted(all_nodes, key=lambda n: (-degree[n], n))[:max_nodes])
        edges = [e for e in edges if e.sid in keep and e.oid in keep]
        assembler.terms = {k: v for k, v in assembler.terms.items() if k in keep}
    assembler.add_edges(edges)
    return total


def _neighbourhood(
    assembler: _Assembler, reader: _Reader, centre: str, hops: int, max_nodes: int | None
) -> int:
    kinds = _VIEW_EDGES["neighbourhood"]
    order: dict[str, int] = {centre: 0}
    terms: dict[str, Any] = {centre: ox.NamedNode(centre)}
    frontier = [centre]
    found: dict[tuple[str, str, str, str], _Edge] = {}
    truncated = False
    for distance in range(1, hops + 1):
        if not frontier:
            break
        new: list[str] = []
        for edge in _read_edges(reader, kinds, focus_s=frontier, focus_o=frontier):
            found.setdefault(edge.key, edge)
            for term, node_id in ((edge.s, edge.sid), (edge.o, edge.oid)):
                if node_id not in order:
                    order[node_id] = distance
                    terms[node_id] = term
                    new.append(node_id)
        new.sort()
        frontier = new
        if max_nodes is not None and len(order) > max_nodes:
            truncated = True
            break
    if frontier and not truncated:
        # edges among the nodes at the boundary
        for edge in _read_edges(reader, kinds, focus_s=frontier):
            if edge.oid in order:
                found.setdefault(edge.key, edge)
    total = len(order)
    keep = set(sorted(order, key=lambda n: (order[n], n))[: max_nodes if max_nodes is not None else None])
    assembler.node(terms[centre])
    for node_id in sorted(keep, key=lambda n: (order[n], n)):
        assembler.node(terms[node_id])
    assembler.add_edges(e for e in found.values() if e.sid in keep and e.oid in keep)
    for node_id in keep:
        assembler.extra[node_id]["distance"] = order[node_id]
    return total


def _schema_attributes(assembler: _Assembler, reader: _Reader) -> None:
    """Datatype properties become attributes of their domain classes: ``parameter count: integer``."""
    rows = list(reader.rows(_DATATYPE_ATTRIBUTES_QUERY))
    if not rows:
        return
    labels = _describe(reader, {row["p"].value for row in rows})
    for row in rows:
        domain = row["d"].value
        if domain not in assembler.terms:
            continue
        description = labels.get(row["p"].value)
        name = str(description.label.value) if description and description.label else _words(row["p"].value)
        assembler.attribute(domain, name, _local_name(row["r"].value) if row["r"] is not None else "literal")


def _summary(reader: _Reader, graph: KnowledgeGraph, meta: dict[str, Any]) -> nx.MultiDiGraph:
    """One node per class (instance count), one edge per property between classes (use count)."""
    annotation = set(reader.column(_ANNOTATION_QUERY))
    found = summary_counts(
        lambda text: reader.rows(text, inferred=reader.inferred), in_memory=not is_remote(graph.store)
    )
    counts = {iri: n for iri, n in found.instances.items() if not is_builtin(iri)}
    assembler = _Assembler(reader, graph.prefixes)
    for iri in sorted(counts):
        assembler.node(iri, "class")
        assembler.extra[iri]["count"] = counts[iri]
    edges = []
    weights = []
    for (c1, p, c2), n in found.links.items():
        if not isinstance(c1, ox.NamedNode) or not isinstance(c2, ox.NamedNode):
            continue
        if c1.value not in counts or c2.value not in counts or is_builtin(p) or p in annotation:
            continue
        edges.append(_Edge("property", c1, p, c2))
        weights.append(n)
    order = sorted(range(len(edges)), key=lambda i: edges[i].key)
    for row in reader.rows(_HIERARCHY_QUERY):
        if row["s"].value in counts and row["o"].value in counts:
            edges.append(_Edge("subclass", row["s"], _SUBCLASS, row["o"]))
            weights.append(0)
            order.append(len(edges) - 1)
    for i in order:
        if weights[i]:
            edges[i].extra = {"weight": weights[i]}
        assembler.edges.append(edges[i])
    literal_counts: dict[str, dict[str, int]] = defaultdict(dict)
    for (c, p), n in found.literals.items():
        if isinstance(c, ox.NamedNode) and c.value in counts and p not in _LABELS and p not in _DEFINITIONS:
            literal_counts[c.value][p] = n
    names = _describe(reader, {p for values in literal_counts.values() for p in values})
    for iri, values in literal_counts.items():
        for p, n in sorted(values.items()):
            description = names.get(p)
            name = str(description.label.value) if description and description.label else _words(p)
            assembler.attribute(iri, name, f"{n:,} value" if n == 1 else f"{n:,} values")
    return assembler.build("summary", literals=False, meta={**meta, "instances": sum(counts.values())})


# ---------------------------------------------------------------------------------------------------
# query results


def _variable(name: str | None, variables: Sequence[str], position: int, role: str) -> str | None:
    if name is None:
        return variables[position] if position < len(variables) else None
    clean = name.lstrip("?$")
    if clean not in variables:
        raise UnknownNameError(f"{role} variable", clean, variables)
    return clean


@_without_gc
def result_to_networkx(
    result: Result,
    *,
    graph: KnowledgeGraph | None = None,
    source: str | None = None,
    edge: str | None = None,
    target: str | None = None,
) -> nx.MultiDiGraph:
    """Turn a query result into a ``networkx.MultiDiGraph`` (the query view).

    A CONSTRUCT or DESCRIBE result is drawn as the graph it is: literal values become node
    ``attributes`` (labels and definitions fill ``label`` and ``definition``), ``rdf:type`` becomes
    ``types`` and, for classes that are not built into RDF or OWL, an edge. A SELECT result gives one
    edge per row from the ``source`` node to the ``target`` node, labelled with the ``edge`` value; by
    default the first three variables (with two, the edges have no label; with one, there are no edges).

    Args:
        result: the result of :meth:`~kg.graph.KnowledgeGraph.query`.
        graph: the graph the result came from, to look up labels, definitions and types.
        source: the variable of the source nodes.
        edge: the variable of the edge labels.
        target: the variable of the target nodes.

    Returns:
        The view; ``graph.graph["query"]`` holds the query text.

    Raises:
        QueryError: for an ASK result, which has no graph.
        UnknownNameError: for a variable the SELECT does not have.

    >>> import kg
    >>> g = kg.load()
    >>> result = g.query("SELECT ?model ?p ?who WHERE { ?model ?p ?who "
    ...                  "FILTER(?p = <https://w3id.org/genai-kg/ontology#developedBy>) }")
    >>> view = result_to_networkx(result, graph=g)
    >>> sorted(view.nodes[n]["label"] for n in view.successors("https://w3id.org/genai-kg/ontology#GPT3"))
    ['OpenAI']
    """
    if result.kind == "ask":
        raise QueryError(
            "an ASK result has no graph to draw; use CONSTRUCT, DESCRIBE or SELECT", source=result.source
        )
    reader = _Reader(graph, None) if graph is not None else None
    assembler = _Assembler(reader, graph.prefixes if graph is not None else result.prefixes)
    skipped = 0
    if result.kind == "graph":
        _graph_result(assembler, result)
    elif source is None and edge is None and target is None and _is_answer(result):
        skipped = _answer_rows(assembler, result, graph)
    else:
        variables = result.vars
        s_var = _variable(source, variables, 0, "source")
        t_var = _variable(target, variables, 2 if len(variables) >= 3 else 1, "target")
        e_var = _variable(edge, variables, 1, "edge") if (edge is not None or len(variables) >= 3) else None
        for solution in result.raw():
            s = solution[s_var] if s_var else None
            t = solution[t_var] if t_var else None
            e = solution[e_var] if e_var else None
            if s is None:
                skipped += 1
                continue
            assembler.node(s)
            if t is None or t_var == s_var:
                continue
            assembler.node(t)
            if isinstance(e, ox.NamedNode):
                kind = {_TYPE: "type", _SUBCLASS: "subclass"}.get(e.value, "property")
                assembler.edges.append(_Edge(kind, s, e.value, t))
            else:
                assembler.edges.append(_Edge("link", s, "", t, label=e.value if e is not None else ""))
    meta = {
        "sources": list(graph.sources) if graph is not None else [],
        "query": result.text,
        "title": f"Query: {result.source}" if result.source != "<query>" else "Query result",
        "skipped_rows": skipped,
    }
    return assembler.build("query", literals=result.kind == "select", meta=meta)


def _is_answer(result: Result) -> bool:
    """Whether a SELECT is drawn as an answer (see :func:`_answer_rows`) rather than as ``?s ?p ?o`` rows:
    when it has a literal column, or more than three columns, and its second column holds no properties.
    """
    rows = list(itertools.islice(result.raw(), 200))
    variables = result.vars
    if not rows or len(variables) < 2:
        return False
    second = [r[variables[1]] for r in rows if r[variables[1]] is not None]
    if len(variables) == 3 and second and all(isinstance(t, ox.NamedNode) for t in second):
        return False  # ?s ?p ?o: the middle column names the edges
    literal = any(isinstance(r[v], ox.Literal) for r in rows for v in variables)
    return literal or len(variables) > 3


def _words_of_variable(name: str) -> str:
    """``releaseYear`` → ``release year``; ``developer_label`` → ``developer label``.

    >>> _words_of_variable("releaseYear")
    'release year'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|_+", " ", name).lower().strip()


def _answer_rows(assembler: _Assembler, result: Result, graph: KnowledgeGraph | None) -> int:
    """Draw a SELECT as its answer: each row's IRIs (and blank nodes) are nodes; the row's subject (its
    first column that is not a class) links to the others by edges named after their variables
    (``model —developer→ OpenAI``); ``xLabel`` (or ``label``) columns label their node, and the other
    literal columns are attributes of the subject, shown in the details panel. Returns the rows with no
    node."""
    rows = list(result.raw())
    variables = result.vars
    node_vars = [v for v in variables if any(isinstance(r[v], (ox.NamedNode, ox.BlankNode)) for r in rows)]
    if not node_vars:
        return len(rows)
    label_of_var: dict[str, str] = {}
    for v in variables:
        if v in node_vars:
            continue
        owner = re.sub(r"(?i)_?label$", "", v)
        if owner in node_vars and owner != v:
            label_of_var[v] = owner

    def is_class_var(v: str) -> bool:
        if re.search(r"(?i)(class|type)$", v):
            return True
        first = next((r[v] for r in rows if isinstance(r[v], ox.NamedNode)), None)
        if first is None or graph is None:
            return False
        typed = graph.store.quads_for_pattern(first, ox.NamedNode(_TYPE), ox.NamedNode(OWL + "Class"))
        return next(iter(typed), None) is not None

    subject_var = next((v for v in node_vars if not is_class_var(v)), node_vars[0])
    if "label" in variables and "label" not in node_vars:
        label_of_var["label"] = subject_var
    class_vars = {v for v in node_vars if is_class_var(v)}
    seen: set[tuple[str, str, str, str]] = set()
    skipped = 0
    for row in rows:
        s = row[subject_var]
        if s is None or isinstance(s, ox.Literal):
            skipped += 1
            continue
        sid = assembler.node(s)
        for v in variables:
            term = row[v]
            if term is None or v == subject_var:
                continue
            if v in label_of_var and isinstance(term, ox.Literal):
                owner = row[label_of_var[v]]
                if owner is not None and not isinstance(owner, ox.Literal):
                    assembler.labels.setdefault(_node_id(owner), term.value)
                continue
            if isinstance(term, ox.Literal):
                values = assembler.attributes[sid].setdefault(_words_of_variable(v), [])
                if term.value not in values:
                    values.append(term.value)
                continue
            assembler.node(term, "class" if v in class_vars else None)
            edge = _Edge("type" if v in class_vars else "link", s, "", term, label=_words_of_variable(v))
            if edge.key not in seen:
                seen.add(edge.key)
                assembler.edges.append(edge)
    return skipped


def _graph_result(assembler: _Assembler, result: Result) -> None:
    ranks: dict[tuple[str, str], tuple[int, int, str]] = {}
    for triple in result.raw():
        s, p, o = triple.subject, triple.predicate.value, triple.object
        if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
            continue  # RDF-star quoted triples are not drawn
        node = assembler.node(s)
        if isinstance(o, ox.Literal):
            if p in _LABELS or p in _DEFINITIONS:
                order, field, store = (
                    (_LABELS, "label", assembler.labels)
                    if p in _LABELS
                    else (_DEFINITIONS, "definition", assembler.definitions)
                )
                rank = (order.index(p), _language_rank(o), o.value)
                if (node, field) not in ranks or rank < ranks[(node, field)]:
                    ranks[(node, field)] = rank
                    store[node] = o.value
            else:
                assembler.attribute(node, _words(p), o.value)
        elif p == _TYPE and isinstance(o, ox.NamedNode):
            assembler.types[node].add(o.value)
            if not is_builtin(o.value):
                assembler.edges.append(_Edge("type", s, p, o))
                assembler.node(o, "class")
        else:
            kind = "subclass" if p == _SUBCLASS else "property"
            assembler.edges.append(_Edge(kind, s, p, o))
            assembler.node(o, "class" if kind == "subclass" else None)
