"""kg.reasoning.hermit_input: what HermiT is given changes its work, never its answers.

The preparation (hints from the OWL 2 RL rules and numeric datatype restrictions, the assertions of inert
object properties left out, the data property hierarchy classified without data values) is compared with
HermiT run once, with every task, on the graph as it is: the inferred triples ``kg reason`` keeps must be
the same. Then the two analyses it rests on, one case a line.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
import kg.reasoning.hermit as hermit
from kg.reasoning import ntriples
from kg.reasoning.hermit_input import (
    _datatype_restriction_members,
    _inert_properties,
    _merges_individuals,
    hermit_input,
)
from tests.helpers import need

REASONING = Path(__file__).parent / "data" / "reasoning"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/prep#"
TYPE = f"<{RDF}type>"


def java() -> None:
    need(shutil.which("java") is not None, "Java is needed to run HermiT")


@pytest.fixture
def unprepared() -> Iterator[None]:
    """HermiT on the graph as it is, every task in one run: the reference."""
    original = hermit._run_hermit
    hermit._run_hermit = functools.partial(original, prepared=False)
    try:
        yield
    finally:
        hermit._run_hermit = original


def inferred(graph: kg.KnowledgeGraph) -> set[tuple[str, str, str]]:
    report = graph.reason("dl")
    assert report.consistent
    return set(report._triples)


def catalogue_sample(models: int) -> kg.KnowledgeGraph:
    """The ontology and the catalogue, with only the first ``models`` models (by IRI) of the catalogue."""
    whole = kg.load(catalogue=True)
    prefix = "<https://w3id.org/genai-kg/model/"
    kept = set(sorted({s for s, _, _ in ntriples(whole) if s.startswith(prefix)})[:models])
    lines = [
        f"{s} {p} {o} .\n"
        for s, p, o in ntriples(whole)
        if not (s.startswith(prefix) and s not in kept) and not (o.startswith(prefix) and o not in kept)
    ]
    return kg.load("".join(lines), format="nt", ontology=False)


@pytest.mark.java
@pytest.mark.parametrize("name", ["hermit-input.ttl", "unsatisfiable.ttl", "rl-features.ttl", "catalogue"])
def test_hermit_answers_the_same_with_and_without_the_preparation(
    name: str, request: pytest.FixtureRequest
) -> None:
    java()

    def graph() -> kg.KnowledgeGraph:
        if name == "catalogue":
            return catalogue_sample(160)
        return kg.load(str(REASONING / name), ontology=False)

    prepared = inferred(graph())
    request.getfixturevalue("unprepared")
    assert inferred(graph()) == prepared
    assert prepared  # each graph has something to infer


@pytest.mark.java
def test_iris_beyond_ascii_survive_any_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Java reads the file and writes its answers in the locale's charset unless told: under LANG=C an
    ``é`` came back as ``?`` (a different IRI)."""
    java()
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    text = (
        "@prefix ex: <https://example.org/é#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:Café rdfs:subClassOf ex:Lieu . ex:chez_Zoë a ex:Café ."
    )
    report = kg.load(text, format="turtle", ontology=False).reason("dl")
    assert set(report._triples) == {
        ("<https://example.org/é#chez_Zoë>", TYPE, "<https://example.org/é#Lieu>")
    }


@pytest.mark.java
def test_the_sample_exercises_every_preparation() -> None:
    """The catalogue sample of the comparison above has hints, inert assertions and data values."""
    graph = catalogue_sample(160)
    triples = ntriples(graph)
    given = hermit_input(triples)
    gai = "https://w3id.org/genai-kg/ontology#"
    hinted = {o for s, p, o in given.graph if p == TYPE} - {o for s, p, o in triples if p == TYPE}
    assert f"<{gai}LargeLanguageModel>" in hinted
    assert len(given.graph) < len(triples)  # the inert assertions are out
    assert len(given.without_values) < len(triples)
    assert f"<{gai}developedBy>" in _inert_properties(triples)


def test_the_preparation_gives_entailed_memberships_of_the_example() -> None:
    graph = kg.load(str(REASONING / "hermit-input.ttl"), ontology=False)
    given = hermit_input(ntriples(graph))
    hints = {(s, o) for s, p, o in given.graph if p == TYPE and o.startswith(f"<{EX}")}
    # 5000 >= 1000 (integer); 2000 through the sub-property is left to HermiT, as are decimals
    assert (f"<{EX}big>", f"<{EX}BigWriter>") in hints
    assert (f"<{EX}mid>", f"<{EX}BigWriter>") not in hints  # 999
    assert (f"<{EX}asDouble>", f"<{EX}BigWriter>") not in hints  # a double is not an integer
    assert (f"<{EX}stated>", f"<{EX}HeavyModel>") in hints  # 2.5e20 > 1e20
    assert (f"<{EX}mid>", f"<{EX}HeavyModel>") not in hints  # 1e20 is not > 1e20
    assert (f"<{EX}small>", f"<{EX}TinyModel>") in hints  # 0 <= 7 < 10
    # the inert assertions are out, their domain and range memberships in
    assert not any(p == f"<{EX}madeBy>" for _, p, _ in given.graph)
    assert (f"<{EX}elsewhere>", f"<{EX}Organisation>") in hints
    assert (f"<{EX}painter>", f"<{EX}relatedTo>", f"<{EX}elsewhere>") in given.answers
    # a property in a restriction (through its super-property), transitive, or with an inverse stays
    assert {p for _, p, _ in given.graph} >= {f"<{EX}fundedBy>", f"<{EX}derivedFrom>"}


def prop(name: str, *axioms: tuple[str, str]) -> list[tuple[str, str, str]]:
    """A declared object property with the given (predicate, object) axioms."""
    iri = f"<{EX}{name}>"
    return [(iri, TYPE, f"<{OWL}ObjectProperty>"), *((iri, p, o) for p, o in axioms)]


@pytest.mark.parametrize(
    ("triples", "inert"),
    [
        (prop("p", (f"<{RDFS}domain>", f"<{EX}A>"), (f"<{RDFS}range>", f"<{EX}B>")), True),
        (prop("p", (f"<{RDFS}label>", '"p"'), (f"<{RDFS}comment>", '"about p"')), True),
        (prop("p", (f"<{RDFS}domain>", "_:union")), False),  # a class expression as domain
        (prop("p", (TYPE, f"<{OWL}TransitiveProperty>")), False),
        (prop("p", (TYPE, f"<{OWL}FunctionalProperty>")), False),
        (prop("p", (f"<{OWL}inverseOf>", f"<{EX}q>")), False),
        (prop("p", (f"<{OWL}equivalentProperty>", f"<{EX}q>")), False),
        (prop("p", (f"<{OWL}propertyDisjointWith>", f"<{EX}q>")), False),
        ([*prop("p"), ("_:r", f"<{OWL}onProperty>", f"<{EX}p>")], False),
        ([*prop("p"), ("_:chain", f"<{RDF}first>", f"<{EX}p>")], False),
        ([*prop("p"), (f"<{EX}q>", f"<{OWL}inverseOf>", f"<{EX}p>")], False),
        (prop("p", (f"<{RDFS}subPropertyOf>", f"<{OWL}topObjectProperty>")), True),
        (prop("p", (f"<{RDFS}subPropertyOf>", f"<{OWL}bottomObjectProperty>")), False),
        # below a property that is in a restriction: its assertions say more than its domain and range
        (
            prop("p", (f"<{RDFS}subPropertyOf>", f"<{EX}q>"))
            + prop("q")
            + [("_:r", f"<{OWL}onProperty>", f"<{EX}q>")],
            False,
        ),
        (prop("p", (f"<{RDFS}subPropertyOf>", f"<{EX}q>")) + prop("q"), True),
        (
            [(f"<{EX}p>", TYPE, f"<{OWL}ObjectProperty>"), (f"<{EX}p>", TYPE, f"<{OWL}DatatypeProperty>")],
            False,
        ),
    ],
)
def test_inert_properties(triples: list[tuple[str, str, str]], inert: bool) -> None:
    assert (f"<{EX}p>" in _inert_properties(triples)) is inert


@pytest.mark.parametrize(
    ("triples", "merges"),
    [
        ([(f"<{EX}a>", f"<{OWL}sameAs>", f"<{EX}b>")], True),
        (prop("p", (TYPE, f"<{OWL}FunctionalProperty>")), True),
        (prop("p", (TYPE, f"<{OWL}InverseFunctionalProperty>")), True),
        (
            [
                (f"<{EX}year>", TYPE, f"<{OWL}DatatypeProperty>"),
                (f"<{EX}year>", TYPE, f"<{OWL}FunctionalProperty>"),
            ],
            False,
        ),
        ([("_:r", f"<{OWL}onProperty>", f"<{EX}p>"), ("_:r", f"<{OWL}maxCardinality>", '"1"')], True),
        (
            [
                (f"<{EX}year>", TYPE, f"<{OWL}DatatypeProperty>"),
                ("_:r", f"<{OWL}onProperty>", f"<{EX}year>"),
                ("_:r", f"<{OWL}cardinality>", '"1"'),
            ],
            False,
        ),
        ([(f"<{EX}C>", f"<{OWL}hasKey>", "_:list")], True),
        ([(f"<{EX}C>", f"<{OWL}oneOf>", "_:list")], True),
        (prop("p", (f"<{RDFS}domain>", f"<{EX}A>")), False),
    ],
)
def test_what_can_make_two_individuals_the_same(triples: list[tuple[str, str, str]], merges: bool) -> None:
    assert _merges_individuals(triples) is merges


def test_a_merging_graph_keeps_every_assertion() -> None:
    triples = [
        *prop("p", (f"<{RDFS}domain>", f"<{EX}A>")),
        (f"<{EX}a>", f"<{EX}p>", f"<{EX}b>"),
        (f"<{EX}a>", f"<{OWL}sameAs>", f"<{EX}c>"),
    ]
    assert (f"<{EX}a>", f"<{EX}p>", f"<{EX}b>") in hermit_input(triples).graph


def restriction(datatype: str, *facets: tuple[str, str]) -> list[tuple[str, str, str]]:
    """``_:r = ex:v some datatype[facets]``."""
    triples = [
        ("_:r", f"<{OWL}onProperty>", f"<{EX}v>"),
        ("_:r", f"<{OWL}someValuesFrom>", "_:d"),
        ("_:d", f"<{OWL}onDatatype>", f"<{XSD}{datatype}>"),
        ("_:d", f"<{OWL}withRestrictions>", "_:l0"),
    ]
    for number, (facet, bound) in enumerate(facets):
        rest = f"_:l{number + 1}" if number + 1 < len(facets) else f"<{RDF}nil>"
        triples += [
            (f"_:l{number}", f"<{RDF}first>", f"_:f{number}"),
            (f"_:l{number}", f"<{RDF}rest>", rest),
            (f"_:f{number}", f"<{XSD}{facet}>", bound),
        ]
    return triples


def literal(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@pytest.mark.parametrize(
    ("datatype", "facets", "value", "member"),
    [
        ("integer", [("minInclusive", literal("10", "integer"))], literal("10", "integer"), True),
        ("integer", [("minExclusive", literal("10", "integer"))], literal("10", "integer"), False),
        ("integer", [("minInclusive", literal("10", "integer"))], literal("11", "int"), True),
        ("integer", [("minInclusive", literal("10", "integer"))], literal("11", "double"), False),
        ("integer", [("minInclusive", literal("10", "integer"))], literal("ten", "integer"), False),
        (
            "integer",
            [("maxInclusive", literal("10", "integer")), ("minInclusive", literal("0", "integer"))],
            literal("-1", "integer"),
            False,
        ),
        ("decimal", [("maxExclusive", literal("0.5", "decimal"))], literal("0.25", "decimal"), True),
        ("double", [("minInclusive", literal("1.0E23", "double"))], literal("1e23", "double"), True),
        # doubles compare as doubles: 9.9999999999999995E22 and 1.0E23 are the same double
        (
            "double",
            [("minInclusive", literal("1.0E23", "double"))],
            literal("9.9999999999999995E22", "double"),
            True,
        ),
        ("double", [("minInclusive", literal("0", "double"))], literal("NaN", "double"), False),
        ("double", [("minInclusive", literal("0", "double"))], literal("INF", "double"), False),
        ("float", [("minInclusive", literal("0", "float"))], literal("1", "float"), False),  # left to HermiT
        ("integer", [("pattern", '"[0-9]+"')], literal("1", "integer"), False),  # only range facets
    ],
)
def test_numeric_datatype_restrictions(
    datatype: str, facets: list[tuple[str, str]], value: str, member: bool
) -> None:
    triples = [*restriction(datatype, *facets), (f"<{EX}x>", f"<{EX}v>", value)]
    assert ((f"<{EX}x>", TYPE, "_:r") in _datatype_restriction_members(triples)) is member
