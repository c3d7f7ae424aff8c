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
    local = run_kg("query", name, "--format", "tsv", "--reason", "dl")
    remote = run_kg("query", name, "--format", "tsv", *_remote(server))
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == rows_without_inferred(local.stdout)


def test_blank_nodes_of_answers_are_read_and_named_again(server: Oxigraph | Virtuoso) -> None:
    """A restriction (a blank node) comes back as a blank node; a closure through restrictions (which
    the Virtuoso profile computes, naming blank nodes as Virtuoso does) answers as locally."""
    restrictions = "SELECT ?r WHERE { gai:LargeLanguageModel rdfs:subClassOf ?r FILTER isBlank(?r) }"
    remote = kg.remote.connect(server.query_url, graph=GRAPH)
    assert {type(row["r"]).__name__ for row in remote.query(restrictions)} == {"BNode"}
    closure = (
        "SELECT DISTINCT ?c WHERE { ?c rdfs:subClassOf+ ?r . ?r owl:onProperty gai:generatesModality "
        "FILTER isIRI(?c) }"
    )
    local = kg.load()
    local.reason("dl")
    assert {row["c"] for row in remote.query(closure)} == {row["c"] for row in local.query(closure)}


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


#: Objects of one property that are literals, typed nodes and untyped nodes, so that the summary's counts
#: must tell literal values from links (kg.network_counts).
MIXED = "".join(
    f"{s} {p} {o} .\n"
    for s, p, o in [
        ("<urn:kg:org1>", "a", f"<{GAI}Organization>"),
        ("<urn:kg:org2>", "a", f"<{GAI}Organization>"),
        ("<urn:kg:org1>", f"<{GAI}motto>", '"open"'),
        ("<urn:kg:org1>", f"<{GAI}motto>", '"shared"@en'),
        ("<urn:kg:org1>", f"<{GAI}motto>", "<urn:kg:untyped>"),
        ("<urn:kg:org1>", f"<{GAI}motto>", "<urn:kg:org2>"),
        ("<urn:kg:org2>", f"<{GAI}motto>", "<urn:kg:untyped>"),
        ("<urn:kg:org2>", f"<{GAI}since>", '"1999"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ]
).replace(" a ", " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ")


@pytest.mark.slow
def test_summary_counts_as_locally(server: Oxigraph | Virtuoso, tmp_path: Path) -> None:
    """The summary through the engine has the counts of the local summary of the same data: instances,
    links between classes (weights) and literal values (attributes), with a property whose objects are
    literals, typed nodes and untyped nodes at once."""
    data = tmp_path / "small.nt"
    assert run_kg("generate", "-n", "30", "--seed", "3", "-o", str(data)).exit_code == 0
    data.write_text(data.read_text(encoding="utf-8") + MIXED, encoding="utf-8")
    graph = "urn:kg:summary"
    pushed = run_kg("push", str(data), "--endpoint", server.query_url, "--graph", graph, "--replace")
    assert pushed.exit_code == 0, pushed.stderr
    here = kg.load(data).to_networkx("summary")
    there = kg.remote.connect(server.query_url, graph=graph).to_networkx("summary")

    def counts(view: Any) -> tuple[dict[str, Any], dict[Any, Any]]:
        nodes = {n: (d.get("count"), d.get("attributes")) for n, d in view.nodes(data=True)}
        return nodes, {(a, b, k): d.get("weight") for a, b, k, d in view.edges(keys=True, data=True)}

    assert counts(there) == counts(here)
    org = here.nodes[GAI + "Organization"]
    assert org["attributes"]["motto"] == ["2 values"], org  # the two literals, not the two IRIs


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


@pytest.mark.slow
def test_views_of_the_engine_read_a_bounded_answer(
    server: Oxigraph | Virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neighbourhood and query views read at most ``max_nodes`` edges per query from the engine (bounded
    CONSTRUCTs), and say on the page when an answer reached that."""
    from urllib.parse import parse_qs

    from kg.pages import render
    from kg.remote.client import Connection

    answers: list[tuple[str, int]] = []  # (query, triples in the answer) of every CONSTRUCT sent
    request = Connection.request

    def counted(self: Connection, method: str, url: str, **options: Any) -> Any:
        response = request(self, method, url, **options)
        text = parse_qs((options.get("content") or b"").decode()).get("query", [""])[0]
        if "CONSTRUCT" in text:
            lines = [x for x in response.content.splitlines() if x.strip() and not x.startswith((b"@", b"#"))]
            answers.append((text, len(lines)))
        return response

    monkeypatch.setattr(Connection, "request", counted)
    remote = kg.remote.connect(server.query_url, graph=GRAPH)
    cap = 2  # OpenAI developed three models
    around = remote.to_networkx(
        "neighbourhood", around="https://w3id.org/genai-kg/org/openai", hops=2, max_nodes=cap
    )
    assert around.number_of_nodes() <= cap and around.graph["truncated"]
    assert "The endpoint was asked for at most 2 edges" in around.graph["message"]
    assert answers and all(n <= cap and "LIMIT 2" in text for text, n in answers), answers
    assert any(n == cap for _, n in answers)
    answers.clear()
    page = render(remote, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_nodes=cap)
    assert [n for _, n in answers] == [cap]
    assert page.nodes <= cap and "The endpoint was asked for at most 2 edges" in page.message
    assert "The endpoint was asked for at most 2 edges" in page.html
    assert PASSWORD not in page.html
