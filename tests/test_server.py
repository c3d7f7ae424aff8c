"""`kg serve`: the SPARQL 1.1 Protocol endpoint, queried by a real client (SPARQLWrapper) over HTTP."""

from __future__ import annotations

import concurrent.futures
import csv
import http.server
import io
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from tests.helpers import GAI, ROOT

MODALITIES = f"PREFIX gai: <{GAI}> SELECT ?m WHERE {{ ?m a gai:Modality }} ORDER BY ?m"
MODALITY_NAMES = [
    *("Audio", "BiologicalSequence", "Code", "Image", "Music"),
    *("Speech", "Text", "ThreeDModel", "Video", "VisualContent"),
]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # the access log goes to a file: a pipe nobody reads would fill up and stall the server
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--port", str(self.port), *args],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"kg serve stopped: {self.log.read()}")
            try:
                if httpx.get(self.url + "/sparql?query=ASK%7B%7D", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("kg serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--timeout", "3", "--max-results", "1000")
    yield running
    running.stop()


def wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_in_every_results_format(server: Server, method: str) -> None:
    expected = [GAI + m for m in sorted(MODALITY_NAMES)]
    as_json = wrapper(server, MODALITIES, JSON, method).queryAndConvert()
    assert isinstance(as_json, dict)
    assert [b["m"]["value"] for b in as_json["results"]["bindings"]] == expected
    as_xml = wrapper(server, MODALITIES, XML, method).queryAndConvert()
    uris = [node.firstChild.data for node in as_xml.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == expected
    as_csv = wrapper(server, MODALITIES, CSV, method).queryAndConvert()
    rows = list(csv.reader(io.StringIO(as_csv.decode())))  # type: ignore[union-attr]
    assert rows == [["m"], *([e] for e in expected)]
    as_tsv = wrapper(server, MODALITIES, TSV, method).queryAndConvert()
    assert as_tsv.decode().splitlines() == ["?m", *(f"<{e}>" for e in expected)]  # type: ignore[union-attr]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_ask_and_construct(server: Server, method: str) -> None:
    ask = wrapper(server, "ASK { ?s ?p ?o }", JSON, method).queryAndConvert()
    assert ask == {"head": {}, "boolean": True}
    construct = f"PREFIX gai: <{GAI}> CONSTRUCT {{ ?m gai:developedBy ?o }} WHERE {{ ?m gai:developedBy ?o }}"
    answer = wrapper(server, construct, TURTLE, method).query()  # SPARQLWrapper asks for Turtle or N3
    assert answer.response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=answer.response.read(), format="turtle")
    assert len(graph) == 4


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_graph_results_by_content_negotiation(server: Server, accept: str, fmt: str) -> None:
    response = httpx.post(
        server.url + "/sparql",
        headers={"Accept": accept, "Content-Type": "application/sparql-query"},
        content=f"DESCRIBE <{GAI}GPT3>",
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    assert (rdflib.URIRef(GAI + "GPT3"), rdflib.RDFS.label, rdflib.Literal("GPT-3", lang="en")) in graph


def test_unacceptable_format_is_406(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_syntax_error_is_400_with_position(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE {\n ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("<query>:2:")


def test_update_is_refused_and_changes_nothing(server: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = wrapper(server, count, JSON).queryAndConvert()
    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    response = httpx.post(server.url + "/sparql", data={"update": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"})
    assert response.status_code == 403 and "read-only" in response.text
    direct = httpx.post(
        server.url + "/sparql",
        content="DELETE WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert direct.status_code == 403
    assert wrapper(server, count, JSON).queryAndConvert() == before


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_service_from_and_load_never_fetch(server: Server) -> None:
    counter = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=counter.serve_forever, daemon=True)
    thread.start()
    outside = f"http://127.0.0.1:{counter.server_address[1]}/"
    try:
        service = httpx.get(
            server.url + "/sparql",
            params={"query": f"SELECT * WHERE {{ SERVICE <{outside}> {{ ?s ?p ?o }} }}"},
        )
        assert service.status_code == 403 and "SERVICE" in service.text
        from_clause = httpx.get(
            server.url + "/sparql", params={"query": f"SELECT * FROM <{outside}> WHERE {{ ?s ?p ?o }}"}
        )
        assert from_clause.status_code == 200
        named = httpx.get(
            server.url + "/sparql",
            params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": outside},
        )
        assert named.status_code == 200
        load = httpx.post(server.url + "/sparql", data={"update": f"LOAD <{outside}>"})
        assert load.status_code == 403
        assert _Counter.hits == 0
    finally:
        counter.shutdown()


def test_runaway_query_is_stopped_while_others_answer(server: Server) -> None:
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        runaway = pool.submit(httpx.get, server.url + "/sparql", params={"query": CARTESIAN}, timeout=60)
        time.sleep(0.3)
        simple = httpx.get(
            server.url + "/sparql",
            params={"query": MODALITIES},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        simple_done = time.monotonic() - started
        stopped = runaway.result()
        runaway_done = time.monotonic() - started
    assert simple.status_code == 200 and len(simple.json()["results"]["bindings"]) == len(MODALITY_NAMES)
    assert stopped.status_code == 504 and "time limit of 3 s" in stopped.text
    assert simple_done < runaway_done  # answered while the runaway query was still running
    # the stopped worker is replaced: the server keeps answering
    assert httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=60).status_code == 200


def test_result_size_limit(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?a a ?b . ?c a ?d }"})
    assert response.status_code == 400
    assert "more than 1000 rows" in response.text and "LIMIT" in response.text


def test_named_queries_and_service_description(server: Server) -> None:
    listing = httpx.get(server.url + "/queries").json()
    assert "cq05-llm-tasks" in [q["name"] for q in listing]
    tasks = httpx.get(
        server.url + "/queries/cq05-llm-tasks", headers={"Accept": "application/sparql-results+json"}
    )
    assert len(tasks.json()["results"]["bindings"]) == 5
    bound = httpx.get(
        server.url + "/queries/neighbours", params={"node": "gai:GPT3"}, headers={"Accept": "text/csv"}
    )
    assert "https://w3id.org/genai-kg/ontology#OpenAI" in bound.text
    assert httpx.get(server.url + "/queries/nope").status_code == 404
    description = httpx.get(server.url + "/sparql")
    graph = rdflib.Graph().parse(data=description.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(server.url + "/sparql")) in graph


def test_cors_is_off_by_default(server: Server) -> None:
    response = httpx.options(
        server.url + "/sparql",
        headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers
    answer = httpx.get(server.url + "/sparql?query=ASK%7B%7D", headers={"Origin": "http://example.org"})
    assert answer.status_code == 200 and "access-control-allow-origin" not in answer.headers


def test_load_twenty_clients_fifty_queries_each(server: Server) -> None:
    queries = [
        (MODALITIES, len(MODALITY_NAMES)),
        (f"PREFIX gai: <{GAI}> SELECT ?t WHERE {{ ?t a gai:TextTask }}", 18),
        ("SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> }", 19),
    ]
    latencies: list[float] = []
    failures: list[str] = []

    def client(number: int) -> None:
        with httpx.Client(timeout=60) as http:
            for i in range(50):
                text, rows = queries[(number + i) % len(queries)]
                started = time.monotonic()
                response = http.get(
                    server.url + "/sparql",
                    params={"query": text},
                    headers={"Accept": "application/sparql-results+json"},
                )
                latencies.append(time.monotonic() - started)
                if response.status_code != 200 or len(response.json()["results"]["bindings"]) != rows:
                    failures.append(f"{response.status_code} {response.text[:100]}")

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        list(pool.map(client, range(20)))
    elapsed = time.monotonic() - started
    assert failures == [] and len(latencies) == 1000
    p95 = statistics.quantiles(latencies, n=20)[18]
    print(f"\n1000 queries from 20 clients: {1000 / elapsed:.0f} queries/s, p95 latency {p95 * 1000:.0f} ms")


def test_updates_when_allowed(tmp_path: Path) -> None:
    running = Server("--allow-update", "--no-ontology")
    try:
        insert = httpx.post(running.url + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> 42 }"})
        assert insert.status_code == 204
        answer = httpx.get(
            running.url + "/sparql",
            params={"query": "SELECT ?o WHERE { <urn:a> <urn:b> ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        assert answer["results"]["bindings"][0]["o"]["value"] == "42"
    finally:
        running.stop()


def test_json_body_is_standard(server: Server) -> None:
    body = httpx.get(server.url + "/sparql", params={"query": MODALITIES}).text
    document = json.loads(body)
    assert document["head"]["vars"] == ["m"]


def test_serving_a_persistent_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert (
        subprocess.run(
            [sys.executable, "-m", "kg", "load", "--store", str(store)],
            cwd=ROOT,
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    running = Server("--store", str(store))
    try:
        answer = httpx.get(running.url + "/queries/cq04-llm-modality", headers={"Accept": "text/csv"})
        assert answer.text.splitlines() == ["modality,label", f"{GAI}Text,Text"]
    finally:
        running.stop()
    refused = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--allow-update"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "served read-only" in refused.stderr
