"""Assembling a networkx view (:mod:`kg.network`) from what :mod:`kg.network_reader` read: node ids,
kinds, groups, labels and definitions, edges and their data, in one ``MultiDiGraph``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.vocab import DCTERMS as DCTERMS
from kg.vocab import OWL as OWL
from kg.vocab import RDF as RDF
from kg.vocab import RDFS as RDFS
from kg.vocab import SKOS as SKOS
from kg.vocab import XSD as XSD

if TYPE_CHECKING:
    import networkx as nx


from kg.network_reader import (
    _CLASS_TYPES,
    _EDGE_LABELS,
    _PROPERTY_TYPES,
    _describe,
    _Description,
    _Edge,
    _Hierarchy,
    _literal_attributes,
    _local_name,
    _node_id,
    _Reader,
    _words,
    is_builtin,
)

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

        nodes = self._describe_nodes(literals)
        names = _Names(self.labels, self.definitions, nodes.descriptions)
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
        self._add_nodes(graph, nodes, names)
        self._add_edges(graph, nodes.descriptions, names)
        graph.graph["labels"] = {t: names.label_of(t) for t in sorted(nodes.named_types)}
        graph.graph["total_nodes"] = max(graph.graph["total_nodes"], graph.number_of_nodes())
        return graph

    def _describe_nodes(self, literals: bool) -> _Nodes:
        """The kind, types and group of every node, the descriptions of the nodes, their types and the
        predicates, and (when asked) the literal values of the nodes."""
        reader = self.reader
        iris = [i for i, t in self.terms.items() if isinstance(t, ox.NamedNode)]
        predicates = {e.p for e in self.edges if e.p}
        nodes = _Nodes(_describe(reader, [*iris, *predicates]) if reader is not None else {})
        hierarchy, descriptions = self.hierarchy, nodes.descriptions
        given, known = self.types, self.known_kind
        # the kind and group of an individual follow from its types alone: worked out once per set of types
        # (a catalogue's hundred thousand models have a few dozen)
        by_types: dict[frozenset[str], tuple[str, str]] = {}
        for node_id, term in self.terms.items():
            found = descriptions.get(node_id)
            types = (found.types if found is not None else set()) | given.get(node_id, set())
            if type(term) is ox.NamedNode and node_id not in known and not node_id.startswith(XSD):
                key = frozenset(types)
                if key not in by_types:
                    kind = _kind(types)
                    by_types[key] = (kind, _group(node_id, kind, types, hierarchy) if kind != "class" else "")
                    nodes.named_types.update(t for t in types if not is_builtin(t))
                kind, group = by_types[key]
                if kind == "class":
                    group = _group(node_id, kind, types, hierarchy)
            else:
                kind = _term_kind(term, types, known.get(node_id))
                group = _group(node_id, kind, types, hierarchy)
                nodes.named_types.update(t for t in types if not is_builtin(t))
            nodes.types[node_id], nodes.kinds[node_id], nodes.groups[node_id] = types, kind, group
            if group:
                nodes.named_types.add(group)
        if reader is not None:
            nodes.descriptions.update(_describe(reader, nodes.named_types - set(nodes.descriptions)))
        if literals and reader is not None:
            nodes.literals = _literal_attributes(reader, [i for i in iris if nodes.kinds[i] != "literal"])
            wanted = {p for values in nodes.literals.values() for p in values}
            nodes.descriptions.update(_describe(reader, wanted - set(nodes.descriptions)))
        return nodes

    def _add_nodes(self, graph: nx.MultiDiGraph, nodes: _Nodes, names: _Names) -> None:
        descriptions, extra, given = nodes.descriptions, self.extra, self.attributes
        attribute_names: dict[str, str] = {}  # a property's name, worked out once for all its nodes
        # sorted, so that the same data gives the same graph and byte-identical pages
        if any("distance" in data for data in extra.values()):
            order = sorted(self.terms, key=lambda n: (extra[n].get("distance", 0) if n in extra else 0, n))
        else:
            order = sorted(self.terms)
        # networkx's own structure, written as add_node writes it (see _add_edges)
        node_data, succ, pred = graph._node, graph._succ, graph._pred
        for node_id in order:
            term = self.terms[node_id]
            data = _node_data(
                term,
                nodes.kinds[node_id],
                nodes.groups[node_id],
                sorted(nodes.types[node_id]),
                names.label_of,
                names.definition_of,
            )
            attributes: dict[str, list[str]] = {}
            literals = nodes.literals.get(node_id)
            for p, values in sorted(literals.items()) if literals else ():
                name = attribute_names.get(p)
                if name is None:
                    labelled = p in self.labels or _has_label(descriptions.get(p))
                    name = attribute_names[p] = names.label_of(p) if labelled else _words(p)
                attributes.setdefault(name, []).extend(sorted(values))
            if node_id in given:
                for name, values in given[node_id].items():
                    known = attributes.setdefault(name, [])
                    known.extend(v for v in values if v not in known)  # a query column may repeat the graph
            data["attributes"] = attributes
            if node_id in extra:
                data.update(extra[node_id])
            if node_id in node_data:
                node_data[node_id].update(data)
            else:
                node_data[node_id], succ[node_id], pred[node_id] = data, {}, {}

    def _add_edges(
        self, graph: nx.MultiDiGraph, descriptions: dict[str, _Description], names: _Names
    ) -> None:
        import networkx as nx

        # one description per property, kind and inferred flag, shared by its edges (each edge gets a copy)
        shared: dict[tuple[str, str, bool], dict[str, Any]] = {}
        for p, kind in {(e.p, e.kind) for e in self.edges}:
            found = descriptions.get(p)
            description = {
                "label": _EDGE_LABELS.get(kind) or (names.label_of(p) if p else ""),
                "iri": p,
                "kind": kind,
                "types": sorted(found.types) if found is not None else [],
                "definition": names.definition_of(p) if p else "",
            }
            shared[(p, kind, False)] = {**description, "inferred": False}
            shared[(p, kind, True)] = {**description, "inferred": True}

        def special(edge: _Edge, data: dict[str, Any]) -> None:
            """What an edge has of its own besides its property's description."""
            if edge.label is not None:
                data["label"] = edge.label
            if edge.restriction is not None:
                data["restriction"] = edge.restriction
                data["cardinality"] = edge.cardinality
            if edge.extra:
                data.update(edge.extra)

        self.edges.sort(key=attrgetter("key"))
        # taken from the end of a reversed list, in order: each _Edge is freed once networkx holds its edge,
        # so that the two are not in memory whole at once (a quarter of the peak of the full view at 1M)
        edges, self.edges = self.edges[::-1], []
        # each edge's ends as the one string of their node: an id read from the engine is a new string each
        # time, and networkx keeps the ends of each new pair of nodes (a tenth of the full view at 1M)
        same = {node_id: node_id for node_id in graph}
        # networkx's own adjacency, written as MultiDiGraph.add_edge writes it (succ[u][v][key] is the
        # edge's data, pred[v][u] the same dict of keys): add_edge's checks and its keyword dict of
        # attributes, copied again into the edge's own, took twice as long for 300,000 edges
        succ, pred = graph._succ, graph._pred
        while edges:
            e = edges.pop()
            data = shared[(e.p, e.kind, e.inferred)].copy()
            if e.label is not None or e.restriction is not None or e.extra:
                special(e, data)
            u, v, key = same.get(e.sid, e.sid), same.get(e.oid, e.oid), e.key[3]
            if u not in succ or v not in succ:
                graph.add_nodes_from((u, v))
            keys = succ[u].get(v)
            if keys is None:
                succ[u][v] = pred[v][u] = {key: data}
            elif key in keys:
                keys[key].update(data)  # the same edge twice: its data updated, as add_edge does
            else:
                keys[key] = data
        clear_cache = getattr(nx, "_clear_cache", None)  # as add_edge does (networkx 3.3 and later)
        if clear_cache is not None:
            clear_cache(graph)


class _Nodes:
    """What :meth:`_Assembler.build` learns of the nodes before it draws them."""

    def __init__(self, descriptions: dict[str, _Description]) -> None:
        self.descriptions = descriptions
        self.kinds: dict[str, str] = {}
        self.types: dict[str, set[str]] = {}
        self.groups: dict[str, str] = {}
        self.named_types: set[str] = set()
        self.literals: dict[str, dict[str, list[str]]] = {}


class _Names:
    """Labels and definitions: the ones a view was given first, then the graph's, then the local name."""

    def __init__(
        self, labels: Mapping[str, str], definitions: Mapping[str, str], descriptions: dict[str, _Description]
    ) -> None:
        self.labels, self.definitions, self.descriptions = labels, definitions, descriptions

    def label_of(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        found = self.descriptions.get(iri)
        if found is not None and found.label is not None:
            return str(found.label.value)
        return _local_name(iri)

    def definition_of(self, iri: str) -> str:
        if iri in self.definitions:
            return self.definitions[iri]
        found = self.descriptions.get(iri)
        return str(found.definition.value) if found is not None and found.definition is not None else ""


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
