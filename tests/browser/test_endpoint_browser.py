"""The endpoint's web page in a real headless Chromium: pick a named query, run it, see the rows and
the graph, with no request leaving the server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.test_pages_browser import ARTIFACTS, TIMEOUT, browser  # noqa: F401 (the fixture)
from tests.test_server import Server

pytestmark = pytest.mark.browser


def wait_until(page: Any, expression: str) -> None:
    """Poll an expression from the test (page.wait_for_function evaluates it inside the page, which
    the page's Content-Security-Policy forbids: no eval there)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false: {expression}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.stop()


def test_pick_run_table_and_graph(browser: Any, server: Server) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(TIMEOUT)
    page.goto(server.url + "/")
    wait_until(page, "document.querySelectorAll('#named option').length > 10")
    page.select_option("#named", "cq05-llm-tasks")
    assert page.text_content("#question") == "Which tasks are large language models designed for?"
    page.click("#run")
    wait_until(page, "document.querySelectorAll('#results tbody tr').length === 5")
    headers = page.eval_on_selector_all("#results thead th", "cells => cells.map(c => c.textContent)")
    assert headers == ["useCase", "label"]
    labels = page.eval_on_selector_all(
        "#results tbody tr td:nth-child(2)", "cells => cells.map(c => c.textContent)"
    )
    assert sorted(labels) == [
        "Content generation @en",
        "Natural language understanding @en",
        "Summarization @en",
        "Translation @en",
        "Writing assistance @en",
    ]
    assert "5 rows" in (page.text_content("#status") or "")

    page.click("#tab-graph")
    wait_until(
        page,
        "() => { const f = document.getElementById('graph-frame').contentWindow;"
        " return f && f.kg && f.kg.drawnNodeCount() > 0; }",
    )
    frame = page.frame_locator("#graph-frame")
    assert frame is not None
    drawn = page.evaluate("document.getElementById('graph-frame').contentWindow.kg.drawnNodeCount()")
    assert drawn == 5  # the five use cases, labelled: no box of their own label (issue 13)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "endpoint-page.png"))

    assert requests and all(url.startswith(server.url + "/") for url in requests), requests
    assert errors == []
    page.close()


def test_errors_show_as_text(browser: Any, server: Server) -> None:  # noqa: F811
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(server.url + "/")
    page.fill("#query", "SELECT * WHERE { ?s ?p <img src=x onerror=alert(1)> ")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("#run")
    wait_until(page, "document.getElementById('status').className === 'error'")
    assert (page.text_content("#status") or "").startswith("<query>:1:")
    assert dialogs == [] and page.query_selector("#status img") is None
    page.close()
