"""Benchmark of the schema pages: the VOWL-like schema view against the plain one it grew from. A script,
not a test (nothing here asserts a time)::

    python tests/bench/bench_schema.py                # genai, Pizza, AIO, schema.org
    python tests/bench/bench_schema.py --only aio

For each ontology and each page (``plain``: ``kg.render(to_networkx(graph, "schema"))`` as before issue
16; ``vowl``: ``kg.render(graph, view="schema")``) it prints the seconds to build the view and write the
page, the nodes and edges drawn at first, and, in headless Chromium, the milliseconds from navigation to
the first complete drawing and to the labels pushed apart (the picture the reader sees); then the ratios
vowl / plain, measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
ONTOLOGIES = {
    "genai": None,
    "pizza": SHARED / "pizza-ontology" / "pizza.owl",
    "aio": SHARED / "artificial-intelligence-ontology" / "aio.owl",
    "schemaorg": SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl",
}
CHROMIUM = "/usr/bin/chromium"


def draw(browser: Any, path: Path) -> tuple[float, float, int, int]:
    """Milliseconds to the first drawing and to the labels settled; the nodes and edges drawn then."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        deadline = time.monotonic() + 120
        while not page.evaluate("window.__kgLabelsSettled > 0") and time.monotonic() < deadline:
            time.sleep(0.02)
        drawn, settled = page.evaluate("[window.__kgDrawn || -1, window.__kgLabelsSettled || -1]")
        nodes = page.evaluate("kg.drawnNodeCount()")
        edges = page.evaluate(
            "(() => kg.view.network.body.data.edges.get().filter(e => !e.hidden).length)()"
            if page.evaluate("kg.view.kind") == "vis"
            else "kg.data.edges.length / 3"
        )
        return drawn, settled, int(nodes), int(edges)
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(ONTOLOGIES), action="append", help="Only these ontologies.")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    import kg
    from kg.network import to_networkx

    heading = ("ontology", "page", "build s", "nodes", "edges", "draw ms", "labels ms")
    print(f"{heading[0]:<10} {heading[1]:<6} " + " ".join(f"{h:>9}" for h in heading[2:]))
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="kg-bench-schema-") as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name in args.only or list(ONTOLOGIES):
                source = ONTOLOGIES[name]
                graph = kg.load() if source is None else kg.load(source, ontology=False)
                measured = {}
                for kind in ("plain", "vowl"):
                    started = time.perf_counter()
                    page = kg.render(to_networkx(graph, "schema")) if kind == "plain" else kg.render(graph)
                    path = page.write(Path(folder) / f"{name}-{kind}.html")
                    seconds = time.perf_counter() - started
                    drawn, settled, nodes, edges = draw(browser, path)
                    measured[kind] = (seconds, drawn, settled)
                    figures = f"{seconds:>9.2f} {nodes:>9} {edges:>9} {drawn:>9.0f} {settled:>9.0f}"
                    print(f"{name:<10} {kind:<6} {figures}")
                ratios = [measured["vowl"][i] / max(measured["plain"][i], 1e-9) for i in range(3)]
                figures = f"{ratios[0]:>9.2f} {'':>9} {'':>9} {ratios[1]:>9.2f} {ratios[2]:>9.2f}"
                print(f"{name:<10} {'ratio':<6} {figures}")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
