"""Graph pages (kg.render): one offline file, escaped data, caps, the Jupyter display, what is stamped in."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import kg
from kg.errors import UnknownNameError
from kg.network import to_networkx
from kg.pages import DEFAULT_MAX_EDGES, Page, layout, render
from tests.helpers import DATA, GAI

EVIL = [
    "<img src=x onerror=alert(1)>",
    "</script><script>window.__pwned = 1; alert(2)</script>",
    '"><svg onload=alert(3)>',
    "<iframe src=javascript:alert(4)>",
    "<script>alert(5)</script>",
]


class Tags(html.parser.HTMLParser):
    """Every start tag of a page with its attributes, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def parse(page: Page) -> Tags:
    tags = Tags()
    tags.feed(page.html)
    return tags


def data_of(page: Page) -> dict[str, Any]:
    found = [text for attrs, text in parse(page).scripts if attrs.get("id") == "kg-data"]
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0])
    return data


@pytest.fixture(scope="module")
def ontology() -> kg.KnowledgeGraph:
    return kg.load()


@pytest.fixture(scope="module")
def evil() -> kg.KnowledgeGraph:
    return kg.load(DATA / "malicious-labels.ttl", ontology=False)


# --- offline ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["schema", "full", "summary"])
@pytest.mark.parametrize("renderer", ["vis", "canvas"])
def test_pages_fetch_nothing(ontology: kg.KnowledgeGraph, view: str, renderer: str) -> None:
    page = render(ontology, view=view, renderer=renderer)
    tags = parse(page)
    for tag, attrs in tags.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
        assert not (tag == "link" and (attrs.get("rel") or "").lower() == "stylesheet")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page.html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:)?//", page.html, re.I)
    # every script is inline: our own, and vis-network from the pyvis package
    assert all(not attrs.get("src") for attrs, _ in tags.scripts)
    if renderer == "vis":
        assert any("vis-network" in text[:300] for _, text in tags.scripts)


def test_content_security_policy_allows_only_our_scripts(ontology: kg.KnowledgeGraph) -> None:
    page = render(ontology)
    tags = parse(page)
    policy = next(
        a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and "default-src 'none'" in policy and "connect-src 'none'" in policy
    executable = [text for attrs, text in tags.scripts if attrs.get("type") != "application/json"]
    hashes = {
        f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'" for t in executable
    }
    allowed = set(re.search(r"script-src ([^;]*)", policy).group(1).split())  # type: ignore[union-attr]
    assert allowed == hashes
    assert "unsafe-inline" not in re.search(r"script-src [^;]*", policy).group(0)  # type: ignore[union-attr]


# --- escaping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("renderer", ["vis", "canvas"])
def test_text_from_the_data_is_escaped(evil: kg.KnowledgeGraph, renderer: str) -> None:
    page = render(evil, view="full", renderer=renderer)
    for text in EVIL:
        assert text not in page.html
    # the only <script> elements are ours: the data block and the inline scripts
    tags = parse(page)
    assert [attrs.get("type") for attrs, _ in tags.scripts].count("application/json") == 1
    assert not any(tag in ("img", "svg", "iframe") for tag, _ in tags.tags)
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page.html, re.S)
    assert block is not None
    raw = block.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw and "\u2028" not in raw
    # … and it reads back as the very same text
    data = json.loads(raw)
    labels = {n["label"] for n in data["nodes"]}
    assert {"<img src=x onerror=alert(1)>", '"><svg onload=alert(3)>', "<script>alert(5)</script>"} <= labels
    definitions = {n.get("definition") for n in data["nodes"]}
    assert "</script><script>window.__pwned = 1; alert(2)</script>" in definitions
    assert "Line\u2028separator & <b>bold</b> <!-- comment --> {{title}}" in definitions
    assert {link["label"] for link in data["links"]} >= {"<iframe src=javascript:alert(4)>"}


def test_title_is_escaped(ontology: kg.KnowledgeGraph) -> None:
    page = render(ontology, title="<b>Mine</b> & yours")
    assert "<title>&lt;b&gt;Mine&lt;/b&gt; &amp; yours</title>" in page.html
    assert "<b>Mine</b>" not in page.html


def test_jupyter_display_is_an_isolated_iframe_and_writes_nothing(
    ontology: kg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = render(kg.load(DATA / "malicious-labels.ttl", ontology=False), view="full")
    shown = page._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in shown
    assert "allow-same-origin" not in shown
    assert "<script" not in shown and "<img" not in shown  # the whole page is inside an attribute value
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown)
    assert srcdoc is not None
    assert html.parser.unescape(srcdoc.group(1)) == page.html if hasattr(html.parser, "unescape") else True
    import html as html_module

    assert html_module.unescape(srcdoc.group(1)) == page.html
    assert page.path is None and list(tmp_path.iterdir()) == []


# --- inputs, outputs ----------------------------------------------------------------------------------


def test_write_is_atomic_and_returns_the_path(ontology: kg.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "pages" / "schema.html"
    page = render(ontology, target)
    assert page.path == target and target.read_text(encoding="utf-8") == page.html
    assert [p.name for p in target.parent.iterdir()] == ["schema.html"]  # no temporary file left


def test_render_accepts_graphs_views_and_results(ontology: kg.KnowledgeGraph) -> None:
    plain = nx.Graph()
    plain.add_edges_from([(1, 2), (2, 3)])
    page = render(plain)
    data = data_of(page)
    assert page.nodes == 3 and page.edges == 2 and data["meta"]["directed"] is False
    assert [n["label"] for n in data["nodes"]] == ["1", "2", "3"]
    assert render(to_networkx(ontology, "summary")).nodes == 15
    around = render(ontology, view="neighbourhood", around="gai:GPT3", hops=1)
    assert data_of(around)["meta"]["around"] == GAI + "GPT3" and around.nodes == 3
    result = ontology.query(
        f"SELECT ?m ?p ?o WHERE {{ ?m <{GAI}developedBy> ?o BIND(<{GAI}developedBy> AS ?p) }}"
    )
    page = render(result, graph=ontology)
    data = data_of(page)
    assert page.nodes == 6 and page.edges == 4
    assert data["meta"]["view"] == "query" and "developedBy" in data["meta"]["query"]
    assert {n["label"] for n in data["nodes"]} >= {"GPT-3", "OpenAI", "NVIDIA"}
    by_name = render(ontology, query="cq10-example-models")
    assert data_of(by_name)["meta"]["title"] == "Query: cq10-example-models"
    with pytest.raises(UnknownNameError, match="unknown renderer 'svg'"):
        render(ontology, renderer="svg")


def test_view_query_and_sources_are_stamped(ontology: kg.KnowledgeGraph) -> None:
    data = data_of(render(ontology, view="schema"))
    meta = data["meta"]
    assert meta["view"] == "schema" and meta["title"] == "GenAI ontology: schema view"
    assert meta["sources"] == [str(s) for s in ontology.sources] and meta["sources"][0].endswith("genai.ttl")
    assert meta["generator"].startswith("genai-kg ")
    assert render(ontology, sources=["mine.ttl"]).html.count("mine.ttl") == 1


def test_legend_data_has_every_kind_and_top_class(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "full")
    data = data_of(render(view))
    assert set(data["kinds"]) == {d["kind"] for _, d in view.nodes(data=True)} == {"class", "individual"}
    assert {k: v["count"] for k, v in data["kinds"].items()} == {"class": 19, "individual": 126}
    assert [g["label"] for g in data["groups"]] == [
        "Accessibility",
        "AI model",
        "Application domain",
        "ConceptScheme",
        "Country",
        "Dataset",
        "Modality",
        "Organization",
        "Organization category",
        "Scale",
        "Technique",
        "Training data",
        "Use case",
    ]
    assert len({g["color"] for g in data["groups"]}) == 13
    assert set(data["edgeKinds"]) == {d["kind"] for _, _, d in view.edges(data=True)}


def test_pages_are_deterministic(ontology: kg.KnowledgeGraph) -> None:
    assert render(kg.load(), view="full").html == render(kg.load(), view="full").html


def test_physics_and_renderer_depend_on_size() -> None:
    small = nx.path_graph(20, create_using=nx.MultiDiGraph)
    assert data_of(render(small))["meta"]["physics"] is True
    medium = nx.path_graph(800, create_using=nx.MultiDiGraph)
    page = render(medium)
    assert (page.renderer, data_of(page)["meta"]["physics"]) == ("vis", False)
    large = nx.path_graph(3000, create_using=nx.MultiDiGraph)
    page = render(large)
    assert page.renderer == "canvas" and "vis-network" not in page.html[:5000]
    assert data_of(page)["meta"]["physics"] is False


# --- the cap ------------------------------------------------------------------------------------------


def test_large_graphs_are_capped_with_a_message() -> None:
    star = nx.MultiDiGraph()
    star.add_edges_from(("hub", f"leaf {i}") for i in range(30))
    page = render(star, max_nodes=10)
    data = data_of(page)
    assert page.nodes == 10 and page.total_nodes == 31
    assert "hub" in {n["label"] for n in data["nodes"]}  # the best connected nodes stay
    assert page.message == data["meta"]["message"]
    assert page.message.startswith("Showing 10 of 31 nodes")
    assert "summary view" in page.message and "neighbourhood" in page.message
    assert data["meta"]["totalNodes"] == 31 and page.edges == 9
    assert render(star, max_nodes=10, max_edges=3).edges == 3
    assert DEFAULT_MAX_EDGES >= 100_000


def test_a_capped_view_keeps_its_message(ontology: kg.KnowledgeGraph) -> None:
    page = render(ontology, view="instances", max_nodes=5)
    assert page.nodes == 5 and page.total_nodes == 126
    assert data_of(page)["meta"]["message"].startswith("Showing 5 of 126 nodes")


def test_empty_views_say_so() -> None:
    page = render(kg.load(ontology=False))
    assert page.nodes == 0 and "The view is empty" in page.message


# --- layout -------------------------------------------------------------------------------------------


def test_layout_is_deterministic_and_spreads_nodes() -> None:
    edges = [(0, i) for i in range(1, 200)] + [(i, i + 1) for i in range(200, 260)]
    xs, ys = layout(300, edges)
    assert (xs, ys) == layout(300, edges)
    points = {(round(x), round(y)) for x, y in zip(xs, ys, strict=True)}
    assert len(points) == 300  # no two nodes on the same spot
    hub = (xs[0], ys[0])
    near = sum(1 for i in range(1, 200) if abs(xs[i] - hub[0]) + abs(ys[i] - hub[1]) < 1000)
    assert near == 199  # leaves sit around their hub


def test_positions_can_be_given(ontology: kg.KnowledgeGraph) -> None:
    graph = nx.path_graph(3)
    data = data_of(render(graph, positions={0: (0, 0), 1: (1, 0), 2: (0, 1)}))
    # a networkx layout (in [-1, 1], y upwards) is scaled up evenly and turned the way screens count y
    (x0, y0), (x1, y1), (x2, y2) = [(n["x"], n["y"]) for n in data["nodes"]]
    assert (x0, y0, y1, x2) == (0, 0, 0, 0)
    assert x1 > 50 and y2 == -x1


# --- the command line: kg viz -------------------------------------------------------------------------


def test_kg_viz_writes_the_page_and_prints_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import run_kg

    monkeypatch.chdir(tmp_path)
    result = run_kg("viz")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "kg-schema.html\n"
    assert (tmp_path / "kg-schema.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = run_kg("viz", "--around", "gai:GPT3", "--hops", "2", "-o", "pages/gpt3.html")
    assert (result.exit_code, result.stdout) == (0, "pages/gpt3.html\n")
    html = (tmp_path / "pages" / "gpt3.html").read_text(encoding="utf-8")
    assert "GPT-3: 2-step neighbourhood" in html
    result = run_kg("viz", "--query", "cq10-example-models", "-o", "q.html")
    assert result.exit_code == 0 and "cq10-example-models" in (tmp_path / "q.html").read_text(
        encoding="utf-8"
    )
    result = run_kg(
        "viz", "-e", "SELECT ?a ?b WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }"
    )
    assert (result.exit_code, result.stdout) == (0, "kg-query.html\n")
    result = run_kg(
        "viz", "--no-ontology", str(DATA / "malicious-labels.ttl"), "--view", "full", "-o", "evil.html"
    )
    assert result.exit_code == 0 and EVIL[0] not in (tmp_path / "evil.html").read_text(encoding="utf-8")


def test_kg_viz_prints_the_cap_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import run_kg

    monkeypatch.chdir(tmp_path)
    original = kg.pages.render
    monkeypatch.setattr(kg.pages, "render", lambda *a, **k: original(*a, **{**k, "max_nodes": 5}))
    result = run_kg("viz", "--view", "instances")
    assert result.exit_code == 0
    assert result.stdout == "kg-instances.html\n"
    assert result.stderr.startswith("Showing 5 of 126 nodes") and "kg viz --view summary" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--view", "summary", "--around", "gai:GPT3"],
            "Error: a node to draw around gives the neighbourhood view, not the summary view: "
            "give one or the other\n",
        ),
        (
            ["--around", "gai:Nope"],
            "Error: the node gai:Nope is not in the graph; closest: OpenAI (gai:OpenAI), Code (gai:Code)\n",
        ),
        (["--query", "no-such-query"], "Error: unknown query 'no-such-query'; known: "),
        (
            ["--query", "classes", "--around", "gai:GPT3"],
            "Error: give either a query or a node to draw around, not both\n",
        ),
    ],
)
def test_kg_viz_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    from tests.helpers import run_kg

    monkeypatch.chdir(tmp_path)
    result = run_kg("viz", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_kg_viz_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import run_kg

    monkeypatch.chdir(tmp_path)
    result = run_kg("viz", "--query", "classes", "-e", "ASK {}")
    assert result.exit_code == 2 and "give either --query or -e, not both" in result.stderr


# --- kg tour ------------------------------------------------------------------------------------------


def test_tour_writes_the_schema_and_full_pages_and_prints_their_paths(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from kg.tour import run_tour

    out = io.StringIO()
    run_tour(Console(file=out, width=200), pages_dir=tmp_path)
    text = out.getvalue()
    for view in ("schema", "full"):
        path = tmp_path / f"genai-kg-{view}.html"
        assert f"{view} view: {path}" in text
        assert f"GenAI ontology: {view} view" in path.read_text(encoding="utf-8")
    quiet = io.StringIO()
    run_tour(Console(file=quiet, width=200), pages=False)
    assert "Graph pages" not in quiet.getvalue()


def test_pages_dir_is_a_fixed_temporary_folder() -> None:
    import tempfile

    from kg.pages import pages_dir

    assert pages_dir() == Path(tempfile.gettempdir()) / "genai-kg-pages"
    assert os.access(pages_dir(), os.W_OK)
