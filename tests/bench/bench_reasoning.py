"""Benchmark of reasoning: the OWL 2 RL closure of generated catalogues, kg against owlrl; and HermiT.

A script, not a test (nothing here asserts a time)::

    python tests/bench/bench_reasoning.py                          # 10k, 100k and 1M triples
    python tests/bench/bench_reasoning.py --sizes 10k,100k --owlrl-max 10k --hermit-sizes 0

For each size a catalogue of AI models is generated (``kg.generate``, about 11.4 triples a model) and
loaded after the embedded ontology. Every case runs in a fresh Python process of its own, so that its
peak memory (maximum resident set size) is its own; loading is set-up and timed apart.

``kg rl``
    ``graph.reason("rl")`` end to end: reading the asserted triples out of the store
    (``kg.reasoning.ntriples``), the closure by the OWL 2 RL rules, dropping trivial triples, and
    storing the inferred ones in the graph (``KnowledgeGraph.set_inferred``); each part is timed too.
``owlrl``
    ``owlrl.DeductiveClosure(OWLRL_Semantics).expand(g)`` on an rdflib graph of the same triples (the
    conversion is set-up). It is not run above ``--owlrl-max`` (default 100k): measured here at 59 s for
    100k triples and growing faster than linearly, it would take many minutes at 1M. Its closure keeps
    what kg drops (reflexive owl:sameAs of every term, datatype triples …), so it counts more triples.
``HermiT``
    ``graph.reason("dl")`` (owlready2 → Java): classification, realisation and object property values,
    on the ontology alone (size 0) and on the sizes of ``--hermit-sizes`` (default 0 and 10k).

The goal (issue 5): a million triples closed by the OWL 2 RL rules in under 30 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TRIPLES_PER_MODEL = 11.44


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1_000_000 if text.endswith("m") else 1_000 if text.endswith("k") else 1
    return int(float(text.rstrip("mk")) * factor)


def label(size: int) -> str:
    return "ontology" if size == 0 else f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


# ---------------------------------------------------------------------------------------------------
# the cases, each run in a process of its own


def worker(case: str, catalogue: str | None) -> dict[str, Any]:
    import kg

    started = time.perf_counter()
    graph = kg.load(catalogue) if catalogue else kg.load()
    out: dict[str, Any] = {"load": time.perf_counter() - started, "triples": len(graph)}
    if case == "kg-rl":
        import kg.reasoning as reasoning
        from kg.reasoning.rl import _Closure

        parts: dict[str, float] = {}

        def timed(name: str, function: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                t = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    parts[name] = parts.get(name, 0.0) + time.perf_counter() - t

            return wrapper

        # reason() looks these up in the namespace of kg.reasoning, where they are timed
        namespace = vars(reasoning)
        for part, name in (("read", "ntriples"), ("filter", "_keep"), ("store", "_store")):
            namespace[name] = timed(part, namespace[name])
        _Closure.__init__ = timed("index", _Closure.__init__)  # type: ignore[method-assign]
        _Closure.run = timed("closure", _Closure.run)  # type: ignore[method-assign]
        t = time.perf_counter()
        report = graph.reason("rl")
        out.update(
            seconds=time.perf_counter() - t, inferred=report.inferred, parts=parts, ok=report.consistent
        )
    elif case == "owlrl":
        import owlrl

        rdf = graph.to_rdflib()
        before = len(rdf)
        t = time.perf_counter()
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(rdf)
        out.update(seconds=time.perf_counter() - t, inferred=len(rdf) - before, ok=True)
    elif case == "hermit":
        t = time.perf_counter()
        report = graph.reason("dl")
        out.update(seconds=time.perf_counter() - t, inferred=report.inferred, ok=report.consistent)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_case(case: str, catalogue: Path | None, timeout: float) -> dict[str, Any]:
    args = [sys.executable, __file__, "--worker", case] + ([str(catalogue)] if catalogue else [])
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# ---------------------------------------------------------------------------------------------------
# the table


def seconds(result: dict[str, Any] | None) -> str:
    if result is None:
        return "—"
    if "error" in result:
        return str(result["error"])
    return f"{result['seconds']:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10k,100k,1M", help="catalogue sizes in triples (default: %(default)s)"
    )
    parser.add_argument(
        "--owlrl-max", default="100k", help="largest size owlrl runs on (default: %(default)s)"
    )
    parser.add_argument("--hermit-sizes", default="0,10k", help="sizes for HermiT, 0 = the ontology alone")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a case is stopped")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        case, *rest = options.worker
        print(json.dumps(worker(case, rest[0] if rest else None)))
        return

    from kg.generate import write_catalogue

    sizes = [parse_size(s) for s in options.sizes.split(",")]
    hermit_sizes = [parse_size(s) for s in options.hermit_sizes.split(",") if s.strip()]
    owlrl_max = parse_size(options.owlrl_max)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        catalogues: dict[int, Path | None] = {0: None}
        for size in sorted(set(sizes) | set(hermit_sizes)):
            if size:
                path = Path(folder) / f"catalogue-{label(size)}.nt"
                write_catalogue(max(1, round(size / TRIPLES_PER_MODEL)), path)
                catalogues[size] = path
        for size in sizes:
            print(f"{label(size)}: kg rl …", file=sys.stderr, flush=True)
            results[f"kg-rl {label(size)}"] = run_case("kg-rl", catalogues[size], options.timeout)
            if size <= owlrl_max:
                print(f"{label(size)}: owlrl …", file=sys.stderr, flush=True)
                results[f"owlrl {label(size)}"] = run_case("owlrl", catalogues[size], options.timeout)
        for size in hermit_sizes:
            print(f"{label(size)}: HermiT …", file=sys.stderr, flush=True)
            results[f"hermit {label(size)}"] = run_case("hermit", catalogues[size], options.timeout)

    print("\nOWL 2 RL closure (graph.reason('rl') against owlrl's expand), each in a fresh process")
    print(f"{'size':>6} {'triples':>10} {'load':>8} {'kg rl':>9} {'peak':>8} {'inferred':>9}  "
          f"{'owlrl':>10} {'peak':>8} {'inferred':>9} {'owlrl/kg':>9}  kg parts")  # fmt: skip
    for size in sizes:
        ours = results[f"kg-rl {label(size)}"]
        theirs = results.get(f"owlrl {label(size)}")
        if "error" in ours:
            print(f"{label(size):>6} kg rl failed: {ours['error']}")
            continue
        ratio = f"{theirs['seconds'] / ours['seconds']:.0f} x" if theirs and "error" not in theirs else ""
        owlrl_text = seconds(theirs) if theirs else f"not run (> {label(owlrl_max)}: many minutes)"
        their_peak = f"{theirs['peak_mb']:.0f} MB" if theirs and "error" not in theirs else ""
        their_inferred = f"{theirs['inferred']:,}" if theirs and "error" not in theirs else ""
        parts = " · ".join(f"{name} {value:.1f}" for name, value in ours["parts"].items())
        print(f"{label(size):>6} {ours['triples']:>10,} {ours['load']:>7.1f}s {ours['seconds']:>8.2f}s "
              f"{ours['peak_mb']:>6.0f}MB {ours['inferred']:>9,}  {owlrl_text:>10} {their_peak:>8} "
              f"{their_inferred:>9} {ratio:>9}  {parts}")  # fmt: skip
    print("\nHermiT through owlready2 (graph.reason('dl')): classification, realisation, property values")
    for size in hermit_sizes:
        result = results[f"hermit {label(size)}"]
        if "error" in result:
            print(f"{label(size):>9}: {result['error']}")
        else:
            print(f"{label(size):>9}: {result['triples']:>9,} triples, {result['seconds']:.2f} s, "
                  f"{result['inferred']:,} inferred, peak {result['peak_mb']:.0f} MB (Python)")  # fmt: skip
    million = [r for key, r in results.items() if key.startswith("kg-rl") and r.get("triples", 0) >= 990_000]
    for r in million:
        verdict = "met" if r["seconds"] < 30 else "NOT met"
        print(
            f"\nGoal: 1M triples closed in < 30 s: {verdict} ({r['seconds']:.1f} s, {r['triples']:,} triples)"
        )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
