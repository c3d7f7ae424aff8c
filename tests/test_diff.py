"""``kg diff``: what changed between two versions of an ontology, syntax and blank nodes aside.

The fixtures in tests/data/diff are one small ontology (base.ttl, and the same in RDF/XML and OWL/XML,
written by `kg export`) and copies of it changed one way each.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kg
from kg.diff import diff
from tests.helpers import DATA, ROOT, run_kg

FIXTURES = DATA / "diff"
BASE = FIXTURES / "base.ttl"
PIZZA = Path("/work/shared/data/pizza-ontology/pizza.owl")
ZOO = "https://example.org/zoo#"


def test_a_renamed_class_is_a_removal_an_addition_and_breaking() -> None:
    result = diff(BASE, FIXTURES / "renamed.ttl")
    assert result.terms_removed == [ZOO + "Enclosure"] and result.terms_added == [ZOO + "Habitat"]
    assert result.renamed == [(ZOO + "Enclosure", ZOO + "Habitat")]
    # the range that moved with the rename is part of the rename, not a narrowing
    assert result.breaking == ["renamed term: :Enclosure is now :Habitat"]
    assert [a.text() for a in result.axioms_added] == [
        ":Habitat rdf:type owl:Class",
        ":livesIn rdfs:range :Habitat",
    ]


def test_a_removed_class_is_breaking() -> None:
    result = diff(BASE, FIXTURES / "removed-class.ttl")
    assert result.terms_removed == [ZOO + "Bird"] and result.terms_added == []
    assert result.breaking == ["removed term: :Bird"]
    assert {a.text() for a in result.axioms_removed} == {
        ":Bird rdf:type owl:Class",
        ":Bird rdfs:subClassOf :Animal",
    }
    assert [a.text() for a in result.annotations_removed] == [':Bird rdfs:label "bird"']


def test_a_new_disjointness_is_breaking() -> None:
    result = diff(BASE, FIXTURES / "disjoint.ttl")
    assert result.breaking == ["new disjointness: :Bird owl:disjointWith :Mammal"]
    assert [a.text() for a in result.axioms_added] == [":Bird owl:disjointWith :Mammal"]
    assert result.axioms_removed == [] and result.terms_added == result.terms_removed == []


def test_a_narrowed_range_is_breaking_and_a_widened_one_is_not() -> None:
    narrowed = diff(BASE, FIXTURES / "narrowed.ttl")
    assert narrowed.breaking == ["narrowed range: :caresFor rdfs:range :Mammal"]
    widened = diff(FIXTURES / "narrowed.ttl", BASE)
    assert widened.breaking == [] and [a.text() for a in widened.axioms_added] == [
        ":caresFor rdfs:range :Animal"
    ]


def test_an_annotation_only_change_is_not_breaking() -> None:
    result = diff(BASE, FIXTURES / "annotation-only.ttl")
    assert result.breaking == [] and result.axioms_added == result.axioms_removed == []
    assert result.relabelled == [(ZOO + "Keeper", "keeper", "zoo keeper")]
    assert [a.text() for a in result.annotations_added] == [
        ':Animal rdfs:comment "Added in 1.1."',
        ':Animal skos:definition "A living being that moves by itself."',
        ':Keeper rdfs:label "zoo keeper"',
    ]
    assert len(result.annotations_removed) == 2 and not result.unchanged


@pytest.mark.parametrize(
    ("old", "new"), [("base.ttl", "base.rdf"), ("base.rdf", "base.owx"), ("base.owx", "base.ttl")]
)
def test_the_same_ontology_in_two_syntaxes_has_no_difference(old: str, new: str) -> None:
    result = diff(FIXTURES / old, FIXTURES / new)
    assert result.unchanged and result.breaking == [] and result.terms_added == result.terms_removed == []
    assert result.serialize("text").splitlines()[0].endswith("no difference in axioms")


def test_blank_node_names_and_order_do_not_count() -> None:
    head = "@prefix : <urn:x:> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
    head += "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . :A a owl:Class . "
    one = head + ":A rdfs:subClassOf [ a owl:Class ; owl:unionOf ( :B :C ) ] ."
    two = head + ":A rdfs:subClassOf _:x . _:x owl:unionOf ( :C :B ) ; a owl:Class ."
    assert diff(one, two, format="turtle").unchanged
    three = head + ":A rdfs:subClassOf [ a owl:Class ; owl:intersectionOf ( :B :C ) ] ."
    changed = diff(one, three, format="turtle")
    assert [a.text() for a in changed.axioms_added] == [
        ":A rdfs:subClassOf [rdf:type owl:Class; owl:intersectionOf (:B :C)]"
    ]


def test_pizza_in_rdf_xml_and_turtle_has_no_difference(tmp_path: Path) -> None:
    turtle = tmp_path / "pizza.ttl"
    kg.load(PIZZA, ontology=False, imports=False).serialize("turtle", turtle)
    result = diff(PIZZA, turtle)
    assert result.unchanged and result.breaking == []


def test_cli_exits_1_on_a_breaking_change_and_0_otherwise() -> None:
    breaking = run_kg("diff", str(BASE), str(FIXTURES / "disjoint.ttl"))
    assert breaking.exit_code == 1
    assert "Breaking changes (1):\n- new disjointness: :Bird owl:disjointWith :Mammal" in breaking.stdout
    fine = run_kg("diff", str(BASE), str(FIXTURES / "annotation-only.ttl"))
    assert fine.exit_code == 0 and "Terms relabelled (1):\n- :Keeper: 'keeper' → 'zoo keeper'" in fine.stdout


def test_cli_writes_markdown_and_json(tmp_path: Path) -> None:
    out = tmp_path / "changes.md"
    result = run_kg("diff", str(BASE), str(FIXTURES / "removed-class.ttl"), "-f", "markdown", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "1 breaking" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Ontology diff: ") and "## Breaking changes (1)\n- `removed term: :Bird`" in text
    data = json.loads(run_kg("diff", str(BASE), str(FIXTURES / "renamed.ttl"), "-f", "json").stdout)
    assert data["terms"]["renamed"] == [{"old": ZOO + "Enclosure", "new": ZOO + "Habitat"}]
    assert data["breaking"] == ["renamed term: :Enclosure is now :Habitat"]


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = run_kg("diff", str(tmp_path / "nope.ttl"), str(BASE))
    assert missing.exit_code == 2 and missing.stderr == f"Error: {tmp_path / 'nope.ttl'}: no such file\n"
    broken = run_kg("diff", str(BASE), str(DATA / "bad-syntax.ttl"))
    assert broken.exit_code == 2 and broken.stderr.startswith(f"Error: {DATA / 'bad-syntax.ttl'}:4:11: ")


def test_the_readme_examples_print_what_the_readme_says(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Ontology diff", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    examples = re.split(r"^\$ ", block.group(1), flags=re.M)[1:]
    assert len(examples) == 2
    monkeypatch.chdir(ROOT)
    for example in examples:
        command, _, expected = example.partition("\n")
        assert run_kg(*command.split()[1:]).stdout.rstrip("\n") == expected.rstrip("\n")
