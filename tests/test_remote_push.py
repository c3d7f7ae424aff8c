"""Bulk uploads: chunked, streamed from .gz and stores, resumed after a SIGKILL without loss or doubles."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.remote.upload import stream_triples
from tests.engines import PASSWORD, USER, Oxigraph, Virtuoso
from tests.helpers import ONTOLOGY, ROOT, run_kg


def statements_in_the_ontology() -> int:
    """What ``kg push`` of the ontology file sends: its statements as written, a statement written twice
    counted twice (genai.ttl 2.0.0 repeats four, of gai:OpenAI and gai:NVIDIA); the store keeps one."""
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph-push"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-push"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.nt.gz"
    assert run_kg("generate", "-n", "20000", "-o", str(path)).exit_code == 0
    return path


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    return dict(os.environ)


def _count(url: str, graph: str) -> int:
    rows = list(kg.remote.connect(url, graph=graph).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(rows[0]["n"])


def _source_count(*sources: Path) -> int:
    return len(kg.load(*sources))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_a_push_killed_in_the_middle_then_resumed_holds_every_triple_once(
    engine: str, request: pytest.FixtureRequest, catalogue: Path, env: dict[str, str], tmp_path: Path
) -> None:
    server = request.getfixturevalue(engine)
    graph = f"urn:kg:resume:{engine}"
    command = [sys.executable, "-m", "kg", "push", str(catalogue), "--endpoint", server.query_url]
    command += ["--graph", graph, "--chunk-size", "1", "--engine", engine]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    states = tmp_path / "cache" / "genai-kg" / "push"
    deadline = time.monotonic() + 120
    confirmed = 0
    while time.monotonic() < deadline and process.poll() is None:
        files = list(states.glob("*.json")) if states.is_dir() else []
        if files:
            try:
                confirmed = json.loads(files[0].read_text(encoding="utf-8"))["chunks"]
            except (ValueError, OSError):
                confirmed = 0
            if confirmed >= 3:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the upload ended before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    expected = _source_count(catalogue)
    partial = _count(server.query_url, graph)
    assert 0 < partial < expected
    resumed = run_kg(
        "push",
        str(catalogue),
        "--endpoint",
        server.query_url,
        "--graph",
        graph,
        "--chunk-size",
        "1",
        "--resume",
    )
    assert resumed.exit_code == 0, resumed.stderr
    assert "sent before the interruption" in resumed.stderr
    sent = int(resumed.stderr.split()[0])
    assert sent < expected  # the confirmed chunks were not sent again
    assert _count(server.query_url, graph) == expected
    assert not list(states.glob("*.json"))  # the record goes once the upload is done
    assert PASSWORD not in resumed.stderr


def test_chunks_are_bounded_and_blank_nodes_stay_whole(oxigraph: Oxigraph, env: dict[str, str]) -> None:
    from kg.remote.upload import _chunks, _Spool

    with _Spool() as blanks:
        chunks = list(_chunks(stream_triples([]), 4096, blanks))
        assert blanks.count > 0  # the ontology's restrictions and lists
    assert len(chunks) > 3 and all(len(body) <= 4096 for _, body, _ in chunks)
    graph = "urn:kg:blank"
    # pushed twice: named nodes are not doubled (set semantics), and the blank nodes are sent in one piece
    for _ in range(2):
        done = run_kg(
            "push", "--endpoint", oxigraph.store_url, "--graph", graph, "--replace", "--chunk-size", "1"
        )
        assert done.exit_code == 0, done.stderr
    assert _count(oxigraph.query_url, graph) == len(kg.load())
    answer = run_kg(
        "query", "cq04-llm-modality", "--format", "csv", "--endpoint", oxigraph.query_url, "--graph", graph
    )
    assert answer.stdout.splitlines()[1:] == ["https://w3id.org/genai-kg/ontology#Text,Text"]


def test_push_from_a_persistent_store(
    oxigraph: Oxigraph, catalogue: Path, env: dict[str, str], tmp_path: Path
) -> None:
    small, store = tmp_path / "small.nt", tmp_path / "store"
    assert run_kg("generate", "-n", "2000", "-o", str(small)).exit_code == 0
    assert run_kg("load", str(small), "--store", str(store)).exit_code == 0
    done = run_kg("push", "--store", str(store), "--endpoint", oxigraph.store_url, "--graph", "urn:kg:store")
    assert done.exit_code == 0, done.stderr
    assert _count(oxigraph.query_url, "urn:kg:store") == _source_count(small)


def test_a_push_to_virtuoso_needs_a_named_graph(virtuoso: Virtuoso, env: dict[str, str]) -> None:
    refused = run_kg("push", "--endpoint", virtuoso.query_url)
    assert refused.exit_code == 2
    assert "virtuoso has no default graph of its own to write to; give a named graph" in refused.stderr


def test_a_bad_file_is_reported_with_its_line(
    oxigraph: Oxigraph, env: dict[str, str], tmp_path: Path
) -> None:
    bad = ROOT / "tests" / "data" / "bad-syntax.nt"
    result = run_kg("push", str(bad), "--endpoint", oxigraph.store_url, "--graph", "urn:kg:bad")
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {bad}:2:")


def test_5xx_answers_are_retried_with_back_off(env: dict[str, str]) -> None:
    import http.server
    import threading

    from tests.test_server import free_port

    seen: list[tuple[str, float]] = []

    class Flaky(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, time.monotonic()))
            self.send_response(503 if len(seen) <= 2 else 204)  # busy twice, then fine
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{port}/store"
        done = run_kg("push", "--endpoint", url, "--engine", "generic", "--graph", "urn:kg:flaky")
        assert done.exit_code == 0, done.stderr
        assert done.stderr.strip() == f"{statements_in_the_ontology()} triples sent to {url}"
        # two refusals, then the chunk and the blank-node request; waits of 0.5 s then 1 s between tries
        assert len(seen) == 4
        assert seen[1][1] - seen[0][1] >= 0.45 and seen[2][1] - seen[1][1] >= 0.95
    finally:
        server.shutdown()
        server.server_close()


def test_a_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from kg.cli import remote
    from kg.remote.upload import PushProgress

    with remote._push_progress(1000) as bar:
        assert bar is None  # not a terminal: nothing drawn
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with remote._push_progress(1000) as bar:
        assert bar is not None
        bar(PushProgress(triples=600, bytes=90_000, chunks=2, skipped=150, total=1000))
    drawn = capsys.readouterr().err
    assert "pushing" in drawn and "750 triples" in drawn and "0.1 MB" in drawn


class _Recorder:
    """A Graph Store on a free port that keeps every body POSTed to it (in order of arrival) and refuses,
    with a 400, the bodies that hold the line ``refuse`` (while it is set)."""

    def __init__(self) -> None:
        import http.server
        import threading

        from tests.test_server import free_port

        recorder = self
        self.bodies: list[bytes] = []
        self.refuse: bytes | None = None
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                refused = recorder.refuse is not None and recorder.refuse in body.splitlines(keepends=True)
                if refused:
                    time.sleep(0.3)  # the chunks sent after it are answered first
                else:
                    time.sleep(0.01 * (len(recorder.bodies) % 3))  # answers out of order
                    with recorder.lock:
                        recorder.bodies.append(body)
                self.send_response(400 if refused else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def lines(self) -> list[bytes]:
        return [line for body in self.bodies for line in body.splitlines(keepends=True)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_parallel_chunks_refused_in_the_middle_then_resumed_arrive_once(env: dict[str, str]) -> None:
    import pyoxigraph as ox

    from kg.remote.upload import _chunks, _Spool, push

    lines = [f'<urn:s{i}> <urn:p> "value {i} é" .\n'.encode() for i in range(3000)]
    triples = [q.triple for q in ox.parse(b"".join(lines), ox.RdfFormat.N_TRIPLES)]
    server = _Recorder()
    try:
        server.refuse = lines[1700]  # one chunk of the middle is refused (a permanent 4xx: not retried)
        with pytest.raises(kg.errors.RemoteError, match="400"):
            push(triples, server.url, graph_iri="urn:g", chunk_bytes=4096, identity="t", parallel=3)
        first = server.lines()
        assert lines[1700] not in first and 1500 < len(first) < 3000
        state = json.loads(
            next((Path(env["XDG_CACHE_HOME"]) / "genai-kg" / "push").glob("*.json")).read_text()
        )
        with _Spool() as blanks:
            bodies = [body for _, body, _ in _chunks(triples, 4096, blanks)]
        refused = state["chunks"]  # the first chunk not confirmed is the refused one
        assert lines[1700] in bodies[refused].splitlines(keepends=True)
        assert state["done"] and min(state["done"]) > refused  # those after it arrived, and are recorded
        server.refuse = None
        server.bodies.clear()
        sent = push(
            triples, server.url, graph_iri="urn:g", chunk_bytes=4096, identity="t", parallel=3, resume=True
        )
        # the resumed run sends what the first did not get confirmed, each line once
        assert sorted(first + server.lines()) == sorted(lines)
        assert sent == len(server.lines()) == 3000 - len(first)
    finally:
        server.close()


def test_chunk_bodies_are_bounded_in_bytes_and_cut_between_statements() -> None:
    import pyoxigraph as ox

    from kg.remote.upload import _chunks, _Spool

    long_value = "ä" * 3000  # 6 000 bytes: longer than a whole body alone
    text = "".join(f'<urn:s{i}> <urn:p> "{"ü" * (i % 50)}" .\n' for i in range(2000))
    text += f'<urn:long> <urn:p> "{long_value}" .\n_:b <urn:p> <urn:o> .\n'
    text += '<urn:x> <urn:p> "_: in a literal" .\n'
    quads = list(ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES))
    quads.append(
        ox.Quad(ox.NamedNode("urn:q"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))
    )
    with _Spool() as blanks:
        chunks = list(_chunks(quads, 4096, blanks))
        assert blanks.count == 1 and blanks.read() == b"_:b <urn:p> <urn:o> .\n"
    assert [i for i, _, _ in chunks] == list(range(len(chunks)))
    for _, body, count in chunks:
        assert body.endswith(b"\n") and count == body.count(b"\n")
        assert len(body) <= 4096 or count == 1  # only a statement longer than the limit goes over, alone
    assert sum(len(body) > 4096 for _, body, _ in chunks) == 1
    sent = [q.triple for _, body, _ in chunks for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
    # every statement once, the quad of a named graph as a triple (everything goes to the target graph)
    assert sorted(map(str, sent)) == sorted(
        str(q.triple) for q in quads if not isinstance(q.subject, ox.BlankNode)
    )


def test_the_record_of_an_upload_confirms_chunks_out_of_order(env: dict[str, str]) -> None:
    from kg.remote.upload import _State

    state = _State.open("k", resume=False)
    for index in (1, 3, 0):
        state.confirm(index)
    assert (state.chunks, state.done) == (2, {3})
    assert [state.holds(i) for i in range(5)] == [True, True, False, True, False]
    state.save()
    again = _State.open("k", resume=True)
    assert (again.chunks, again.done) == (2, {3})
    assert _State.open("k", resume=False).chunks == 0  # not resumed: starts again
