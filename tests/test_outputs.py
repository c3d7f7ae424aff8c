"""Outputs: special files written into, never replaced; write errors and damaged stores as one line that
says what to do, with the old files intact (issue 10, items 14, 15 and 17)."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_kg

ASK = "ASK { ?s ?p ?o }"


def kg(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        capture_output="stdout" not in options,
        text=True,
        timeout=120,
        check=False,
        **options,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command", [("query", "-e", ASK, "-f", "json"), ("export", "--format", "nt")])
def test_output_into_a_fifo_keeps_the_fifo(tmp_path: Path, command: tuple[str, ...]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = kg(*command, "-o", str(fifo))
    reader.join(60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and len(received[0]) > 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_output_into_a_full_device_is_one_line_and_keeps_it() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    before = os.stat("/dev/full")
    assert stat.S_ISCHR(before.st_mode)
    result = kg("query", "-e", ASK, "-f", "json", "-o", "/dev/full")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: /dev/full: cannot write: the disk is full; free some space and run again "
        "(nothing was changed)"
    ]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode) and os.stat("/dev/full").st_rdev == before.st_rdev


def test_stdout_to_a_full_device_is_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "export", "--format", "nt"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: <stdout>: cannot write: the disk is full; free some space and run again (nothing was changed)"
    ]


def _small_file_limit() -> None:
    # files may not grow past 2 KB: the write fails with EFBIG, as on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.parametrize(
    "command", [("export", "--format", "nt"), ("query", "-e", "CONSTRUCT WHERE { ?s ?p ?o }", "-f", "nt")]
)
def test_a_failed_write_leaves_the_old_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    out = tmp_path / "out.nt"
    out.write_text("old content\n")
    result = kg(*command, "-o", str(out), preexec_fn=_small_file_limit)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {out}: cannot write: ") and line.endswith("(nothing was changed)")
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]


def test_a_damaged_store_says_how_to_rebuild(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert (
        kg("load", "--store", str(store), "--no-ontology", str(ROOT / "ontology" / "genai.ttl")).returncode
        == 0
    )
    for table in store.glob("gen-*/*.sst"):
        data = bytearray(table.read_bytes())
        for i in range(100, len(data), 97):
            data[i] ^= 0xFF
        table.write_bytes(bytes(data))
    result = kg("query", "cq01-llm-is-generative-ai", "--store", str(store))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {store}: the store is damaged (Corruption")
    assert line.endswith("build it again with `kg load SOURCES --store DIR`")


def test_an_unknown_output_extension_is_an_error(tmp_path: Path) -> None:
    result = run_kg("query", "-e", ASK, "-o", str(tmp_path / "answer.pdf"))
    assert result.exit_code == 2 and "cannot tell the format of" in result.stderr
    assert not (tmp_path / "answer.pdf").exists()
    assert run_kg("query", "-e", ASK, "-o", str(tmp_path / "answer.pdf"), "-f", "json").exit_code == 0
