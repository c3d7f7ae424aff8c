"""Benchmark: `kg push` against each engine's own bulk loader, and the summary page through each endpoint.

    python tests/bench/bench_remote.py [--models 88000] [--chunk-mb N]

A catalogue of about a million triples (``kg generate``; 11.4 triples a model) is written as N-Triples
(and ``.gz``), then, on fresh servers started in temporary folders on free 127.0.0.1 ports (the test
fixtures of tests/engines.py):

  oxigraph   ``kg push FILE --graph G`` into ``oxigraph serve``, against ``oxigraph load --file FILE
             --graph G`` into a new store (the engine's bulk loader, no server).
  virtuoso   ``kg push FILE --graph G`` (HTTP digest; two chunks at once, the profile's default) into
             ``virtuoso-t``, against ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint`` of the same file
             into another fresh instance.
  summary    ``kg viz --view summary --endpoint … --graph G`` on the loaded graph (aggregates in the
             engine), process start to exit: right after the push, and once more (``oxigraph serve``
             is still compacting what its bulk loader wrote for a while after an upload).
  memory     the peak resident memory of the ``kg push`` process (``wait4``), for the catalogue and for
             one a tenth of its size, from the ``.gz``, in 4 MB chunks (so that both take several):
             bounded memory means about the same figure. (The default 16 MB chunks of Oxigraph cost more
             memory per chunk: 238 MB at 1M triples, measured below.)

Throughput ratio = loader time / push time (1.0: as fast as the engine's own loader). Each figure is
one run (these take minutes); all are measured in the same run, so the ratios compare like with like.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.engines import PASSWORD, USER, Oxigraph, Virtuoso  # noqa: E402

GRAPH = "urn:kg:bench"


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run a command; its wall time in seconds and peak resident memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    return elapsed, usage.ru_maxrss // 1024


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def summary(url: str, page: str, env: dict[str, str]) -> float:
    """Seconds of `kg viz --view summary` through an endpoint, process start to exit."""
    return run(kg("viz", "--view", "summary", "--endpoint", url, "--graph", GRAPH, "-o", page), env)[0]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", type=int, default=88_000)
    parser.add_argument("--chunk-mb", type=int)
    options = parser.parse_args()
    env = {**os.environ, "KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}
    chunk = ["--chunk-size", str(options.chunk_mb)] if options.chunk_mb else []
    with tempfile.TemporaryDirectory(prefix="kg-bench-remote-") as folder:
        tmp = Path(folder)
        env["XDG_CACHE_HOME"] = str(tmp / "cache")
        data = tmp / "catalogue.nt"
        small = tmp / "small.nt.gz"
        subprocess.run(kg("generate", "-n", str(options.models), "-o", str(data)), check=True)
        subprocess.run(kg("generate", "-n", str(options.models // 10), "-o", str(small)), check=True)
        subprocess.run(["gzip", "-k", str(data)], check=True)
        triples = sum(1 for _ in data.open("rb"))
        print(f"catalogue: {triples:,} triples, {data.stat().st_size / 1e6:.0f} MB N-Triples")
        rows: list[tuple[str, str]] = []
        page = str(tmp / "summary.html")

        # Oxigraph: push into the server, against its own bulk loader into a new store
        oxigraph = Oxigraph(tmp / "oxigraph")
        try:
            push_s, push_mb = run(
                kg(
                    "push",
                    str(data),
                    "--no-ontology",
                    "--endpoint",
                    oxigraph.store_url,
                    "--graph",
                    GRAPH,
                    *chunk,
                ),
                env,
            )
            summary_s, again_s = (summary(oxigraph.query_url, page, env) for _ in range(2))
            _, gz_mb = run(
                kg(
                    "push",
                    f"{data}.gz",
                    "--no-ontology",
                    "--endpoint",
                    oxigraph.store_url,
                    "--graph",
                    GRAPH + ":gz",
                    "--chunk-size",
                    "4",
                ),
                env,
            )
            _, small_mb = run(
                kg(
                    "push",
                    str(small),
                    "--no-ontology",
                    "--endpoint",
                    oxigraph.store_url,
                    "--graph",
                    GRAPH + ":small",
                    "--chunk-size",
                    "4",
                ),
                env,
            )
        finally:
            oxigraph.stop()
        binary = str(Path(sys.executable).parent / "oxigraph")
        load_s, _ = run(
            [binary, "load", "--location", str(tmp / "ox-load"), "--file", str(data), "--graph", GRAPH]
        )
        rows += [
            ("oxigraph: kg push", f"{push_s:.1f} s ({triples / push_s:,.0f} triples/s), peak {push_mb} MB"),
            ("oxigraph: oxigraph load", f"{load_s:.1f} s ({triples / load_s:,.0f} triples/s)"),
            ("oxigraph: push throughput / loader's", f"{load_s / push_s:.2f} (target >= 0.50)"),
            ("oxigraph: summary page via endpoint", f"{summary_s:.2f} s, then {again_s:.2f} s (< 5 s)"),
            (
                "memory: push of .gz (4 MB chunks), full / tenth",
                f"{gz_mb} MB / {small_mb} MB (bounded: about equal)",
            ),
        ]

        # Virtuoso: push (digest) into one fresh instance, its bulk loader into another
        virtuoso = Virtuoso(tmp / "virtuoso")
        try:
            push_s, push_mb = run(
                kg(
                    "push",
                    str(data),
                    "--no-ontology",
                    "--endpoint",
                    virtuoso.query_url,
                    "--graph",
                    GRAPH,
                    *chunk,
                ),
                env,
            )
            summary_s, again_s = (summary(virtuoso.query_url, page, env) for _ in range(2))
        finally:
            virtuoso.stop()
        loader = Virtuoso(tmp / "virtuoso-loader")
        try:
            os.link(data, loader.directory / data.name)
            start = time.perf_counter()
            loader.sql(
                f"ld_dir('{loader.directory}', '{data.name}', '{GRAPH}'); rdf_loader_run(); checkpoint;"
            )
            load_s = time.perf_counter() - start
        finally:
            loader.stop()
        rows += [
            ("virtuoso: kg push", f"{push_s:.1f} s ({triples / push_s:,.0f} triples/s), peak {push_mb} MB"),
            ("virtuoso: ld_dir + rdf_loader_run", f"{load_s:.1f} s ({triples / load_s:,.0f} triples/s)"),
            ("virtuoso: push throughput / loader's", f"{load_s / push_s:.2f} (target >= 0.50)"),
            ("virtuoso: summary page via endpoint", f"{summary_s:.2f} s, then {again_s:.2f} s (< 5 s)"),
        ]
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
