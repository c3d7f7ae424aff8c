"""`kg query` has a time limit, a memory ceiling and stops on Ctrl-C, even while the engine computes
(issue 10, item 13). Each run is a real process: the limits end it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def doubling(times: int) -> str:
    """A query whose string doubles ``times`` times (16 bytes * 2^30 = 16 GiB)."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT (STRLEN(?a{times}) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?a0) {binds} }}'


def kg(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return done, time.monotonic() - started


def test_timeout_stops_a_runaway_query() -> None:
    done, elapsed = kg("query", "-e", CARTESIAN, "--timeout", "1")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: the query was stopped after the time limit of 1 s (--timeout SECONDS)"
    ]
    print(f"\n--timeout 1: the process ended {elapsed:.1f} s after it started (loading included)")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory ceiling reads /proc (Linux)")
def test_memory_ceiling_stops_a_growing_query(tmp_path: Path) -> None:
    query = tmp_path / "double.rq"
    query.write_text(doubling(30), encoding="utf-8")
    done, _ = kg("query", "--no-ontology", str(query), "--max-memory", "300")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("Error: the query was stopped when the process used ")
    assert line.endswith("over the limit of 300 MiB (--max-memory MIB)")


def test_ctrl_c_stops_a_running_query() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", "-e", CARTESIAN],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)  # loaded, and deep in the query
        assert process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr.splitlines() == ["Interrupted: the query was stopped"]
    print(f"\nCtrl-C: the query stopped {waited:.2f} s after the signal")
    assert waited < 10  # a bound on behaviour (it stops), not a performance figure


def test_queries_within_the_limits_answer() -> None:
    done, _ = kg(
        "query", "cq01-llm-is-generative-ai", "--timeout", "60", "--max-memory", "4000", "-f", "json"
    )
    assert done.returncode == 0 and json.loads(done.stdout)["boolean"] is True
