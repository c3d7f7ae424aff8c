"""The ``kg`` command line: every command, output format and bad-input case, with exact messages."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import kg
from kg.display import render_result
from tests.helpers import DATA, GAI, ONTOLOGY, ONTOLOGY_IRI, ROOT, run_kg

MODELS = DATA / "formats" / "models.ttl"


def test_info_prints_iri_version_and_counts() -> None:
    result = run_kg("info")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"ontology:    {ONTOLOGY_IRI}"
    assert f"version:     2.0.0 {ONTOLOGY_IRI}/2.0.0" in lines
    assert "classes:     23" in lines
    assert "properties:  18 object, 4 datatype, 24 annotation" in lines
    assert "individuals: 134" in lines
    assert f"triples:     {len(rdflib.Graph().parse(ONTOLOGY))}" in lines


def test_info_of_user_data_alone_and_as_json() -> None:
    result = run_kg("info", "--no-ontology", "--json", str(MODELS))
    data = json.loads(result.stdout)
    assert data["ontologies"] == [] and data["triples"] == len(rdflib.Graph().parse(MODELS))
    plain = run_kg("info", "--no-ontology", str(MODELS))
    assert plain.stdout.splitlines()[0] == "ontology:    (no owl:Ontology header)"


def test_queries_lists_one_line_each() -> None:
    lines = run_kg("queries").stdout.splitlines()
    assert len(lines) == len(kg.queries())
    assert lines[0].split()[0] == "classes"
    assert any(line.startswith("cq01-llm-is-generative-ai ") for line in lines)
    checks = run_kg("queries", "--checks").stdout.splitlines()
    assert checks and all(line.startswith("checks/") for line in checks)


def test_query_defaults_to_tsv_when_piped() -> None:
    result = run_kg("query", "cq04-llm-modality")
    assert result.exit_code == 0
    parsed = ox.parse_query_results(result.stdout, ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [s["modality"].value for s in parsed] == [GAI + "Text"]
    ask = run_kg("query", "cq01-llm-is-generative-ai")
    assert ask.stdout == "true\n"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "csv"])
def test_query_select_formats(fmt: str) -> None:
    result = run_kg("query", "cq03-generative-ai-content-kinds", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["modality", "label"]
        assert sorted(r[0] for r in rows[1:]) == [GAI + "Image", GAI + "Music", GAI + "Text"]
        return
    if fmt == "json":
        document = json.loads(result.stdout)
        assert document["head"]["vars"] == ["modality", "label"]
    parsed = ox.parse_query_results(
        result.stdout,
        {
            "json": ox.QueryResultsFormat.JSON,
            "xml": ox.QueryResultsFormat.XML,
            "tsv": ox.QueryResultsFormat.TSV,
        }[fmt],
    )
    assert isinstance(parsed, ox.QuerySolutions)
    assert sorted(s["modality"].value.removeprefix(GAI) for s in parsed) == ["Image", "Music", "Text"]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_query_graph_formats(fmt: str) -> None:
    text = f"CONSTRUCT {{ ?m <{GAI}developedBy> ?o }} WHERE {{ ?m <{GAI}developedBy> ?o }}"
    result = run_kg("query", "-e", text, "--format", fmt)
    graph = rdflib.Graph().parse(data=result.stdout, format=fmt)
    assert (
        rdflib.URIRef("https://w3id.org/genai-kg/model/gpt-3-175b-davinci"),
        rdflib.URIRef(GAI + "developedBy"),
        rdflib.URIRef("https://w3id.org/genai-kg/org/openai"),
    ) in graph
    default = run_kg("query", "-e", text)
    assert default.stdout.startswith("@prefix gai: <https://w3id.org/genai-kg/ontology#> .")


def test_table_on_a_terminal_shortens_iris_and_adds_labels() -> None:
    graph = kg.load()
    query = "SELECT ?model ?class WHERE { ?model a ?class FILTER(?class = gai:EncoderOnlyLanguageModel) }"
    text = render_result(graph.query(query), graph, None, terminal=True)
    assert isinstance(text, str)
    # gai: IRIs are shortened; the catalogue IRIs no prefix covers stay whole, in angle brackets
    assert "gai:EncoderOnlyLanguageModel" in text
    assert "https://w3id.org/genai-kg/ontology#" not in text and "<https://w3id.org/genai" in text
    assert text.splitlines()[0].startswith("┏")
    result = run_kg("query", "cq04-llm-modality", "--format", "table")
    assert "│ gai:Text" in result.stdout


def test_query_with_data_files_bindings_and_output(tmp_path: Path) -> None:
    out = tmp_path / "neighbours.json"
    result = run_kg(
        "query", "neighbours", "--data", str(MODELS), "--bind", "node=ex:Chinchilla", "-o", str(out)
    )
    assert result.exit_code == 0 and result.stdout == ""
    document = json.loads(out.read_text())  # the format follows the extension
    neighbours = {b["neighbour"]["value"] for b in document["results"]["bindings"]}
    assert "https://example.org/models/DeepMind" in neighbours
    only_data = run_kg(
        "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-d", str(MODELS), "--no-ontology"
    )
    assert only_data.stdout.splitlines()[1] == str(len(rdflib.Graph().parse(MODELS)))


def test_query_file(tmp_path: Path) -> None:
    query = tmp_path / "count.rq"
    query.write_text(
        "# title: count\nSELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }"
    )
    assert run_kg("query", str(query)).stdout.splitlines() == ["?n", "31"]  # 23 named, 8 anonymous


def test_export_formats(tmp_path: Path) -> None:
    reference = rdflib.Graph().parse(ONTOLOGY)
    for fmt, suffix in (("turtle", "ttl"), ("nt", "nt"), ("xml", "rdf"), ("json-ld", "jsonld")):
        out = tmp_path / f"genai.{suffix}"
        result = run_kg("export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0
        assert isomorphic(rdflib.Graph().parse(out, format=fmt), reference), fmt
    merged = run_kg("export", str(MODELS), "--format", "nt", "--with-ontology")
    assert len(rdflib.Graph().parse(data=merged.stdout, format="nt")) == len(reference) + len(
        rdflib.Graph().parse(MODELS)
    )
    own = run_kg("export", str(MODELS), "--format", "nt")  # the user's triples only (issue 13)
    assert isomorphic(rdflib.Graph().parse(data=own.stdout, format="nt"), rdflib.Graph().parse(MODELS))


def test_tour_answers_every_competency_question() -> None:
    result = run_kg("tour")
    assert result.exit_code == 0
    for named in kg.queries():
        if named.name.startswith("cq"):
            assert " ".join(named.question.split()) in " ".join(result.stdout.split()), named.name
    assert "→ yes" in result.stdout and "→ no" in result.stdout
    assert "Translation" in result.stdout and "GPT-3" in result.stdout


def test_build_check_passes_on_main() -> None:
    result = run_kg("build", "--check")
    assert result.exit_code == 0
    assert [line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()] == [
        "genai.owl: up to date",
        "epoch-ai.owl: up to date",
    ]


def test_generate_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    run_kg("generate", "-n", "50", "--seed", "7", "-o", str(first))
    run_kg("generate", "-n", "50", "--seed", "7", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != run_kg("generate", "-n", "50", "--seed", "8").stdout.encode()
    assert len(rdflib.Graph().parse(first)) > 500
    packed = tmp_path / "c.ttl.gz"
    run_kg("generate", "-n", "50", "--seed", "7", "-o", str(packed))
    assert gzip.decompress(packed.read_bytes()).startswith(b"@prefix")
    assert isomorphic(
        rdflib.Graph().parse(data=gzip.decompress(packed.read_bytes()), format="turtle"),
        rdflib.Graph().parse(first),
    )


# ---------------------------------------------------------------------------------------------------
# bad input: one clear line, exit 2, nothing written


def test_unparseable_file() -> None:
    result = run_kg("info", str(DATA / "bad-syntax.ttl"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {DATA / 'bad-syntax.ttl'}:4:11: Unexpected end of file\n"
    assert result.stdout == ""


def test_sparql_syntax_error_names_line_and_column() -> None:
    result = run_kg("query", str(DATA / "bad-query.rq"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {DATA / 'bad-query.rq'}:4:3: ")


def test_unknown_query_name_lists_the_known_ones() -> None:
    result = run_kg("query", "cq99")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: unknown query 'cq99'; known: classes, cq01-llm-is-generative-ai, "
    )


def test_unknown_format_lists_the_known_ones() -> None:
    result = run_kg("query", "cq03-generative-ai-content-kinds", "--format", "yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unknown format for SELECT results 'yaml'; known: csv, json, table, tsv, xml\n",
    )
    export = run_kg("export", "--format", "yaml")
    assert export.exit_code == 2
    assert (
        export.stderr
        == "Error: unknown format 'yaml'; known: gexf, graphml, json-ld, n3, nquads, nt, ofn, omn, owx, "
        "trig, turtle, xml\n"
    )


def test_output_is_atomic_on_error(tmp_path: Path) -> None:
    out = tmp_path / "result.tsv"
    out.write_text("previous content")
    result = run_kg("query", "-e", "SELECT * WHERE { ?s ?p", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.tsv"]
    exported = tmp_path / "export.ttl"
    exported.write_text("previous content")
    assert run_kg("export", str(DATA / "bad-syntax.ttl"), "-o", str(exported)).exit_code == 2
    assert exported.read_text() == "previous content"


def test_usage_errors_exit_2() -> None:
    assert run_kg("query").exit_code == 2
    assert run_kg("query", "classes", "-e", "ASK {}").exit_code == 2
    assert run_kg("query", "neighbours", "--bind", "novalue").exit_code == 2


def test_no_traceback_in_a_real_process() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "kg", "query", "-e", "SELECT * WHERE { ?s ?p"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert process.returncode == 2
    assert process.stderr.startswith("Error: <query>:1:") and "Traceback" not in process.stderr


def test_help_of_every_command() -> None:
    from kg.cli import main

    for name in main.commands:
        result = run_kg(name, "--help")
        assert result.exit_code == 0 and result.stdout.startswith(f"Usage: main {name}"), name


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom kg.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "heavy = ('rdflib', 'pyoxigraph', 'owlready2', 'pyvis', 'networkx', 'pyshacl')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert process.stdout.strip() == "[]"


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_query_thread_never_frees_the_engine_objects_of_another_thread() -> None:
    """pyoxigraph's answers may only be freed on the thread that made them: garbage this thread left for
    the collector (an answer in a reference cycle) must not be collected by the query's thread."""
    import gc

    graph = kg.load()
    gc.disable()  # (else this thread could collect the cycle on its own before the query runs)
    try:
        cycle: dict[str, object] = {"answer": graph._store.query("SELECT * { ?s ?p ?o } LIMIT 1")}
        cycle["self"] = cycle
        del cycle
        result = run_kg("query", "cq01-llm-is-generative-ai")
    finally:
        gc.enable()
    assert result.exit_code == 0, result.stderr
