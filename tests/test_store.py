"""Scale: persistent stores, interrupted and failed loads, concurrent readers, progress.

No test here measures time: the figures are tests/bench/run.py's.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import kg
from kg.errors import SourceError, StoreError
from kg.generate import write_catalogue
from kg.store import STORE_FILE
from tests.helpers import DATA, GAI, ROOT, run_kg

MODELS = DATA / "formats" / "models.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(graph: kg.KnowledgeGraph) -> int:
    return int(str(graph.query(COUNT).rows[0]["n"]))


def _generations(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.is_dir() and p.name.startswith("gen-"))


def _kg(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    """Start the real `kg` command in a process of its own."""
    process: subprocess.Popen[bytes] = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], cwd=ROOT, **options
    )
    return process


@pytest.fixture(scope="module")
def big_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 460 000 triples (70 MB): loading them takes seconds, long enough to be interrupted."""
    path = tmp_path_factory.mktemp("big") / "catalogue.nt"
    write_catalogue(40_000, path, seed=3)
    return path


@pytest.fixture(scope="module")
def medium_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 35 000 triples (5 MB): over the size that gets a progress bar."""
    path = tmp_path_factory.mktemp("medium") / "catalogue.nt"
    write_catalogue(3_000, path, seed=5)
    return path


# ---------------------------------------------------------------------------------------------------
# the persistent store


QUESTIONS = [
    f"SELECT ?m ?label WHERE {{ ?m a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{GAI}GenerativeAI> "
    "OPTIONAL { ?m <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?m ?label",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "cq05-llm-tasks",
    "classes",
]


def test_store_round_trip_gives_the_answers_of_memory(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = kg.load(MODELS, store=store)
    memory = kg.load(MODELS)
    assert built.read_only and built.location == store
    reopened = kg.open_store(store)
    again = kg.load(store=store)  # the same as open_store
    for graph in (built, reopened, again):
        assert len(graph) == len(memory)
        assert graph.sources == memory.sources
        assert graph.prefixes == memory.prefixes  # the prefixes of the sources come back too
        assert graph.summary() == memory.summary()
        for question in QUESTIONS:
            assert graph.query(question).rows == memory.query(question).rows, question
        assert graph.query("cq01-llm-is-generative-ai").boolean is True
        assert isomorphic(graph.to_rdflib(), memory.to_rdflib())
    info = json.loads((store / STORE_FILE).read_text())
    assert info["triples"] == len(memory) and info["generation"] == _generations(store)[0]


def test_store_without_the_ontology_and_from_strings_and_rdflib_graphs(tmp_path: Path) -> None:
    graph = kg.build_store(
        tmp_path / "s",
        "<urn:a> <urn:b> <urn:c> .\n",
        rdflib.Graph().parse(MODELS),
        format="nt",
        ontology=False,
    )
    assert len(graph) == 1 + len(rdflib.Graph().parse(MODELS))
    assert graph.prefixes["ex"] == "https://example.org/models/"
    assert graph.sources == ["<string>", "<rdflib Graph>"]


def test_a_store_is_read_only(tmp_path: Path) -> None:
    graph = kg.load(MODELS, store=tmp_path / "s", ontology=False)
    for change in (
        lambda: graph.add(MODELS),
        lambda: graph.update("INSERT DATA { <urn:a> <urn:b> 1 }"),
        lambda: graph.set_inferred([], "rl"),
    ):
        with pytest.raises(StoreError, match="opened read-only; to change it, build it again with `kg load"):
            change()
    assert len(graph) == len(rdflib.Graph().parse(MODELS))
    graph.close()
    with pytest.raises(StoreError, match="closed"):
        graph.query("ASK {}")


def test_building_again_replaces_the_content(tmp_path: Path) -> None:
    store = tmp_path / "s"
    kg.load(MODELS, store=store, ontology=False).close()
    second = kg.build_store(store, "<urn:a> <urn:b> <urn:c> .", format="nt", ontology=False)
    assert _count(second) == 1 and second.sources == ["<string>"]
    assert _generations(store) == [json.loads((store / STORE_FILE).read_text())["generation"]]


def test_no_store_a_foreign_directory_and_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no such directory; build one with `kg load SOURCES --store "):
        kg.open_store(tmp_path / "absent")
    with pytest.raises(StoreError, match="there is no store here"):
        kg.open_store(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="is not empty and holds no kg store; give a new or empty directory"):
        kg.build_store(tmp_path, MODELS)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # nothing of other people's removed
    with pytest.raises(StoreError, match="is a file; give a directory"):
        kg.build_store(tmp_path / "notes.txt", MODELS)


def test_a_plain_oxigraph_directory_opens_read_only(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "oxigraph"))
    store.load(path=str(MODELS), format=ox.RdfFormat.TURTLE)
    del store
    graph = kg.open_store(tmp_path / "oxigraph")
    assert len(graph) == len(rdflib.Graph().parse(MODELS)) and graph.read_only


def test_one_build_at_a_time(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    store = tmp_path / "s"
    kg.load(MODELS, store=store).close()
    with open(store / ".kg-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running `kg load` holds it
        with pytest.raises(
            StoreError, match="another `kg load` is building this store; wait for it to finish"
        ):
            kg.build_store(store, MODELS)
    assert len(kg.open_store(store)) == len(kg.load(MODELS))


# ---------------------------------------------------------------------------------------------------
# failed and interrupted loads leave the previous content


def _broken_catalogue(tmp_path: Path, models: int) -> tuple[Path, int]:
    """A generated catalogue with a syntax error on its last line; returns the file and that line."""
    path = tmp_path / "broken.nt"
    write_catalogue(models, path)
    lines = path.read_bytes().count(b"\n")
    with path.open("ab") as handle:
        handle.write(b"<urn:a> <urn:b> .\n")
    return path, lines + 1


def test_a_syntax_error_anywhere_leaves_the_old_store(tmp_path: Path) -> None:
    store = tmp_path / "s"
    before = kg.load(MODELS, store=store)
    state = (store / STORE_FILE).read_bytes()
    # far down a file of 100 000 lines: the bulk loader has already written much of it
    broken, line = _broken_catalogue(tmp_path, 9_000)
    with pytest.raises(SourceError) as caught:
        kg.build_store(store, MODELS, broken)
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(broken), line, 17)
    assert (store / STORE_FILE).read_bytes() == state
    assert _generations(store) == [json.loads(state)["generation"]]  # the failed one is gone
    after = kg.open_store(store)
    assert _count(after) == _count(before) == len(kg.load(MODELS))


def test_a_failed_first_build_leaves_no_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        kg.build_store(tmp_path / "new" / "store", DATA / "bad-syntax.ttl")
    assert not (tmp_path / "new" / "store").exists()
    result = run_kg("load", str(DATA / "bad-syntax.ttl"), "--store", str(tmp_path / "other"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {DATA / 'bad-syntax.ttl'}:4:11: Unexpected end of file\n",
    )
    assert not (tmp_path / "other").exists()


def test_a_syntax_error_far_down_a_file_in_memory(tmp_path: Path) -> None:
    broken, line = _broken_catalogue(tmp_path, 2_000)
    graph = kg.load(ontology=False)
    with pytest.raises(SourceError) as caught:
        graph.add(broken)
    assert (caught.value.line, caught.value.column) == (line, 17)
    assert len(graph) == 0  # an in-memory load is one transaction


def _start_load_and_wait_for_the_new_generation(source: Path, store: Path) -> subprocess.Popen[bytes]:
    old = set(_generations(store))
    process = _kg("load", str(source), "--store", str(store), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not set(_generations(store)) - old:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the load never started"
        time.sleep(0.01)
    time.sleep(0.5)  # well into the bulk load (it takes seconds), not a measurement
    return process


def test_a_killed_load_leaves_exactly_the_old_content(tmp_path: Path, big_catalogue: Path) -> None:
    store = tmp_path / "s"
    kg.load(MODELS, store=store).close()
    state = (store / STORE_FILE).read_bytes()
    expected = kg.load(MODELS).to_rdflib()
    process = _start_load_and_wait_for_the_new_generation(big_catalogue, store)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "the load finished before it could be killed"
    assert (store / STORE_FILE).read_bytes() == state
    with kg.open_store(store) as graph:
        assert isomorphic(graph.to_rdflib(), expected)
    assert len(_generations(store)) == 2  # the killed build's half generation, until the next build
    kg.build_store(store, MODELS, ontology=False).close()
    assert len(_generations(store)) == 1


def test_ctrl_c_stops_a_load_and_keeps_the_old_content(tmp_path: Path, big_catalogue: Path) -> None:
    store = tmp_path / "s"
    kg.load(MODELS, store=store).close()
    state = (store / STORE_FILE).read_bytes()
    process = _start_load_and_wait_for_the_new_generation(big_catalogue, store)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate()
    assert process.returncode == 130, stderr
    assert stderr.decode() == f"Interrupted: {store} keeps what it held before\n" and stdout == b""
    assert (store / STORE_FILE).read_bytes() == state
    assert _generations(store) == [json.loads(state)["generation"]]  # cleaned up on the way out
    assert len(kg.open_store(store)) == len(kg.load(MODELS))


# ---------------------------------------------------------------------------------------------------
# concurrent readers


READER = """
import sys, kg
counts = set()
for _ in range(int(sys.argv[2])):
    with kg.open_store(sys.argv[1]) as graph:
        counts.add(int(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]))
print(sorted(counts))
"""


def test_concurrent_readers_while_the_store_is_built_again(tmp_path: Path) -> None:
    store = tmp_path / "s"
    first = kg.load(MODELS, store=store, ontology=False)
    sizes = {_count(first)}
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(store), "40"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for models in (10, 20, 30):
        sizes.add(_count(kg.build_store(store, "\n".join(_lines(models)), format="nt", ontology=False)))
    for reader in readers:
        stdout, stderr = reader.communicate(timeout=300)
        assert reader.returncode == 0, stderr.decode()
        assert set(json.loads(stdout)) <= sizes  # every answer is one whole build, never a mix
    # a reader keeps its generation (and its answers) while newer builds come and go
    assert _count(first) == min(sizes) and first.location == store
    generation = _generations(store)
    assert len(generation) >= 2
    first.close()
    kg.build_store(store, MODELS, ontology=False).close()
    assert len(_generations(store)) == 1


def _lines(models: int) -> list[str]:
    from kg.generate import catalogue_lines

    return list(catalogue_lines(models))


# ---------------------------------------------------------------------------------------------------
# the command line


def test_kg_load_and_the_commands_that_open_a_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run_kg("load", str(MODELS), "--store", str(store))
    total = len(kg.load(MODELS))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{store}: {total} triples from 2 sources\n",
        "",
    )
    info = run_kg("info", "--store", str(store), "--json")
    assert json.loads(info.stdout)["triples"] == total
    query = run_kg("query", "-e", COUNT, "--store", str(store))
    assert query.stdout.splitlines() == ["?n", str(total)]
    # the prefixes of the sources work for --bind, as they do when the files are loaded
    neighbours = run_kg(
        "query", "neighbours", "--bind", "node=ex:Chinchilla", "--store", str(store), "-f", "csv"
    )
    assert "https://example.org/models/DeepMind" in neighbours.stdout
    exported = run_kg("export", "--store", str(store), "--format", "nt")
    assert isomorphic(rdflib.Graph().parse(data=exported.stdout, format="nt"), kg.load(MODELS).to_rdflib())
    no_ontology = run_kg("load", str(MODELS), "--store", str(store), "--no-ontology")
    assert no_ontology.stdout == f"{store}: {len(rdflib.Graph().parse(MODELS))} triples from 1 sources\n"


def test_store_usage_errors(tmp_path: Path) -> None:
    both = run_kg("info", str(MODELS), "--store", str(tmp_path))
    assert (
        both.exit_code == 2 and "give either RDF files, --store or --endpoint, not two of them" in both.stderr
    )
    assert run_kg("load", str(MODELS)).exit_code == 2  # --store is required
    missing = run_kg("query", "classes", "--store", str(tmp_path / "nothing"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"Error: {tmp_path / 'nothing'}: no such directory; build one with `kg load SOURCES --store "
        f"{tmp_path / 'nothing'}`\n",
    )


def _in_a_terminal(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run `kg` with stderr on a pseudo-terminal; return the exit code, stdout and what the terminal got."""
    master, slave = os.openpty()
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=environment,
        close_fds=True,
    )
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        screen += chunk
    stdout = process.stdout.read() if process.stdout else b""
    process.wait()
    os.close(master)
    return process.returncode, stdout, screen


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_the_progress_bar_appears_only_on_a_terminal(tmp_path: Path, medium_catalogue: Path) -> None:
    code, stdout, screen = _in_a_terminal(["load", str(medium_catalogue), "--store", str(tmp_path / "a")])
    assert code == 0
    total = len(kg.open_store(tmp_path / "a"))
    assert stdout.decode() == f"{tmp_path / 'a'}: {total} triples from 2 sources\n"  # the result, on stdout
    text = screen.decode(errors="replace")
    assert "catalogue.nt" in text and f"{total:,} triples" in text and "MB" in text and "━" in text
    # the same command piped: not a byte on stderr
    piped = subprocess.run(
        [sys.executable, "-m", "kg", "load", str(medium_catalogue), "--store", str(tmp_path / "b")],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert (
        piped.stderr == b"" and piped.stdout.decode() == f"{tmp_path / 'b'}: {total} triples from 2 sources\n"
    )
    # and a small input gets no bar even on a terminal
    code, _, screen = _in_a_terminal(["load", str(MODELS), "--store", str(tmp_path / "c")])
    assert code == 0 and b"triples" not in screen


def test_the_progress_bar_of_commands_that_load_files(medium_catalogue: Path) -> None:
    code, stdout, screen = _in_a_terminal(["query", "-e", COUNT, "-d", str(medium_catalogue), "-f", "csv"])
    assert code == 0 and b"catalogue.nt" in screen and b" triples" in screen
    assert stdout.decode().splitlines()[1] == str(len(kg.load(medium_catalogue)))


# ---------------------------------------------------------------------------------------------------
# loading: gzip streams and the progress callback


def test_progress_callback_and_gzip_streams(tmp_path: Path, medium_catalogue: Path) -> None:
    packed = tmp_path / "catalogue.nt.gz"
    packed.write_bytes(gzip.compress(medium_catalogue.read_bytes()))
    seen: list[kg.LoadProgress] = []
    graph = kg.load(packed, progress=seen.append)
    plain = kg.load(medium_catalogue)
    assert len(graph) == len(plain)
    total = kg.resources.ontology_file().stat().st_size + packed.stat().st_size
    assert all(p.bytes_total == total for p in seen)
    assert [p.bytes_read for p in seen] == sorted(p.bytes_read for p in seen)  # never backwards
    assert [p.triples for p in seen] == sorted(p.triples for p in seen)
    assert [p.done for p in seen].count(True) == 1 and seen[-1].done
    assert (seen[-1].bytes_read, seen[-1].triples, seen[-1].fraction) == (total, len(graph), 1.0)
    assert {p.source for p in seen} == {str(kg.resources.ontology_file()), str(packed)}
    # the same through a store, which bulk-loads
    into_store: list[kg.LoadProgress] = []
    stored = kg.build_store(tmp_path / "s", packed, progress=into_store.append)
    assert len(stored) == len(plain) and into_store[-1].triples == len(plain) and into_store[-1].done
