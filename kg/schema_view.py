"""The schema view in a VOWL-like notation: what ``kg viz --view schema`` and ``kg.render(graph)`` draw.

:func:`schema_view` starts from the plain schema view of :func:`kg.network.to_networkx` (classes,
``rdfs:subClassOf``, restrictions, object-property domains to ranges) and adds what an ontology engineer
reads in WebVOWL or Protégé:

- each restriction kind has its own edge kind, so a page draws it in its own style and explains it in
  its legend: ``some``, ``only``, ``value``, ``min``, ``max``, ``exactly`` (qualified: to the class
  or datatype it counts) and ``cardinality`` (unqualified: to a ``Thing`` of its own, as VOWL draws it);
- ``disjoint`` edges for ``owl:disjointWith``, ``owl:AllDisjointClasses`` and ``owl:disjointUnionOf``
  (one edge per pair of classes; shown at first only when there are few of them, behind a toggle);
- ``equivalent`` edges between named equivalent classes, and the equivalent class expressions written
  in Manchester-like text in the class's details (``Pizza and (hasTopping some MeatTopping)``);
- datatype properties as ``data-property`` edges to a box of their datatype (VOWL's literal box),
  one box per property and domain (its ``host``, as for a ``Thing``);
- every property's characteristics (functional, transitive …), super- and subproperties, inverse,
  domain and range in the details of its edges (``facts``);
- a tree: each node's parent in a spanning tree of the class hierarchy (``tree_parent``), its ``depth``
  and its ``branch`` (the top class, or the child of a root that holds most of the classes), and, with
  the tree layout, positions (``x``, ``y``) that put each branch in a block of its own; a large tree
  also gets ``graph["collapse_depth"]``, down to which the page shows it at first (the page lays the
  tree out again, the same way, as a reader unfolds it: ``viz/graph.js``).

Why a module of its own: the plain views of :mod:`kg.network` are shared by the other views and by
``kg docs``; the notation is one page's business.

>>> import kg
>>> view = schema_view(kg.load())
>>> sorted({d["kind"] for _, _, d in view.edges(data=True)})
['data-property', 'disjoint', 'domain-range', 'some', 'subclass', 'value']
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from kg.choices import SCHEMA_LAYOUTS
from kg.errors import UnknownNameError
from kg.network import DEFAULT_MAX_NODES, to_networkx
from kg.vocab import INFERRED_IRI, OWL, RDF, RDFS, XSD, labels

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph

__all__ = [
    "COLLAPSE_ABOVE",
    "DISJOINT_SHOWN",
    "LAYOUTS",
    "RESTRICTION_KINDS",
    "SHOWN_AT_FIRST",
    "TREE_ABOVE",
    "schema_view",
    "tree_layout",
]

#: The layouts of :func:`schema_view`: ``tree`` (branches in blocks of their own), ``force`` (physics).
LAYOUTS = SCHEMA_LAYOUTS
#: The edge kinds of restrictions, one per kind of restriction.
RESTRICTION_KINDS = ("some", "only", "value", "min", "max", "exactly", "cardinality")
#: With more disjoint pairs than this, the page starts with disjointness hidden (its toggle shows it).
DISJOINT_SHOWN = 60
#: With more classes than this, the ``auto`` layout is the tree (physics makes a hairball of them).
TREE_ABOVE = 60
#: With more nodes than this, a tree starts collapsed to its first levels (at most SHOWN_AT_FIRST nodes).
COLLAPSE_ABOVE = 250
SHOWN_AT_FIRST = 400

_CHARACTERISTICS = {
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "TransitiveProperty": "transitive",
    OWL + "SymmetricProperty": "symmetric",
    OWL + "AsymmetricProperty": "asymmetric",
    OWL + "ReflexiveProperty": "reflexive",
    OWL + "IrreflexiveProperty": "irreflexive",
}
_PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"
# the class expressions a restriction hangs from: directly, or as a member of an intersection
_OWNER = """{ ?s rdfs:subClassOf|owl:equivalentClass ?b }
  UNION { ?l rdf:first ?b . ?x owl:intersectionOf/rdf:rest* ?l .
          ?s rdfs:subClassOf|owl:equivalentClass ?x }"""
_UNQUALIFIED = (
    """SELECT DISTINCT ?s ?p ?r ?n WHERE {
  ?b owl:onProperty ?p . """
    + _OWNER
    + """
  { ?b owl:minCardinality ?n BIND("min" AS ?r) } UNION { ?b owl:maxCardinality ?n BIND("max" AS ?r) }
  UNION { ?b owl:cardinality ?n BIND("exactly" AS ?r) }
  FILTER(isIRI(?s) && isIRI(?p))
}"""
)
_DISJOINT = """SELECT ?a ?b ?via WHERE {
  { ?a owl:disjointWith|^owl:disjointWith ?b BIND("owl:disjointWith" AS ?via) }
  UNION { ?x a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?a .
          ?x owl:members/rdf:rest*/rdf:first ?b BIND("owl:AllDisjointClasses" AS ?via) }
  UNION { ?x owl:disjointUnionOf/rdf:rest*/rdf:first ?a .
          ?x owl:disjointUnionOf/rdf:rest*/rdf:first ?b BIND("owl:disjointUnionOf" AS ?via) }
  FILTER(isIRI(?a) && isIRI(?b) && STR(?a) < STR(?b))
}"""
_UNION_MEMBERS = """SELECT ?m ?u WHERE {
  ?u owl:disjointUnionOf/rdf:rest*/rdf:first ?m FILTER(isIRI(?u) && isIRI(?m))
}"""
_EQUIVALENT = (
    """SELECT ?a ?b WHERE { ?a owl:equivalentClass ?b FILTER(isIRI(?a) && isIRI(?b) && ?a != ?b) }"""
)
# named members of an intersection a class is equivalent to: its superclasses (Protégé files it there)
_DEFINED_UNDER = """SELECT ?s ?o WHERE {
  ?s owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first ?o FILTER(isIRI(?s) && isIRI(?o) && ?s != ?o)
}"""
_EXPRESSIONS = """SELECT ?s ?e WHERE { ?s owl:equivalentClass ?e FILTER(isIRI(?s) && isBlank(?e)) }"""
_DATA_PROPERTIES = """SELECT ?p ?d ?r WHERE {
  ?p a owl:DatatypeProperty ; rdfs:domain ?d . OPTIONAL { ?p rdfs:range ?r FILTER isIRI(?r) }
  FILTER(isIRI(?p) && isIRI(?d))
}"""
_PROPERTY_FACTS = """SELECT ?p ?rel ?o WHERE {{
  VALUES ?p {{ {values} }}
  {{ ?p a ?o BIND("type" AS ?rel) }}
  UNION {{ ?p rdfs:subPropertyOf ?o BIND("subproperty of" AS ?rel) }}
  UNION {{ ?o rdfs:subPropertyOf ?p BIND("superproperty of" AS ?rel) }}
  UNION {{ ?p owl:inverseOf|^owl:inverseOf ?o BIND("inverse of" AS ?rel) }}
  UNION {{ ?p owl:equivalentProperty|^owl:equivalentProperty ?o BIND("equivalent to" AS ?rel) }}
  UNION {{ ?p rdfs:domain ?o BIND("domain" AS ?rel) }} UNION {{ ?p rdfs:range ?o BIND("range" AS ?rel) }}
  FILTER(isIRI(?o) && ?o != ?p)
}}"""
_FACT_ORDER = (
    "characteristics",
    "subproperty of",
    "superproperty of",
    "inverse of",
    "equivalent to",
    "domain",
    "range",
)


class _Store:
    """Queries on the asserted graphs of a knowledge graph (not the reasoner's), and labels."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.store = graph.store
        inferred = ox.NamedNode(INFERRED_IRI)
        named = [g for g in self.store.named_graphs() if g != inferred]
        self.graphs: list[Any] | None = [ox.DefaultGraph(), *named] if named else None
        self._labels: dict[str, str] = {}

    def rows(self, query: str) -> Iterator[Any]:
        if self.graphs is None:
            yield from cast("ox.QuerySolutions", self.store.query(_PREFIXES + query))
        else:
            yield from cast(
                "ox.QuerySolutions", self.store.query(_PREFIXES + query, default_graph=self.graphs)
            )

    def objects(self, subject: Any, predicate: str) -> list[Any]:
        found = self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)
        inferred = ox.NamedNode(INFERRED_IRI)
        return sorted({q.object for q in found if q.graph_name != inferred}, key=str)

    def learn_labels(self, iris: Iterable[str]) -> None:
        self._labels.update(labels(self.store, [i for i in iris if i not in self._labels]))

    def label(self, iri: str) -> str:
        if iri not in self._labels:
            self.learn_labels([iri])
        return self._labels.get(iri) or _local_name(iri)


def _local_name(iri: str) -> str:
    """The last part of an IRI: ``…#hasTopping`` → ``hasTopping``.

    >>> _local_name("http://www.w3.org/2001/XMLSchema#integer")
    'integer'
    """
    local = re.split(r"[#/:]", iri.rstrip("/#"))[-1]
    return local or iri


# ---------------------------------------------------------------------------------------------------
# class expressions as Manchester-like text


class _Manchester:
    """Class expressions (blank nodes) written as Manchester-like text, with labels for names."""

    _NARY = ((OWL + "intersectionOf", " and "), (OWL + "unionOf", " or "))
    _RESTRICTIONS = (
        (OWL + "someValuesFrom", "some"),
        (OWL + "allValuesFrom", "only"),
        (OWL + "hasValue", "value"),
        (OWL + "minQualifiedCardinality", "min"),
        (OWL + "maxQualifiedCardinality", "max"),
        (OWL + "qualifiedCardinality", "exactly"),
        (OWL + "minCardinality", "min"),
        (OWL + "maxCardinality", "max"),
        (OWL + "cardinality", "exactly"),
    )

    def __init__(self, store: _Store) -> None:
        self.store = store

    def text(self, term: Any, depth: int = 0) -> str:
        if isinstance(term, ox.NamedNode):
            return self.store.label(term.value)
        if isinstance(term, ox.Literal):
            return f'"{term.value}"'
        if depth > 8:
            return "…"
        for predicate, joiner in self._NARY:
            head = self.store.objects(term, predicate)
            if head:
                return joiner.join(self._operand(m, depth) for m in self._list(head[0]))
        complement = self.store.objects(term, OWL + "complementOf")
        if complement:
            return "not " + self._operand(complement[0], depth)
        one_of = self.store.objects(term, OWL + "oneOf")
        if one_of:
            return "{" + ", ".join(self.text(m, depth + 1) for m in self._list(one_of[0])) + "}"
        on_property = self.store.objects(term, OWL + "onProperty")
        if on_property:
            return self._restriction(term, on_property[0], depth)
        return "(anonymous class)"

    def _restriction(self, term: Any, on_property: Any, depth: int) -> str:
        name = self.text(on_property, depth + 1)
        for predicate, word in self._RESTRICTIONS:
            values = self.store.objects(term, predicate)
            if not values:
                continue
            if word in ("some", "only", "value"):
                return f"{name} {word} {self._operand(values[0], depth)}"
            filler = self.store.objects(term, OWL + "onClass") or self.store.objects(
                term, OWL + "onDataRange"
            )
            count = values[0].value if isinstance(values[0], ox.Literal) else str(values[0])
            return f"{name} {word} {count}" + (f" {self._operand(filler[0], depth)}" if filler else "")
        if self.store.objects(term, OWL + "hasSelf"):
            return f"{name} Self"
        return f"{name} (restriction)"

    def _operand(self, term: Any, depth: int) -> str:
        text = self.text(term, depth + 1)
        return text if isinstance(term, (ox.NamedNode, ox.Literal)) or " " not in text else f"({text})"

    def _list(self, head: Any) -> list[Any]:
        items: list[Any] = []
        nil = ox.NamedNode(RDF + "nil")
        seen: set[Any] = set()
        while head != nil and head not in seen and len(items) < 1000:
            seen.add(head)
            first = self.store.objects(head, RDF + "first")
            if not first:
                break
            items.append(first[0])
            rest = self.store.objects(head, RDF + "rest")
            if not rest:
                break
            head = rest[0]
        return items


# ---------------------------------------------------------------------------------------------------
# the view


def schema_view(
    graph: KnowledgeGraph,
    *,
    layout: str = "auto",
    disjointness: bool | None = None,
    collapse: int | bool | None = None,
    inferred: bool | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> nx.MultiDiGraph:
    """The schema view of a knowledge graph in a VOWL-like notation (see the module's description).

    Args:
        graph: the knowledge graph.
        layout: ``tree`` (each branch of the class hierarchy in a block of its own, positions in the
            nodes' ``x`` and ``y``, physics off), ``force`` (the page's physics) or ``auto`` (the tree
            above :data:`TREE_ABOVE` classes).
        disjointness: show the disjointness edges when the page opens; by default when there are at
            most :data:`DISJOINT_SHOWN` of them. Either way they are in the view, behind the page's toggle.
        collapse: with the tree layout, the depth below which a page starts with the tree collapsed (a
            click on a node shows its children, another hides them again); by default, above
            :data:`COLLAPSE_ABOVE` nodes, each branch's top and children (see :func:`_collapse_depth`);
            ``True`` that whatever the size, ``False`` never.
        inferred: draw the reasoner's edges too; by default when the graph was reasoned over.
        max_nodes: cut the plain schema view down to this many nodes (see :func:`kg.network.to_networkx`).

    Returns:
        The view; ``graph["disjoint_pairs"]`` counts the disjoint pairs, ``graph["hidden_kinds"]`` lists
        the edge kinds a page starts with hidden, ``graph["toggles"]`` those it has a toggle for,
        ``graph["layout"]`` the layout chosen, ``graph["branches"]`` the branches (top classes) and
        ``graph["collapse_depth"]`` the depth below which the page starts collapsed (or ``None``).

    Raises:
        UnknownNameError: for an unknown layout.

    >>> import kg
    >>> view = schema_view(kg.load(), layout="tree")
    >>> view.graph["layout"], view.graph["physics"], all("x" in d for _, d in view.nodes(data=True))
    ('tree', False, True)
    """
    if layout not in LAYOUTS:
        raise UnknownNameError("layout", layout, LAYOUTS)
    view = to_networkx(graph, "schema", inferred=inferred, max_nodes=max_nodes)
    store = _Store(graph)
    _restriction_kinds(view)
    _unqualified(view, store)
    pairs = _disjointness(view, store)
    _equivalence(view, store)
    _data_properties(view, store)
    _property_facts(view, store)
    _tree(view)
    classes = sum(1 for _, d in view.nodes(data=True) if d.get("kind") == "class")
    chosen = ("tree" if classes > TREE_ABOVE else "force") if layout == "auto" else layout
    shown = pairs <= DISJOINT_SHOWN if disjointness is None else disjointness
    view.graph.update(
        {
            "layout": chosen,
            "disjoint_pairs": pairs,
            "toggles": ["disjoint"] if pairs else [],
            "hidden_kinds": [] if shown or not pairs else ["disjoint"],
        }
    )
    view.graph["collapse_depth"] = None
    if chosen == "tree":
        tree_layout(view)
        view.graph["physics"] = False
        if collapse is None and view.number_of_nodes() > COLLAPSE_ABOVE:
            view.graph["collapse_depth"] = _collapse_depth(view)
        elif collapse is not None and collapse is not False and collapse is not True:
            view.graph["collapse_depth"] = int(collapse)
        elif collapse is True:
            view.graph["collapse_depth"] = _collapse_depth(view)
    return view


def _collapse_depth(view: nx.MultiDiGraph) -> int:
    """The depth down to which a collapsed tree is shown at first: each branch's top and its children
    (two levels below a root over the branches, like schema.org's Thing), fewer levels if that would
    show more than :data:`SHOWN_AT_FIRST` nodes, but never less than the branches.

    >>> import networkx as nx
    >>> view = nx.MultiDiGraph(tree_roots=["a"])
    >>> view.add_nodes_from([("a", {"depth": 0}), ("b", {"depth": 1}), ("c", {"depth": 2})])
    >>> view.add_node("d", depth=3)
    >>> _collapse_depth(view)
    2
    """
    data = view.nodes
    branch_level = 1 + max(
        (int(data[r].get("depth", 0)) for r in view.graph.get("tree_roots") or ()), default=-1
    )
    per_depth: dict[int, int] = defaultdict(int)
    for _, node in view.nodes(data=True):
        per_depth[int(node.get("depth", 0))] += 1
    depth = branch_level + 1
    while depth > branch_level and sum(n for d, n in per_depth.items() if d <= depth) > SHOWN_AT_FIRST:
        depth -= 1
    return depth


def _restriction_kinds(view: nx.MultiDiGraph) -> None:
    """Restriction edges get the kind of their restriction, so that each kind has its own style."""
    for _, _, data in view.edges(data=True):
        if data.get("kind") == "restriction" and data.get("restriction") in RESTRICTION_KINDS:
            data["kind"] = data["restriction"]
            if data["restriction"] in ("min", "max", "exactly"):
                data["qualified"] = True


def _add_node(view: nx.MultiDiGraph, node_id: str, **data: Any) -> None:
    if node_id not in view:
        base = {"label": "", "iri": "", "kind": "class", "types": [], "definition": "", "group": ""}
        view.add_node(node_id, **{**base, "attributes": {}, **data})


def _edge(view: nx.MultiDiGraph, s: str, o: str, key: str, **data: Any) -> None:
    if not view.has_edge(s, o, key):
        view.add_edge(s, o, key, **{"types": [], "definition": "", "inferred": False, **data})


def _unqualified(view: nx.MultiDiGraph, store: _Store) -> None:
    """Cardinality on a property alone: an edge to a ``Thing`` of the class's own (VOWL draws it so)."""
    rows = [r for r in store.rows(_UNQUALIFIED) if r["s"].value in view]
    store.learn_labels(r["p"].value for r in rows)
    for row in rows:
        s, p, word, n = row["s"].value, row["p"].value, row["r"].value, row["n"].value
        thing = f"{OWL}Thing {s}"  # a space: no IRI clashes with it
        _add_node(view, thing, label="Thing", iri=OWL + "Thing", host=s)
        _edge(
            view,
            s,
            thing,
            f"{word} {n} {p}",
            label=store.label(p),
            iri=p,
            kind="cardinality",
            restriction=word,
            cardinality=n,
            qualified=False,
        )


def _disjointness(view: nx.MultiDiGraph, store: _Store) -> int:
    """One ``disjoint`` edge per pair of disjoint classes of the view (however the ontology says it)."""
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.rows(_DISJOINT):
        a, b = row["a"].value, row["b"].value
        if a in view and b in view:
            via[(a, b)].add(row["via"].value)
    for row in store.rows(_UNION_MEMBERS):
        member, union = row["m"].value, row["u"].value
        if member in view and union in view:
            _edge(
                view,
                member,
                union,
                RDFS + "subClassOf",
                label="subclass of",
                iri=RDFS + "subClassOf",
                kind="subclass",
            )
    for (a, b), how in sorted(via.items()):
        _edge(
            view,
            a,
            b,
            "disjoint",
            label="disjoint",
            iri=OWL + "disjointWith",
            kind="disjoint",
            via=", ".join(sorted(how)),
        )
    partners: dict[str, list[str]] = defaultdict(list)
    for a, b in via:
        partners[a].append(b)
        partners[b].append(a)
    for node, others in partners.items():
        names = sorted(view.nodes[o]["label"] for o in others)
        shown = names[:25] + ([f"… and {len(names) - 25} more"] if len(names) > 25 else [])
        view.nodes[node].setdefault("attributes", {})[f"disjoint with ({len(names)})"] = shown
    return len(via)


def _equivalence(view: nx.MultiDiGraph, store: _Store) -> None:
    """Named equivalent classes as edges; equivalent class expressions as text; defined classes filed
    under the named classes of their definition (``Margherita ≡ NamedPizza and …`` is a NamedPizza)."""
    for row in store.rows(_EQUIVALENT):
        a, b = row["a"].value, row["b"].value
        if a in view and b in view and not view.has_edge(b, a, "equivalent"):
            _edge(
                view, a, b, "equivalent", label="equivalent", iri=OWL + "equivalentClass", kind="equivalent"
            )
    for row in store.rows(_DEFINED_UNDER):
        s, o = row["s"].value, row["o"].value
        if s in view and o in view:
            _edge(
                view,
                s,
                o,
                RDFS + "subClassOf",
                label="subclass of",
                iri=RDFS + "subClassOf",
                kind="subclass",
                via="owl:equivalentClass",
            )
    writer = _Manchester(store)
    texts: dict[str, list[str]] = defaultdict(list)
    for row in store.rows(_EXPRESSIONS):
        if row["s"].value in view:
            texts[row["s"].value].append(writer.text(row["e"]))
    for node, found in texts.items():
        view.nodes[node].setdefault("attributes", {})["equivalent to"] = sorted(found)


def _data_properties(view: nx.MultiDiGraph, store: _Store) -> None:
    """A datatype property as an edge from its domain to a box of its datatype (one per property)."""
    rows = [r for r in store.rows(_DATA_PROPERTIES) if r["d"].value in view]
    store.learn_labels(r["p"].value for r in rows)
    for row in sorted(rows, key=lambda r: (r["d"].value, r["p"].value)):
        domain, p = row["d"].value, row["p"].value
        datatype = row["r"].value if row["r"] is not None else RDFS + "Literal"
        box = f"{p} {domain}"  # a space: no IRI clashes with it
        name = _local_name(datatype) if datatype.startswith((XSD, RDFS, RDF)) else store.label(datatype)
        _add_node(
            view, box, label=name, iri=datatype, kind="data-value", types=[RDFS + "Datatype"], host=domain
        )
        _edge(view, domain, box, p, label=store.label(p), iri=p, kind="data-property")


def _property_facts(view: nx.MultiDiGraph, store: _Store) -> None:
    """Each property edge gets the property's characteristics and relations, for the details panel."""
    properties = sorted(
        {
            d["iri"]
            for _, _, d in view.edges(data=True)
            if d.get("iri") and d.get("kind") not in _NOT_PROPERTIES
        }
    )
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for start in range(0, len(properties), 300):
        values = " ".join(f"<{p}>" for p in properties[start : start + 300] if ">" not in p)
        if not values:
            continue
        for row in store.rows(_PROPERTY_FACTS.format(values=values)):
            p, relation, o = row["p"].value, row["rel"].value, row["o"].value
            if relation == "type":
                if o in _CHARACTERISTICS:
                    found[p]["characteristics"].add(_CHARACTERISTICS[o])
                elif o == OWL + "DatatypeProperty":
                    found[p]["kind"].add("datatype property")
                elif o == OWL + "ObjectProperty":
                    found[p]["kind"].add("object property")
            else:
                found[p][relation].add(o)
    store.learn_labels(
        o
        for facts in found.values()
        for r, os in facts.items()
        if r not in ("kind", "characteristics")
        for o in os
    )
    facts_of: dict[str, list[list[str]]] = {}
    for p, facts in found.items():
        rows = []
        for relation in _FACT_ORDER:
            given = facts.get(relation)
            if not given:
                continue
            names = sorted(given) if relation == "characteristics" else sorted(store.label(o) for o in given)
            rows.append([relation, ", ".join(names)])
        facts_of[p] = rows
    for _, _, data in view.edges(data=True):
        if data.get("kind") not in _NOT_PROPERTIES and data.get("iri") in facts_of:
            data["facts"] = facts_of[data["iri"]]


_NOT_PROPERTIES = ("subclass", "disjoint", "equivalent", "type")


# ---------------------------------------------------------------------------------------------------
# the tree and its layout


def _tree(view: nx.MultiDiGraph) -> None:
    """Give every node a parent in a spanning tree of the class hierarchy, a depth and a branch.

    A class under several superclasses is filed under the first one reached (breadth first from the
    roots, in label order); a node outside the class hierarchy (a datatype box, a value, a ``Thing``, a
    class only linked by equivalence or restrictions, like schema.org's equivalents in other
    vocabularies) beside the first node of the tree it is linked to. Classes are coloured by branch.
    """
    data = view.nodes

    def order(node: str) -> tuple[str, str]:
        return (str(data[node].get("label", "")).lower(), node)

    parent, depth = _spanning_tree(view, order)
    # the branches: the roots, except that a branch holding much of the view is split into its children
    # (schema.org's Thing, Pizza's DomainConcept and then Food), its top placed alone
    size = _subtree_sizes(view, parent)
    below: dict[str, list[str]] = defaultdict(list)
    for node, up in parent.items():
        if up is not None:
            below[up].append(node)
    branch_roots = {n for n in view if parent[n] is None}
    dominant: list[str] = []
    while branch_roots:
        largest = max(branch_roots, key=lambda b: (size[b], b))
        if size[largest] <= max(_SPLIT * view.number_of_nodes(), 30) or not below[largest]:
            break
        branch_roots.remove(largest)
        branch_roots.update(below[largest])
        dominant.append(largest)
    for node in view:
        top = node
        while top not in branch_roots and parent[top] is not None:
            top = cast("str", parent[top])
        data[node]["tree_parent"] = parent[node] or ""
        data[node]["depth"] = depth[node]
        data[node]["branch"] = top
        if data[node].get("kind") == "class":
            data[node]["group"] = top if size[top] > 1 else ""
    view.graph["branches"] = sorted(
        (b for b in branch_roots if size[b] > 1), key=lambda b: (-size[b], order(b))
    )
    view.graph["tree_roots"] = sorted(dominant)
    names = view.graph.setdefault("labels", {})  # the legend names the colour groups
    for node in branch_roots:
        names[node] = str(data[node].get("label") or node)


def _spanning_tree(
    view: nx.MultiDiGraph, order: Callable[[str], tuple[str, str]]
) -> tuple[dict[str, str | None], dict[str, int]]:
    """Each node's parent (``None`` for a root) and depth, as :func:`_tree` describes."""
    data = view.nodes
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for s, o, d in view.edges(data=True):
        if d.get("kind") == "subclass" and s != o and o not in parents[s]:
            parents[s].append(o)
            children[o].append(s)

    linked = {n for n in view if view.degree(n)}
    classes = sorted(
        {
            n
            for n in view
            if n in parents or n in children or (data[n].get("kind") == "class" and n not in linked)
        },
        key=order,
    )
    parent: dict[str, str | None] = {}
    depth: dict[str, int] = {}
    roots = [n for n in classes if not parents.get(n)]
    queue: list[str] = []
    for pending in (roots, classes):  # classes only in cycles start from themselves
        for root in pending:
            if root in depth:
                continue
            parent[root], depth[root] = None, 0
            queue.append(root)
            head = len(queue) - 1
            while head < len(queue):
                node = queue[head]
                head += 1
                for child in sorted(children.get(node, ()), key=order):
                    if child not in depth:
                        parent[child], depth[child] = node, depth[node] + 1
                        queue.append(child)
    rest = sorted((n for n in view if n not in depth), key=order)
    for _ in range(4):  # a few rounds: a node may be linked only to another one of the rest
        for node in rest:
            hosts = sorted((s for s in view.predecessors(node) if s in depth), key=order) or sorted(
                (s for s in view.successors(node) if s in depth), key=order
            )
            if hosts and node not in depth:
                parent[node], depth[node] = hosts[0], depth[hosts[0]] + 1
        rest = [n for n in rest if n not in depth]
    for node in rest:
        parent[node], depth[node] = None, 0
    return parent, depth


def _subtree_sizes(view: nx.MultiDiGraph, parent: Mapping[str, str | None]) -> dict[str, int]:
    size = dict.fromkeys(view, 1)
    kids: dict[str | None, list[str]] = defaultdict(list)
    for node, up in parent.items():
        kids[up].append(node)
    stack: list[tuple[str, bool]] = [(n, False) for n in kids[None]]
    while stack:
        node, done = stack.pop()
        if done:
            size[node] += sum(size[k] for k in kids[node])
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids[node])
    return size


_COLUMN = 230.0  # px between depths: a label of ~30 characters
_ROW = 46.0  # px between rows: a node and its label below it
_GAP = 2.0  # rows between two blocks
_RUN = 12  # leaves under one node in one column at most
_SPLIT = 0.4  # a branch with more than this share of the nodes is split into its children


def tree_layout(view: nx.MultiDiGraph) -> None:
    """Positions for a view with a tree (see :func:`schema_view`): each branch a tree from left to right
    in a block of its own (leaves one row apart, a parent in the middle of its children), the blocks
    packed in columns that together are about as wide as high; a root that holds most of the nodes goes
    first, alone. Sets ``x`` and ``y`` of every node and ``graph["blocks"]``: each branch's box.

    >>> import networkx as nx
    >>> view = nx.MultiDiGraph()
    >>> for node, up, branch in [("a", "", "a"), ("b", "a", "a"), ("c", "a", "a"), ("d", "", "d")]:
    ...     view.add_node(node, tree_parent=up, depth=0 if not up else 1, branch=branch, label=node)
    >>> tree_layout(view)
    >>> [(view.nodes[n]["x"], view.nodes[n]["y"]) for n in "abcd"]
    [(0.0, 23.0), (230.0, 0.0), (230.0, 46.0), (0.0, 184.0)]
    >>> view.graph["blocks"]
    {'a': [0.0, 0.0, 230.0, 46.0], 'd': [0.0, 184.0, 0.0, 184.0]}
    """
    data = view.nodes
    kids: dict[str, list[str]] = defaultdict(list)
    for node in sorted(view, key=lambda n: (str(data[n].get("label", "")).lower(), n)):
        up = data[node].get("tree_parent") or ""
        if up:
            kids[up].append(node)
    members: dict[str, list[str]] = defaultdict(list)
    for node in view:
        members[data[node].get("branch") or node].append(node)
    xs: dict[str, float] = {}
    ys: dict[str, float] = {}
    blocks: list[tuple[str, float, float]] = []  # branch, width, height, in local coordinates
    roots = set(view.graph.get("tree_roots") or ())  # a root over the branches goes first, alone

    def block_order(b: str) -> tuple[bool, int, str, str]:
        return (b not in roots, -len(members[b]), str(data[b].get("label", "")).lower(), b)

    for branch in sorted(members, key=block_order):
        rows = _place(branch, kids, xs, ys, members[branch])
        width = max(xs[n] for n in members[branch]) + _COLUMN
        blocks.append((branch, width, rows * _ROW))
    # blocks in columns, each column about as high as the whole is wide
    area = sum((w + _COLUMN * 0.3) * (h + _GAP * _ROW) for _, w, h in blocks)
    height = max(max((h for _, _, h in blocks), default=0.0), math.sqrt(area / 1.6))
    boxes: dict[str, list[float]] = {}
    x = y = column_width = 0.0
    for branch, width, block_height in blocks:
        if y > 0 and y + block_height > height:
            x, y, column_width = x + column_width + _COLUMN * 0.3, 0.0, 0.0
        for node in members[branch]:
            data[node]["x"], data[node]["y"] = round(xs[node] + x, 1), round(ys[node] + y, 1)
        boxes[branch] = [
            round(x, 1),
            round(y, 1),
            round(x + width - _COLUMN, 1),
            round(y + block_height - _ROW, 1),
        ]
        y += block_height + _GAP * _ROW
        column_width = max(column_width, width)
    view.graph["blocks"] = boxes


def _place(
    branch: str, kids: Mapping[str, list[str]], xs: dict[str, float], ys: dict[str, float], members: list[str]
) -> int:
    """Place one branch from left to right; return the rows it takes.

    Many leaves under one node (AIO's 150 layers) would make one very tall column: above
    :data:`_RUN` of them they go in several columns side by side, in rows of their own.
    """
    inside = set(members)
    rows = 0
    # iterative post-order: a parent is placed after its children; "grid" places a node's leaves
    stack: list[tuple[str, int, str]] = [(branch, 0, "visit")]
    while stack:
        node, level, step = stack.pop()
        below = [k for k in kids.get(node, ()) if k in inside]
        if step == "visit":
            xs[node] = level * _COLUMN
            if not below:
                ys[node] = rows * _ROW
                rows += 1
                continue
            leaves = [k for k in below if not any(c in inside for c in kids.get(k, ()))]
            inner = below if len(leaves) <= _RUN else [k for k in below if k not in set(leaves)]
            stack.append((node, level, "done"))
            if len(inner) < len(below):
                stack.append((node, level, "grid"))
            stack.extend((k, level + 1, "visit") for k in reversed(inner))
        elif step == "grid":
            leaves = [k for k in below if not any(c in inside for c in kids.get(k, ()))]
            columns = math.ceil(len(leaves) / _RUN)
            per_column = math.ceil(len(leaves) / columns)
            for i, leaf in enumerate(leaves):
                xs[leaf] = (level + 1 + i // per_column) * _COLUMN
                ys[leaf] = (rows + i % per_column) * _ROW
            rows += per_column
        else:
            placed = [ys[k] for k in below]
            ys[node] = (min(placed) + max(placed)) / 2
    for node in members:  # members not reached from the branch's top (should not happen): one row each
        if node not in ys:
            xs[node], ys[node] = 0.0, rows * _ROW
            rows += 1
    return max(rows, 1)
