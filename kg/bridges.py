"""Bridges to the tools people already use: flat networkx graphs for GraphML and GEXF (Gephi,
Cytoscape), a pyvis ``Network`` to customise, an owlready2 ontology.

The views of :mod:`kg.network` keep lists and dicts on their nodes (``types``, ``attributes``), which
networkx's GraphML and GEXF writers refuse. :func:`flatten` turns each into scalars: ``types`` joined
with ``"; "``, each attribute its own key (a number when every value of it is one), ``None`` dropped.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kg import vocab
from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph

__all__ = ["NETWORK_FORMATS", "flatten", "to_owlready", "to_pyvis", "write_network"]

#: The network formats ``kg export --format`` writes besides RDF.
NETWORK_FORMATS = ("graphml", "gexf")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def _scalar(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: numbers stay numbers, lists are joined, the rest is text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
        return "; ".join(sorted(items) if isinstance(value, (set, frozenset)) else items)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _number(values: list[Any]) -> int | float | None:
    """The number a single-valued attribute holds (``["2020"]`` → 2020), else ``None``."""
    if len(values) != 1 or not isinstance(values[0], str) or not _NUMBER.match(values[0]):
        return None
    text = values[0]
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)


def _key(name: str) -> str:
    """An attribute name as a key: words joined by underscores (``release year`` → ``release_year``)."""
    return re.sub(r"\W+", "_", name.strip()).strip("_") or "value"


def flatten(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a view whose node, edge and graph attributes are all scalars (see the module).

    >>> import kg, networkx as nx, io
    >>> flat = flatten(kg.load().to_networkx("instances"))
    >>> flat.nodes["https://w3id.org/genai-kg/model/gpt-3-175b-davinci"]["release_year"]
    2020
    >>> nx.write_graphml(flat, io.BytesIO())
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for name, value in network.graph.items():
        scalar = _scalar(value)
        if scalar is not None:
            flat.graph[name] = scalar
    for node, data in network.nodes(data=True):
        out: dict[str, Any] = {}
        for name, value in data.items():
            if name == "attributes" and isinstance(value, Mapping):
                for attribute, values in value.items():
                    listed = list(values) if isinstance(values, (list, tuple)) else [values]
                    number = _number(listed)
                    out[_key(str(attribute))] = number if number is not None else _scalar(listed)
                continue
            scalar = _scalar(value)
            if scalar is not None:
                out[name] = scalar
        flat.add_node(str(node), **out)
    for source, target, key, data in network.edges(keys=True, data=True):
        edge = {name: _scalar(value) for name, value in data.items() if _scalar(value) is not None}
        flat.add_edge(str(source), str(target), key=str(key), **edge)
    return flat


def write_network(network: nx.MultiDiGraph, fmt: str, destination: str | os.PathLike[str] | None) -> bytes:
    """Write a view as GraphML or GEXF (flattened first); to ``destination`` atomically, or return the bytes.

    >>> import kg
    >>> write_network(kg.load().to_networkx("schema"), "gexf", None).startswith(b"<?xml")
    True
    """
    import io

    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise KGError(f"unknown network format {fmt!r}; known: {', '.join(NETWORK_FORMATS)}")
    buffer = io.BytesIO()
    flat = flatten(network)
    if fmt == "graphml":
        nx.write_graphml(flat, buffer)
    else:
        nx.write_gexf(flat, buffer)
    data = buffer.getvalue()
    if destination is not None:
        from kg.files import write_bytes

        write_bytes(destination, data)
    return data


def to_pyvis(network: nx.MultiDiGraph, **options: Any) -> Any:
    """A ``pyvis.network.Network`` of a view, styled as our pages (shapes by kind, colours by class IRI,
    dashed inferred edges) and with vis-network inlined, so its HTML works offline.

    Args:
        network: a view of :mod:`kg.network` (``graph.to_networkx(...)``).
        **options: options of ``pyvis.network.Network`` (``height``, ``width``, ``directed`` …).

    >>> import kg
    >>> net = kg.load().to_pyvis("schema")
    >>> type(net).__name__, len(net.nodes) > 10, net.cdn_resources
    ('Network', True, 'in_line')
    """
    from pyvis.network import Network

    from kg.pages import _style, colour_of

    style = _style()
    kinds, edge_styles = style["kinds"], style["edges"]
    settings = {"height": "750px", "width": "100%", "directed": True, "cdn_resources": "in_line"}
    settings.update(options)
    net = Network(**settings)
    for node, data in network.nodes(data=True):
        kind = data.get("kind") if data.get("kind") in kinds else "resource"
        group = data.get("group") or ""
        attributes = data.get("attributes") or {}
        details = [f"{k}: {'; '.join(map(str, v))}" for k, v in attributes.items()]
        title = "\n".join([str(data.get("iri") or node), *details])
        net.add_node(
            str(node),
            label=str(data.get("label") or node),
            title=title,
            shape=kinds[kind]["shape"],
            color=colour_of(group) if group else kinds[kind]["color"],
            size=kinds[kind]["size"] * 1.5,
        )
    for source, target, data in network.edges(data=True):
        edge_style = edge_styles.get(data.get("kind"), edge_styles["property"])
        inferred = bool(data.get("inferred"))
        net.add_edge(
            str(source),
            str(target),
            label=str(data.get("label") or ""),
            color=style["inferred"]["color"] if inferred else edge_style["color"],
            width=edge_style["width"],
            dashes=inferred,
        )
    return net


def to_owlready(graph: KnowledgeGraph, *, inferred: bool = False, with_ontology: bool = True) -> Any:
    """The graph as an owlready2 ontology, in a world of its own (RDF/XML handed over in memory).

    Args:
        graph: the knowledge graph.
        inferred: add the inferred triples.
        with_ontology: include the embedded ontology (owlready2 needs its classes to type individuals).

    >>> import kg
    >>> onto = kg.load().to_owlready()
    >>> onto.search_one(iri="*/model/bert-large").is_a[0].name
    'EncoderOnlyLanguageModel'
    """
    import io

    import owlready2

    data = graph.serialize("xml", inferred=inferred, with_ontology=with_ontology) or ""
    world = owlready2.World()
    iri = next((o.iri for o in graph.summary().ontologies), vocab.KG + "graph")
    return world.get_ontology(iri).load(fileobj=io.BytesIO(data.encode("utf-8")))
