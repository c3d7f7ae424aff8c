"""Schema pages in the VOWL-like notation, in a real headless Chromium: Pizza's disjointness behind its
toggle, a legend that explains every edge style drawn (and only those), and AIO and schema.org drawn
at first as separate branches. Offline, with no console error. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.schema_view import schema_view
from tests.browser.test_pages_browser import (  # noqa: F401 (the fixture)
    Opened,
    assert_offline_and_clean,
    browser,
    open_page,
)
from tests.helpers import ROOT, need

pytestmark = pytest.mark.browser

SHARED = ROOT.parent / "shared" / "data"
PIZZA = SHARED / "pizza-ontology" / "pizza.owl"
AIO = SHARED / "artificial-intelligence-ontology" / "aio.owl"
SCHEMA_ORG = SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl"

# the edges vis-network holds, drawn or not, with the kind of their style
EDGES = """() => {
  const links = kg.data.links, flat = kg.data.edges;
  return kg.view.network.body.data.edges.get().map(e => ({
    kind: links[flat[3 * e.id + 2]].kind, hidden: !!e.hidden, color: e.color.color,
    dashes: e.dashes || false, arrow: e.arrows ? e.arrows.to.type : null }));
}"""
LEGEND = """() => Array.from(document.querySelectorAll('#kg-legend [data-edge-kind]'), e => ({
  kind: e.dataset.edgeKind, label: e.querySelector('.kg-legend-label').textContent,
  explain: (e.querySelector('.kg-explain') || {}).textContent || '',
  sample: e.querySelector('canvas.kg-stroke') !== null }))"""


def page_of(source: Path, tmp_path: Path, name: str) -> Path:
    need(source.is_file(), f"{source} is missing (the shared data sets beside the checkout)")
    return kg.render(kg.load(source, ontology=False), view="schema").write(tmp_path / f"{name}.html")


def settled(opened: Opened) -> None:
    """Wait until the labels were pushed apart (the positions the reader sees)."""
    deadline = time.monotonic() + 90
    while not opened.js("window.__kgLabelsSettled > 0"):
        assert time.monotonic() < deadline, "the labels did not settle within 90 s"
        time.sleep(0.05)


def drawn_kinds(opened: Opened) -> dict[str, int]:
    counts: dict[str, int] = {}
    for edge in opened.js(EDGES):
        if not edge["hidden"]:
            counts[edge["kind"]] = counts.get(edge["kind"], 0) + 1
    return counts


def assert_legend_explains_what_is_drawn(opened: Opened) -> None:
    drawn = drawn_kinds(opened)
    legend = opened.js(LEGEND)
    assert {item["kind"] for item in legend} == set(drawn)  # every style drawn, and only those
    assert all(item["explain"] and item["sample"] for item in legend), legend
    styles = opened.js("kg.data.edgeKinds")
    for edge in opened.js(EDGES):  # each edge is drawn in the style its legend entry shows
        style = styles[edge["kind"]]
        assert edge["color"] == style["color"]
        assert edge["dashes"] == (style.get("dashes") or False)
        assert edge["arrow"] == style.get("arrow")
    # every style differs from the others
    looks = {(s["color"], str(s.get("dashes")), s.get("arrow")) for k, s in styles.items() if k in drawn}
    assert len(looks) == len(drawn)


def test_pizza_disjointness_behind_its_toggle(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_page(browser, page_of(PIZZA, tmp_path, "pizza"))
    toggle = opened.page.locator("#kg-toggle-disjoint")
    # 398 pairs (796 triples): hidden when the page opens
    assert toggle.text_content() == "Disjointness (398): off"
    assert toggle.get_attribute("aria-pressed") == "false"
    assert "disjoint" not in drawn_kinds(opened)
    assert drawn_kinds(opened) == {
        "subclass": 98,
        "some": 151,
        "only": 120,
        "value": 6,
        "cardinality": 1,
        "domain-range": 6,
    }
    assert_legend_explains_what_is_drawn(opened)
    toggle.click()
    assert toggle.text_content() == "Disjointness (398): on"
    assert drawn_kinds(opened)["disjoint"] == 398
    assert_legend_explains_what_is_drawn(opened)
    assert opened.js("kg.drawnEdgeKinds()")["disjoint"] == 398
    opened.screenshot("schema-pizza-disjointness")
    toggle.click()
    assert "disjoint" not in drawn_kinds(opened)
    assert "disjoint" not in {item["kind"] for item in opened.js(LEGEND)}
    # an edge's details: the property's characteristics and relations
    has_topping = opened.js("kg.data.links.findIndex(l => l.kind === 'some' && l.label === 'hasTopping')")
    edge = opened.js(f"kg.data.edges.findIndex((v, i) => i % 3 === 2 && v === {has_topping})") // 3
    opened.js(f"kg.selectEdge({edge})")
    details = opened.page.locator("#kg-details").text_content()
    for text in ("some (∃)", "characteristicsinverse functional", "inverse ofisToppingOf", "domainPizza"):
        assert text in details
    # a class's details: its equivalent class written out, and what it is disjoint with
    cheesy = opened.js("kg.data.nodes.findIndex(n => n.iri && n.iri.endsWith('#CheeseyPizza'))")
    opened.js(f"kg.selectNode({cheesy}, true)")
    details = opened.page.locator("#kg-details").text_content()
    assert "equivalent toPizza and (hasTopping some CoberturaDeQueijo)" in details
    margherita = opened.js("kg.data.nodes.findIndex(n => n.iri && n.iri.endsWith('#Margherita'))")
    opened.js(f"kg.selectNode({margherita}, true)")
    assert "disjoint with (22)" in opened.page.locator("#kg-details").text_content()
    assert_offline_and_clean(opened)


def test_our_ontology_legend_and_datatype_boxes(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    view = schema_view(kg.load(), disjointness=True)
    opened = open_page(browser, kg.render(view).write(tmp_path / "genai.html"))
    assert opened.page.locator("#kg-toggle-disjoint").text_content() == "Disjointness (66): on"
    assert_legend_explains_what_is_drawn(opened)
    assert set(drawn_kinds(opened)) == {
        "subclass",
        "some",
        "value",
        "disjoint",
        "domain-range",
        "data-property",
    }
    boxes = opened.js("kg.data.nodes.filter(n => n.kind === 'data-value').map(n => n.label).sort()")
    assert len(boxes) == 4 and "integer" in boxes
    assert (
        opened.js(
            "kg.view.network.body.nodes[kg.data.nodes.findIndex(n => n.kind === 'data-value')].options.shape"
        )
        == "box"
    )
    assert_offline_and_clean(opened)


def branch_boxes(opened: Opened) -> dict[str, list[float]]:
    """The on-screen box of each colour group (a branch) with more than one node."""
    boxes: dict[str, list[float]] = opened.js("""() => {
      const positions = kg.view.network.getPositions(), boxes = {};
      kg.data.nodes.forEach((n, i) => {
        if (n.group < 0 || kg.view.network.body.nodes[i].options.hidden) { return; }
        const p = kg.view.network.canvasToDOM(positions[i]), name = kg.data.groups[n.group].label;
        const b = boxes[name] = boxes[name] || [Infinity, Infinity, -Infinity, -Infinity, 0];
        b[0] = Math.min(b[0], p.x); b[1] = Math.min(b[1], p.y); b[2] = Math.max(b[2], p.x);
        b[3] = Math.max(b[3], p.y); b[4] += 1;
      });
      return boxes;
    }""")
    return boxes


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_branches_apart(opened: Opened, branches: set[str]) -> dict[str, list[float]]:
    boxes = {k: v for k, v in branch_boxes(opened).items() if v[4] > 1}
    assert branches <= set(boxes)
    names = sorted(boxes)
    crossing = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if overlap(boxes[a], boxes[b])]
    assert crossing == []  # no two branches share any part of the screen
    return boxes


@pytest.mark.parametrize(
    ("name", "source", "branches", "shown"),
    [
        (
            "aio",
            AIO,
            {"Layer", "Model", "Bias", "Machine Learning Task", "Network", "Mathematical Function"},
            114,
        ),
        (
            "schemaorg",
            SCHEMA_ORG,
            {"Intangible", "Organization", "CreativeWork", "Action", "Place", "Event"},
            306,
        ),
    ],
)
def test_large_ontology_first_draw_shows_separate_branches(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    name: str,
    source: Path,
    branches: set[str],
    shown: int,
) -> None:
    opened = open_page(browser, page_of(source, tmp_path, name))
    settled(opened)
    assert opened.js("kg.data.meta.layout") == "tree" and opened.js("kg.data.meta.physics") is False
    # collapsed to each branch's top and children: AIO 114 of its 442 nodes, schema.org 306 of 1,030
    assert opened.js("kg.data.meta.collapseDepth") == (1 if name == "aio" else 2)
    assert opened.js("kg.drawnNodeCount()") == shown < opened.js("kg.data.nodes.length")
    boxes = assert_branches_apart(opened, branches)
    # the whole drawing is in the window at first, and uses it: wider than a third of it
    graph = opened.js(
        "(() => { const r = document.getElementById('kg-graph').getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })()"
    )
    left = min(b[0] for b in boxes.values())
    right = max(b[2] for b in boxes.values())
    assert graph[0] <= left and right <= graph[2] and right - left > (graph[2] - graph[0]) / 3
    top = min(b[1] for b in boxes.values())
    bottom = max(b[3] for b in boxes.values())
    assert graph[1] <= top and bottom <= graph[3]
    assert_legend_explains_what_is_drawn(opened)
    opened.screenshot(f"schema-{name}-first-draw")
    assert_offline_and_clean(opened)


def test_a_click_expands_a_branch_and_a_double_click_folds_it(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    opened = open_page(browser, page_of(AIO, tmp_path, "aio"))
    settled(opened)
    before = opened.js("kg.drawnNodeCount()")
    # the shown node with the most hidden children, and its label saying how many
    node = opened.js("""(() => { let best = -1, most = 0;
      kg.data.nodes.forEach((n, i) => {
        const f = kg.tree.folded(i);
        if (kg.tree.shown[i] && f > most) { most = f; best = i; }
      });
      return best; })()""")
    folded = opened.js(f"kg.tree.folded({node})")
    label = opened.js(f"kg.view.network.body.nodes[{node}].options.label")
    assert folded > 0 and label.endswith(f"(+{folded})")
    where = opened.js(f"kg.view.screenPosition({node})")
    opened.page.mouse.click(where["x"], where["y"])
    assert opened.js("kg.drawnNodeCount()") == before + folded
    assert opened.js(f"kg.tree.folded({node})") == 0
    moved = opened.js(f"kg.view.screenPosition({node})")  # the clicked node stays under the pointer
    assert abs(moved["x"] - where["x"]) < 2 and abs(moved["y"] - where["y"]) < 2
    settled(opened)
    assert_branches_apart(opened, {"Layer", "Model", "Bias"})
    assert_legend_explains_what_is_drawn(opened)
    opened.screenshot("schema-aio-expanded")
    opened.page.mouse.dblclick(moved["x"], moved["y"])
    assert opened.js("kg.drawnNodeCount()") == before
    # a search for a hidden class shows it
    hidden = opened.js("kg.data.nodes.findIndex((n, i) => !kg.tree.shown[i])")
    opened.js(f"kg.selectNode({hidden}, true)")
    assert opened.js(f"kg.view.network.body.nodes[{hidden}].options.hidden") is False
    assert_offline_and_clean(opened)
