"""Every ``console`` example of README.md and ontology/README.md is run, and its output compared, so the
documentation cannot drift from what the commands print (issue 13, item 9).

How an example is read: ``$ COMMAND`` lines are run by bash, one after the other, in a temporary folder
holding the files the README mentions (``my-models.ttl``); the lines up to the next ``$`` are what it
prints, stderr first, then stdout (run on a pseudo-terminal, 160 columns wide, as a reader sees it). In
the expected text ``…`` alone on a line stands for any lines, and within a line for any text; durations
``(1.3 s)`` match any duration. ``COMMAND &`` starts a server that lives until the end of the example;
the example's port 7878 becomes a free port: ``kg serve`` on it, or, for an example that talks to a
``/store`` without starting anything, an Oxigraph server. A block after ``<!-- console: not run (why)
-->`` is not run (one, which needs a Virtuoso server and one's credentials).
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.engines import Oxigraph
from tests.helpers import DATA, ROOT, need
from tests.test_server import free_port

DOCUMENTS = [ROOT / "README.md", ROOT / "ontology" / "README.md"]
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.M | re.S)
#: The comment that keeps the next block from being run, with the reason (a server the tests cannot give).
_NOT_RUN = re.compile(r"<!-- console: not run \((.+?)\) -->[ \t]*$", re.M)
_DURATION = re.compile(r"\(\d+(?:\.\d+)? m?s\)")
_BIN = Path(sys.executable).parent


def examples() -> list[tuple[str, int, str]]:
    """(document, line, text) of every console block."""
    found = []
    for document in DOCUMENTS:
        if not document.is_file():
            continue
        text = document.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            if _NOT_RUN.search(text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]):
                continue
            found.append((document.relative_to(ROOT).as_posix(), line, match.group(1)))
    return found


def not_run() -> list[str]:
    """The reasons given for the blocks that are not run."""
    return [m.group(1) for d in DOCUMENTS if d.is_file() for m in _NOT_RUN.finditer(d.read_text("utf-8"))]


def steps(block: str) -> list[tuple[str, list[str]]]:
    """The commands of a block and the lines each is expected to print."""
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def pattern(expected: list[str]) -> re.Pattern[str]:
    """The regular expression of an expected output (see the module for ``…`` and durations)."""
    parts = []
    for line in expected:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        pieces = [re.escape(_DURATION.sub("(N s)", piece)) for piece in line.split("…")]
        parts.append(".*?".join(pieces).rstrip() + r"[ \t]*\n")
    return re.compile("".join(parts) + r"\Z", re.S)


def run_on_terminal(command: str, cwd: Path, env: dict[str, str], timeout: float) -> tuple[str, str]:
    """Run a command with stdout on a pseudo-terminal (160 columns) and stderr on a pipe."""
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"`{command}` ran for more than {timeout:g} s")
    os.close(leader)
    stderr = process.communicate(timeout=30)[1]
    stdout = b"".join(chunks).decode("utf-8").replace("\r", "")  # the terminal's and CSV's line ends
    return stdout, stderr.decode("utf-8")


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds:g} s")


@pytest.mark.slow
@pytest.mark.parametrize(("document", "line", "block"), examples(), ids=lambda v: str(v)[:40])
def test_console_example(document: str, line: int, block: str, tmp_path: Path) -> None:
    need(shutil.which("curl") is not None or "curl" not in block, "curl is not installed")
    shutil.copy(DATA / "readme" / "my-models.ttl", tmp_path / "my-models.ttl")
    for folder in ("tests", "ontology", "queries"):  # paths the README gives from the checkout
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "PATH": f"{_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "160"}
    env.pop("CI", None)
    port = free_port()
    background: list[subprocess.Popen[bytes]] = []
    server = None
    if ":7878/store" in block and "&" not in block:
        server = Oxigraph(tmp_path / "oxigraph")
        port = server.port
    try:
        for command, expected in steps(block):
            command = command.replace("7878", str(port))
            if command.rstrip().endswith("&"):
                started = command.rstrip()[:-1].strip()
                if started.startswith("kg serve"):
                    started += f" --port {port}"
                background.append(
                    subprocess.Popen(
                        ["bash", "-c", f"exec {started}"],
                        cwd=tmp_path,
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                )
                _wait_for(f"http://127.0.0.1:{port}/")
                continue
            stdout, stderr = run_on_terminal(command, tmp_path, env, timeout=600)
            got = _DURATION.sub("(N s)", stderr + stdout).rstrip()
            got = got + "\n" if got else ""
            wanted = [e.replace("7878", str(port)) for e in expected]
            assert pattern(wanted).match(got), (
                f"{document}:{line}: `{command}` printed\n{got}\nwhere the README shows\n" + "\n".join(wanted)
            )
    finally:
        for process in background:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        if server is not None:
            server.stop()


def test_every_document_has_examples() -> None:
    assert len([e for e in examples() if e[0] == "README.md"]) >= 11
    # a block is left out only for a server the tests cannot start, and says so
    assert not_run() == ["needs a Virtuoso server with your credentials"]
