"""Benchmark: kg against raw pyoxigraph and rdflib, on generated AI-model catalogues.

    python tests/bench/run.py [--sizes 10k,100k,1M] [--repeat 5] [--json results.json]

For each size, a catalogue is generated (``kg generate``; about 11.4 triples a model) and every case
runs, for each side, in a fresh Python process of its own, so that its peak memory (the maximum
resident set size of that process, from ``wait4``) is its own. Times are medians of the repetitions
(``--repeat``; quick cases repeat until a second has passed, up to 300 times, so that pauses caused by
other processes do not make the median); only the operation itself is timed (loading the data for a
query case is set-up, not timed). Every side starts from the same files: the embedded ontology
(Turtle, 495 triples) and the catalogue (N-Triples). What each side does:

  load          kg: ``kg.load(catalogue)`` (the ontology, then the file, into an in-memory store).
                pyoxigraph: ``Store()``, then ``store.load(path=…)`` of both files.
                rdflib: ``Graph()``, then ``graph.parse(…)`` of both files.
  load --store  kg: ``kg.build_store(DIR, catalogue)`` (a new on-disk store, synced, made current).
                pyoxigraph: ``Store(DIR)``, ``bulk_load(path=…)`` of both files, ``flush()``.
  open+query    a selective query on that on-disk store, from opening it: ``kg.open_store(DIR)`` against
                ``Store.read_only(DIR)``.
  path, group,  the same SPARQL text on each side (below), then every value of every row read:
  filter,       kg: ``graph.query(text)``, rows are dicts of rdflib terms (kg's term cache is emptied
  construct     before each repetition, so each is a first reading). pyoxigraph: ``store.query(text)``,
                ``solution[v]`` for every variable (CONSTRUCT: ``t.subject``, ``t.predicate``,
                ``t.object``). rdflib: ``graph.query(text)``, ``row[v]`` for every variable.
  networkx      kg: ``kg.network.to_networkx(graph, "full", max_nodes=None)`` (nodes with labels, kinds
                and literal attributes). pyoxigraph: one ``MultiDiGraph`` edge per triple, built from
                ``store.quads_for_pattern``. rdflib: ``rdflib_to_networkx_multidigraph(graph)``.
  summary page  kg: ``kg.pages.render(graph, view="summary")`` (aggregates in the engine, networkx view,
                HTML). pyoxigraph and rdflib: the two aggregates of a summary (instances per class;
                links per class, property and class) and a ``MultiDiGraph`` of them, without HTML.
  OWL RL        kg: ``graph.reason("rl")``. pyoxigraph: has no reasoner. rdflib: owlrl's
                ``DeductiveClosure(OWLRL_Semantics).expand(graph)``.

rdflib is skipped where it would take many minutes (``--rdflib-max``, ``--owlrl-max``); the table
says so. The views, pages and reasoner are other modules' (kg.network, kg.pages, kg.reasoning): they are
imported when present, and "n/a (not available)" is printed otherwise; their own benchmarks are
tests/bench/bench_pages.py and tests/bench/bench_reasoning.py.

Last, the command line end to end (process start to exit, median of ``--cli-runs``): ``kg --help``,
``kg query cq01-llm-is-generative-ai`` and a selective ``kg query … --store DIR`` on the largest size.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GAI = "https://w3id.org/genai-kg/ontology#"
CAT = "https://w3id.org/genai-kg/catalogue/"
PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    f"PREFIX gai: <{GAI}> PREFIX cat: <{CAT}> "
)
QUERIES = {
    # every model of any subclass of GenerativeAI: rdf:type then rdfs:subClassOf*
    "path": PREFIXES + "SELECT ?m WHERE { ?m rdf:type/rdfs:subClassOf* gai:GenerativeAI }",
    # models per developer
    "group": PREFIXES + "SELECT ?org (COUNT(?m) AS ?models) WHERE { ?m gai:developedBy ?org } "
    "GROUP BY ?org ORDER BY DESC(?models) ?org",
    # the twenty largest models over 100 billion parameters
    "filter": PREFIXES + "SELECT ?m ?n WHERE { ?m gai:parameterCount ?n FILTER(?n > 100000000000) } "
    "ORDER BY DESC(?n) ?m LIMIT 20",
    # an organisation, its models and everything said about them
    "construct": PREFIXES + f"CONSTRUCT {{ ?org ?q ?v . ?m ?p ?o }} WHERE {{ BIND(<{CAT}org/1> AS ?org) "
    "?org ?q ?v . ?m gai:developedBy ?org ; ?p ?o }",
}
SELECTIVE = PREFIXES + f"SELECT ?p ?o WHERE {{ <{CAT}model/42> ?p ?o }}"
SUMMARY_CLASSES = "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"
SUMMARY_LINKS = (
    "SELECT ?c1 ?p ?c2 (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?a a ?c1 . ?b a ?c2 FILTER(?p != "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) } GROUP BY ?c1 ?p ?c2"
)
CASES = [
    "load",
    "load --store",
    "open+query",
    "path",
    "group",
    "filter",
    "construct",
    "networkx",
    "summary page",
    "OWL RL",
]
SIDES = ["kg", "pyoxigraph", "rdflib"]
TRIPLES_PER_MODEL = 11.43


# ---------------------------------------------------------------------------------------------------
# workers: one case, one side, in a process of its own


def _load(side: str, data: str) -> Any:
    if side == "kg":
        import kg

        return kg.load(data)
    if side == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.load(path=ONTOLOGY, format=ox.RdfFormat.TURTLE)
        store.load(path=data, format=ox.RdfFormat.N_TRIPLES)
        return store
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ONTOLOGY, format="turtle")
    graph.parse(data, format="nt")
    return graph


def _read_all(side: str, graph: Any, text: str) -> int:
    """Run a query and read every value of every row (or every term of every triple)."""
    count = 0
    if side == "kg":
        import kg.terms

        kg.terms._cache.clear()  # a first reading: no term converted by an earlier repetition
        result = graph.query(text)
        if result.kind == "select":
            names = result.vars
            for row in result:
                for name in names:
                    row[name]
                count += 1
        else:
            for _s, _p, _o in result:
                count += 1
        return count
    if side == "pyoxigraph":
        import pyoxigraph as ox

        result = graph.query(text)
        if isinstance(result, ox.QuerySolutions):
            names = result.variables
            for solution in result:
                for name in names:
                    solution[name]
                count += 1
        else:
            for triple in result:
                triple.subject, triple.predicate, triple.object  # noqa: B018
                count += 1
        return count
    result = graph.query(text)
    if result.type == "SELECT":
        names = result.vars
        for row in result:
            for name in names:
                row[name]
            count += 1
    else:
        for _s, _p, _o in result:
            count += 1
    return count


def _networkx(side: str, graph: Any) -> int:
    if side == "kg":
        from kg.network import to_networkx

        return int(to_networkx(graph, "full", max_nodes=None).number_of_edges())
    if side == "pyoxigraph":
        import networkx as nx

        network = nx.MultiDiGraph()
        for quad in graph.quads_for_pattern(None, None, None):
            network.add_edge(str(quad.subject), str(quad.object), key=str(quad.predicate))
        return int(network.number_of_edges())
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    return int(rdflib_to_networkx_multidigraph(graph).number_of_edges())


def _summary(side: str, graph: Any) -> int:
    if side == "kg":
        from kg.pages import render

        return len(render(graph, view="summary").html)
    import networkx as nx

    network = nx.MultiDiGraph()
    if side == "pyoxigraph":
        for row in graph.query(SUMMARY_CLASSES):
            network.add_node(str(row["c"]), count=int(row["n"].value))
        for row in graph.query(SUMMARY_LINKS):
            network.add_edge(str(row["c1"]), str(row["c2"]), key=str(row["p"]), weight=int(row["n"].value))
    else:
        for row in graph.query(SUMMARY_CLASSES):
            network.add_node(str(row["c"]), count=int(row["n"]))
        for row in graph.query(SUMMARY_LINKS):
            network.add_edge(str(row["c1"]), str(row["c2"]), key=str(row["p"]), weight=int(row["n"]))
    return int(network.number_of_edges())


def _owl_rl(side: str, graph: Any) -> int:
    if side == "kg":
        graph.reason("rl")
        return int(graph.count_inferred())
    import owlrl

    before = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return len(graph) - before


def _build_store(side: str, data: str, directory: str) -> Any:
    shutil.rmtree(directory, ignore_errors=True)
    if side == "kg":
        import kg

        return kg.build_store(directory, data)
    import pyoxigraph as ox

    store = ox.Store(directory)
    store.bulk_load(path=ONTOLOGY, format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    return store


def _open_and_query(side: str, directory: str) -> int:
    if side == "kg":
        import kg

        with kg.open_store(directory) as graph:
            return _read_all(side, graph, SELECTIVE)
    import pyoxigraph as ox

    return _read_all(side, ox.Store.read_only(directory), SELECTIVE)


def _warm_up(side: str) -> None:
    """Import what the side needs and load a triple, so that no timing includes imports."""
    if side == "kg":
        import kg
        import kg.store

        kg.load("<urn:a> <urn:b> <urn:c> .\n", format="nt", ontology=False).query("ASK { ?s ?p ?o }")
        kg.store.is_store(ROOT)
    elif side == "pyoxigraph":
        import pyoxigraph as ox

        ox.Store().load(b"<urn:a> <urn:b> <urn:c> .", ox.RdfFormat.N_TRIPLES)
    else:
        import rdflib

        for fmt in ("nt", "turtle"):
            rdflib.Graph().parse(data="<urn:a> <urn:b> <urn:c> .", format=fmt).query("ASK { ?s ?p ?o }")


def worker(case: str, side: str, data: str, repeat: int, directory: str) -> dict[str, Any]:
    """Run one case for one side ``repeat`` times (after its set-up) and return the times."""
    _warm_up(side)
    times: list[float] = []
    answer: Any = None

    def timed(operation: Any) -> None:
        nonlocal answer
        # (no gc.collect() between repetitions: a full collection empties CPython's free lists of tuples
        # and dicts, and the next repetition pays to refill them: a cost real programs do not pay)
        start = time.perf_counter()
        answer = operation()
        times.append(time.perf_counter() - start)

    def enough() -> bool:
        # at least `repeat` runs; quick cases go on for a second (at most 300 runs), so that a median
        # is not one of the pauses other processes cause on a busy machine
        return len(times) >= repeat and (sum(times) >= 1.0 or len(times) >= 300)

    try:
        if case == "load":
            for _ in range(repeat):
                timed(lambda: _load(side, data))
                answer = None
        elif case == "load --store":
            for _ in range(repeat):
                timed(lambda: _build_store(side, data, directory))
                answer = None
        elif case == "open+query":
            _build_store(side, data, directory)
            gc.collect()  # close the store that was built: it is opened afresh, read-only
            while not enough():
                timed(lambda: _open_and_query(side, directory))
        else:
            graph = _load(side, data)
            operation = {
                "networkx": lambda: _networkx(side, graph),
                "summary page": lambda: _summary(side, graph),
                "OWL RL": lambda: _owl_rl(side, graph),
            }.get(case)
            if operation is None:
                while not enough():
                    timed(lambda: _read_all(side, graph, QUERIES[case]))
            for _ in range(repeat if operation is not None else 0):
                if case == "OWL RL" and times:
                    graph = _load(side, data)  # the closure again from the asserted triples
                timed(operation)
    except ImportError as e:
        if side == "kg" and (e.name or "").startswith("kg."):  # a module another change is bringing
            return {"skipped": "n/a (not available)"}
        raise
    return {"times": times, "answer": answer if isinstance(answer, int) else None}


#: The embedded ontology, loaded first by every side (kg.load does it by itself).
ONTOLOGY = str(ROOT / "ontology" / "genai.ttl")

# ---------------------------------------------------------------------------------------------------
# the parent: data, processes, table


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def _label(n: int) -> str:
    return (
        f"{n // 1_000_000}M"
        if n >= 1_000_000 and n % 1_000_000 == 0
        else f"{n // 1000}k"
        if n >= 1000
        else str(n)
    )


def _catalogue(n: int, folder: Path) -> Path:
    path = folder / f"catalogue-{_label(n)}.nt"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from kg.generate import write_catalogue

        write_catalogue(max(1, round(n / TRIPLES_PER_MODEL)), path, seed=0)
    return path


def _run(case: str, side: str, data: Path, repeat: int, folder: Path, timeout: float) -> dict[str, Any]:
    """Run a worker process; add its peak memory (MB) to what it reports."""
    directory = folder / f"store-{side}"
    command = [sys.executable, __file__, "--worker", case, side, str(data), str(repeat), str(directory)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        start = time.monotonic()
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)  # the rusage of this process alone
            if pid:
                break
            if time.monotonic() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                return {"skipped": f"timeout ({timeout:.0f} s)"}
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    shutil.rmtree(directory, ignore_errors=True)
    if os.waitstatus_to_exitcode(status) != 0:
        last = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        return {"skipped": f"failed: {last[0][:60]}"}
    report: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    report["mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return report


def _median(report: dict[str, Any]) -> float | None:
    return statistics.median(report["times"]) if report.get("times") else None


def _cli(arguments: list[str], runs: int) -> float:
    """Median wall time of a `kg` command, from process start to exit."""
    kg_command = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    base = [kg_command] if kg_command else [sys.executable, "-m", "kg"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            base + arguments, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10k,100k,1M", help="catalogue sizes in triples (default 10k,100k,1M)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of kg and pyoxigraph (median)")
    parser.add_argument(
        "--rdflib-repeat", type=int, default=3, help="repetitions of rdflib (1 for loads of 1M+)"
    )
    parser.add_argument("--rdflib-max", default="1M", help="largest size rdflib runs at (default 1M)")
    parser.add_argument(
        "--summary-rdflib-max",
        default="10k",
        help="largest size of rdflib's summary aggregates (its join takes minutes beyond)",
    )
    parser.add_argument("--owlrl-max", default="10k", help="largest size owlrl runs at (default 10k)")
    parser.add_argument("--cases", default=",".join(CASES), help="which cases (default all)")
    parser.add_argument("--cli-runs", type=int, default=10, help="runs of each command-line timing")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one worker may take")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-bench",
        help="where generated catalogues are kept between runs",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    sizes = [_size(s) for s in args.sizes.split(",")]
    cases = [c for c in CASES if c in args.cases.split(",")]
    args.data.mkdir(parents=True, exist_ok=True)
    import platform

    print(
        f"kg benchmark · {platform.python_implementation()} {platform.python_version()} · "
        f"{os.cpu_count()} CPUs · medians of {args.repeat}+ runs (rdflib {args.rdflib_repeat}) · "
        "each case in a fresh process"
    )
    results: dict[str, Any] = {}
    for n in sizes:
        data = _catalogue(n, args.data)
        triples = sum(1 for _ in data.open("rb")) + 495
        print(f"\n== {_label(n)}: {triples:,} triples ({data.stat().st_size / 2**20:.0f} MB of N-Triples) ==")
        header = (
            f"{'case':<13}{'kg':>11}{'pyoxigraph':>12}{'rdflib':>11}{'kg/oxigraph':>13}{'rdflib/kg':>11}"
            f"{'kg MB':>9}{'oxi MB':>9}{'rdflib MB':>11}{'mem kg/oxi':>12}"
        )
        print(header)
        print("-" * len(header))
        results[_label(n)] = {}
        for case in cases:
            row: dict[str, Any] = {}
            for side in SIDES:
                if side == "pyoxigraph" and case == "OWL RL":
                    row[side] = {"skipped": "n/a", "note": "pyoxigraph has no reasoner"}
                    continue
                if side == "rdflib":
                    if case in ("load --store", "open+query"):
                        row[side] = {"skipped": "n/a"}  # rdflib's on-disk stores are another story
                        continue
                    limits = {"OWL RL": args.owlrl_max, "summary page": args.summary_rdflib_max}
                    cap = limits.get(case, args.rdflib_max)
                    if n > _size(cap):
                        row[side] = {
                            "skipped": "capped",
                            "note": f"rdflib capped at {cap}: it would take minutes",
                        }
                        continue
                repeat = args.repeat if side != "rdflib" else args.rdflib_repeat
                if side == "rdflib" and case == "load" and n >= 1_000_000:
                    repeat = 1
                if case in ("networkx", "summary page", "OWL RL") and n >= 1_000_000:
                    repeat = min(repeat, 3)
                if case in ("load", "load --store"):  # a process per load: each peak is one load's
                    runs = [_run(case, side, data, 1, args.data, args.timeout) for _ in range(repeat)]
                    if any("skipped" in r for r in runs):
                        row[side] = next(r for r in runs if "skipped" in r)
                    else:
                        row[side] = {
                            "times": [r["times"][0] for r in runs],
                            "mb": statistics.median(r["mb"] for r in runs),
                        }
                else:
                    row[side] = _run(case, side, data, repeat, args.data, args.timeout)
            results[_label(n)][case] = row
            kg_t, ox_t, rd_t = (_median(row[s]) for s in SIDES)
            ratio = f"{kg_t / ox_t:.2f}x" if kg_t and ox_t else "-"
            speedup = f"{rd_t / kg_t:.1f}x" if kg_t and rd_t else "-"
            mems = [row[s].get("mb") for s in SIDES]
            mem_ratio = f"{mems[0] / mems[1]:.2f}x" if mems[0] and mems[1] else "-"
            cells = [
                _seconds(value) if value is not None else row[side].get("skipped", "-")
                for side, value in zip(SIDES, (kg_t, ox_t, rd_t), strict=True)
            ]
            memory = "".join(
                f"{(f'{m:.0f}' if m else '-'):>{w}}" for m, w in zip(mems, (9, 9, 11), strict=True)
            )
            print(
                f"{case:<13}{cells[0]:>11}{cells[1]:>12}{cells[2]:>11}{ratio:>13}{speedup:>11}{memory}"
                f"{mem_ratio:>12}"
            )
            notes = [
                row[side].get("note") or f"{side}: {row[side]['skipped']}"
                for side in SIDES
                if "note" in row[side] or row[side].get("skipped") not in (None, "n/a")
            ]
            if notes:
                print(" " * 13 + "; ".join(notes))
    if args.cli_runs:
        largest = _catalogue(max(sizes), args.data)
        store = args.data / f"store-{_label(max(sizes))}"
        subprocess.run(
            [sys.executable, "-m", "kg", "load", str(largest), "--store", str(store)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"\n== the command line, process start to exit (median of {args.cli_runs}) ==")
        commands = {
            "kg --help": ["--help"],
            "kg query cq01-llm-is-generative-ai": ["query", "cq01-llm-is-generative-ai"],
            f"kg query neighbours --bind node=cat:model/42 --store <{_label(max(sizes))} store>": [
                "query",
                "neighbours",
                "--bind",
                f"node=<{CAT}model/42>",
                "--store",
                str(store),
            ],
        }
        results["cli"] = {}
        for label, arguments in commands.items():
            seconds = _cli(arguments, args.cli_runs)
            results["cli"][label] = seconds
            print(f"{label:<72}{_seconds(seconds):>11}")
        shutil.rmtree(store, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _, _, case, side, data, repeat, directory = sys.argv
        sys.path.insert(0, str(ROOT))
        print(json.dumps(worker(case, side, data, int(repeat), directory)))
    else:
        main()
