"""Reading a graph for its networkx views (:mod:`kg.network`): the SPARQL queries of nodes and edges,
run inside Oxigraph, and what Python keeps of their answers (edges, the class hierarchy, node
descriptions and literal attributes)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.collector import without_gc
from kg.errors import QueryError
from kg.network_bounds import construct, limited
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
    from kg.graph import KnowledgeGraph


_BUILTIN = (RDF, RDFS, OWL, XSD)
_NAMED = ox.NamedNode
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


#: Views are built with the cyclic garbage collector paused (see :mod:`kg.collector`).
_without_gc = without_gc


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
        #: The literal values of the asserted graphs by subject IRI and property, for the properties of
        #: ``literal_predicates``: kept by the scan of all object-property edges, which reads them anyway.
        self.literals: dict[str, dict[str, list[str]]] = {}
        self.literal_predicates: set[str] = set()
        #: Every property of the asserted graphs, once that scan has listed them.
        self.predicates: list[str] = []
        self._types: list[tuple[Any, Any]] | None = None
        self._types_of: dict[str, set[str]] | None = None

    def local_graphs(self, *, inferred: bool = False) -> list[Any] | None:
        """The graphs the queries read, for reading an in-memory or on-disk store's quads directly; ``None``
        for an endpoint."""
        if not isinstance(self.graph.store, ox.Store):
            return None
        return self.everything if inferred else (self.asserted or [ox.DefaultGraph()])

    def asserted_types(self) -> list[tuple[Any, Any]] | None:
        """The subject and object of every asserted ``rdf:type`` triple of a local store, read once for the
        individuals, the type edges and the nodes' types; ``None`` for an endpoint."""
        graphs = self.local_graphs()
        if graphs is None:
            return None
        if self._types is None:
            predicate, quads = ox.NamedNode(_TYPE), self.graph.store.quads_for_pattern
            self._types = [(q.subject, q.object) for g in graphs for q in quads(None, predicate, None, g)]
        return self._types

    @property
    def read_types(self) -> bool:
        """Whether :meth:`asserted_types` has read them."""
        return self._types is not None

    def types_of(self) -> dict[str, set[str]] | None:
        """The asserted classes (IRIs) of each IRI of a local store; ``None`` for an endpoint."""
        pairs = self.asserted_types()
        if pairs is None:
            return None
        if self._types_of is None:
            found: dict[str, set[str]] = defaultdict(set)
            named = ox.NamedNode
            for s, o in pairs:
                if type(s) is named and type(o) is named:
                    found[s.value].add(o.value)
            self._types_of = found
        return self._types_of

    def individuals(self) -> list[Any]:
        """The individuals (terms: blank nodes too): what has a type other than a built-in class (or
        owl:NamedIndividual), and is not a class itself (:data:`_INDIVIDUALS_QUERY`)."""
        pairs = self.asserted_types()
        if pairs is None:
            return [row[0] for row in self.rows(_INDIVIDUALS_QUERY)]
        named, individual = ox.NamedNode, OWL + "NamedIndividual"
        classes = {s for s, o in pairs if type(o) is named and o.value in _CLASS_TYPES}
        found: dict[Any, None] = {}
        for s, o in pairs:
            # as the query's filter: a literal class passes when its text is no built-in IRI, a blank node
            # or a quoted triple does not (the STR of it is an error)
            if type(o) is named:
                wanted = o.value == individual or not o.value.startswith(_BUILTIN)
            else:
                wanted = type(o) is ox.Literal and not o.value.startswith(_BUILTIN)
            if wanted and s not in classes:
                found[s] = None
        return list(found)

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
        sid = self.sid = s.value if type(s) is _NAMED else _node_id(s)
        oid = self.oid = o.value if type(o) is _NAMED else _node_id(o)
        self.restriction, self.cardinality, self.label = restriction, cardinality, label
        self.inferred = False
        self.extra: dict[str, Any] | None = None
        if restriction is None and kind != "link":
            self.key = (sid, oid, kind, p)
        else:
            name = p if restriction is None else f"{restriction} {p}"
            self.key = (sid, oid, kind, (label or "") if kind == "link" else name)


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
    pairs = reader.asserted_types() if kind == "type" and not focus and not inferred else None
    if pairs is not None:
        # as the query: a named class that is not built in
        named = ox.NamedNode
        for s, o in pairs:
            if type(o) is named and not o.value.startswith(_BUILTIN):
                yield _Edge("type", s, _TYPE, o)
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
    graphs = reader.local_graphs(inferred=inferred)
    predicates = reader.column("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", inferred=inferred)
    if not inferred:
        reader.predicates = predicates
    for p in predicates:
        if p in skip or is_builtin(p):
            continue
        if graphs is None:
            query = f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o FILTER(!isLiteral(?o)) }}"
            for row in reader.rows(query, inferred=inferred):
                yield _Edge("property", row[0], p, row[1])
            continue
        # a local store: its quads, read by the engine's own index scan (a third faster than a query),
        # and the literal values of the asserted graphs kept for the nodes' attributes on the way
        literals = reader.literals if not inferred and p not in _LABELS and p not in _DEFINITIONS else None
        predicate, literal, named = ox.NamedNode(p), ox.Literal, ox.NamedNode
        for graph in graphs:
            for quad in reader.graph.store.quads_for_pattern(None, predicate, None, graph):
                s, o = quad.subject, quad.object  # (unpacking a quad makes all four terms: slower)
                if type(o) is not literal:
                    yield _Edge("property", s, p, o)
                elif literals is not None and type(s) is named:
                    # (plain dicts: a defaultdict of defaultdicts took twice as long)
                    by_property = literals.get(s.value)
                    if by_property is None:
                        literals[s.value] = {p: [o.value]}
                    elif p in by_property:
                        by_property[p].append(o.value)
                    else:
                        by_property[p] = [o.value]
        if literals is not None:
            reader.literal_predicates.add(p)


def _read_edges(
    reader: _Reader,
    kinds: Iterable[str],
    focus_s: Sequence[str] | None = None,
    focus_o: Sequence[str] | None = None,
) -> list[_Edge]:
    """Read the edges of some kinds, marking those only the reasoner's graph holds as inferred."""
    edges: dict[tuple[str, str, str, str], _Edge] = {}
    # the property and type edges of the quads of one graph are each read once: no need to look for them
    # again among the others (the dictionary of a million edges' keys took a tenth of the full view at 1M)
    once: list[_Edge] = []
    whole = focus_s is None and focus_o is None and not reader.inferred
    one_graph = whole and len(reader.local_graphs() or ()) == 1
    for kind in kinds:
        for focus in _focus_blocks(focus_s, focus_o):
            if one_graph and kind in ("property", "type"):
                once.extend(_edge_rows(reader, kind, focus, inferred=False))
                continue
            for edge in _edge_rows(reader, kind, focus, inferred=False):
                edges.setdefault(edge.key, edge)
            if reader.inferred:
                for edge in _edge_rows(reader, kind, focus, inferred=True):
                    if edge.key not in edges:
                        edge.inferred = True
                        edges[edge.key] = edge
    return [*edges.values(), *once]


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
    # a local store's types, read once for many IRIs (a few are looked up with their labels)
    types = reader.types_of() if len(iris) > _SCAN_ABOVE or reader.read_types else None
    if types is not None:
        for iri in iris:
            if iri in types:
                found[iri].types.update(types[iri])
    predicates = [f"<{p}>" for p in (*([] if types is not None else [_TYPE]), *_LABELS, *_DEFINITIONS)]
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
    if not reader.literal_predicates:
        for row in _scan(reader, _ATTRIBUTES_QUERY, list(iris)):
            found[row[0].value][row[1].value].append(row[2].value)
        return found
    # the scan of the object-property edges kept the values of most properties: the others are read here
    wanted = set(iris)
    kept = reader.literals
    for iri in wanted.intersection(kept):
        found[iri] = kept[iri]
    skip = reader.literal_predicates.union(_LABELS, _DEFINITIONS)
    rest = [f"<{p}>" for p in reader.predicates if p not in skip and ">" not in p]
    if rest:
        query = f"SELECT ?x ?p ?o WHERE {{ VALUES ?p {{ {' '.join(rest)} }} ?x ?p ?o "
        for row in reader.rows(query + "FILTER(isIRI(?x) && isLiteral(?o)) }"):
            if row[0].value in wanted:
                found[row[0].value].setdefault(row[1].value, []).append(row[2].value)
    return found
