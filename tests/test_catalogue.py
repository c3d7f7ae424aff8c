"""The Epoch AI catalogue importer (kg.catalogue, `kg import epoch`) and the embedded snapshot.

The golden tests read the snapshot with the csv module only, independently of the importer, and compare
with SPARQL answers over ``kg.load(catalogue=True)``. The messiness tests import small CSV files written
here, each with one of the catalogue's real quirks.
"""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib.term

import kg
from kg.catalogue import CATALOGUE_IRI, import_epoch, snapshot_file

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "ontology" / "catalogue" / "notable-ai-models.csv"
MODEL = "https://w3id.org/genai-kg/model/"
GAI = "https://w3id.org/genai-kg/ontology#"


def kg_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with SNAPSHOT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    return kg.load(catalogue=True)


def select(graph: kg.KnowledgeGraph, text: str) -> list[tuple[Any, ...]]:
    """The rows of a SELECT answer as Python values (numbers, strings …), None where unbound."""
    result = graph.query(text)
    return [tuple(_python(row[v]) for v in result.vars) for row in result.rows]


def _python(term: rdflib.term.Node | None) -> Any:
    if term is None:
        return None
    assert isinstance(term, (rdflib.term.IdentifiedNode, rdflib.term.Literal))
    return term.toPython()


# --- golden tests: the CSV read with the csv module agrees with SPARQL --------------------------------------


def test_the_embedded_snapshot_is_the_shared_one_byte_for_byte() -> None:
    assert snapshot_file() == SNAPSHOT
    shared = Path("/work/shared/data/epoch-ai/notable-ai-models.csv")
    if shared.is_file():
        assert SNAPSHOT.read_bytes() == shared.read_bytes()


def test_model_count(graph: kg.KnowledgeGraph, rows: list[dict[str, str]]) -> None:
    [(count,)] = select(
        graph, f"SELECT (COUNT(DISTINCT ?m) AS ?n) {{ ?m rdfs:isDefinedBy <{CATALOGUE_IRI}> }}"
    )
    assert count == len(rows) == 976


def test_models_per_year(graph: kg.KnowledgeGraph, rows: list[dict[str, str]]) -> None:
    expected = Counter(int(row["Publication date"][:4]) for row in rows)
    answer = dict(select(graph, "cq14-models-per-year"))
    assert answer == dict(expected)
    assert answer[2023] == 117 and min(answer) == 1950


def test_name_parameters_date_and_developers_of_every_model(
    graph: kg.KnowledgeGraph, rows: list[dict[str, str]]
) -> None:
    facts = select(
        graph,
        f"""SELECT ?m ?name ?params ?date
                   (GROUP_CONCAT(DISTINCT ?developer; separator="\\u0001") AS ?developers) {{
              ?m rdfs:isDefinedBy <{CATALOGUE_IRI}> ; rdfs:label ?name ; gai:releaseDate ?date .
              OPTIONAL {{ ?m gai:parameterCount ?params }}
              OPTIONAL {{ ?m gai:developedBy/rdfs:label ?developer }}
            }} GROUP BY ?m ?name ?params ?date""",
    )
    by_name = {name: (params, date, set(filter(None, str(devs or "").split("\u0001"))))
               for _, name, params, date, devs in facts}  # fmt: skip
    assert len(by_name) == len(facts) == len(rows)  # one label, one date, at most one figure per model
    for row in rows:
        name = row["Model"].strip()
        params = round(Decimal(row["Parameters"])) if row["Parameters"].strip() else None
        date = datetime.date.fromisoformat(row["Publication date"])
        developers = {o.strip() for o in row["Organization"].split(",") if o.strip()}
        assert by_name[name] == (params, date, developers), name


def test_the_messiest_figures_as_they_should_be(graph: kg.KnowledgeGraph) -> None:
    answer = dict(
        select(
            graph,
            """SELECT ?name ?p { ?m rdfs:label ?name ; gai:parameterCount ?p
                                 VALUES ?name { "GPT-3 175B (davinci)" "Solar Open 100B" } }""",
        )
    )
    assert answer == {"GPT-3 175B (davinci)": 174_600_000_000, "Solar Open 100B": 102_000_000_000}
    rounded = select(graph, "SELECT ?p { ?m gai:parameterCount ?p FILTER(?p = 257000000) }")
    assert len(rounded) == 4  # four rows say 256999999.99999997
    compute = select(graph, 'SELECT ?c { ?m rdfs:label "K-EXAONE" ; gai:trainingCompute ?c }')
    assert compute == [(1.52e24,)]


def test_provenance_the_dataset_node_and_each_rows_source(graph: kg.KnowledgeGraph) -> None:
    [(licence, credit, page, issued)] = select(
        graph,
        f"""SELECT ?l ?c ?p ?d {{ <{CATALOGUE_IRI}> dcterms:license ?l ; dcterms:bibliographicCitation ?c ;
                                   dcterms:source ?p ; dcterms:issued ?d }}""",
    )
    assert (licence, credit, page) == (
        "https://creativecommons.org/licenses/by/4.0/",
        "Data: Epoch AI (epoch.ai)",
        "https://epoch.ai/data/notable-ai-models",
    )
    assert issued == datetime.date(2026, 1, 26)
    links = select(graph, f"SELECT ?s {{ <{MODEL}gpt-3-175b-davinci> dcterms:source ?s }}")
    assert links == [("https://arxiv.org/abs/2005.14165",)]


def test_base_models_link_rows_and_absent_ones_stay_visible(graph: kg.KnowledgeGraph) -> None:
    ancestors = select(graph, f"SELECT ?a {{ <{MODEL}gpt-4o-mar-2025> gai:basedOn+ ?a }} ORDER BY ?a")
    assert len(ancestors) >= 4
    two = select(graph, 'SELECT ?b { ?m rdfs:label "VGG16" . ?x gai:basedOn ?m, ?b FILTER(?b != ?m) }')
    assert (f"{MODEL}alexnet",) in two  # "AlexNet,VGG16": both bases
    # "Qwen2-72B,InternViT-6B": the first is a row, the second is not (kept as a comment, reported)
    nvlm = select(graph, 'SELECT ?b ?c { ?m rdfs:label "NVLM-D 72B" ; gai:basedOn ?b ; rdfs:comment ?c }')
    assert nvlm == [
        (f"{MODEL}qwen2-72b", "Base model named in the catalogue but absent from the snapshot: InternViT-6B")
    ]


def test_the_embedded_import_reports_what_it_met() -> None:
    report = import_epoch().report
    assert report.models == 976
    assert sorted(report.trimmed_names) == sorted(
        ["Solar Open 100B", "VAETKI", "GPT-3.5 (davinci-002)", "Template Adaptation"]
    )
    assert len(report.rounded_numbers) == 10
    assert report.collisions == {
        "DeepLabV3": f"{MODEL}deeplabv3",
        "DeepLabV3+": f"{MODEL}deeplabv3-2",
        "PointNet": f"{MODEL}pointnet",
        "PointNet++": f"{MODEL}pointnet-2",
    }
    assert "Qwen2-72B,InternViT-6B" not in report.absent_base_models  # split, then looked up
    assert "InternViT-6B" in report.absent_base_models
    assert len(report.multiple_base_models) == 8
    assert report.unknown_columns == []


# --- the messiness, one quirk at a time ---------------------------------------------------------------


HEADER = "Model,Organization,Publication date,Domain,Task,Parameters,Training compute (FLOP),Base model,Link"


def write_csv(path: Path, *lines: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "mapping.csv",
        "Domain,Language,gai:LanguageDomain,,",
        "Task,Text-to-image,gai:TextToImage,gai:Image,",
        "Task,Question answering,gai:QuestionAnswering,,does not generate",
        header="column,value,concept,generates,note",
    )


def test_quirks_are_handled(tmp_path: Path, mapping: Path) -> None:
    source = write_csv(
        tmp_path / "models.csv",
        '"Big Model\n",OpenAI,2024-01-02,Language,Question answering,256999999.99999997,1.52e+24,,https://a.example/x',
        'Small One,"OpenAI, Google",2023-05-06,"Language,Vision","Text-to-image,Question answering",,,'
        '"Big Model,Missing Model",',
    )
    result = import_epoch(source, mapping=mapping, snapshot_date=datetime.date(2026, 2, 1))
    g = kg.load(result.serialize("turtle"), format="turtle", ontology=False)
    facts = set(
        select(
            g, "SELECT ?s ?p ?o { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/genai-kg/model/')) }"
        )
    )
    big, small = f"{MODEL}big-model", f"{MODEL}small-one"
    assert (big, "http://www.w3.org/2000/01/rdf-schema#label", "Big Model") in facts
    assert (big, GAI + "parameterCount", 257_000_000) in facts
    assert (big, GAI + "trainingCompute", 1.52e24) in facts
    assert (big, GAI + "releaseDate", datetime.date(2024, 1, 2)) in facts
    assert (big, "http://purl.org/dc/terms/source", "https://a.example/x") in facts
    assert not any(s == small and p == GAI + "parameterCount" for s, p, _ in facts)  # empty cell: no figure
    assert {o for s, p, o in facts if s == small and p == GAI + "developedBy"} == {
        "https://w3id.org/genai-kg/org/openai",
        "https://w3id.org/genai-kg/org/google",
    }
    assert {o for s, p, o in facts if s == small and p == GAI + "cataloguedTask"} == {
        GAI + "TextToImage",
        GAI + "QuestionAnswering",
    }
    assert {o for s, p, o in facts if p == GAI + "generatesModality"} == {GAI + "Image"}  # only the small one
    assert {(s, o) for s, p, o in facts if p == GAI + "basedOn"} == {(small, big)}
    report = result.report
    assert report.trimmed_names == ["Big Model"]
    assert report.rounded_numbers == [("Big Model", "Parameters", "256999999.99999997")]
    assert report.absent_base_models == {"Missing Model": ["Small One"]}
    assert report.multiple_base_models == ["Small One"]
    assert report.unknown_values == {"Domain": Counter({"Vision": 1})}
    assert report.empty_cells["Parameters"] == 1
    assert report.warnings == ["unknown value 'Vision' in column 'Domain' (1 rows): no concept"]


def _subjects(triples: list[ox.Triple]) -> list[ox.NamedNode | ox.BlankNode]:
    return [t.subject for t in triples if not isinstance(t.subject, ox.Triple)]


def test_iris_are_stable_across_snapshots(tmp_path: Path, mapping: Path) -> None:
    first = write_csv(tmp_path / "a.csv", "Alpha,X,2020-01-01,,,,,,", "Beta,X,2021-01-01,,,,,Alpha,")
    second = write_csv(
        tmp_path / "b.csv",
        "Gamma,X,2022-01-01,,,,,,,new",
        "Beta,X,2021-01-01,,,,,Alpha,,",
        '"Alpha ",X,2020-01-01,,,,,,,',
        header=HEADER + ",A new column",
    )
    one, two = (import_epoch(p, mapping=mapping) for p in (first, second))
    models = [{s.value for s in _subjects(r.triples) if s.value.startswith(MODEL)} for r in (one, two)]
    assert models[0] == {f"{MODEL}alpha", f"{MODEL}beta"}
    assert models[1] == models[0] | {f"{MODEL}gamma"}
    assert two.report.unknown_columns == ["A new column"]
    assert "unknown column 'A new column': not imported" in two.report.warnings


def test_slug_collisions_get_distinct_iris_and_are_reported(tmp_path: Path, mapping: Path) -> None:
    source = write_csv(tmp_path / "c.csv", "Net+,X,2021-01-01,,,,,,", "Net,X,2020-01-01,,,,,,")
    report = import_epoch(source, mapping=mapping).report
    assert report.collisions == {"Net": f"{MODEL}net", "Net+": f"{MODEL}net-2"}


def test_cells_that_cannot_be_read_are_reported_not_dropped_silently(tmp_path: Path, mapping: Path) -> None:
    source = write_csv(tmp_path / "d.csv", "Odd,X,yesterday,,,many,lots,,arxiv.org/abs/1")
    report = import_epoch(source, mapping=mapping).report
    assert [(row, column) for row, column, _, _ in report.bad_cells] == [
        (2, "Publication date"),
        (2, "Parameters"),
        (2, "Training compute (FLOP)"),
        (2, "Link"),
    ]
    assert len(report.warnings) == 4


# --- the command ----------------------------------------------------------------------------------------


def test_cli_writes_turtle_and_reports_warnings_with_exit_0(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "e.csv", "Alpha,X,2020-01-01,,,1.0,,,", header=HEADER + ",Extra")
    out = tmp_path / "out" / "models.ttl"
    done = kg_cli("import", "epoch", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "warning: unknown column 'Extra': not imported" in done.stderr
    g = kg.load(out)
    assert select(g, "SELECT ?p { ?m rdfs:label 'Alpha' ; gai:parameterCount ?p }") == [(1,)]


def test_cli_strict_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "f.csv", "Alpha,X,2020-01-01,,,1.0,,,", header=HEADER + ",Extra")
    out = tmp_path / "models.ttl"
    done = kg_cli("import", "epoch", str(source), "-o", str(out), "--strict")
    assert done.returncode == 2
    assert "with --strict; nothing written" in done.stderr.splitlines()[-1]
    assert not out.exists()


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = kg_cli("import", "epoch", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'nope.csv'}: No such file or directory"
    ]
    nameless = write_csv(tmp_path / "g.csv", "a,b", header="Name,Other")
    done = kg_cli("import", "epoch", str(nameless))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "no 'Model' column" in done.stderr


def test_cli_builds_a_store_with_the_ontology(tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = kg_cli("import", "epoch", str(SNAPSHOT), "--store", str(store))
    assert done.returncode == 0, done.stderr
    answer = kg_cli("query", "--store", str(store), "-f", "csv", "-e",
                    "SELECT (COUNT(*) AS ?n) { ?m a gai:AIModel ; gai:releaseDate ?d }")  # fmt: skip
    assert answer.returncode == 0, answer.stderr
    assert int(answer.stdout.splitlines()[1]) >= 976


def test_catalogue_flag_on_the_commands_that_read_data() -> None:
    done = kg_cli("query", "--catalogue", "-f", "csv", "-e",
                  'SELECT ?p { ?m rdfs:label "BERT-Large" ; gai:parameterCount ?p }')  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == ["340000000"]
    info = kg_cli("info", "--catalogue", "--json")
    assert info.returncode == 0 and CATALOGUE_IRI in info.stdout


# --- competency questions v2 over the catalogue (answers in the query headers) -------------------------


def test_cq15_largest_model_per_year(graph: kg.KnowledgeGraph, rows: list[dict[str, str]]) -> None:
    largest: dict[int, tuple[int, set[str]]] = {}
    for row in rows:
        if not row["Parameters"].strip():
            continue
        year, count, name = (
            int(row["Publication date"][:4]),
            round(Decimal(row["Parameters"])),
            row["Model"].strip(),
        )
        best = largest.get(year)
        if best is None or count > best[0]:
            largest[year] = (count, {name})
        elif count == best[0]:
            best[1].add(name)
    answer: dict[int, tuple[int, set[str]]] = {}
    for year, _, label, parameters in select(graph, "cq15-largest-model-per-year"):
        answer.setdefault(year, (parameters, set()))[1].add(label)
    assert answer == largest
    assert answer[2020] == (174_600_000_000, {"GPT-3 175B (davinci)"})
    assert answer[2025] == (3_000_000_000_000, {"Grok 3", "Grok 4"})


def test_cq16_lineage_through_base_models(graph: kg.KnowledgeGraph) -> None:
    assert [(rel, label) for rel, _, label in select(graph, "cq16-lineage")] == [
        ("ancestor", "GPT-4o (Aug 2024)"),
        ("ancestor", "GPT-4o (May 2024)"),
        ("descendant", "GPT-4o (Jan 2025)"),
        ("descendant", "GPT-4o (Mar 2025)"),
    ]
    from kg.terms import parse_term

    palm = graph.query("cq16-lineage", bindings={"name": parse_term('"PaLM (540B)"', graph.prefixes)})
    assert {str(row["label"]) for row in palm} == {
        "Flan-PaLM 540B", "LMSI-Palm", "Minerva (540B)", "PaLM-E", "U-PaLM (540B)",
    }  # fmt: skip


def test_catalogue_in_a_store_and_exported(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = kg_cli("load", "--catalogue", "--store", str(store))
    assert built.returncode == 0, built.stderr
    info = kg_cli("info", "--store", str(store), "--json")
    assert CATALOGUE_IRI in info.stdout
    exported = kg_cli("export", "--catalogue", "-f", "nt", "-o", str(tmp_path / "all.nt"))
    assert exported.returncode == 0, exported.stderr
    assert f"<{MODEL}bert-large>" in (tmp_path / "all.nt").read_text(encoding="utf-8")
    wrong = kg_cli("info", "--catalogue", "--store", str(store))
    assert wrong.returncode == 2 and "--catalogue loads files" in wrong.stderr


def test_cli_renamed_column_through_an_edited_columns_table(tmp_path: Path) -> None:
    from kg.catalogue import columns_file

    renamed = write_csv(
        tmp_path / "h.csv", "Alpha,X,2020-01-01,,,2e9,,,", header=HEADER.replace("Parameters", "Params")
    )
    table = tmp_path / "columns.csv"
    table.write_text(
        columns_file().read_text(encoding="utf-8").replace("\nParameters,", "\nParams,"), "utf-8"
    )
    out = tmp_path / "models.nt"
    done = kg_cli("import", "epoch", str(renamed), "--columns", str(table), "-o", str(out), "--strict")
    assert done.returncode == 0, done.stderr
    assert '<https://w3id.org/genai-kg/ontology#parameterCount> "2000000000"' in out.read_text(
        encoding="utf-8"
    )
    bad = tmp_path / "bad-columns.csv"
    bad.write_text("column,property,kind,target\nModel,rdfs:label,label,\nX,gai:x,colour,\n", "utf-8")
    refused = kg_cli("import", "epoch", str(renamed), "--columns", str(bad))
    assert refused.returncode == 2
    assert refused.stderr.strip() == f"Error: {bad}:3: unknown kind 'colour'; known: " + ", ".join(
        ["label", "integer", "double", "date", "iri", "organisations", "organisation-country",
         "organisation-concepts", "concepts", "models", "datasets", "not-imported"]
    )  # fmt: skip
