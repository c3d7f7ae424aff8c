"""Benchmark of the Epoch AI catalogue: import, HermiT over ontology + catalogue, and ``kg tour``.

A script, not a test (nothing here asserts a time)::

    python tests/bench/bench_catalogue.py            # 3 runs of each, the median printed
    python tests/bench/bench_catalogue.py --runs 1

``import``
    ``kg.catalogue.import_epoch()`` on the embedded snapshot (976 rows, 46 columns, 2 MB): reading the CSV,
    the two tables, building the triples and serialising them as Turtle. Target (issue 12): under 3 s.
``HermiT``
    ``kg.load(catalogue=True).reason("dl")`` (owlready2 → Java): classification and realisation of the
    ontology and every catalogue model, loading timed apart. Target: under 15 s on a 2-core machine.
    ``java_cpu`` is the CPU time of the Java process: on a shared machine it varies less than the wall
    clock. The load average at the start is printed too.
``kg tour``
    The command end to end in a fresh process, as a user runs it (import, every competency question,
    one reasoning, the graph pages), output to /dev/null.

Every case runs in a fresh Python process of its own, so that nothing is cached between cases; the
figures printed are the median of ``--runs`` and each run's figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

_CASES = {
    "import": """
import json, time
t0 = time.perf_counter()
from kg.catalogue import import_epoch
result = import_epoch()
data = result.serialize("turtle")
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "triples": len(result.triples), "bytes": len(data)}))
""",
    "HermiT": """
import json, resource, time
import kg
t0 = time.perf_counter()
graph = kg.load(catalogue=True)
t1 = time.perf_counter()
java = resource.getrusage(resource.RUSAGE_CHILDREN)
report = graph.reason("dl")
t2 = time.perf_counter()
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": t2 - t1, "load": t1 - t0, "java_cpu": after.ru_utime + after.ru_stime
                  - java.ru_utime - java.ru_stime, "triples": len(graph),
                  "inferred": graph.count_inferred(), "consistent": report.consistent}))
""",
}

TARGETS = {"import": 3.0, "HermiT": 15.0}


def run_case(name: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CASES[name]], capture_output=True, text=True, check=True, timeout=600
    )
    line = done.stdout.strip().splitlines()[-1]
    return dict(json.loads(line))


def run_tour() -> dict[str, object]:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kg", "tour"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
        timeout=600,
    )  # fmt: skip
    return {"seconds": time.perf_counter() - t0}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (the median is printed)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    print(
        f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)"
    )
    results: dict[str, list[dict[str, object]]] = {"import": [], "HermiT": [], "kg tour": []}
    for _ in range(max(1, args.runs)):
        results["import"].append(run_case("import"))
        results["HermiT"].append(run_case("HermiT"))
        results["kg tour"].append(run_tour())
    print(f"{'case':<10} {'median s':>9} {'target s':>9} {'ratio':>6}  runs (s) · details of the last run")
    for name, runs in results.items():
        seconds = [float(str(r["seconds"])) for r in runs]
        median = statistics.median(seconds)
        target = TARGETS.get(name)
        ratio = f"{median / target:.2f}" if target else "-"
        details = {k: v for k, v in runs[-1].items() if k != "seconds"}
        shown = ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in details.items())
        print(
            f"{name:<10} {median:>9.2f} {target if target else '-':>9} {ratio:>6}  "
            f"{' '.join(f'{s:.2f}' for s in seconds)}" + (f" · {shown}" if shown else "")
        )
    if args.json:
        print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
