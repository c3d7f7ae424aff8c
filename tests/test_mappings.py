"""The mapping table ontology/mappings/epoch-ai.csv: complete for the snapshot, and every concept declared.

The table says, for each distinct value of the Epoch AI catalogue's columns Domain, Task, Model
accessibility and Organization categorization, which concept of the ontology it stands for and which
modality (if any) a model catalogued with it generates. The importer reads it; these tests check it
against the snapshot itself (read with the csv module) and against ontology/genai.ttl.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "ontology" / "mappings" / "epoch-ai.csv"
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
SNAPSHOT = ROOT.parent / "shared" / "data" / "epoch-ai" / "notable-ai-models.csv"
GAI = rdflib.Namespace("https://w3id.org/genai-kg/ontology#")
COLUMNS = {
    "Domain": GAI.ApplicationDomain,
    "Task": GAI.UseCase,
    "Model accessibility": GAI.Accessibility,
    "Organization categorization": GAI.OrganizationCategory,
}
USE_CASE_CLASSES = {GAI.UseCase, GAI.TextTask, GAI.CreativeApplication}


def table() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY)


def curie(value: str) -> rdflib.URIRef:
    assert value.startswith("gai:"), value
    return GAI[value.removeprefix("gai:")]


def test_header_and_one_row_per_column_and_value() -> None:
    with TABLE.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == ["column", "value", "concept", "generates", "note"]
    rows = table()
    keys = [(r["column"], r["value"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["column"] for r in rows} == set(COLUMNS)
    assert all(r["value"] == r["value"].strip() and r["value"] for r in rows)


def test_every_value_of_the_snapshot_is_mapped() -> None:
    if not SNAPSHOT.is_file():
        pytest.skip(f"the snapshot is not at {SNAPSHOT}")
    with SNAPSHOT.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    mapped = {(r["column"], r["value"]) for r in table()}
    for column in COLUMNS:
        values = {v.strip() for row in rows for v in row[column].split(",") if v.strip()}
        assert {v for c, v in mapped if c == column} == values, column
    # the snapshot's 164 task strings are 163 values and the empty cell
    assert sum(1 for c, _ in mapped if c == "Task") == 163


def test_concepts_are_declared_vocabulary_individuals_of_the_right_class(ontology: rdflib.Graph) -> None:
    for row in table():
        concept = curie(row["concept"])
        types = set(ontology.objects(concept, RDF.type))
        assert OWL.NamedIndividual in types, row
        wanted = USE_CASE_CLASSES if row["column"] == "Task" else {COLUMNS[row["column"]]}
        assert types & wanted, row
        assert (concept, SKOS.inScheme, None) in ontology, row
        if row["generates"]:
            assert (curie(row["generates"]), RDF.type, GAI.Modality) in ontology, row


def test_what_implies_generation() -> None:
    generates = {(r["column"], r["value"]): r["generates"] for r in table()}
    # generation tasks imply their modality
    assert generates["Task", "Text-to-image"] == "gai:Image"
    assert generates["Task", "Language modeling/generation"] == "gai:Text"
    assert generates["Task", "Audio generation"] == "gai:Audio"
    assert generates["Task", "Code generation"] == "gai:Code"
    # recognisers, classifiers and tasks also catalogued for encoders do not: BERT-Large is catalogued
    # with "Question answering,Text autocompletion" and must not become a generative model
    for task in (
        "Text classification",
        "Question answering",
        "Text autocompletion",
        "Speech recognition (ASR)",
    ):
        assert generates["Task", task] == "", task
    assert all(
        not generates[c, v]
        for c, v in generates
        if c in ("Model accessibility", "Organization categorization")
    )
