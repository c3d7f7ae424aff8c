"""`kg serve` against a hostile client: what a request may not do, over real HTTP (issue 10, items 1-6).

The cross-site attacks driven from a real page of another origin are in
tests/browser/test_endpoint_cross_site.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import ROOT
from tests.test_server import Server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--timeout", "5", "--read-timeout", "1", "--max-body", "100000")
    yield running
    running.stop()


def one_line(response: httpx.Response) -> str:
    """The body of an error answer, which must be one line of text."""
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert len(lines) == 1, response.text
    return lines[0]


def alive(server: Server) -> bool:
    return httpx.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200


# -- 1. /view: no path, only the documented options --------------------------------------------------


def test_view_cannot_write_a_file(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "made" / "page.html"
    response = httpx.get(
        server.url + "/view",
        params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", "path": str(target)},
    )
    assert response.status_code == 400
    assert one_line(response).startswith("unknown parameter 'path' of /view")
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("max_nodes", "abc", "/view parameter max_nodes='abc': expected a whole number"),
        ("max_nodes", "0", "/view parameter max_nodes='0'"),
        ("renderer", "x", "/view parameter renderer='x': expected auto, vis or canvas"),
        ("title", "x" * 201, "/view parameter title="),
        ("bogus", "1", "unknown parameter 'bogus' of /view"),
    ],
)
def test_view_options_are_checked(server: Server, name: str, value: str, expected: str) -> None:
    response = httpx.get(server.url + "/view", params={"query": "SELECT * { ?s ?p ?o } LIMIT 2", name: value})
    assert response.status_code == 400 and one_line(response).startswith(expected)
    assert alive(server)


def test_view_documented_options_work(server: Server) -> None:
    response = httpx.get(
        server.url + "/view",
        params={"query": "SELECT * { ?s ?p ?o } LIMIT 5", "title": "Mine <b>", "max_nodes": "3"},
    )
    assert response.status_code == 200
    assert "<title>Mine &lt;b&gt;</title>" in response.text
    assert "script-src 'sha256-" in response.headers["content-security-policy"]


# -- 2. updates: refused from pages of other origins -----------------------------------------------------


@pytest.fixture(scope="module")
def writable() -> Iterator[Server]:
    running = Server("--allow-update", "--no-ontology")
    yield running
    running.stop()


def count(server: Server) -> int:
    answer = httpx.get(server.url + "/sparql", params={"query": COUNT}, headers=JSON).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.test"},
        {"Origin": "null"},
        {"Referer": "http://evil.test/page.html"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_cross_site_update_is_refused(writable: Server, headers: dict[str, str]) -> None:
    httpx.post(writable.url + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> 1 }"})
    before = count(writable)
    assert before > 0
    response = httpx.post(writable.url + "/sparql", data={"update": "DROP ALL"}, headers=headers)
    assert response.status_code == 403 and one_line(response).startswith("update refused:")
    assert count(writable) == before


def test_same_origin_update_is_accepted(writable: Server) -> None:
    response = httpx.post(
        writable.url + "/sparql",
        data={"update": "INSERT DATA { <urn:same> <urn:b> 1 }"},
        headers={"Origin": writable.url, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 204


def test_public_update_needs_confirmation() -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--host", "0.0.0.0", "--allow-update", "--no-ontology"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "Error: updates on 0.0.0.0 would let other machines change the graph; add --public-update to "
        "confirm (see SECURITY.md)"
    ]


# -- 3. Host names and CORS ----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.test", "evil.test:7878", "127.0.0.1.evil.test", ""])
def test_foreign_host_name_is_refused(server: Server, host: str) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": COUNT}, headers={"Host": host})
    assert response.status_code == 400 and "does not answer to the name" in one_line(response)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_host_names_are_served(server: Server, host: str) -> None:
    response = httpx.get(
        server.url + "/sparql", params={"query": "ASK {}"}, headers={"Host": f"{host}:{server.port}"}
    )
    assert response.status_code == 200


def test_cors_and_allowed_host_when_asked() -> None:
    running = Server("--no-ontology", "--cors", "http://app.test", "--allowed-host", "kg.test")
    try:
        url = running.url + "/sparql?query=ASK%7B%7D"
        mine = httpx.get(url, headers={"Origin": "http://app.test", "Host": "kg.test"})
        assert mine.status_code == 200 and mine.headers["access-control-allow-origin"] == "http://app.test"
        other = httpx.get(url, headers={"Origin": "http://other.test"})
        assert "access-control-allow-origin" not in other.headers
    finally:
        running.stop()


# -- 4. sizes and times ------------------------------------------------------------------------------


def test_large_body_is_413(server: Server) -> None:
    declared = httpx.post(
        server.url + "/sparql",
        content=b"#" * 200_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert declared.status_code == 413 and "larger than 100000 bytes" in one_line(declared)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b"#" * 10_000

    streamed = httpx.post(
        server.url + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert streamed.status_code == 413
    assert alive(server)


def read_all(sock: socket.socket) -> str:
    """The whole answer of a server that closes the connection after it."""
    data = b""
    while chunk := sock.recv(4096):
        data += chunk
    return data.decode()


def test_long_url_is_414(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # httpx refuses to send it
        sock.sendall(
            b"GET /sparql?query=ASK%7B%7D%23" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        answer = read_all(sock)
    assert answer.startswith("HTTP/1.1 414") and "send the query with POST" in answer


def test_false_content_length_is_answered(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\nASK {}"
        )
        started = time.monotonic()
        answer = read_all(sock)
        waited = time.monotonic() - started
    assert answer.startswith("HTTP/1.1 408") and "did not arrive within 1 s" in answer
    assert waited < 8


# -- 5. malformed parameters: 400, and the workers live ----------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "status", "expected"),
    [
        (
            "/sparql",
            {"query": "ASK {}", "default-graph-uri": "not an iri"},
            400,
            "default-graph-uri: not an IRI",
        ),
        ("/sparql", {"query": "ASK {}", "named-graph-uri": "<x>"}, 400, "named-graph-uri: not an IRI"),
        ("/queries/neighbours", {"node": '"x"@en }'}, 400, "the value of ?node"),
        ("/queries/neighbours", {"node": '"\\x"'}, 400, "unknown escape \\x"),
        ("/queries/neighbours", {"nobody": "1"}, 400, "has no variable ?nobody"),
        ("/queries/%00", {}, 404, "no named query"),
        ("/sparql", {"update": "DROP ALL"}, 405, "updates must be sent with POST"),
    ],
)
def test_malformed_parameters_are_client_errors(
    server: Server, path: str, params: dict[str, str], status: int, expected: str
) -> None:
    response = httpx.get(server.url + path, params=params)
    assert response.status_code == status and expected in one_line(response)
    assert alive(server)


@pytest.mark.parametrize(
    ("content_type", "body", "status", "expected"),
    [
        ("text/plain", b"ASK {}", 415, "unsupported request type 'text/plain'"),
        ("application/sparql-query", b"ASK { \xff }", 400, "the request body is not UTF-8"),
        ("application/x-www-form-urlencoded", b"query=%FF", 400, ""),
    ],
)
def test_bad_bodies_of_view_are_client_errors(
    server: Server, content_type: str, body: bytes, status: int, expected: str
) -> None:
    response = httpx.post(server.url + "/view", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status and expected in one_line(response)
    assert alive(server)


def children(pid: int) -> list[int]:
    """The worker processes of the server (multiprocessing's spawned children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_dead_worker_is_503_and_replaced() -> None:
    running = Server("--no-ontology", "--workers", "1")
    try:
        workers = children(running.process.pid)
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(0.5)
        response = httpx.get(running.url + "/sparql", params={"query": "ASK {}"})
        assert response.status_code == 503 and "being replaced" in one_line(response)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not alive(running):
            time.sleep(0.2)
        assert alive(running)
    finally:
        running.stop()


# -- 6. a security policy on every answer ----------------------------------------------------------


def test_every_answer_has_a_content_security_policy(server: Server) -> None:
    page = httpx.get(server.url + "/")
    policy = page.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and "connect-src 'self'" in policy
    for path in ("/sparql?query=ASK%7B%7D", "/queries", "/sparql", "/nothing", "/view"):
        answer = httpx.get(server.url + path)
        assert "default-src 'none'" in answer.headers["content-security-policy"], path
        assert answer.headers["x-content-type-options"] == "nosniff"
