"""Checks over the ontology (queries/checks/*-violation.rq) and the SHACL shapes (ontology/shapes.ttl).

A check returns one row per problem. Each must find nothing in the ontology and something in its own
fixture, tests/data/checks/<name>.ttl for queries/checks/<name>-violation.rq, which breaks that check
and no other: so a check can never silently go dead, and a fixture never tests by accident.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.namespace import SH

import kg

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CHECKS = sorted((ROOT / "queries" / "checks").glob("*-violation.rq"))
FIXTURES = ROOT / "tests" / "data" / "checks"
BAD_MODELS = ROOT / "tests" / "data" / "shapes" / "bad-models.ttl"
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
DATA = ROOT / "tests" / "data"
GAI = "https://w3id.org/genai-kg/ontology#"


def check_name(check: Path) -> str:
    return check.name.removesuffix("-violation.rq")


def rows(graph: kg.KnowledgeGraph, check: Path) -> list[dict[str, Any]]:
    result = graph.query(check)
    assert result.kind == "select"
    return list(result)


@pytest.fixture(scope="module")
def ontology() -> kg.KnowledgeGraph:
    return kg.load(ONTOLOGY, ontology=False)


def test_the_required_checks_exist() -> None:
    names = {check_name(c) for c in CHECKS}
    assert names >= {"missing-label", "missing-definition", "undeclared-term", "not-defined-by"}


@pytest.mark.parametrize("check", CHECKS, ids=check_name)
def test_check_header_and_columns(check: Path, ontology: kg.KnowledgeGraph) -> None:
    text = check.read_text(encoding="utf-8")
    header = dict(re.findall(r"^#\s*(\w+):\s*(.+)$", text.split("\n\n")[0], re.MULTILINE))
    assert header.keys() >= {"title", "question"}
    result = ontology.query(check)
    assert "problem" in result.vars
    assert "term" in result.vars or "subject" in result.vars


@pytest.mark.parametrize("check", CHECKS, ids=check_name)
def test_check_finds_nothing_in_the_ontology(check: Path, ontology: kg.KnowledgeGraph) -> None:
    assert rows(ontology, check) == []


@pytest.mark.parametrize("check", CHECKS, ids=check_name)
def test_check_catches_its_fixture(check: Path) -> None:
    fixture = FIXTURES / f"{check_name(check)}.ttl"
    assert fixture.is_file(), f"{check.name} has no fixture {fixture.relative_to(ROOT)}"
    found = rows(kg.load(fixture, ontology=False), check)
    assert len(found) >= 1
    for row in found:
        assert str(row["problem"]).strip()
        assert (row.get("term") or row.get("subject")) is not None


@pytest.mark.parametrize("check", CHECKS, ids=check_name)
def test_fixture_breaks_no_other_check(check: Path) -> None:
    graph = kg.load(FIXTURES / f"{check_name(check)}.ttl", ontology=False)
    others = {check_name(other): len(rows(graph, other)) for other in CHECKS if other != check}
    assert others == dict.fromkeys(others, 0)


def test_every_fixture_has_its_check() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.ttl")) == sorted(check_name(c) for c in CHECKS)


# What each fixture's check reports: (term or subject, local name) — pinned, so a check that starts
# finding the wrong thing fails too.
EXPECTED_FINDINGS = {
    "missing-label": {"Image"},
    "multiple-labels": {"Text"},
    "missing-definition": {"Modality"},
    "not-defined-by": {"releaseYear"},
    "undeclared-term": {"Music"},
    "punning": {"Image"},
    "undeclared-property": {"http://purl.org/dc/terms/bibliographicCitation"},
    "example-without-source": {"ExampleModel"},
    "ontology-metadata": {"https://w3id.org/genai-kg/ontology"},
    "indistinct-individuals": {"Image"},
    "non-owl2-datatype": {"ExampleModel"},
}


@pytest.mark.parametrize("check", CHECKS, ids=check_name)
def test_check_reports_the_broken_term(check: Path) -> None:
    name = check_name(check)
    assert name in EXPECTED_FINDINGS, f"pin what {check.name} finds in its fixture"
    found = rows(kg.load(FIXTURES / f"{name}.ttl", ontology=False), check)
    terms = {str(row.get("term") or row.get("subject")).removeprefix(GAI) for row in found}
    assert terms == EXPECTED_FINDINGS[name]


# ---------------------------------------------------------------------------------------------------
# own words: no definition repeats the article


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _fingerprint(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


# The article is not ours, so the project keeps only a fingerprint of it (hashes of its six-word runs):
# the test runs on every checkout, with or without ../shared beside it.
SHINGLES = DATA / "article-shingles.txt"
OWN_TEXTS = sorted(
    [
        ROOT / "README.md",
        *(ROOT / "ontology").glob("*.ttl"),
        ROOT / "ontology" / "README.md",
        *(ROOT / "queries").rglob("*.rq"),
        *(ROOT / "kg").glob("*.py"),
        *(ROOT / "viz").glob("*.*"),
    ]
)


def _article_hashes() -> set[str]:
    lines = SHINGLES.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


@pytest.mark.parametrize("path", OWN_TEXTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_text_of_ours_repeats_six_words_of_the_article(path: Path) -> None:
    hashes = _article_hashes()
    words = _words(path.read_text(encoding="utf-8"))
    copied = [
        " ".join(words[i : i + 6]) for i in range(len(words) - 5) if _fingerprint(words[i : i + 6]) in hashes
    ]
    assert copied == []


def test_the_fingerprint_is_the_articles() -> None:
    if not ARTICLE.is_file():
        # the article lives outside the project; without it, check what can be checked here
        assert len(_article_hashes()) > 400
        return
    words = _words(ARTICLE.read_text(encoding="utf-8"))
    assert _article_hashes() == {_fingerprint(words[i : i + 6]) for i in range(len(words) - 5)}
    # and a run of the article is caught (the detector is not dead)
    assert _fingerprint(words[40:46]) in _article_hashes()


# ---------------------------------------------------------------------------------------------------
# SHACL


def _validate(data: Path) -> tuple[bool, set[tuple[str, str | None, str, str]]]:
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        rdflib.Graph().parse(data),
        shacl_graph=rdflib.Graph().parse(SHAPES),
        ont_graph=rdflib.Graph().parse(ONTOLOGY),
        inference="none",
    )
    results = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        component = str(report.value(result, SH.sourceConstraintComponent))
        severity = str(report.value(result, SH.resultSeverity))
        results.add(
            (
                focus.rsplit("#", 1)[-1],
                None if path is None else re.split(r"[#/]", str(path))[-1],
                component.removeprefix(str(SH)).removesuffix("ConstraintComponent"),
                severity.removeprefix(str(SH)),
            )
        )
    return bool(conforms), results


def test_every_shape_is_named_and_explained() -> None:
    shapes = rdflib.Graph().parse(SHAPES)
    node_shapes = set(shapes.subjects(rdflib.RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 3
    for shape in node_shapes:
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, SH.description) is not None, shape
    for constraint in set(shapes.objects(None, SH.property)) | node_shapes:
        if (constraint, SH.path, None) in shapes or (constraint, SH["class"], None) in shapes:
            assert shapes.value(constraint, SH.message) is not None, constraint


def test_the_ontology_examples_conform_to_the_shapes() -> None:
    conforms, results = _validate(ONTOLOGY)
    assert results == set()
    assert conforms


def test_the_shapes_catch_bad_models() -> None:
    conforms, results = _validate(BAD_MODELS)
    assert not conforms
    assert results == {
        ("NoLabel", "label", "MinCount", "Violation"),
        ("TwoLabels", "label", "MaxCount", "Violation"),
        ("NegativeParameters", "parameterCount", "MinExclusive", "Violation"),
        ("StringParameters", "parameterCount", "Datatype", "Violation"),
        ("StringParameters", "parameterCount", "MinExclusive", "Violation"),
        ("TwoParameterCounts", "parameterCount", "MaxCount", "Violation"),
        ("AncientYear", "releaseYear", "MinInclusive", "Violation"),
        ("GYearRelease", "releaseYear", "Datatype", "Violation"),
        ("GYearRelease", "releaseYear", "MinInclusive", "Violation"),
        ("NoDeveloper", "developedBy", "MinCount", "Violation"),
        ("ModalityDeveloper", "developedBy", "Class", "Violation"),
        ("ModalityScale", "hasScale", "Class", "Violation"),
        ("TechniqueUseCase", "hasUseCase", "Class", "Violation"),
        ("StringSource", "source", "NodeKind", "Violation"),
        ("NoSource", "source", "MinCount", "Warning"),
        ("Untyped", None, "Class", "Violation"),
        ("NamelessLab", "label", "MinCount", "Violation"),
    }
    # the well-formed model of the fixture raises nothing
    assert not any(focus == "GoodModel" for focus, *_ in results)
