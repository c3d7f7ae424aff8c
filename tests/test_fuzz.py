"""Fuzzing: generated malformed inputs to the CLI (files in every format, queries, bind values) and to
the endpoint (parameters, bodies, headers). Whatever comes in: no traceback, an exit code of 0, 1 or 2,
no 500 for a client's mistake, one line per error, bounded time and memory (issue 10, acceptance)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.bounded import memory_used
from kg.sparql import queries
from tests.helpers import DATA, run_kg
from tests.test_server import Server

BOUNDED = settings(
    max_examples=60,
    deadline=timedelta(seconds=30),  # a bound against hangs, not a performance figure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SEEDS = {
    ".ttl": b'@prefix ex: <urn:ex:> .\nex:a ex:b "c"@en, 1.0, "x"^^ex:t ;\n  ex:d [ ex:e ( 1 2 ) ] .\n',
    ".nt": b'<urn:a> <urn:b> "c\\u00e9" .\n<urn:a> <urn:b> _:x .\n',
    ".rdf": (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="urn:ex:"><rdf:Description rdf:about="urn:a"><ex:b xml:lang="en">c</ex:b>'
        b"</rdf:Description></rdf:RDF>\n"
    ),
    ".jsonld": b'{"@context": {"ex": "urn:ex:"}, "@id": "urn:a", '
    b'"ex:b": [{"@value": "c", "@language": "en"}]}',
    ".nq": b"<urn:a> <urn:b> <urn:c> <urn:g> .\n",
    ".trig": b"<urn:g> { <urn:a> <urn:b> <urn:c> . }\n",
}
NOISE = st.sampled_from(
    ["<", ">", "{", "}", "(", ")", '"', "'", "\\", "@", "^^", "&", ";", ".", "\x00", "\xff", "é", "<!ENTITY",
     "]]>", "\n", " ", "_:", "#", "\ufeff"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """A seed document cut, with pieces replaced by noise or random bytes."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        piece = (
            draw(NOISE).encode("utf-8", "surrogatepass")
            if draw(st.booleans())
            else draw(st.binary(max_size=4))
        )
        data[at : at + draw(st.integers(0, 3))] = piece
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


documents = st.sampled_from(sorted(SEEDS)).flatmap(
    lambda suffix: st.tuples(st.just(suffix), mutated(SEEDS[suffix]))
)
QUERY_SEEDS = [*(q.text for q in queries()[:8]), "SELECT ?x WHERE { BIND(?x AS ?y) } LIMIT 3"]
query_texts = st.sampled_from(QUERY_SEEDS).flatmap(lambda text: mutated(text.encode()))
values = st.one_of(
    st.text(max_size=30), st.sampled_from(['"', '"\\', '"x"@', '"x"^^', "<", "<a b>", '"\\u12"', "\\x", "a:"])
)


def ceiling() -> int:
    used = memory_used()
    return (used or 0) + 1024 * 2**20  # the run may grow by a GiB at most


def test_cli_on_malformed_files() -> None:
    limit = ceiling()

    @BOUNDED
    @given(documents)
    def check(document: tuple[str, bytes]) -> None:
        suffix, data = document
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"fuzz{suffix}"
            path.write_bytes(data)
            for command in (("info", "--no-ontology"), ("export", "--no-ontology", "-f", "nt")):
                result = run_kg(*command, str(path))  # a traceback fails the test: catch_exceptions=False
                assert result.exit_code in (0, 2), result.stderr
                if result.exit_code:
                    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
        assert (memory_used() or 0) < limit

    check()


def test_cli_on_malformed_queries_and_bind_values() -> None:
    data = str(DATA / "models.ttl") if (DATA / "models.ttl").exists() else None

    @BOUNDED
    @given(query_texts, values)
    def check(text: bytes, value: str) -> None:
        query = text.decode("utf-8", "replace")
        extra = ["--data", data] if data else []
        result = run_kg("query", "--no-ontology", *extra, "-e", query, "-f", "json")
        assert result.exit_code in (0, 1, 2), result.stderr
        if result.exit_code:
            assert len(result.stderr.splitlines()) == 1, result.stderr
        bound = run_kg("query", "--no-ontology", "-e", "SELECT ?y { BIND(?x AS ?y) }", "--bind", f"x={value}")
        assert bound.exit_code in (0, 2), bound.stderr
        if bound.exit_code:
            assert len(bound.stderr.splitlines()) == 1, bound.stderr

    check()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--timeout", "5", "--max-body", "20000", "--read-timeout", "2")
    yield running
    running.stop()


params = st.dictionaries(
    st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "format", "update", "node", "title",
                     "max_nodes", "renderer", "path", "x", ""]),
    values,
    max_size=4,
)  # fmt: skip
paths = st.sampled_from(
    ["/sparql", "/view", "/queries/neighbours", "/queries/%00", "/queries/../x", "/", "/queries"]
)
content_types = st.sampled_from(
    ["application/sparql-query", "application/sparql-update", "application/x-www-form-urlencoded",
     "text/plain", "application/json", "", "multipart/form-data"]
)  # fmt: skip


def test_endpoint_on_malformed_requests(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as client:

        @BOUNDED
        @given(paths, params, st.booleans(), content_types, st.binary(max_size=200), query_texts)
        def check(path: str, query: dict[str, str], post: bool, media: str, body: bytes, text: bytes) -> None:
            if "query" in query and path == "/sparql":
                query["query"] = text.decode("utf-8", "replace")
            if post:
                response = client.post(path, params=query, content=body, headers={"Content-Type": media})
            else:
                response = client.get(path, params=query)
            assert response.status_code not in (500, 502, 503), response.text
            if response.status_code >= 400:
                assert len(response.text.splitlines()) == 1, response.text
                assert "content-security-policy" in response.headers

        check()
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # still serving
