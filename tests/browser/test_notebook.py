"""A notebook run headless (nbclient): it loads one's own file, queries it (a table), draws two graphs
inline and turns the answer into pandas; its HTML export opens offline in Chromium, where every graph
draws, the one below the fold too, without scrolling (issue 13 acceptance)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_pages_browser import browser, wait_drawn  # noqa: F401 (a fixture)
from tests.helpers import DATA, need

pytestmark = pytest.mark.browser

FIVE = DATA / "own" / "five-models.ttl"

CELLS = [
    f"import kg\ngraph = kg.load({str(FIVE)!r})\ngraph",
    # the user's models with their developer and year (cq10 names only the ontology's own examples, v2)
    "result = graph.query('PREFIX gai: <https://w3id.org/genai-kg/ontology#> '\n"
    "    'SELECT ?model ?modelLabel ?developerLabel ?releaseYear WHERE { '\n"
    "    '?model gai:releaseYear ?releaseYear ; rdfs:label ?modelLabel . '\n"
    "    'OPTIONAL { ?model gai:developedBy/rdfs:label ?developerLabel } '\n"
    "    'FILTER NOT EXISTS { ?model rdfs:isDefinedBy <https://w3id.org/genai-kg/ontology> } '\n"
    "    '} ORDER BY ?modelLabel')\nresult",
    "kg.render(graph)",
    "df = result.to_df(iris='short')\ndf[['modelLabel', 'developerLabel', 'releaseYear']]",
    "str(df['releaseYear'].dtype)",
    "kg.render(result)",
]


def _run_notebook(tmp_path: Path) -> Any:
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        need(False, "nbformat and nbclient are not installed (pip install 'genai-kg[notebook]')")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return notebook


def test_a_notebook_runs_and_its_html_draws_every_graph_offline(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    notebook = _run_notebook(tmp_path)
    outputs = [cell.outputs for cell in notebook.cells]
    html_of = [next((o["data"].get("text/html", "") for o in out if "data" in o), "") for out in outputs]
    assert "KnowledgeGraph" in html_of[0] and "five-models.ttl" in html_of[0]  # the graph's summary
    assert html_of[1].count("<tr><td>") == 5 and "Llama 2" in html_of[1]  # the answer as a table
    assert "<iframe srcdoc=" in html_of[2] and "<iframe srcdoc=" in html_of[5]  # two graphs inline
    assert "Llama 2" in html_of[3]  # the data frame
    assert next(o["data"]["text/plain"] for o in outputs[4] if "data" in o) == "'Int64'"

    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    exported = tmp_path / "walk-through.html"
    exported.write_text(body, encoding="utf-8")

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside: list[str] = []

    def offline(route: Any) -> None:  # no network: what the export needs must be in the file
        if route.request.url.startswith(("file:", "about:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(exported.as_uri())
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 2
    below = page.evaluate(
        "() => [...document.querySelectorAll('iframe')].map(f => f.getBoundingClientRect().top)"
    )
    assert below[1] > 900  # the second graph is below the fold
    for frame in frames:
        wait_drawn(frame)  # without scrolling to it
        assert frame.evaluate("kg.drawnNodeCount()") > 0
        inked = frame.evaluate(
            """() => { const c = document.querySelector('canvas'); const d = c.getContext('2d')
                 .getImageData(0, 0, c.width, c.height).data; let n = 0;
               for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200)) n++;
               return n; }"""
        )
        assert inked > 500, "a graph is blank"
    assert errors == []
    page.close()
