"""Working with one's own data (issue 13): one way to pass files, strict bindings, no silent empty answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import kg
from kg.bindings import BindingError
from kg.nodes import NodeNotFoundError
from tests.helpers import DATA, GAI, run_kg

FIVE = DATA / "own" / "five-models.ttl"
EX = "https://example.org/my/"


# -- one data convention ---------------------------------------------------------------------------------


def test_query_takes_its_data_as_sources_like_every_command() -> None:
    positional = run_kg("query", "cq10-example-models", str(FIVE), "-f", "csv")
    alias = run_kg("query", "cq10-example-models", "-d", str(FIVE), "-f", "csv")
    assert positional.exit_code == 0 and positional.stdout == alias.stdout
    assert f"{EX}Llama2,Llama 2,{EX}Meta,Meta,2023" in positional.stdout
    expression = run_kg(
        "query", "-e", "SELECT (COUNT(*) AS ?n) { ?m gai:developedBy ?d }", str(FIVE), "-f", "csv"
    )
    assert expression.stdout.splitlines()[1] == "9"  # five models of the file, four of the ontology


def test_data_alias_on_every_command_that_reads_data(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    assert run_kg("viz", "-d", str(FIVE), "-o", str(page)).exit_code == 0 and page.is_file()
    info = run_kg("info", "--data", str(FIVE))
    assert info.exit_code == 0 and str(FIVE) in info.stdout


def test_data_where_the_query_goes_says_what_to_type() -> None:
    result = run_kg("query", str(FIVE), "cq10-example-models")
    assert result.exit_code == 2
    assert f"the query comes first, then SOURCES: `kg query cq10-example-models {FIVE}`" in result.stderr


def test_an_extra_argument_names_the_convention() -> None:
    result = run_kg("queries", "models.ttl")
    assert result.exit_code == 2
    assert "take the files last, as SOURCES" in result.stderr


# -- strict bindings and nodes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--bind", "node=foo:X", str(FIVE)],
            "Error: the value of ?node: unknown prefix 'foo:' in foo:X (no file loaded declares it); "
            "known prefixes: dcterms:, ex:, gai:",
        ),
        (  # the file that declares ex: was not given
            ["--bind", "node=ex:Llama2"],
            "Error: the value of ?node: unknown prefix 'ex:' in ex:Llama2",
        ),
        (
            ["--bind", "node=ex:Lama2", str(FIVE)],
            "Error: the node ex:Lama2 (?node) is not in the graph; closest: Llama 2 (ex:Llama2)",
        ),
        ([str(FIVE)], "Error: neighbours needs a value for ?node (--bind node=VALUE: the IRI of the node"),
    ],
)
def test_wrong_input_is_an_error_not_an_empty_answer(args: list[str], message: str) -> None:
    result = run_kg("query", "neighbours", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_right_binding_still_answers() -> None:
    result = run_kg("query", "neighbours", str(FIVE), "--bind", "node=ex:Llama2", "-f", "csv")
    assert result.exit_code == 0
    assert f"out,{GAI}developedBy,{EX}Meta,Meta" in result.stdout


def test_an_optional_parameter_may_stay_unbound() -> None:
    graph = kg.load(FIVE)
    assert len(graph.query("individuals")) > 5
    with pytest.raises(BindingError, match=r"neighbours needs a value for \?node"):
        graph.query("neighbours")


def test_viz_around_names_the_closest_labels(tmp_path: Path) -> None:
    result = run_kg("viz", str(FIVE), "--around", "ex:Mistral7", "-o", str(tmp_path / "p.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: the node ex:Mistral7 is not in the graph; closest: Mistral 7B (ex:Mistral7B), Mistral AI"
    )


def test_library_resolution_is_strict() -> None:
    from kg.nodes import resolve

    graph = kg.load(FIVE)
    assert resolve(graph, "ex:Llama2") == EX + "Llama2"
    with pytest.raises(BindingError, match="unknown prefix 'foo:'"):
        resolve(graph, "foo:Llama2")
    with pytest.raises(NodeNotFoundError, match=r"closest: Llama 2 \(ex:Llama2\)"):
        resolve(graph, "ex:Lama2")


# -- the embedded ontology: always used, shown when asked -------------------------------------------------


def test_export_writes_the_users_triples_unless_asked() -> None:
    own = run_kg("export", str(FIVE), "-f", "nt")
    whole = run_kg("export", str(FIVE), "-f", "nt", "--with-ontology")
    alone = run_kg("export", "-f", "nt")
    assert own.exit_code == whole.exit_code == alone.exit_code == 0
    assert len(own.stdout.splitlines()) == len(kg.load(FIVE, ontology=False))  # 35 triples, no more
    assert len(whole.stdout.splitlines()) == len(kg.load(FIVE))
    assert len(alone.stdout.splitlines()) == len(kg.load())  # no SOURCES: the ontology is the output


def test_the_ontology_is_still_used_for_labels_and_classes() -> None:
    graph = kg.load(FIVE)
    assert graph.label(GAI + "LargeLanguageModel") == "Large language model"
    assert graph.user_sources == [str(FIVE)] and graph.has_ontology


def test_a_page_of_own_data_draws_the_users_models(tmp_path: Path) -> None:
    from kg.pages import render

    page = render(kg.load(FIVE))
    nodes = {n["iri"] for n in _payload(page)["nodes"]}
    models = {EX + m for m in ("Llama2", "Mistral7B", "StableDiffusion", "MusicGen", "Falcon40B")}
    assert models <= nodes
    assert GAI + "GPT3" not in nodes and GAI + "Modality" not in nodes  # the ontology's own stay out
    assert GAI + "LargeLanguageModel" in nodes  # the classes the file uses are drawn
    whole = {n["iri"] for n in _payload(render(kg.load(FIVE), with_ontology=True))["nodes"]}
    assert GAI + "Modality" in whole


def _payload(page: Any) -> dict[str, Any]:
    from tests.test_pages import data_of

    return data_of(page)  # type: ignore[no-any-return]
