"""Remote engines: `kg push` into a real Oxigraph server, then `kg query --endpoint` against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import RemoteError
from tests.engines import Oxigraph, rows_without_inferred
from tests.helpers import run_kg

#: The example model GPT-3, on its catalogue IRI (ontology v2).
GPT3 = "https://w3id.org/genai-kg/model/gpt-3-175b-davinci"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph"))
    result = run_kg("push", "--endpoint", server.base + "/store", "--reason", "dl")
    assert result.exit_code == 0, result.stderr
    yield server
    server.stop()


COMPETENCY = [q.name for q in kg.queries() if q.name.startswith("cq")]


@pytest.mark.parametrize("name", COMPETENCY)
def test_every_competency_question_answers_the_same_remotely(oxigraph: Oxigraph, name: str) -> None:
    local = run_kg("query", name, "--format", "tsv")
    remote = run_kg("query", name, "--format", "tsv", "--endpoint", oxigraph.base + "/query")
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == rows_without_inferred(local.stdout)


def test_info_and_results_through_the_api(oxigraph: Oxigraph) -> None:
    remote = kg.remote.connect(oxigraph.base + "/query")
    assert remote.summary().ontologies[0].iri == "https://w3id.org/genai-kg/ontology"
    rows = list(remote.query("cq04-llm-modality"))
    assert [str(r["modality"]) for r in rows] == ["https://w3id.org/genai-kg/ontology#Text"]
    assert remote.query("cq01-llm-is-generative-ai").boolean is True
    graph = remote.query(f"DESCRIBE <{GPT3}>")
    assert len(graph.triples()) > 5 and "GPT-3 175B (davinci)" in (graph.serialize("turtle") or "")


def test_viz_draws_a_neighbourhood_from_the_endpoint(oxigraph: Oxigraph, tmp_path: Path) -> None:
    page = tmp_path / "gpt3.html"
    result = run_kg("viz", "--endpoint", oxigraph.base + "/query", "--around", GPT3, "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(page)
    remote = kg.remote.connect(oxigraph.base + "/query")
    view = remote.to_networkx("neighbourhood", around=GPT3, hops=1)
    local = kg.load().to_networkx("neighbourhood", around=GPT3, hops=1)
    # the store also holds the inferred triples (pushed with --reason), so it shows at least as much
    assert set(local.nodes) <= set(view.nodes)
    assert "https://w3id.org/genai-kg/org/openai" in view.nodes
    assert "GPT-3 175B (davinci)" in page.read_text(encoding="utf-8")


def test_remote_errors_are_clear(oxigraph: Oxigraph) -> None:
    bad = run_kg("query", "-e", "SELECT * WHERE { ?s ?p", "--endpoint", oxigraph.base + "/query")
    assert bad.exit_code == 2 and bad.stderr.startswith(f"Error: {oxigraph.base}/query: 400 Bad Request")
    with pytest.raises(RemoteError, match="http:// or https://"):
        kg.remote.connect("ftp://example.org/sparql")


def test_a_stopped_server_gives_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    server = Oxigraph(tmp_path / "store")
    url = server.base + "/query"
    assert (
        run_kg("query", "cq01-llm-is-generative-ai", "--endpoint", url).exit_code == 0
    )  # empty store: false
    server.stop()
    result = run_kg("query", "cq01-llm-is-generative-ai", "--endpoint", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {url}: cannot reach the endpoint")
    assert "after 3 attempts" in result.stderr
