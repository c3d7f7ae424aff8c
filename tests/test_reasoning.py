"""Reasoning (kg.reasoning): the OWL 2 RL rule engine against owlrl, HermiT through owlready2, the report.

The RL engine is checked triple for triple against owlrl's closure of the same graph: the ontology, a
fixture that exercises the OWL 2 RL rules one by one (tests/data/reasoning/rl-features.ttl), and a
generated catalogue. Both closures are first cleared of what neither side keeps for users (see
``useful``). HermiT tests need Java: they skip without it, and fail under CI=true.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.util import from_n3

import kg
from kg.errors import ToolMissingError, UnknownNameError, UsageError
from kg.reasoning import (
    QueryReasoning,
    ReasoningReport,
    ntriples,
    reason_before_query,
    requested_profile,
    rl_closure,
    write_inferred,
)
from tests.helpers import DATA, GAI, ONTOLOGY, need

GPT3 = "https://w3id.org/genai-kg/model/gpt-3-175b-davinci"

REASONING = DATA / "reasoning"
RL = "https://example.org/rl#"
ZOO = "https://example.org/zoo#"
_V = ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#", "<http://www.w3.org/2000/01/rdf-schema#",
      "<http://www.w3.org/2002/07/owl#", "<http://www.w3.org/2001/XMLSchema#")  # fmt: skip
_OWL = "http://www.w3.org/2002/07/owl#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def java() -> None:
    need(shutil.which("java") is not None, "Java is needed to run HermiT")


def triples_of(path: Path) -> list[tuple[str, str, str]]:
    return ntriples(kg.load(path, ontology=False))


def useful(
    triples: set[tuple[str, str, str]], given: list[tuple[str, str, str]]
) -> set[tuple[str, str, str]]:
    """What is left of a closure once the consequences nobody reads are taken out, the same on both sides:
    reflexive sameAs/subClassOf/equivalentClass/subPropertyOf (owlrl makes `x sameAs x` for every
    term), types owl:Thing and subclasses of it, triples about RDF/RDFS/OWL/XSD terms themselves
    (owlrl's axiomatic and datatype triples), triples with a literal subject (owlrl's datatype typing
    and literal sameAs), owlrl's error messages, and types to the blank-node restrictions of the
    ontology (which kg does not make when no rule can use them)."""
    from kg.reasoning.rl import _Index, _structural_nodes

    structural = _structural_nodes(_Index(given))
    out = set()
    for s, p, o in triples:
        if s.startswith('"') or s.startswith(_V) or "owlrl" in p or "daml.org" in o:
            continue
        if s == o and p.rsplit("#", 1)[-1] in ("sameAs>", "subClassOf>", "equivalentClass>", "subPropertyOf>",
                                              "equivalentProperty>"):  # fmt: skip
            continue
        if o == f"<{_OWL}Thing>" and p.rsplit("#", 1)[-1] in ("type>", "subClassOf>", "domain>", "range>"):
            continue
        if p == _TYPE and o in structural:
            continue
        if p == f"<{_OWL}sameAs>" and o.startswith('"'):
            continue
        out.add((s, p, _canonical_double(o)))
    return out


def _canonical_double(term: str) -> str:
    """One lexical form per xsd:double value: owlrl writes 1.0E23 back as 1e+23, kg keeps its digits."""
    lexical, _, datatype = term.rpartition("^^")
    if not term.startswith(chr(34)) or datatype != "<http://www.w3.org/2001/XMLSchema#double>":
        return term
    return f'"{float(lexical.strip(chr(34)))!r}"^^{datatype}'


def owlrl_closure(given: list[tuple[str, str, str]]) -> tuple[set[tuple[str, str, str]], list[str]]:
    """owlrl's OWL-RL closure of the same triples (blank nodes keep their labels) and its error messages."""
    import owlrl

    graph = rdflib.Graph()
    for t in given:
        graph.add(tuple(from_n3(x) for x in t))  # type: ignore[arg-type]
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = [str(o) for _, p, o in graph if str(p).endswith("#error")]
    return {tuple(x.n3() for x in t) for t in graph}, errors  # type: ignore[misc]


def ours(given: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    inferred, clashes = rl_closure(given)
    assert clashes == []
    return set(given) | set(inferred)


# ---------------------------------------------------------------------------------------------------
# OWL 2 RL: the same closure as owlrl


def test_rl_closure_of_the_ontology_is_owlrls() -> None:
    given = triples_of(ONTOLOGY)
    theirs, errors = owlrl_closure(given)
    assert errors == []
    assert useful(ours(given), given) == useful(theirs, given)


def test_rl_closure_of_a_generated_catalogue_is_owlrls(tmp_path: Path) -> None:
    from kg.generate import write_catalogue

    write_catalogue(150, tmp_path / "catalogue.nt", seed=3)
    given = ntriples(kg.load(tmp_path / "catalogue.nt"))
    theirs, _ = owlrl_closure(given)
    mine = useful(ours(given), given)
    assert mine == useful(theirs, given)
    assert len(mine) - len(set(given)) > 500  # the catalogue gains a good deal (types, super-properties)


def test_rl_closure_when_a_restriction_comes_into_use_in_a_later_round_is_owlrls() -> None:
    # _:r is of no use at first (types to it are not made); the first round makes it a subclass of :D
    # (through a subproperty of rdfs:subClassOf): from then on the rules that left it out run again over
    # everything, though none of their premises is new, and :x, which has the value, becomes a :D
    text = """@prefix : <urn:t#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    :narrower rdfs:subPropertyOf rdfs:subClassOf .
    _:r a owl:Restriction ; owl:onProperty :p ; owl:hasValue :v ; :narrower :D .
    :x :p :v ."""
    given = ntriples(kg.load(text, format="turtle", ontology=False))
    mine = ours(given)
    assert ("<urn:t#x>", _TYPE, "<urn:t#D>") in mine
    assert useful(mine, given) == useful(owlrl_closure(given)[0], given)


def test_rl_closure_of_every_rule_is_owlrls_but_for_owlrls_key_bug() -> None:
    given = triples_of(REASONING / "rl-features.ttl")
    mine = useful(ours(given), given)
    theirs = useful(owlrl_closure(given)[0], given)
    assert mine - theirs == set()
    # owlrl's prp-key compares every key property but the last, so with a one-property key it merges
    # every two passports: p3 (number "X2") with p1 and p2 (number "X1"). kg merges p1 and p2 only.
    same, number = f"<{_OWL}sameAs>", f"<{RL}number>"
    assert theirs - mine == {
        (f"<{RL}p1>", same, f"<{RL}p3>"), (f"<{RL}p2>", same, f"<{RL}p3>"), (f"<{RL}p3>", same, f"<{RL}p1>"),
        (f"<{RL}p3>", same, f"<{RL}p2>"), (f"<{RL}p1>", number, '"X2"'), (f"<{RL}p2>", number, '"X2"'),
        (f"<{RL}p3>", number, '"X1"'),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("rex", "rdf:type", "Animal"),  # cax-eqc, cax-sco, scm-sco
        ("rex", "rdf:type", "PetDog"),  # cls-int1
        ("tom", "rdf:type", "Pet"),  # cls-int2
        ("rex", "rdf:type", "DogOrCat"),  # cls-uni
        ("red", "rdf:type", "Colour"),  # cls-oo
        ("Loop1", "owl:equivalentClass", "Loop2"),  # scm-eqc2
        ("bella", "hasRelative", "molly"),  # prp-eqp, prp-spo1, scm-spo
        ("molly", "rdf:type", "Mammal"),  # prp-rng
        ("molly", "hasChild", "bella"),  # prp-inv1
        ("tom", "friendOf", "rex"),  # prp-symp
        ("a1", "ancestorOf", "a4"),  # prp-trp
        ("alicia", "rdf:type", "Person"),  # prp-fp, eq-rep-s
        ("fido", "owl:sameAs", "rover"),  # prp-ifp
        ("bella", "hasGrandparent", "dolly"),  # prp-spo2
        ("ann", "rdf:type", "DogOwner"),  # cls-svf1, cax-eqc
        ("ann", "rdf:type", "Housemate"),  # cls-svf2
        ("spot", "rdf:type", "Dog"),  # cls-avf
        ("apple", "rdf:type", "RedThing"),  # cls-hv2
        ("cherry", "colour", "red"),  # cls-hv1
        ("house1", "owl:sameAs", "house2"),  # cls-maxc2
        ("rex", "owl:sameAs", "max"),  # cls-maxqc3
        ("p1", "owl:sameAs", "p2"),  # prp-key
        ("gran", "rdf:type", "Aged"),  # cls-svf1 on a literal
    ],
)
def test_rl_rules_infer_what_they_should(subject: str, predicate: str, obj: str) -> None:
    given = triples_of(REASONING / "rl-features.ttl")
    names = {
        "rdf:type": _TYPE,
        "owl:sameAs": f"<{_OWL}sameAs>",
        "owl:equivalentClass": f"<{_OWL}equivalentClass>",
    }
    triple = (f"<{RL}{subject}>", names.get(predicate, f"<{RL}{predicate}>"), f"<{RL}{obj}>")
    assert triple not in given
    assert triple in ours(given)


def test_rl_does_not_merge_what_it_should_not() -> None:
    closure = ours(triples_of(REASONING / "rl-features.ttl"))
    same = f"<{_OWL}sameAs>"
    assert (f"<{RL}rex>", same, f"<{RL}whiskers>") not in closure  # a cat: maxqc counts dogs only
    assert (f"<{RL}p1>", same, f"<{RL}p3>") not in closure  # another passport number


EXPECTED_CLASHES = {
    "cax-dw": "nemo", "cax-adc": "teal", "cls-com": "cat", "cls-nothing2": "ghost", "prp-irp": "adam",
    "prp-asyp": "eve", "prp-pdw": "ann", "prp-adp": "bob", "prp-npa1": "carl", "prp-npa2": "carl",
    "prp-fp-lit": "dan", "eq-diff1": "x1", "eq-diff2": "y1", "eq-diff3": "z1", "cls-maxc1": "fred",
    "cls-maxqc1": "gail", "cls-maxqc2": "hugo", "cls-maxc2-lit": "ida",
}  # fmt: skip


def test_rl_finds_every_kind_of_inconsistency() -> None:
    given = triples_of(REASONING / "rl-clashes.ttl")
    _, clashes = rl_closure(given)
    found = {(rule, values.get("x", values.get("i"))) for rule, values in clashes}
    for rule, individual in EXPECTED_CLASHES.items():
        assert (rule, f"<https://example.org/clash#{individual}>") in found, rule
    # 30 and "30.0"^^xsd:decimal are one number: no clash on erin
    assert not any("erin" in str(values) for _, values in clashes)
    # owlrl finds some of them too, never one that kg misses
    _, errors = owlrl_closure(given)
    named = {m for e in errors for m in re.findall(r"clash#(\w+)", e)}
    assert len(named) > 10
    assert named <= {v.rsplit("#", 1)[-1][:-1] for _, values in clashes for v in values.values()}


def test_rl_report_names_the_individual_and_classes_of_a_clash() -> None:
    graph = kg.load(REASONING / "inconsistent.ttl", ontology=False)
    report = graph.reason("rl")
    assert report.consistent is False and report.inferred == 0 and graph.count_inferred() == 0
    assert report.explanations == [
        "ex:nessie is a member of both ex:Fish and ex:Bird, which are disjoint classes [cax-dw]"
    ]
    assert report.problem() == (
        "the ontology is inconsistent: ex:nessie is a member of both ex:Fish and ex:Bird, which are disjoint "
        "classes [cax-dw]"
    )


# ---------------------------------------------------------------------------------------------------
# what reasoning stores and reports


def test_reason_keeps_inferred_triples_apart() -> None:
    graph = kg.load()
    asserted = len(graph)
    report = graph.reason("rl")
    assert report.consistent and report.ok and report.profile == "rl"
    assert len(graph) == asserted and graph.count_inferred() == report.inferred > 50
    ask = f"ASK {{ <{GPT3}> <{GAI}hasModality> <{GAI}Text> }}"
    assert graph.query(ask).boolean is True
    assert graph.query(ask, inferred=False).boolean is False
    assert (GPT3, GAI + "GenerativeAI") in report.types  # it generates a modality: the definition
    # a typical trait of the kind (LLMs typically rely on deep learning) is never given to a model
    assert not any(s == GPT3 and p == GAI + "reliesOn" for s, p, _ in report.property_values)
    assert (GAI + "LargeLanguageModel", GAI + "AIModel") in report.subclasses


def test_trivial_and_structural_triples_are_not_kept() -> None:
    graph = kg.load()
    graph.reason("rl")
    for t in graph.triples(inferred=True):
        s, o = str(t.subject), str(t.object)
        assert s != o, t
        assert not (o == f"<{_OWL}Thing>" or o.startswith("_:") or s.startswith("_:")), t


def test_reasoning_again_replaces_the_inferred_triples() -> None:
    graph = kg.load()
    first = graph.reason("rl").inferred
    assert graph.reason("rl").inferred == first == graph.count_inferred()


def test_report_text_lists_each_kind_of_inference() -> None:
    report = kg.load().reason("rl")
    text = report.text(limit=3)
    assert text.startswith("OWL 2 RL (kg OWL 2 RL rules): consistent, 53 inferred triples (")
    assert "Inferred subclasses (4):\n  gai:EncoderOnlyLanguageModel ⊑ gai:AIModel\n" in text
    assert "Inferred types (39):" in text and "Inferred property values (10):" in text
    assert "  … and 36 more (write them all with -o FILE)\n" in text


def test_write_inferred_writes_exactly_the_inferred_triples(tmp_path: Path) -> None:
    graph = kg.load()
    report = graph.reason("rl")
    for name in ("inferred.ttl", "inferred.nt", "inferred.rdf"):
        assert write_inferred(graph, tmp_path / name) == report.inferred
        again = kg.load(tmp_path / name, ontology=False)
        assert {str(t) for t in again.triples()} == {str(t) for t in graph.triples(inferred=True)}
    first = (tmp_path / "inferred.ttl").read_bytes()
    write_inferred(graph, tmp_path / "inferred.ttl")
    assert (tmp_path / "inferred.ttl").read_bytes() == first  # the same file every time


def test_unknown_profile() -> None:
    with pytest.raises(UnknownNameError, match="unknown profile 'pellet'; known: dl, rl"):
        kg.load().reason("pellet")


def test_requested_profile_reads_the_query_header() -> None:
    assert requested_profile((ROOT_QUERIES / "cq13-gpt3-after-reasoning.rq").read_text()) == "dl"
    assert requested_profile((ROOT_QUERIES / "cq01-llm-is-generative-ai.rq").read_text()) is None
    assert requested_profile("# reasoning: owl-full\nASK {}") is None


ROOT_QUERIES = ONTOLOGY.parents[1] / "queries"


def test_report_of_nothing() -> None:
    report = ReasoningReport("dl", "HermiT", consistent=True)
    assert report.ok and report.problem() is None and report.types == []


# ---------------------------------------------------------------------------------------------------
# OWL 2 DL with HermiT


def test_java_missing_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-here")
    with pytest.raises(ToolMissingError) as caught:
        kg.load().reason("dl")
    assert str(caught.value) == (
        "OWL 2 DL reasoning runs HermiT, which needs Java, and no `no-such-java-here` was found; install a "
        "Java runtime 11 or newer (e.g. `apt-get install default-jre-headless`), or reason with the OWL 2 RL "
        "profile `rl`, which needs no Java"
    )
    assert caught.value.exit_code == 2


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "java"
    fake.write_text("#!/bin/sh\necho 'openjdk version \"1.8.0_392\"' >&2\n")
    fake.chmod(0o755)
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", str(fake))
    with pytest.raises(
        ToolMissingError, match=r"HermiT needs Java 11 or newer, and .*java is Java 8; install"
    ):
        kg.load().reason("dl")


@pytest.mark.java
def test_java_version_is_found() -> None:
    java()
    from kg.reasoning import java_version

    version = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False).stderr
    assert str(java_version()) in version


@pytest.mark.java
def test_hermit_on_the_ontology() -> None:
    java()
    graph = kg.load()
    report = graph.reason("dl")
    assert report.reasoner.startswith("HermiT (owlready2 ")
    assert report.consistent and report.unsatisfiable == [] and report.explanations == []
    assert (GPT3, GAI + "LargeLanguageModel") in report.types  # 175 billion parameters: the definition
    assert (GPT3, GAI + "hasModality", GAI + "Text") in report.property_values  # up the hierarchy
    # on this ontology HermiT finds what the RL rules find, and only the datatype facet adds to it:
    # GPT-3 is a large language model (hence a language model)
    rl = kg.load().reason("rl")
    assert (report.property_values, report.subclasses) == (rl.property_values, rl.subclasses)
    assert set(report.types) - set(rl.types) == {
        (GPT3, GAI + "LargeLanguageModel"),
        (GPT3, GAI + "LanguageModel"),
    }
    assert set(rl.types) <= set(report.types)


@pytest.mark.java
def test_hermit_names_an_unsatisfiable_class() -> None:
    java()
    report = kg.load(REASONING / "unsatisfiable.ttl", ontology=False).reason("dl")
    assert report.consistent and not report.ok
    assert report.unsatisfiable == [ZOO + "FlyingFish"]
    assert report.explanations == [
        "ex:FlyingFish: any member would be a member of both ex:Fish and ex:Bird, which are disjoint classes "
        "[cax-dw]"
    ]
    assert report.problem() == "1 unsatisfiable class: ex:FlyingFish"
    assert (ZOO + "sammy", ZOO + "Animal") in report.types


def test_rl_does_not_classify_unsatisfiable_classes() -> None:
    # the RL rules find inconsistencies of individuals, not classes that cannot have any
    report = kg.load(REASONING / "unsatisfiable.ttl", ontology=False).reason("rl")
    assert report.ok and report.unsatisfiable == []


@pytest.mark.java
def test_hermit_explains_an_inconsistent_ontology() -> None:
    java()
    graph = kg.load(REASONING / "inconsistent.ttl", ontology=False)
    report = graph.reason("dl")
    assert report.consistent is False and graph.count_inferred() == 0
    assert report.explanations == [
        "ex:nessie is asserted to be a ex:FlyingFish, a class that can have no member (unsatisfiable)",
        "ex:nessie is a member of both ex:Fish and ex:Bird, which are disjoint classes [cax-dw]",
    ]
    assert report.problem() == (
        "the ontology is inconsistent: ex:nessie is asserted to be a ex:FlyingFish, a class that can have no "
        "member (unsatisfiable) (and 1 more)"
    )


@pytest.mark.java
def test_hermit_ignores_unsupported_datatypes_with_a_warning() -> None:
    java()
    report = kg.load(DATA / "validation" / "gyear.ttl", ontology=False).reason("dl")
    assert report.consistent
    assert report.warnings == [
        "HermiT does not support the datatype <http://www.w3.org/2001/XMLSchema#gYear>: literals outside the "
        "OWL 2 datatype map were ignored (see `kg validate`)"
    ]


def test_reasoning_over_user_data_reads_the_embedded_ontology_too() -> None:
    """Exports leave the embedded ontology out of a graph that holds user data; reasoning must not."""
    graph = kg.load(data=f"<urn:ex:m> a <{GAI}LargeLanguageModel> .", format="turtle")
    assert any(t[0] == f"<{GAI}LargeLanguageModel>" for t in ntriples(graph))
    report = graph.reason("rl")
    assert ("urn:ex:m", f"{GAI}GenerativeAI") in report.types


# -- reasoning before a query (kg.reasoning.reason_before_query, used by `kg query` and `kg viz`) -----

_ASKS_RL = (
    "# reasoning: rl\nASK { <https://w3id.org/genai-kg/model/gpt-3-175b-davinci> gai:hasModality gai:Text }"
)


def test_a_query_whose_header_asks_for_reasoning_gets_it() -> None:
    graph = kg.load()
    done = reason_before_query(graph, _ASKS_RL)
    assert done.profile == "rl" and done.report is not None and done.report.consistent
    assert done.note == "<query> asks for reasoning: reasoning first (rl; --reason to choose)"
    assert graph.reasoned == "rl" and graph.query(_ASKS_RL).boolean  # the answer needs the inferred triples


def test_the_profile_given_wins_over_the_header_and_needs_no_note() -> None:
    graph = kg.load()
    done = reason_before_query(graph, "ASK {}", profile="rl")
    assert (done.profile, done.note, graph.reasoned) == ("rl", None, "rl")
    assert reason_before_query(kg.load(), _ASKS_RL, profile="rl").note is None


def test_a_query_without_the_header_runs_on_the_graph_as_it_is() -> None:
    graph = kg.load()
    assert reason_before_query(graph, "ASK {}") == QueryReasoning()
    assert reason_before_query(graph, None) == QueryReasoning()
    assert graph.reasoned is None and graph.count_inferred() == 0


def test_a_store_is_queried_as_it_is_and_cannot_be_asked_to_reason(tmp_path: Path) -> None:
    from kg.store import build_store

    build_store(tmp_path / "store").close()
    graph = kg.load(store=tmp_path / "store")
    done = reason_before_query(graph, _ASKS_RL)
    assert done == QueryReasoning(note="<query> asks for reasoning, which needs RDF files: querying as it is")
    with pytest.raises(UsageError, match="needs a graph loaded from RDF files"):
        reason_before_query(graph, "ASK {}", profile="rl")
    graph.close()


def test_reasoning_before_a_query_reports_an_inconsistent_graph() -> None:
    graph = kg.load(REASONING / "inconsistent.ttl", ontology=False)
    done = reason_before_query(graph, "ASK {}", profile="rl")
    assert done.report is not None and not done.report.consistent
    assert "ex:nessie is a member of both ex:Fish and ex:Bird" in (done.report.problem() or "")
