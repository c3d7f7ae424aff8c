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
answers. From a local store (in memory or on disk) the bulk of the full and instance views, the
object-property and ``rdf:type`` triples and the literal values, is read from the store's quads by
its own index scans, each triple once; an endpoint answers the same queries. The summary view
aggregates in the engine (``COUNT … GROUP BY``), so it reads a few hundred rows whatever the size of
the graph. Views are built with the cyclic garbage collector paused (:mod:`kg.collector`). Node ids
are IRIs, ``_:id`` for blank nodes and the N-Triples form for literals.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import choices
from kg.errors import QueryError, UnknownNameError, UsageError
from kg.network_assembler import (
    _Assembler,
)
from kg.network_bounds import cap_note, is_remote, limited
from kg.network_counts import summary_counts
from kg.network_reader import (
    _ANNOTATION_QUERY,
    _CLASSES_QUERY,
    _DATATYPE_ATTRIBUTES_QUERY,
    _HIERARCHY_QUERY,
    _SUBCLASS,
    _TYPE,
    _VIEW_EDGES,
    _describe,
    _drop_redundant,
    _Edge,
    _language_rank,
    _local_name,
    _node_id,
    _read_edges,
    _Reader,
    _without_gc,
    _words,
    is_builtin,
)
from kg.vocab import DCTERMS as DCTERMS
from kg.vocab import DEFINITIONS as _DEFINITIONS
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
VIEWS = choices.VIEWS
_ALIASES = {"instance": "instances", "neighborhood": "neighbourhood", "ego": "neighbourhood"}
#: Views larger than this are cut down, with a message that suggests the summary or neighbourhood view.
DEFAULT_MAX_NODES = 50_000


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
        for term in reader.individuals():
            nodes.append(assembler.node(term))
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
    all_nodes.update(map(attrgetter("sid"), edges))  # (loops in C)
    all_nodes.update(map(attrgetter("oid"), edges))
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
    >>> sorted(view.nodes[n]["label"] for n in view.successors("https://w3id.org/genai-kg/model/gpt-3-175b-davinci"))
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
