"""Graph pages: a networkx view → one offline HTML file (and its Jupyter display).

:func:`render` turns a view of :mod:`kg.network` (or any networkx graph, a :class:`~kg.graph.KnowledgeGraph`
or a query :class:`~kg.sparql.Result`) into a :class:`Page`: one self-contained HTML file with our own
template, style and script from ``viz/`` (``graph.html``, ``graph.css``, ``graph.js``, ``canvas.js``,
``graph-style.json``). It has a legend of every kind and top class present, a search box over labels,
a details panel (label, definition, IRI, literal values, links), a physics toggle, and the view, query
and sources stamped in it.

How pyvis is used. The page draws small and medium graphs with vis-network, the copy that the pyvis
package ships (``pyvis/templates/lib/vis-*/vis-network.min.js``, found through the installed package and
inlined), so nothing is fetched from any network. We do not use pyvis's ``Network`` class: its
``add_node``/``add_edge`` check every edge against all the others (quadratic: 54 s for 20,000 nodes
where writing the lists takes 0.01 s), and its templates load vis-network, tom-select and Bootstrap from
CDNs even in ``in_line`` mode (blank or broken pages offline). We write the node and edge lists
ourselves, as JSON in a ``<script type="application/json">`` block.

Large graphs. vis-network spends tens of microseconds per node and edge just to set them up (about
10 s for 50,000 nodes and 120,000 edges on a 2-core machine), so above ``limits.vis_nodes`` nodes or
``limits.vis_edges`` edges the page draws with our own canvas renderer (``viz/canvas.js``): a layout
computed here (deterministic, linear time: high-degree nodes on a ring, every other node between
its best connected neighbours), physics off, edges drawn progressively so the tab never freezes.
Graphs above ``max_nodes`` nodes are cut down, with a message in the page that suggests the summary or
neighbourhood view. Small graphs (up to ``limits.physics_nodes``) start with physics on, from the same
layout, with a fixed seed.

Safety. Every text from the data reaches the page only as JSON inside the data block, with ``<``,
``>``, ``&``, U+2028 and U+2029 escaped, and the page's scripts only ever set ``textContent``. A
Content-Security-Policy allows our inline scripts by their hashes and nothing else: no network access,
and no inline event handler could run even if markup got in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import resources
from kg.errors import KGError, ToolMissingError, UnknownNameError, UsageError
from kg.network import DEFAULT_MAX_NODES, cap_message
from kg.network_reader import _without_gc
from kg.vocab import NAMESPACES

if TYPE_CHECKING:
    import networkx as nx

    from kg.graph import KnowledgeGraph
    from kg.sparql import Result

__all__ = ["DEFAULT_MAX_EDGES", "Page", "layout", "pages_dir", "render", "vis_network_js", "write_pages"]

#: Pages with more edges than this are cut down (after the node cap).
DEFAULT_MAX_EDGES = 500_000
_RENDERERS = ("auto", "vis", "canvas")
_GOLDEN = math.pi * (3 - math.sqrt(5))
_SPACING = 30.0
_PREFIXES = {name: NAMESPACES[name] for name in ("rdf", "rdfs", "owl", "xsd", "skos")}
_RESTRICTION_TEXT = {
    "some": "some",
    "only": "only",
    "value": "value",
    "min": "≥ {n}",
    "max": "≤ {n}",
    "exactly": "= {n}",
}


class Page:
    """A rendered graph page: one HTML file that works offline.

    Attributes:
        html: the page.
        nodes: the number of nodes drawn.
        edges: the number of edges drawn.
        total_nodes: the number of nodes of the graph before any cap.
        message: why the page shows less than the whole graph, or ``""``.
        renderer: ``"vis"`` (vis-network) or ``"canvas"`` (our renderer for large graphs).
        title: the page title.
        view: the view drawn (``schema``, ``query`` …; ``graph`` for a networkx graph of your own).
        path: where :meth:`write` last wrote it, if anywhere.

    In Jupyter the page displays inline, isolated in an ``<iframe>``; no file is written unless
    :meth:`write` is called.

    >>> import kg
    >>> page = kg.render(kg.load())
    >>> page.html.startswith("<!DOCTYPE html>"), page.path
    (True, None)
    """

    def __init__(
        self,
        html_text: str,
        *,
        nodes: int,
        edges: int,
        total_nodes: int,
        message: str,
        renderer: str,
        title: str,
        view: str = "graph",
    ) -> None:
        self.html = html_text
        self.nodes, self.edges, self.total_nodes = nodes, edges, total_nodes
        self.message, self.renderer, self.title, self.view = message, renderer, title, view
        self.path: Path | None = None

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to a file, atomically, and return its path.

        >>> import kg, tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "schema.html"
        >>> kg.render(kg.load()).write(target) == target and target.stat().st_size > 100_000
        True
        """
        from kg.files import write_bytes

        target = Path(path)
        write_bytes(target, self.html.encode("utf-8"))
        self.path = target
        return target

    def _repr_html_(self) -> str:
        """The page in an isolated ``<iframe srcdoc>`` for Jupyter (no file is written)."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'title="{html.escape(self.title, quote=True)}" '
            'style="width:100%;height:640px;border:1px solid #d0d0d0;border-radius:4px"></iframe>'
        )

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"<Page {self.title!r}: {self.nodes} nodes, {self.edges} edges, {self.renderer}{where}>"


@_without_gc
def render(
    view_or_result: nx.Graph[Any] | KnowledgeGraph | Result,
    path: str | os.PathLike[str] | None = None,
    *,
    graph: KnowledgeGraph | None = None,
    view: str | None = None,
    query: str | os.PathLike[str] | None = None,
    title: str | None = None,
    sources: Sequence[str] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    max_edges: int | None = DEFAULT_MAX_EDGES,
    renderer: str = "auto",
    physics: bool | None = None,
    positions: Mapping[Any, Sequence[float]] | None = None,
    with_ontology: bool | None = None,
    **view_options: Any,
) -> Page:
    """Draw a graph view as an offline HTML page.

    Args:
        view_or_result: a networkx graph (a view of :mod:`kg.network` or any other), a
            :class:`~kg.graph.KnowledgeGraph` (drawn in ``view``, by default the schema), or a query
            :class:`~kg.sparql.Result` (the query view).
        path: write the page there too (atomically).
        graph: the knowledge graph a ``Result`` came from, for labels and definitions.
        view: the view of a knowledge graph: ``schema`` (the default), ``instances``, ``full``,
            ``neighbourhood`` (the default with ``around=``), ``summary`` or ``query`` (with ``query=``).
        query: draw the answer to this query (a name, an ``.rq`` file or text) of the knowledge graph.
        title: the page title; by default the view's.
        sources: the sources stamped in the page; by default the view's.
        max_nodes: draw at most this many nodes (the best connected), with a message; ``None`` for all.
        max_edges: draw at most this many edges.
        renderer: ``auto`` (vis-network for small and medium graphs, our canvas renderer above),
            ``vis`` or ``canvas``.
        physics: start with physics on; by default for graphs of up to ``limits.physics_nodes`` nodes.
        positions: node positions to draw at (e.g. a networkx layout), instead of ours.
        with_ontology: draw the embedded ontology too. By default a knowledge graph that holds data
            besides it is drawn as the user's data: the ``full`` view (unless ``view`` says otherwise)
            cut down to the nodes the user's sources mention (classes and labels still come from the
            ontology); a graph of the ontology alone is drawn whole.
        **view_options: options of :func:`kg.network.to_networkx` (``around=``, ``hops=``, ``source=`` …),
            and of :func:`kg.schema_view.schema_view` for the schema view (``layout=``, ``disjointness=``,
            ``collapse=``).

    Returns:
        The :class:`Page`.

    Raises:
        UnknownNameError: for an unknown view or renderer.
        ToolMissingError: when ``renderer="vis"`` is asked for and pyvis's vis-network is missing.

    >>> import kg
    >>> page = render(kg.load(), view="summary")
    >>> (page.renderer, page.nodes > 5, "Legend" in page.html)
    ('vis', True, True)
    """
    if renderer not in _RENDERERS:
        raise UnknownNameError("renderer", renderer, _RENDERERS)
    network = _as_networkx(
        view_or_result,
        graph=graph,
        view=view,
        query=query,
        max_nodes=max_nodes,
        view_options=view_options,
        with_ontology=with_ontology,
    )
    page = _page(
        network,
        title=title,
        sources=sources,
        max_nodes=max_nodes,
        max_edges=max_edges,
        renderer=renderer,
        physics=physics,
        positions=positions,
    )
    if path is not None:
        page.write(path)
    return page


def pages_dir() -> Path:
    """The folder where ``kg tour`` writes its pages: ``genai-kg-pages`` in the system's temporary folder.

    Not the working directory: the tour must work from anywhere (a read-only folder, the checkout
    during tests) and leave nothing behind there; a fixed name means running it again overwrites the
    same files instead of piling up new ones. When that folder cannot be written (another user's), a
    fresh one is made.

    >>> pages_dir().name.startswith("genai-kg-pages")
    True
    """
    import tempfile

    folder = Path(tempfile.gettempdir()) / "genai-kg-pages"
    try:
        folder.mkdir(exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="genai-kg-pages-"))


def write_pages(
    graph: Any, directory: str | os.PathLike[str] | None = None, views: Sequence[str] = ("schema", "full")
) -> dict[str, Path]:
    """Write one page per view of a knowledge graph, as ``genai-kg-VIEW.html``.

    Args:
        graph: the :class:`~kg.graph.KnowledgeGraph`.
        directory: where to write; by default :func:`pages_dir`.
        views: the views to draw.

    Returns:
        The path of each page, by view.

    >>> import kg, tempfile
    >>> paths = write_pages(kg.load(), tempfile.mkdtemp())
    >>> sorted(paths), paths["schema"].name
    (['full', 'schema'], 'genai-kg-schema.html')
    """
    folder = Path(directory) if directory is not None else pages_dir()
    return {view: render(graph, view=view).write(folder / f"genai-kg-{view}.html") for view in views}


def _as_networkx(
    item: Any,
    *,
    graph: Any,
    view: str | None,
    query: str | os.PathLike[str] | None,
    max_nodes: int | None,
    view_options: dict[str, Any],
    with_ontology: bool | None = None,
) -> nx.MultiDiGraph:
    from kg.graph import KnowledgeGraph
    from kg.network import result_to_networkx, to_networkx
    from kg.sparql import Result

    if isinstance(item, KnowledgeGraph):
        around = view_options.get("around")
        if query is not None and view not in (None, "query"):
            raise UsageError(
                f"a query is drawn as the query view, not the {view} view: give one or the other"
            )
        if around is not None and view not in (None, "neighbourhood", "neighborhood"):
            raise UsageError(
                f"a node to draw around gives the neighbourhood view, not the {view} view: give one or "
                "the other"
            )
        if query is not None and around is not None:
            raise UsageError("give either a query or a node to draw around, not both")
        own = query is None and around is None and not item.shows_ontology(with_ontology)
        default = "full" if own else "schema"
        chosen = "query" if query is not None else "neighbourhood" if around is not None else view or default
        schema_options = {
            k: view_options.pop(k) for k in ("layout", "disjointness", "collapse") if k in view_options
        }
        if chosen == "schema":  # drawn in its VOWL-like notation (kg.schema_view)
            from kg.schema_view import schema_view

            inferred = view_options.get("inferred")  # the neighbourhood's options (hops=) do not apply
            network = schema_view(item, max_nodes=max_nodes, inferred=inferred, **schema_options)
        elif schema_options:
            named = " and ".join(f"{name}=" for name in schema_options)
            raise UsageError(f"{named} only applies to the schema view, not to the {chosen} view")
        else:
            network = to_networkx(item, chosen, query=query, max_nodes=max_nodes, **view_options)
        if own and chosen in ("schema", "instances", "full"):
            _keep_own(network, item)
        return network
    if isinstance(item, Result):
        return result_to_networkx(item, graph=graph, **view_options)
    if hasattr(item, "nodes") and hasattr(item, "edges") and hasattr(item, "graph"):
        return item
    raise UsageError(
        f"cannot draw a {type(item).__name__}: give a networkx graph, a KnowledgeGraph or a query Result"
    )


def view_of(graph: Any, view: str | None = None, *, with_ontology: bool | None = None) -> nx.MultiDiGraph:
    """The networkx view a page of ``graph`` draws (by default the user's data, see :func:`render`), uncut.

    >>> import kg
    >>> view_of(kg.load()).graph["view"]
    'schema'
    """
    return _as_networkx(
        graph, graph=None, view=view, query=None, max_nodes=None, view_options={}, with_ontology=with_ontology
    )


def _keep_own(network: nx.MultiDiGraph, graph: Any) -> None:
    """Cut a view down to the nodes the user's sources mention (the ontology stays out of their page)."""
    mine = graph.own_nodes()
    if graph.reasoned is not None:  # what the reasoner says of the user's nodes is theirs too (their classes)
        for triple in graph.triples(inferred=True):
            if (
                triple.subject.value in mine
                and hasattr(triple.object, "value")
                and ":" in triple.object.value
            ):
                mine.add(triple.object.value)
    data = network.nodes  # a node drawn for another (a datatype box of the schema view) goes with it
    network.remove_nodes_from(
        [n for n in list(network.nodes) if n not in mine and data[n].get("host") not in mine]
    )
    network.graph["sources"] = graph.user_sources
    if not network.graph.get("truncated"):
        network.graph["total_nodes"] = network.number_of_nodes()
    network.graph["title"] = (
        f"{', '.join(Path(s).name for s in graph.user_sources)}: {network.graph['view']} view"
    )


# ---------------------------------------------------------------------------------------------------
# building the page


@functools.lru_cache(maxsize=1)
def _style() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((resources.viz_dir() / "graph-style.json").read_text(encoding="utf-8"))
    return data


@functools.lru_cache(maxsize=8)
def _viz_text(name: str) -> str:
    return (resources.viz_dir() / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _vis_path() -> Path | None:
    try:
        import pyvis
    except ImportError:
        return None
    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"), key=lambda p: _version_key(p.parent.name))
    return candidates[-1] if candidates else None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def vis_network_js() -> str:
    """The vis-network script that the installed pyvis package ships, to inline in pages.

    Raises:
        ToolMissingError: when pyvis (or its bundled copy of vis-network) is not installed.

    >>> "vis-network" in vis_network_js()[:200]
    True
    """
    path = _vis_path()
    if path is None:
        raise ToolMissingError(
            "pyvis's bundled vis-network is missing; install pyvis (pip install 'pyvis>=0.3.2')"
        )
    return _viz_cached_read(str(path))


@functools.lru_cache(maxsize=2)
def _viz_cached_read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no line separators.

    ``ensure_ascii`` escapes U+2028 and U+2029 (and all other non-ASCII text); ``<``, ``>`` and ``&`` are
    escaped after (str.replace is far faster than str.translate on pages of many megabytes).
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def colour_of(class_iri: str) -> str:
    """The colour of a class's group: the same on every page and in :func:`kg.bridges.to_pyvis`, keyed on
    the class IRI (the ontology's top classes have theirs; any other gets a hue from its IRI's hash).

    >>> colour_of("https://w3id.org/genai-kg/ontology#UseCase")
    '#c9a227'
    >>> colour_of("https://example.org/Thing") == colour_of("https://example.org/Thing")
    True
    """
    known: dict[str, str] = _style().get("classes", {})
    if class_iri in known:
        return known[class_iri]
    digest = int(hashlib.sha1(class_iri.encode("utf-8")).hexdigest()[:8], 16)
    return _hsl(digest % 360, 0.55, 0.42 + (digest >> 9) % 3 * 0.06)


def _hsl(hue: float, saturation: float, lightness: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _page(
    network: nx.MultiDiGraph,
    *,
    title: str | None,
    sources: Sequence[str] | None,
    max_nodes: int | None,
    max_edges: int | None,
    renderer: str,
    physics: bool | None,
    positions: Mapping[Any, Sequence[float]] | None,
) -> Page:
    style = _style()
    limits = style["limits"]
    meta_in = dict(network.graph)
    total_nodes = max(int(meta_in.get("total_nodes") or 0), network.number_of_nodes())
    node_ids = _kept_nodes(network, max_nodes)
    message = _text(meta_in.get("message"))
    if len(node_ids) < network.number_of_nodes():
        message = cap_message(len(node_ids), total_nodes)
    index = {node: i for i, node in enumerate(node_ids)}

    links, flat, weights, edge_kinds, total_edges = _edges(network, index, max_edges, style)
    edge_count = len(flat) // 3
    if edge_count < total_edges and max_edges is not None and edge_count == max_edges:
        message = (message + " " if message else "") + (
            f"Only {max_edges:,} of {total_edges:,} edges are drawn; the summary view shows how they connect."
        )

    labels_of_types: Mapping[str, str] = meta_in.get("labels") or {}
    nodes_out, kinds, groups = _nodes(network, node_ids, labels_of_types, style)
    _tree_fields(network, node_ids, index, nodes_out)

    if physics is None and isinstance(meta_in.get("physics"), bool):  # the view's own choice (a tree layout)
        physics = meta_in["physics"]
    renderer, physics_on = _renderer(renderer, physics, len(nodes_out), edge_count, limits)

    pairs = list(zip(flat[0::3], flat[1::3], strict=True))
    xs, ys = _positions(network, node_ids, pairs, [n["size"] for n in nodes_out], positions)
    for node, x, y in zip(nodes_out, xs, ys, strict=True):
        node["x"], node["y"] = round(x, 1), round(y, 1)

    from kg import __version__

    hidden_edges = sum(edge_kinds[k]["count"] for k in meta_in.get("hidden_kinds") or () if k in edge_kinds)

    page_title = title or _text(meta_in.get("title")) or "Graph"
    if not nodes_out and not message:
        message = "The view is empty: the graph has nothing of this kind to draw."
    meta = {
        "title": page_title,
        "view": _text(meta_in.get("view")) or "graph",
        "sources": [str(s) for s in (sources if sources is not None else meta_in.get("sources") or [])],
        "query": _text(meta_in.get("query")),
        "around": _text(meta_in.get("around")),
        "generator": f"genai-kg {__version__}",
        "nodes": len(nodes_out),
        "edges": edge_count,
        "totalNodes": total_nodes,
        "totalEdges": total_edges,
        "message": message,
        "renderer": renderer,
        "physics": physics_on,
        "directed": network.is_directed(),
        "inferred": bool(meta_in.get("inferred")),
        "edgeLabels": edge_count - hidden_edges <= limits["edge_labels"],
        # edge kinds with a toggle, and those hidden when the page opens (the schema view's disjointness)
        "toggles": [k for k in meta_in.get("toggles") or () if k in edge_kinds],
        "hiddenKinds": [k for k in meta_in.get("hidden_kinds") or () if k in edge_kinds],
        "layout": _text(meta_in.get("layout")),
        # a tree the page lays out again as it is collapsed and expanded (the schema view of AIO)
        "collapseDepth": meta_in.get("collapse_depth") if renderer == "vis" else None,
        "treeRoots": [index[n] for n in meta_in.get("tree_roots") or () if n in index],
    }
    payload = {
        "meta": meta,
        "kinds": kinds,
        "groups": groups,
        "edgeKinds": edge_kinds,
        "inferredStyle": style["inferred"],
        "links": links,
        "nodes": nodes_out,
        "edges": flat,
        "weights": weights,
        "maxWidth": style["summary"]["max_width"],
        "visOptions": _vis_options(style, physics_on, edge_count - hidden_edges, meta["directed"]),
    }
    page_html = _html(payload, page_title, renderer)
    return Page(
        page_html,
        nodes=len(nodes_out),
        edges=edge_count,
        total_nodes=total_nodes,
        message=message,
        renderer=renderer,
        title=page_title,
        view=meta["view"],
    )


def _kept_nodes(network: nx.MultiDiGraph, max_nodes: int | None) -> list[Any]:
    """The nodes drawn: all, or the ``max_nodes`` of highest degree, in the view's order."""
    node_ids = list(network.nodes)
    if max_nodes is None or len(node_ids) <= max_nodes:
        return node_ids
    degree = dict(network.degree())
    order = {node: i for i, node in enumerate(node_ids)}
    keep = set(sorted(node_ids, key=lambda n: (-degree[n], order[n]))[:max_nodes])
    return [n for n in node_ids if n in keep]


def _renderer(
    renderer: str, physics: bool | None, nodes: int, edges: int, limits: Mapping[str, int]
) -> tuple[str, bool]:
    """The renderer (``auto``: vis-network for small views when its script is there, else the canvas) and
    whether vis-network's physics runs."""
    if renderer == "auto":
        small = nodes <= limits["vis_nodes"] and edges <= limits["vis_edges"]
        renderer = "vis" if small and _vis_path() is not None else "canvas"
    elif renderer == "vis" and _vis_path() is None:
        vis_network_js()  # raises ToolMissingError
    physics_on = (nodes <= limits["physics_nodes"]) if physics is None else physics
    return renderer, physics_on and renderer == "vis"


def _nodes(
    network: nx.MultiDiGraph,
    node_ids: Sequence[Any],
    type_labels: Mapping[str, str],
    style: Mapping[str, Any],
) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """Node records for the page, the kinds present and the colour groups (top classes) present."""
    kind_styles = style["kinds"]
    data_of = network.nodes
    kind_counts: Counter[str] = Counter()
    group_counts: Counter[str] = Counter()
    records = []
    for node in node_ids:
        data = data_of[node]
        given = _text(data.get("kind"))
        kind = given if given in kind_styles else "resource"
        kind_counts[kind] += 1
        group = _text(data.get("group"))
        if group:
            group_counts[group] += 1
        records.append((node, data, kind, group))
    group_names = sorted(group_counts, key=lambda g: (type_labels.get(g, _short(g)).lower(), g))
    colours = [colour_of(g) for g in group_names]
    group_index = {g: i for i, g in enumerate(group_names)}
    groups = [
        {
            "iri": g if ":" in g else "",
            "label": type_labels.get(g, _short(g)),
            "color": colours[i],
            "count": group_counts[g],
        }
        for i, g in enumerate(group_names)
    ]
    type_names: dict[str, str] = {}
    for _, data, _, _ in records:
        for t in data.get("types") or ():
            if t not in type_names:
                type_names[t] = type_labels.get(t) or _short(str(t))
    counts = [r[1].get("count") for r in records if isinstance(r[1].get("count"), int)]
    largest = max(counts) if counts else 0
    summary = style["summary"]
    out = []
    for node, data, kind, group in records:
        label = _text(data.get("label")) or _text(node)
        item: dict[str, Any] = {"label": label, "kind": kind, "group": group_index.get(group, -1)}
        size = float(kind_styles[kind]["size"])
        count = data.get("count")
        if isinstance(count, int) and largest:
            size = summary["min_size"] + (summary["max_size"] - summary["min_size"]) * math.sqrt(
                count / largest
            )
            item["count"] = count
            item["text"] = f"{label} ({count:,})"
        item["size"] = round(size, 1)
        iri = _text(data.get("iri"))
        if iri:
            item["iri"] = iri
        types = [type_names[t] for t in data.get("types") or ()]
        if types:
            item["types"] = types
        definition = _text(data.get("definition"))
        if definition:
            item["definition"] = definition
        attributes = data.get("attributes") or {}
        if isinstance(attributes, Mapping) and attributes:
            item["attributes"] = [
                [str(k), "; ".join(str(v) for v in (vs if isinstance(vs, list) else [vs]))]
                for k, vs in attributes.items()
            ]
        if kind == "literal" and data.get("value") is not None and _text(data.get("value")) != label:
            item["value"] = _text(data.get("value"))
        if data.get("distance") is not None:
            item["distance"] = data["distance"]
        out.append(item)
    kinds = {k: {**kind_styles[k], "count": kind_counts[k]} for k in kind_styles if kind_counts[k]}
    return out, kinds, groups


def _tree_fields(
    network: nx.MultiDiGraph, node_ids: Sequence[Any], index: Mapping[Any, int], out: list[dict[str, Any]]
) -> None:
    """The schema view's tree, by node number: each node's depth, parent and branch (or -1)."""
    for node, item in zip(node_ids, out, strict=True):
        data = network.nodes[node]
        if isinstance(data.get("depth"), int):
            item.update(depth=data["depth"], parent=index.get(data.get("tree_parent"), -1))
            item["branch"] = index.get(data.get("branch"), -1)


def _edges(
    network: nx.MultiDiGraph, index: Mapping[Any, int], max_edges: int | None, style: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[int], list[int] | None, dict[str, Any], int]:
    """Edge styles (one per label, property, kind and flags), the flat list ``[from, to, style, …]``, the
    weights (or ``None``), the edge kinds present, and the number of edges of the graph.

    One pass over the edges; it runs once per edge of big graphs, hence the plain loop.
    """
    links: list[dict[str, Any]] = []
    counts: list[int] = []
    seen: dict[Any, int] = {}
    flat: list[int] = []
    weights: list[int] = []
    total = 0
    room = max_edges if max_edges is not None else -1
    get = dict.get
    for u, v, key, data in _edge_items(network):
        total += 1
        a = index.get(u)
        b = index.get(v)
        if a is None or b is None or room == len(weights):
            continue
        # most edges share a style: look it up by the raw values first
        raw: Any = (
            get(data, "label"),
            get(data, "iri"),
            get(data, "kind"),
            get(data, "restriction"),
            get(data, "cardinality"),
            get(data, "inferred"),
            None if get(data, "label") else key,
        )
        try:
            position = seen.get(raw)
        except TypeError:  # unhashable values in someone's own graph
            raw = repr(raw)
            position = seen.get(raw)
        if position is None:
            position = seen[raw] = _link(links, data, key, style)
            counts.extend([0] * (len(links) - len(counts)))
        flat += (a, b, position)
        counts[position] += 1
        weight = get(data, "weight")
        weights.append(int(weight) if isinstance(weight, (int, float)) else 0)
    by_kind: dict[str, int] = {}
    inferred = 0
    for link, count in zip(links, counts, strict=True):
        by_kind[link["kind"]] = by_kind.get(link["kind"], 0) + count
        inferred += count if link.get("inferred") else 0
    edge_styles = style["edges"]
    edge_kinds: dict[str, Any] = {
        k: {**edge_styles[k], "count": by_kind[k]} for k in edge_styles if by_kind.get(k)
    }
    if inferred:
        edge_kinds["inferred"] = {**style["inferred"], "count": inferred}
    return links, flat, (weights if any(weights) else None), edge_kinds, total


def _edge_items(network: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """Every edge as ``(u, v, key, data)``; ``key`` is ``None`` in graphs that are not multigraphs."""
    if not network.is_directed():  # adjacency() would give each edge twice
        if network.is_multigraph():
            yield from network.edges(keys=True, data=True)
        else:
            yield from ((u, v, None, d) for u, v, d in network.edges(data=True))
        return
    # adjacency() yields networkx's own dicts: much faster than the edge views for 300,000 edges
    multigraph = network.is_multigraph()
    for u, neighbours in network.adjacency():
        for v, between in neighbours.items():
            if multigraph:
                for key, data in between.items():
                    yield u, v, key, data
            else:
                yield u, v, None, between


def _link(links: list[dict[str, Any]], data: Mapping[str, Any], key: Any, style: Mapping[str, Any]) -> int:
    """Add the style record of an edge (label, IRI, kind, restriction …) and return its number."""
    given = _text(data.get("kind"))
    kind = given if given in style["edges"] else ("property" if data.get("iri") else "link")
    label = _text(data.get("label")) or (key if isinstance(key, str) and not data.get("iri") else "")
    restriction = data.get("restriction")
    text = label
    if restriction in _RESTRICTION_TEXT:
        text = f"{label} ({_RESTRICTION_TEXT[restriction].format(n=data.get('cardinality') or '')})"
    record: dict[str, Any] = {"label": label, "text": text, "kind": kind}
    for name in ("iri", "definition", "restriction", "cardinality", "via"):
        if data.get(name):
            record[name] = _text(data.get(name))
    if isinstance(data.get("qualified"), bool):
        record["qualified"] = data["qualified"]
    facts = data.get("facts")  # a property's characteristics and relations (the schema view)
    if isinstance(facts, list) and facts:
        record["facts"] = [[_text(name), _text(value)] for name, value in facts]
    if data.get("types"):
        record["types"] = [_short(str(t)) for t in data["types"]]
    if data.get("inferred"):
        record["inferred"] = True
    for position, existing in enumerate(links):
        if existing == record:
            return position
    links.append(record)
    return len(links) - 1


def _vis_options(style: Mapping[str, Any], physics: bool, edges: int, directed: bool) -> dict[str, Any]:
    big = edges > style["limits"]["edge_labels"]
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {**style["physics"], "enabled": physics},
        "interaction": {
            "hover": False,
            "tooltipDelay": 3600000,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "size": 13,
                "face": "system-ui, sans-serif",
                "color": "#222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.55}},
            "smooth": False if big else {"enabled": True, "type": "dynamic"},
            "font": {
                "size": 10,
                "color": "#444",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "selectionWidth": 2,
        },
    }


# ---------------------------------------------------------------------------------------------------
# layout


def _positions(
    network: nx.MultiDiGraph,
    node_ids: Sequence[Any],
    pairs: Sequence[tuple[int, int]],
    sizes: Sequence[float],
    positions: Mapping[Any, Sequence[float]] | None,
) -> tuple[list[float], list[float]]:
    """Positions given by the caller or stored on the nodes (``x``, ``y``), else our layout."""
    data_of = network.nodes
    given = positions or {}
    if node_ids and all(n in given or ("x" in data_of[n] and "y" in data_of[n]) for n in node_ids):
        points = [given[n] if n in given else (data_of[n]["x"], data_of[n]["y"]) for n in node_ids]
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        extent = max((max(xs) - min(xs)), (max(ys) - min(ys)), 1e-9)
        if extent <= 10:  # networkx layouts are in [-1, 1]: spread them to our scale
            factor = _SPACING * 2 * math.sqrt(len(node_ids))
            xs = [x * factor for x in xs]
            ys = [y * factor for y in ys]
        return xs, [-y for y in ys] if given else ys
    return layout(len(node_ids), pairs, sizes)


def layout(
    count: int, edges: Iterable[tuple[int, int]], sizes: Sequence[float] | None = None
) -> tuple[list[float], list[float]]:
    """Place nodes ``0 … count-1`` for drawing, deterministically and in linear time.

    Each connected component is laid out on its own: its best connected nodes ("hubs") go on a
    ring, the best connected far apart; every other node goes between its two best connected
    neighbours placed before it
    (breadth first from the hubs), in a small sunflower of the nodes that share that spot, skipping spots
    already taken. The components are then packed in rows below the largest one, so none overlap.

    Args:
        count: the number of nodes.
        edges: pairs of node numbers.
        sizes: node radii (the largest sets the spacing).

    Returns:
        The x and y coordinates.

    >>> xs, ys = layout(3, [(0, 1), (0, 2)])
    >>> len(xs), (xs, ys) == layout(3, [(0, 1), (0, 2)])
    (3, True)
    """
    if count == 0:
        return [], []
    adjacency: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges:
        if a != b:
            adjacency[a].append(b)
            adjacency[b].append(a)
    degree = [len(neighbours) for neighbours in adjacency]
    spacing = max(_SPACING, 2.6 * max(sizes or [10.0]))
    xs = [0.0] * count
    ys = [0.0] * count
    boxes = []
    for members in _components(adjacency, degree):
        _place_component(members, adjacency, degree, spacing, xs, ys)
        boxes.append(
            (
                members,
                min(xs[i] for i in members),
                min(ys[i] for i in members),
                max(xs[i] for i in members),
                max(ys[i] for i in members),
            )
        )
    _pack(boxes, spacing, xs, ys)
    return xs, ys


def _components(adjacency: Sequence[list[int]], degree: Sequence[int]) -> list[list[int]]:
    """Connected components, largest first; each starts with its best connected node."""
    seen = [False] * len(adjacency)
    found = []
    for start in sorted(range(len(adjacency)), key=lambda i: (-degree[i], i)):
        if seen[start]:
            continue
        seen[start] = True
        members = [start]
        head = 0
        while head < len(members):
            for other in adjacency[members[head]]:
                if not seen[other]:
                    seen[other] = True
                    members.append(other)
            head += 1
        found.append(members)
    found.sort(key=lambda c: (-len(c), c[0]))
    return found


def _place_component(
    members: list[int],
    adjacency: Sequence[list[int]],
    degree: Sequence[int],
    spacing: float,
    xs: list[float],
    ys: list[float],
) -> None:
    placed = bytearray(len(xs))  # one flag per node: much faster than a set
    taken: set[tuple[float, float]] = set()  # grid cells (floored coordinates) already used
    grid = spacing * 0.7
    size = len(members)
    threshold = max(3.0, 2.0 * sum(degree[i] for i in members) / size)
    ranked = sorted(members, key=lambda i: (-degree[i], i))
    hubs = [i for i in ranked[:256] if degree[i] >= threshold] or ranked[:1]
    gap = spacing * (1.6 * math.sqrt(size / len(hubs)) + 2.5)
    # hubs on a ring, the best connected far apart (golden-angle steps), so that the nodes between two
    # of them gather in separate places instead of one blob in the middle
    cluster = spacing * math.sqrt(size / len(hubs) + 1.5)  # the radius of the nodes around one hub
    ring = min(gap * math.sqrt(len(hubs)) * 0.9, max(2 * cluster, len(hubs) * cluster * 1.3 / math.pi))
    for k, hub in enumerate(hubs):
        radius = 0.0 if len(hubs) == 1 else ring
        xs[hub], ys[hub] = radius * math.cos(k * _GOLDEN), radius * math.sin(k * _GOLDEN)
        placed[hub] = 1
        taken.add((xs[hub] // grid, ys[hub] // grid))
    # offsets of the spots of a little sunflower: spot k is at distance ~√k, turned by the golden angle
    spots: list[tuple[float, float]] = []
    buckets: dict[tuple[float, float], list[float]] = {}
    cell = spacing * 3
    queue = list(hubs)
    head = 0
    while head < len(queue):
        node = queue[head]
        head += 1
        for neighbour in adjacency[node]:
            if placed[neighbour]:
                continue
            # anchor: the middle of its two best connected neighbours placed so far (the centroid of
            # all of them would pull every node of a dense graph to the centre)
            first = second = -1
            for other in adjacency[neighbour]:
                if placed[other]:
                    if first < 0 or degree[other] > degree[first]:
                        first, second = other, first
                    elif other != first and (second < 0 or degree[other] > degree[second]):
                        second = other
            if second < 0:
                ax, ay = xs[first], ys[first]
            else:
                ax, ay = (xs[first] + xs[second]) / 2, (ys[first] + ys[second]) / 2
            key = (ax // cell, ay // cell)
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = [ax, ay, 0.0]
            k = int(bucket[2])
            while len(spots) < k + 40:
                a = len(spots)
                spots.append(
                    (
                        spacing * math.sqrt(a + 1.5) * math.cos(a * _GOLDEN),
                        spacing * math.sqrt(a + 1.5) * math.sin(a * _GOLDEN),
                    )
                )
            x = y = 0.0
            spot = (0.0, 0.0)
            for attempt in range(k, k + 40):  # the next free spot
                x, y = bucket[0] + spots[attempt][0], bucket[1] + spots[attempt][1]
                spot = (x // grid, y // grid)
                if spot not in taken:
                    k = attempt
                    break
            bucket[2] = k + 1
            xs[neighbour], ys[neighbour] = x, y
            placed[neighbour] = 1
            taken.add(spot)
            queue.append(neighbour)


def _pack(
    boxes: list[tuple[list[int], float, float, float, float]],
    spacing: float,
    xs: list[float],
    ys: list[float],
) -> None:
    """Move the components into rows below the first (largest) one, left to right."""
    if len(boxes) < 2:
        return
    _, left, _, right, bottom = boxes[0]
    area = sum((b[3] - b[1] + spacing) * (b[4] - b[2] + spacing) for b in boxes[1:])
    width = max(right - left, math.sqrt(area) * 1.3)
    x, y = left, bottom + spacing * 3
    row = 0.0
    for members, x0, y0, x1, y1 in boxes[1:]:
        w, h = x1 - x0, y1 - y0
        if x > left and x + w > left + width:
            x, y, row = left, y + row + spacing * 1.5, 0.0
        dx, dy = x - x0, y - y0
        for node in members:
            xs[node] += dx
            ys[node] += dy
        x += w + spacing * 1.5
        row = max(row, h)


# ---------------------------------------------------------------------------------------------------
# the HTML


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _html(payload: Mapping[str, Any], title: str, renderer: str) -> str:
    scripts = []
    if renderer == "vis":
        scripts.append(vis_network_js())
    else:
        scripts.append(_viz_text("canvas.js"))
    scripts.append(_viz_text("graph.js"))
    for script in scripts:
        if re.search(r"</script|<!--", script, re.I):  # would end the element early
            raise KGError("a page script contains '</script' or '<!--' and cannot be inlined")
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_csp_hash(s) for s in scripts)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src 'none'; connect-src 'none'; "
        "frame-src 'none'; base-uri 'none'; form-action 'none'"
    )
    parts = {
        "csp": html.escape(csp, quote=True),
        "title": html.escape(title),
        "generator": html.escape(str(payload["meta"]["generator"]), quote=True),
        "style": _viz_text("graph.css"),
        "data": _script_json(payload),
        "scripts": "".join(f"<script>{s}</script>\n" for s in scripts),
    }
    template = _viz_text("graph.html")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)
