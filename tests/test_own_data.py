"""Working with one's own data (issue 13): one way to pass files, strict bindings, no silent empty answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

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
    assert expression.stdout.splitlines()[1] == "10"  # five models of the file, five of the ontology


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
    """The data of a page (a Page, or the HTML of one)."""
    from types import SimpleNamespace

    from kg.pages import Page
    from tests.test_pages import data_of

    # data_of reads only the page's html: HTML alone is given in a stand-in for a Page
    return data_of(cast("Page", SimpleNamespace(html=page)) if isinstance(page, str) else page)


# -- pandas, notebooks, bridges -------------------------------------------------------------------------


def test_to_df_has_typed_columns() -> None:
    import pandas as pd

    frame = (
        kg.load(FIVE)
        .query(
            "SELECT ?m ?year ?size ?big ?when WHERE { ?m gai:releaseYear ?year "
            "OPTIONAL { ?m gai:parameterCount ?size } "
            'BIND(BOUND(?size) && ?size > 10000000000 AS ?big) BIND("2023-07-18"^^xsd:date AS ?when) '
            "FILTER(STRSTARTS(STR(?m), 'https://example.org/')) } ORDER BY ?m"
        )
        .to_df(iris="short")
    )
    assert str(frame["year"].dtype) == "Int64" and str(frame["size"].dtype) == "Int64"
    assert str(frame["big"].dtype) == "boolean" and pd.api.types.is_datetime64_any_dtype(frame["when"])
    assert frame["m"].tolist()[0] == "ex:Falcon40B"
    assert frame.set_index("m").loc["ex:Llama2", "size"] == 70_000_000_000
    assert pd.isna(frame.set_index("m").loc["ex:MusicGen", "size"])


def test_results_and_graphs_show_as_html_in_notebooks() -> None:
    graph = kg.load(FIVE)
    table = graph.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")._repr_html_()
    assert table.count("<tr><td>") == 50 and f"{len(graph)} rows, the first 50 shown" in table
    assert "five-models.ttl" in graph._repr_html_()


def test_result_to_networkx() -> None:
    view = (
        kg.load(FIVE).query("SELECT ?m ?p ?d WHERE { ?m ?p ?d FILTER(?p = gai:developedBy) }").to_networkx()
    )
    assert set(view.successors(EX + "Llama2")) == {EX + "Meta"}
    assert view.nodes[EX + "Meta"]["label"] == "Meta"  # labels from the graph the result came from


def test_graphml_and_gexf_open_in_networkx(tmp_path: Path) -> None:
    import networkx as nx

    flat = kg.load(FIVE).to_networkx("instances", flat=True)
    nx.write_graphml(flat, tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes[EX + "Llama2"]["release_year"] == 2023
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"own.{fmt}"
        assert run_kg("export", str(FIVE), "-f", fmt, "-o", str(out)).exit_code == 0
        read = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert (
            read.number_of_nodes() == 13 and read.nodes[EX + "Falcon40B"]["parameter_count"] == 40_000_000_000
        )


def test_pyvis_and_owlready_bridges() -> None:
    graph = kg.load(FIVE)
    net = graph.to_pyvis("instances", height="500px")
    by_id = {n["id"]: n for n in net.nodes}
    assert by_id[EX + "Llama2"]["label"] == "Llama 2" and net.height == "500px"
    from kg.pages import colour_of

    assert by_id[EX + "Meta"]["color"] == colour_of(GAI + "Organization")
    assert "vis-network" in net.generate_html() and "https://unpkg" not in net.generate_html()
    onto = graph.to_owlready()
    llama = onto.world.search_one(iri=EX + "Llama2")
    assert llama.releaseYear == [2023] or llama.releaseYear == 2023


def test_reasoning_reads_the_ontology_and_the_users_data() -> None:
    graph = kg.load(FIVE)
    report = graph.reason("rl")
    assert report.inferred > 0
    rows = graph.query(
        "SELECT ?m WHERE { ?m a gai:GenerativeAI FILTER(STRSTARTS(STR(?m), 'https://example.org/')) }"
    )
    assert len(rows) == 5


# -- inferred facts: drawn, marked, hinted ----------------------------------------------------------------

MEMBERS = (
    "SELECT ?m WHERE { ?m a gai:GenerativeAI FILTER(STRSTARTS(STR(?m), 'https://example.org/')) } ORDER BY ?m"
)


def test_an_empty_class_query_hints_at_reasoning() -> None:
    result = run_kg("query", "-e", MEMBERS, str(FIVE), "-f", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["m"]
    assert result.stderr == (
        "Hint: no rows from the asserted triples; with --reason rl (or --reason dl) it answers 5 rows\n"
    )


def test_inferred_rows_are_marked_in_every_format() -> None:
    csv = run_kg("query", "-e", MEMBERS, str(FIVE), "--reason", "rl", "-f", "csv")
    assert csv.stdout.splitlines() == [
        "m,inferred",
        *(
            f"{EX}{m},true"
            for m in sorted(("Falcon40B", "Llama2", "MusicGen", "Mistral7B", "StableDiffusion"))
        ),
    ]
    developers = "SELECT ?m ?d WHERE { ?m gai:developedBy ?d } ORDER BY ?m LIMIT 1"
    json_out = run_kg("query", "-e", developers, str(FIVE), "--reason", "rl", "-f", "json")
    import json

    document = json.loads(json_out.stdout)
    assert document["head"]["vars"] == ["m", "d", "inferred"]
    assert document["results"]["bindings"][0]["inferred"]["value"] == "false"
    frame = kg.load(FIVE)
    frame.reason("rl")
    marked = frame.query(MEMBERS, mark_inferred=True).to_df()
    assert marked["inferred"].tolist() == [True] * 5


def test_viz_reason_draws_inferred_edges_dashed(tmp_path: Path) -> None:
    page = tmp_path / "reasoned.html"
    result = run_kg("viz", str(FIVE), "--reason", "rl", "-o", str(page))
    assert result.exit_code == 0
    data = _payload(page.read_text(encoding="utf-8"))
    assert data["meta"]["inferred"] is True and data["edgeKinds"]["inferred"]["count"] > 0
    labels = {n["label"] for n in data["nodes"]}
    assert {"Llama 2", "Generative AI"} <= labels  # the class the reasoner gives the user's model


# -- messages (item 8) -------------------------------------------------------------------------------------


def test_an_unknown_prefix_in_a_query_is_one_line() -> None:
    result = run_kg("query", "-e", "SELECT ?x WHERE { ?x a foo:Bar }", str(FIVE))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: <query>:1:24: unknown prefix 'foo:' in foo:Bar; declare it (PREFIX foo: <…>) or use one of: "
        "dcterms:, ex:, gai:, owl:, rdf:, rdfs:, sh:, skos:, vann:, xsd:\n"
    )


def test_the_service_refusal_names_the_option() -> None:
    result = run_kg("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2 and "give --allow-remote" in result.stderr


def test_one_finding_per_bad_value_at_its_line() -> None:
    result = run_kg("validate", str(DATA / "readme" / "my-models.ttl"))
    errors = [line for line in result.stdout.splitlines() if " error " in line]
    assert errors == [
        f"{DATA / 'readme' / 'my-models.ttl'}:10: error [shacl: datatype] ex:MyModel gai:parameterCount: "
        "gai:parameterCount is given at most once, as a positive xsd:integer "
        '(e.g. 175000000000, not "175B"). (value: "175B")'
    ]


# -- the data scientist's walk-through (acceptance) --------------------------------------------------------


def test_the_walk_through_on_a_five_model_file(tmp_path: Path) -> None:
    """Six ordinary tasks on one's own file, each one command or one line of Python."""
    import networkx as nx

    # 1. load their file and query it, with and without the ontology
    with_ontology = run_kg("query", "cq10-example-models", str(FIVE), "-f", "csv")
    assert with_ontology.exit_code == 0 and "Llama 2" in with_ontology.stdout
    developers = "SELECT ?m WHERE { ?m gai:developedBy ?d }"
    alone = run_kg("query", "-e", developers, str(FIVE), "--no-ontology", "-f", "csv")
    assert len(alone.stdout.splitlines()) == 1 + 5  # their five models, none of the ontology's
    # 2. get a CSV
    out = tmp_path / "models.csv"
    assert run_kg("query", "cq10-example-models", str(FIVE), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("class,classLabel,model,modelLabel")
    # 3. draw a page of their models
    page = tmp_path / "models.html"
    assert run_kg("viz", str(FIVE), "-o", str(page)).exit_code == 0
    labels = {n["label"] for n in _payload(page.read_text(encoding="utf-8"))["nodes"]}
    assert {"Llama 2", "Mistral 7B", "Stable Diffusion", "MusicGen", "Falcon 40B"} <= labels
    assert "GPT-3" not in labels
    # 4. ask what the ontology infers about one model
    inferred = run_kg(
        "query", "neighbours", str(FIVE), "--bind", "node=ex:Llama2", "--reason", "rl", "-f", "csv"
    )
    assert f"out,http://www.w3.org/1999/02/22-rdf-syntax-ns#type,{GAI}GenerativeAI,Generative AI,true" in (
        inferred.stdout.splitlines()
    )
    # 5. open it in pandas with typed columns
    frame = kg.load(FIVE).query("cq10-example-models").to_df()
    assert str(frame["releaseYear"].dtype) == "Int64"
    # 6. export to Gephi
    gexf = tmp_path / "models.gexf"
    assert run_kg("export", str(FIVE), "-f", "gexf", "-o", str(gexf)).exit_code == 0
    assert nx.read_gexf(gexf).nodes[EX + "Llama2"]["release_year"] == 2023


def test_inferred_triples_written_as_trig_come_back_inferred(tmp_path: Path) -> None:
    inferred = tmp_path / "inferred.trig"
    assert run_kg("reason", str(FIVE), "--profile", "rl", "-o", str(inferred)).exit_code == 0
    rows = run_kg("query", "-e", MEMBERS, str(FIVE), str(inferred), "-f", "csv")
    assert rows.stdout.splitlines()[:2] == ["m,inferred", f"{EX}Falcon40B,true"]
    page = tmp_path / "page.html"
    assert run_kg("viz", str(FIVE), str(inferred), "-o", str(page)).exit_code == 0
    data = _payload(page.read_text(encoding="utf-8"))
    assert data["meta"]["inferred"] is True and data["edgeKinds"]["inferred"]["count"] > 0


def test_the_modules_are_reachable_before_any_load() -> None:
    import subprocess
    import sys

    code = "import kg; print(kg.graph.DEFAULT_PREFIXES['gai'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == GAI
