"""Benchmark of ``kg docs``: how long the site of each ontology takes to write, and how long its index
page takes to first draw in headless Chromium. A script, not a test (nothing here asserts a time)::

    python tests/bench/bench_docs.py                  # genai, Pizza, AIO, schema.org, without reasoning
    python tests/bench/bench_docs.py --reason         # with HermiT where it is asked for (needs Java)
    python tests/bench/bench_docs.py --only pizza

For each ontology it prints the terms and pages written, the seconds to write them, the seconds per
term, and, in Chromium, the time from navigation to the index's ``load`` event and to its first paint
(``first-contentful-paint``, from the page's own performance timeline). The goal (issue 16): the index
of AIO (~400 classes) and schema.org (~800 classes) first-draws in under 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
ONTOLOGIES = {
    "genai": [],
    "pizza": [SHARED / "pizza-ontology" / "pizza.owl"],
    "aio": [SHARED / "artificial-intelligence-ontology" / "aio.owl"],
    "schemaorg": [SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl"],
}
CHROMIUM = "/usr/bin/chromium"


def first_draw(index: Path) -> tuple[float, float]:
    """Seconds to the load event and to the first contentful paint of a page, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            started = time.perf_counter()
            page.goto(index.as_uri(), wait_until="load", timeout=120_000)
            loaded = time.perf_counter() - started
            paint = page.evaluate(
                "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1000}).startTime"
            )
        finally:
            browser.close()
    return loaded, paint / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reason", action="store_true", help="Reason with HermiT (needs Java).")
    parser.add_argument("--only", choices=sorted(ONTOLOGIES), action="append", help="Only these ontologies.")
    args = parser.parse_args()

    from kg.docs import write_docs

    heading = ("ontology", "terms", "pages", "write s", "ms/term", "load s", "FCP s")
    print(f"{heading[0]:<10} " + " ".join(f"{h:>8}" for h in heading[1:]))
    for name in args.only or list(ONTOLOGIES):
        with tempfile.TemporaryDirectory(prefix=f"kg-docs-{name}-") as folder:
            started = time.perf_counter()
            result = write_docs(ONTOLOGIES[name], Path(folder), reason=args.reason)
            seconds = time.perf_counter() - started
            loaded, paint = first_draw(result.index)
            print(
                f"{name:<10} {result.terms:>8} {result.pages:>8} {seconds:>8.2f} "
                f"{1000 * seconds / max(result.terms, 1):>8.2f} {loaded:>8.2f} {paint:>8.2f}"
                + ("" if not args.reason else f"  ({result.reasoned})")
            )


if __name__ == "__main__":
    main()
