"""Both real engines, Virtuoso 7 and Oxigraph server, through the same commands: push, query, replace, draw,
reason then push, and the competency questions answered as a local run answers them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kg
from tests.engines import PASSWORD, USER, Oxigraph, Virtuoso, rows_without_inferred
from tests.helpers import GAI, run_kg

ENGINES = ["oxigraph", "virtuoso"]
#: The example model GPT-3, on its catalogue IRI (ontology v2).
GPT3 = "https://w3id.org/genai-kg/model/gpt-3-175b-davinci"
GRAPH = "urn:kg:engines"
COMPETENCY = [q.name for q in kg.queries() if q.name.startswith("cq")]
#: Where Virtuoso 7.2 answers differently even after its profile's adaptations, and why: bugs of its
#: optimiser with closures (rdfs:subClassOf*, +) under UNION or FILTER NOT EXISTS, whose plans depend on
#: the data's statistics (so these may pass on a store holding other graphs too: not strict), and how
#: an empty GROUP_CONCAT is written.
VIRTUOSO_DIFFERS = {
    "cq03-generative-ai-content-kinds": "a closure joined with a UNION loses rows",
    "cq06-creative-applications": "FILTER NOT EXISTS around a closure drops every row",
    "cq07-training-data": "a closure joined with a UNION loses rows",
    "cq10-example-models": "FILTER NOT EXISTS around a closure keeps rows it should drop",
    "cq11-generative-not-llm": "FILTER NOT EXISTS around a closure keeps rows it should drop",
    "cq12-comparison-table": "GROUP_CONCAT drops language tags; closures under UNION lose rows",
    # v2 (ontology 2.0.0)
    "cq09-shared-foundations": "a closure over an alternative path with a nested rdf:rest* (the walk "
    "through definitions' intersections) loses rows: only AdvancedTrainingTechnique, not DeepLearning "
    "nor NeuralNetwork",
    "cq17-llms-per-organisation-and-country": "GROUP_CONCAT over a group whose only value is unbound (an "
    'organisation without a country) gives "" where Oxigraph leaves ?countries unbound',
}


@pytest.fixture(scope="module", autouse=True)
def credentials() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD")}
    os.environ["KG_ENDPOINT_USER"], os.environ["KG_ENDPOINT_PASSWORD"] = USER, PASSWORD
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module", params=ENGINES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Oxigraph | Virtuoso]:
    engine = Oxigraph if request.param == "oxigraph" else Virtuoso
    started = engine(tmp_path_factory.mktemp(request.param))
    # reason, then push the asserted and inferred triples
    pushed = run_kg("push", "--endpoint", started.query_url, "--graph", GRAPH, "--reason", "dl")
    assert pushed.exit_code == 0, pushed.stderr
    yield started
    started.stop()


def _remote(server: Oxigraph | Virtuoso) -> list[str]:
    return ["--endpoint", server.query_url, "--graph", GRAPH]


@pytest.mark.slow
@pytest.mark.parametrize("name", COMPETENCY)
def test_competency_questions_answer_as_locally(server: Oxigraph | Virtuoso, name: str) -> None:
    if isinstance(server, Virtuoso) and name in VIRTUOSO_DIFFERS:
        pytest.xfail(f"Virtuoso 7.2: {VIRTUOSO_DIFFERS[name]}")  # (reported in the README's table)
    local = run_kg("query", name, "--format", "tsv", "--reason", "dl")
    remote = run_kg("query", name, "--format", "tsv", *_remote(server))
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == rows_without_inferred(local.stdout)


@pytest.mark.slow
def test_info_counts_in_the_engine(server: Oxigraph | Virtuoso) -> None:
    local = kg.load()
    local.reason("dl")
    info = run_kg("info", "--json", *_remote(server))
    assert info.exit_code == 0, info.stderr
    import json

    counted = json.loads(info.stdout)
    expected = local.summary().as_dict()
    for key in ("classes", "individuals", "object_properties", "datatype_properties"):
        assert counted[key] == expected[key], key
    assert counted["triples"] == len(local) + local.count_inferred()


@pytest.mark.slow
def test_views_drawn_from_the_engine(server: Oxigraph | Virtuoso, tmp_path: Path) -> None:
    local = kg.load()
    local.reason("dl")
    remote = kg.remote.connect(server.query_url, graph=GRAPH)
    views: list[tuple[str, dict[str, Any]]] = [
        ("summary", {}),
        ("schema", {}),
        ("neighbourhood", {"around": GPT3}),
    ]
    for view, options in views:
        here, there = local.to_networkx(view, **options), remote.to_networkx(view, **options)
        assert set(there.nodes) == set(here.nodes), view
        # the store holds the inferred triples as asserted ones, so it may draw more edges, never fewer
        assert set(here.edges(keys=True)) <= set(there.edges(keys=True)), view
    for view in ("summary", "schema"):
        page = tmp_path / f"{view}.html"
        drawn = run_kg("viz", *_remote(server), "--view", view, "-o", str(page))
        assert drawn.exit_code == 0, drawn.stderr
        assert "Large language model" in page.read_text(encoding="utf-8")
        assert PASSWORD not in page.read_text(encoding="utf-8")
    around = run_kg("viz", *_remote(server), "--around", GPT3, "-o", str(tmp_path / "gpt3.html"))
    assert around.exit_code == 0, around.stderr
    assert "GPT-3 175B (davinci)" in (tmp_path / "gpt3.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_push_adds_and_replace_empties_first(server: Oxigraph | Virtuoso, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(f"<urn:kg:x> <{GAI}releaseYear> 2031 .\n", encoding="utf-8")
    graph = "urn:kg:replace"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    remote = kg.remote.connect(server.query_url, graph=graph)
    assert run_kg("push", "--endpoint", server.query_url, "--graph", graph).exit_code == 0
    assert (
        run_kg(
            "push", str(extra), "--no-ontology", "--endpoint", server.query_url, "--graph", graph
        ).exit_code
        == 0
    )
    assert int(next(iter(remote.query(count)))["n"]) == len(kg.load()) + 1
    replaced = run_kg(
        "push", str(extra), "--no-ontology", "--replace", "--endpoint", server.query_url, "--graph", graph
    )
    assert replaced.exit_code == 0, replaced.stderr
    assert int(next(iter(remote.query(count)))["n"]) == 1
    year = run_kg(
        "query",
        "-e",
        f"SELECT ?y WHERE {{ <urn:kg:x> <{GAI}releaseYear> ?y }}",
        "-f",
        "csv",
        "--endpoint",
        server.query_url,
        "--graph",
        graph,
    )
    assert year.stdout.splitlines() == ["y", "2031"]
