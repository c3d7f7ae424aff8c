"""``kg docs`` sites in a real headless Chromium: on our ontology, Pizza, AIO and schema.org each opens
offline with no console error, the search box finds a term, and the term's neighbourhood diagram draws.

A screenshot of each term page is saved in ``tests/artifacts/`` (not committed).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kg.docs import write_docs
from tests.browser.test_pages_browser import ARTIFACTS, Opened, browser  # noqa: F401 (the fixture)
from tests.helpers import ROOT

pytestmark = pytest.mark.browser

SHARED = ROOT.parent / "shared" / "data"
SCHEMA_ORG = SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl"
#: name → (sources, a term label to search for: None for a class of the ontology taken from its index)
ONTOLOGIES: dict[str, tuple[list[Path], str | None]] = {
    "genai": ([], None),
    "pizza": ([SHARED / "pizza-ontology" / "pizza.owl"], "Margherita"),
    "aio": ([SHARED / "artificial-intelligence-ontology" / "aio.owl"], None),
    "schemaorg": (
        [SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl"],
        "Person",
    ),
}
TIMEOUT = 90.0  # s: the machine may be busy


def _wait(opened: Opened, expression: str, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not opened.js(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {TIMEOUT:.0f} s")
        time.sleep(0.05)


def _open(browser: Any, path: Path) -> Opened:  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(path.as_uri())
    return opened


@pytest.mark.parametrize("name", list(ONTOLOGIES))
def test_docs_open_offline_search_and_draw(browser: Any, tmp_path: Path, name: str) -> None:  # noqa: F811
    sources, wanted = ONTOLOGIES[name]
    for source in sources:
        assert source.is_file(), source
    # reasoning is shown on the two small ones; AIO and schema.org are documented as they are
    result = write_docs(sources, tmp_path / name, reason=None if name in ("genai", "pizza") else False)
    assert result.single_page == (name in ("genai", "pizza"))
    opened = _open(browser, result.index)
    try:
        _wait(opened, "document.readyState === 'complete'", "the index did not load")
        if wanted is None:  # a class that has neighbours, from the site's own index
            wanted = opened.js("KG_DOCS_TERMS.filter(t => t.kind === 'class')[1].label")
        opened.page.fill("#search", wanted)
        link = opened.page.locator("#results a", has_text=wanted).first
        assert link.is_visible()
        link.click()
        slug = opened.js("decodeURIComponent(location.href).split(/[#\\/]/).pop().replace('.html', '')")
        box = f"document.querySelector('.diagram[data-term=\"{slug}\"]')"
        _wait(
            opened, f"{box} && {box}.getAttribute('data-drawn') === 'true'", "the term's diagram did not draw"
        )
        assert opened.js(f"{box}.querySelector('canvas') !== null")
        heading = opened.js(f"document.getElementById('{slug}').querySelector('h2').textContent")
        assert heading.startswith(wanted)
        opened.page.locator(f".diagram[data-term='{slug}']").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / f"docs-{name}.png"))
        assert all(url.startswith("file://") for url in opened.requests), opened.requests
        assert opened.errors == []
    finally:
        opened.page.close()
