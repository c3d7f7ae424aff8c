"""Graph pages in a real headless Chromium: they draw offline, search, show details, escape the data.

Driven by Playwright with Debian's ``chromium``. Without them the tests skip, except under CI (CI=true),
where they fail. Screenshots go to ``tests/artifacts/`` (not committed).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.generate import catalogue_lines
from kg.network import to_networkx
from tests.helpers import DATA, GAI, ROOT, need

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
TIMEOUT = 90_000  # ms: the machine may be busy


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright is not installed (pip install playwright)")
    need(
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
        f"Chromium is not installed at {CHROMIUM}",
    )
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as e:  # any launch failure means there is no usable browser
            need(False, f"Chromium does not start: {e}")
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def ontology() -> kg.KnowledgeGraph:
    return kg.load()


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def wait_drawn(target: Any, timeout_ms: int = TIMEOUT) -> None:
    """Wait for the page's first complete drawing.

    Polled from here: Playwright's wait_for_function compiles its predicate inside the page, which the
    pages' Content-Security-Policy forbids (no 'unsafe-eval'), as it should.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not target.evaluate("window.__kgDrawn > 0"):
        if time.monotonic() > deadline:
            raise AssertionError(f"the page did not draw within {timeout_ms / 1000:.0f} s")
        time.sleep(0.05)


def open_page(browser: Any, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def dismiss(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.add_init_script("window.alert = function (m) { window.__alerted = String(m); };")
    page.goto(path.as_uri())
    wait_drawn(page)
    return opened


def write(page: kg.pages.Page, tmp_path: Path, name: str) -> Path:
    return page.write(tmp_path / f"{name}.html")


def assert_offline_and_clean(opened: Opened) -> None:
    assert opened.requests, "the page itself was not requested"
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
    assert opened.errors == []
    assert opened.dialogs == [] and opened.js("window.__alerted === undefined")


def index_of(opened: Opened, iri: str) -> int:
    return int(opened.js("iri => kg.data.nodes.findIndex(n => n.iri === iri)", iri))


# --- the schema and full pages of the ontology ------------------------------------------------------

CASES = [("schema", "vis"), ("full", "vis"), ("full", "canvas"), ("summary", "vis")]


@pytest.mark.parametrize(("view", "renderer"), CASES, ids=[f"{v}-{r}" for v, r in CASES])
def test_page_draws_offline_every_node_and_the_legend(
    browser: Any, ontology: kg.KnowledgeGraph, tmp_path: Path, view: str, renderer: str
) -> None:
    network = to_networkx(ontology, view)
    opened = open_page(browser, write(kg.render(network, renderer=renderer), tmp_path, view))
    assert opened.js("kg.view.kind") == renderer
    assert opened.js("kg.drawnNodeCount()") == network.number_of_nodes()
    legend_kinds = opened.js(
        "Array.from(document.querySelectorAll('#kg-legend [data-kind]'), e => e.dataset.kind)"
    )
    assert set(legend_kinds) == {d["kind"] for _, d in network.nodes(data=True)}
    edge_kinds = opened.js(
        "Array.from(document.querySelectorAll('#kg-legend [data-edge-kind]'), e => e.dataset.edgeKind)"
    )
    assert set(edge_kinds) == {d["kind"] for _, _, d in network.edges(data=True)}
    groups = opened.js(
        "Array.from(document.querySelectorAll('#kg-legend [data-group]'), e => e.dataset.group)"
    )
    assert set(groups) == {
        network.graph["labels"][d["group"]] for _, d in network.nodes(data=True) if d["group"]
    }
    # what the page was made from is stamped in it
    about = opened.js("document.getElementById('kg-about').textContent")
    assert view in about and "genai.ttl" in about
    assert opened.js("document.title") == network.graph["title"]
    opened.screenshot(f"{view}-{renderer}")
    assert_offline_and_clean(opened)


@pytest.mark.parametrize("renderer", ["vis", "canvas"])
def test_search_finds_gpt3_and_focuses_it(
    browser: Any, ontology: kg.KnowledgeGraph, tmp_path: Path, renderer: str
) -> None:
    opened = open_page(browser, write(kg.render(ontology, view="full", renderer=renderer), tmp_path, "full"))
    gpt3 = index_of(opened, GAI + "GPT3")
    box = opened.page.locator("#kg-search")
    box.click()
    box.type("GPT-3")
    first = opened.page.locator("#kg-results button").first
    first.wait_for(timeout=TIMEOUT)
    assert first.text_content().startswith("GPT-3")
    box.press("Enter")
    assert opened.js("kg.selection()") == {"type": "node", "index": gpt3}
    assert opened.page.locator("#kg-details .kg-label").text_content() == "GPT-3"
    # focused: drawn in the middle of the drawing area
    where = opened.js("i => kg.view.screenPosition(i)", gpt3)
    area = opened.page.locator("#kg-graph").bounding_box()
    assert abs(where["x"] - (area["x"] + area["width"] / 2)) < 40
    assert abs(where["y"] - (area["y"] + area["height"] / 2)) < 40
    if renderer == "vis":
        assert opened.js("kg.view.network.getSelectedNodes()") == [gpt3]
    opened.screenshot(f"search-gpt3-{renderer}")
    assert_offline_and_clean(opened)


@pytest.mark.parametrize(("view", "renderer"), [("schema", "vis"), ("full", "canvas")])
def test_clicking_a_class_shows_its_definition(
    browser: Any, ontology: kg.KnowledgeGraph, tmp_path: Path, view: str, renderer: str
) -> None:
    opened = open_page(browser, write(kg.render(ontology, view=view, renderer=renderer), tmp_path, view))
    if renderer == "vis":
        # stop the simulation so that the node stays where it is clicked
        opened.page.locator("#kg-physics").click()
        assert opened.page.locator("#kg-physics").get_attribute("aria-pressed") == "false"
        assert opened.js("kg.view.network.physics.options.enabled") is False
    llm = index_of(opened, GAI + "LargeLanguageModel")
    opened.js("i => kg.view.focus(i)", llm)
    opened.page.wait_for_timeout(300)
    where = opened.js("i => kg.view.screenPosition(i)", llm)
    opened.page.mouse.click(where["x"], where["y"])
    details = opened.page.locator("#kg-details")
    assert details.locator(".kg-label").text_content() == "Large language model"
    definition = ontology.to_networkx("schema").nodes[GAI + "LargeLanguageModel"]["definition"]
    assert details.locator(".kg-definition").text_content() == definition
    assert details.locator(".kg-iri").text_content() == GAI + "LargeLanguageModel"
    assert "class" in details.locator(".kg-kindline").text_content()
    # clicking empty space clears the details
    area = opened.page.locator("#kg-graph").bounding_box()
    opened.page.mouse.click(area["x"] + 3, area["y"] + 3)
    assert opened.js("kg.selection()") is None
    opened.screenshot(f"click-class-{view}-{renderer}")
    assert_offline_and_clean(opened)


def test_physics_toggle(browser: Any, ontology: kg.KnowledgeGraph, tmp_path: Path) -> None:
    opened = open_page(browser, write(kg.render(ontology, view="schema"), tmp_path, "schema"))
    button = opened.page.locator("#kg-physics")
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.text_content() == "Physics: off"
    button.click()
    assert opened.js("kg.view.network.physics.options.enabled") is True
    large = open_page(browser, write(kg.render(ontology, view="full", renderer="canvas"), tmp_path, "canvas"))
    assert large.page.locator("#kg-physics").is_disabled()
    assert_offline_and_clean(opened)


# --- untrusted text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("renderer", ["vis", "canvas"])
def test_malicious_labels_run_no_script(browser: Any, tmp_path: Path, renderer: str) -> None:
    graph = kg.load(DATA / "malicious-labels.ttl", ontology=False)
    network = to_networkx(graph, "full")
    opened = open_page(browser, write(kg.render(network, renderer=renderer), tmp_path, "evil"))
    # show the details of every node and edge, and search for the worst label
    opened.js("() => { kg.data.nodes.forEach((_, i) => kg.selectNode(i, true)); }")
    opened.js("() => { for (let j = 0; j < kg.data.edges.length / 3; j++) kg.selectEdge(j); }")
    opened.js("() => kg.search('<img')")
    assert opened.js("window.__pwned === undefined && window.__alerted === undefined")
    assert opened.js("document.querySelectorAll('img, svg, iframe, b').length") == 0
    # the text is shown as text
    payload = index_of(opened, "https://example.org/evil#Payload")
    opened.js("i => kg.selectNode(i, false)", payload)
    details = opened.page.locator("#kg-details")
    assert details.locator(".kg-label").text_content() == "<img src=x onerror=alert(1)>"
    assert (
        details.locator(".kg-definition").text_content()
        == "</script><script>window.__pwned = 1; alert(2)</script>"
    )
    assert (
        opened.page.locator("#kg-results button")
        .first.text_content()
        .startswith("<img src=x onerror=alert(1)>")
    )
    # the data block, the renderer (vis-network or ours) and the page script: nothing was added
    assert opened.js("document.querySelectorAll('script').length") == 3
    opened.screenshot(f"malicious-{renderer}")
    assert_offline_and_clean(opened)


def test_jupyter_display_draws_in_its_iframe(
    browser: Any, ontology: kg.KnowledgeGraph, tmp_path: Path
) -> None:
    shown = kg.render(kg.load(DATA / "malicious-labels.ttl", ontology=False), view="full")._repr_html_()
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><h1>Notebook</h1>{shown}</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host.as_uri())
    frame = page.frames[1]
    wait_drawn(frame)
    assert frame.evaluate("kg.drawnNodeCount()") == 4
    assert page.evaluate("window.__pwned === undefined && typeof window.kg === 'undefined'")
    assert errors == []
    page.close()


# --- large graphs -----------------------------------------------------------------------------------


def test_large_page_draws_and_shows_the_cap(browser: Any, tmp_path: Path) -> None:
    graph = kg.load("\n".join(catalogue_lines(2500, seed=1)) + "\n", format="nt")
    network = to_networkx(graph, "instances")
    opened = open_page(browser, write(kg.render(network), tmp_path, "large"))
    assert opened.js("kg.view.kind") == "canvas"
    assert opened.js("kg.drawnNodeCount()") == network.number_of_nodes() > 2500
    assert opened.page.locator("#kg-message").is_hidden()
    opened.screenshot("large-canvas")
    assert_offline_and_clean(opened)

    capped = open_page(browser, write(kg.render(network, max_nodes=500), tmp_path, "capped"))
    message = capped.page.locator("#kg-message")
    assert message.is_visible()
    assert message.text_content().startswith(f"Showing 500 of {network.number_of_nodes():,} nodes")
    assert "summary view" in message.text_content() and "neighbourhood" in message.text_content()
    assert capped.js("kg.drawnNodeCount()") == 500
    capped.screenshot("capped")
    assert_offline_and_clean(capped)
