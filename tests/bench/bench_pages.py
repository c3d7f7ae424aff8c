"""Benchmark of graph pages: build and write a page, then draw it in headless Chromium; against pyvis.

A script, not a test (nothing here asserts a time)::

    python tests/bench/bench_pages.py                     # 1k, 10k and 50k nodes
    python tests/bench/bench_pages.py --sizes 1000 --pyvis-limit 30

For each size it generates a catalogue (``kg.generate``) whose instance view has about that many nodes,
and measures:

* ours: the view (SPARQL → networkx), the page (``kg.render``) and its write; in Chromium, the time from
  navigation to the first complete drawing (``window.__kgDrawn``, set by the page), then how long a
  search-and-focus takes until the drawing is complete again (``window.__kgRendered``);
* pyvis used the documented way on the same networkx graph: ``Network(directed=True,
  cdn_resources="in_line")``, ``from_nx`` and ``write_html`` (``in_line`` so that it can draw offline at
  all: the default loads vis-network from a CDN). ``from_nx`` adds nodes and edges one by one, each
  checked against all before (quadratic), so it runs in a subprocess stopped after ``--pyvis-limit``
  seconds; its page is timed in the same browser, stopped after ``--browser-limit`` seconds, with every
  http(s) request refused (its template still asks CDNs for Bootstrap) and its first drawing detected
  through vis-network's ``afterDrawing`` event.

The goal (issue 4): 50k nodes written in under 2 s, drawn and interactive in under 5 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Detects pyvis's first drawing: its template declares `var network` and assigns `network = new
# vis.Network(…)`; a setter on window sees the assignment before vis-network draws (on a later frame).
PYVIS_HOOK = """
(() => {
  let value;
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      if (v && v.once) { v.once("afterDrawing", () => { window.__kgDrawn = performance.now(); }); }
    },
  });
})();
"""

PYVIS_WORKER = r"""
import pickle, sys, time
from pyvis.network import Network
with open(sys.argv[1], "rb") as f:
    graph = pickle.load(f)
start = time.perf_counter()
net = Network(directed=True, cdn_resources="in_line")
net.from_nx(graph)
built = time.perf_counter()
net.write_html(sys.argv[2])
print(built - start, time.perf_counter() - built)
"""


def seconds(value: float | None, limit: float | None = None) -> str:
    if value is None:
        return f"> {limit:.0f} s" if limit else "n/a"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def ratio(theirs: float | None, ours: float | None, limit: float | None) -> str:
    if ours is None or ours <= 0:
        return "n/a"
    if theirs is None:
        return f"> {limit / ours:.0f}x" if limit else "n/a"
    return f"{theirs / ours:.0f}x" if theirs / ours >= 10 else f"{theirs / ours:.1f}x"


def catalogue_graph(nodes: int) -> Any:
    import kg
    from kg.generate import catalogue_lines

    # the instance view has ~1.065 nodes per model (models, organisations, datasets) and the 25
    # individuals of the ontology
    models = max(1, int((nodes - 25) / 1.065))
    return kg.load("\n".join(catalogue_lines(models, seed=1)) + "\n", format="nt")


def open_timed(browser: Any, path: Path, limit: float, *, pyvis: bool) -> tuple[float | None, list[str], Any]:
    """Navigate and wait for the first complete drawing; its time in seconds since navigation (or None).

    Polled from here: Playwright's wait_for_function compiles its predicate inside the page, which our
    pages' Content-Security-Policy refuses (no 'unsafe-eval').
    """
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    refused: list[str] = []

    def refuse(route: Any) -> None:
        refused.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://"), refuse)
    if pyvis:
        page.add_init_script(PYVIS_HOOK)
    try:
        page.goto(path.as_uri(), timeout=limit * 1000, wait_until="commit")
        drawn = poll(page, "window.__kgDrawn || 0", 0, limit) / 1000
    except Exception:  # a timeout (or a page that never draws) is a result here
        drawn = None
    return drawn, refused, page


def interactive(page: Any) -> tuple[float, float]:
    """How long the page takes to answer right after drawing, and a search + focus until redrawn (s)."""
    start = time.perf_counter()
    page.evaluate("1")
    answer = time.perf_counter() - start
    before = page.evaluate("window.__kgRendered || 0")
    start = time.perf_counter()
    page.evaluate("() => { const found = kg.search('-1'); if (found.length) kg.selectNode(found[0], true); }")
    poll(page, "window.__kgRendered || 0", before, 60)
    return answer, time.perf_counter() - start


def poll(page: Any, expression: str, above: float, limit: float) -> float:
    """Evaluate ``expression`` every 20 ms until it exceeds ``above``, and return it (or time out)."""
    deadline = time.monotonic() + limit
    while True:
        value = float(page.evaluate(expression))
        if value > above:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.02)


def pyvis_build(network: Any, directory: Path, limit: float) -> tuple[float | None, float | None, Path]:
    data = directory / "graph.pickle"
    target = directory / "pyvis.html"
    with open(data, "wb") as handle:
        pickle.dump(network, handle)
    try:
        done = subprocess.run(
            [sys.executable, "-c", PYVIS_WORKER, str(data), str(target)],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
            cwd=directory,
        )
    except subprocess.TimeoutExpired:
        return None, None, target
    built, written = (float(x) for x in done.stdout.split())
    return built, written, target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="node counts, comma separated")
    parser.add_argument(
        "--pyvis-limit", type=float, default=60, help="seconds for pyvis's from_nx + write_html"
    )
    parser.add_argument("--browser-limit", type=float, default=60, help="seconds to wait for a page to draw")
    parser.add_argument("--keep", type=Path, help="keep the pages in this folder")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    import kg
    from kg.network import to_networkx

    folder = options.keep or Path(tempfile.mkdtemp(prefix="kg-bench-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; pages in {folder}")
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in (int(s) for s in options.sizes.split(",")):
            graph = catalogue_graph(size)
            start = time.perf_counter()
            network = to_networkx(graph, "instances")
            view_time = time.perf_counter() - start
            start = time.perf_counter()
            page = kg.render(network)
            render_time = time.perf_counter() - start
            start = time.perf_counter()
            path = page.write(folder / f"ours-{size}.html")
            write_time = time.perf_counter() - start
            drawn, refused, opened = open_timed(browser, path, options.browser_limit, pyvis=False)
            counted = opened.evaluate("kg.drawnNodeCount()") if drawn is not None else None
            answer, refocus = interactive(opened) if drawn is not None else (None, None)
            opened.close()
            print(
                f"\n{network.number_of_nodes():,} nodes, {network.number_of_edges():,} edges "
                f"({len(graph):,} triples)"
            )
            written_in = render_time + write_time
            limit = options.browser_limit
            shown = f" ({counted:,} nodes drawn)" if counted is not None else ""
            times = f"view {seconds(view_time)} · page {seconds(render_time)} + write {seconds(write_time)}"
            print(f"  ours  : {times}")
            print(
                f"          = written in {seconds(written_in)} "
                f"({path.stat().st_size / 1e6:.1f} MB, {page.renderer})"
                f" · first complete draw {seconds(drawn, limit)}{shown}"
            )
            if answer is not None:
                print(
                    f"          after drawing: answers in {seconds(answer)}; search + focus + full redraw in "
                    f"{seconds(refocus)}; requests refused: {len(refused)}"
                )

            pyvis_dir = folder / f"pyvis-{size}"
            pyvis_dir.mkdir(exist_ok=True)
            built, written, pyvis_path = pyvis_build(network, pyvis_dir, options.pyvis_limit)
            pyvis_total = None if built is None or written is None else built + written
            if pyvis_total is None:
                print(
                    f"  pyvis : from_nx + write_html stopped after {options.pyvis_limit:.0f} s (quadratic "
                    "from_nx); not drawn"
                )
                pyvis_drawn = None
            else:
                pyvis_drawn, pyvis_refused, opened = open_timed(
                    browser, pyvis_path, options.browser_limit, pyvis=True
                )
                opened.close()
                stopped = " (stopped waiting)" if pyvis_drawn is None else ""
                print(f"  pyvis : from_nx {seconds(built)} + write_html {seconds(written)}")
                print(
                    f"          = written in {seconds(pyvis_total)} · first complete draw "
                    f"{seconds(pyvis_drawn, limit)}{stopped}; CDN requests refused: {len(pyvis_refused)}"
                )
            print(
                f"  pyvis / ours: written {ratio(pyvis_total, written_in, options.pyvis_limit)}"
                f" · drawn {ratio(pyvis_drawn, drawn, limit) if pyvis_total else 'n/a'}"
            )
            rows.append((network.number_of_nodes(), written_in, drawn))
        browser.close()
    print("\ngoal: 50k nodes written in < 2 s and drawn and interactive in < 5 s")
    for nodes, written_in, drawn in rows:
        drawn_in = seconds(drawn, options.browser_limit)
        print(f"  {nodes:>7,} nodes: written {seconds(written_in)}, drawn {drawn_in}")


if __name__ == "__main__":
    main()
