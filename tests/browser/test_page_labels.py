"""Pages people can read (issue 13, item 6): no label covers another at 1400x900, checked in Chromium by
comparing the label boxes vis-network drew (and a screenshot kept in tests/artifacts/), and one colour per
class IRI on every page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.generate import catalogue_lines
from kg.pages import colour_of
from tests.browser.test_pages_browser import ARTIFACTS, browser, wait_drawn  # noqa: F401 (a fixture)
from tests.helpers import GAI
from tests.test_pages import data_of

pytestmark = pytest.mark.browser

# every drawn node label as a box in CSS pixels: [label, left, top, right, bottom]
LABEL_BOXES = """() => { const net = kg.view.network, boxes = [];
  for (const id of Object.keys(net.body.nodes)) {
    const n = net.body.nodes[id], s = n.labelModule && n.labelModule.size;
    if (!n.options.label || !s || !s.width) continue;
    const a = net.canvasToDOM({x: s.left, y: s.top});
    const b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    boxes.push([n.options.label, a.x, a.y, b.x, b.y]);
  }
  return boxes; }"""


def overlapping(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(a[2], b[2]) > 0.5:
                found.append((a[0], b[0]))
    return found


def settled_boxes(browser: Any, page_file: Path, name: str) -> list[list[Any]]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_file.as_uri())
    wait_drawn(page)
    deadline = time.monotonic() + 90
    while not page.evaluate("window.__kgLabelsSettled > 0"):
        assert time.monotonic() < deadline, "the labels were never settled"
        time.sleep(0.1)
    boxes: list[list[Any]] = page.evaluate(LABEL_BOXES)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"labels-{name}.png"))
    page.close()
    return boxes


@pytest.mark.parametrize("view", ["full", "summary", "ontology-summary"])
def test_no_label_covers_another(browser: Any, tmp_path: Path, view: str) -> None:  # noqa: F811
    # the summary of a generated catalogue: one node per class, as for a million triples (sizes by count);
    # and the summary of the ontology itself (v2: its 14 classes with instances)
    catalogue = "\n".join(catalogue_lines(3000, seed=1)) + "\n"
    graph = kg.load(catalogue, format="nt") if view == "summary" else kg.load()
    page_file = kg.render(graph, view=view.removeprefix("ontology-")).write(tmp_path / f"{view}.html")
    boxes = settled_boxes(browser, page_file, view)
    assert len(boxes) >= {"full": 38, "summary": 8, "ontology-summary": 14}[view]
    assert overlapping(boxes) == []


def test_one_colour_per_class_on_every_page() -> None:
    graph = kg.load()
    pages = {
        "schema": kg.render(graph, view="schema"),
        "full": kg.render(graph, view="full"),
        "summary": kg.render(graph, view="summary"),
        "cq05": kg.render(graph, query="cq05-llm-tasks"),
        "cq10": kg.render(graph, query="cq10-example-models"),
    }
    colours: dict[str, set[str]] = {}
    for page in pages.values():
        for group in data_of(page)["groups"]:
            colours.setdefault(group["iri"], set()).add(group["color"])
    assert all(len(c) == 1 for c in colours.values()), colours
    assert colours[GAI + "UseCase"] == {colour_of(GAI + "UseCase")}
    assert colours[GAI + "Organization"] == {colour_of(GAI + "Organization")}
