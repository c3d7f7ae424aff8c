"""Ontology v2: the failures of v1 (issue 12) as regression tests, on small fixtures.

v1 stated the article's typical traits as owl:hasValue restrictions, so a reasoner applied them to
every model; v2 defines GenerativeAI, LargeLanguageModel and the scale classes by what a description
says (what a model generates, its parameter count or training compute) and keeps typical traits as
annotations. Each fixture below is one v1 failure; HermiT (kg reason --profile dl) classifies them
all in one run, and the OWL RL engine is checked to stay sound (it cannot evaluate datatype facets,
so it must derive nothing from a figure).
"""

from __future__ import annotations

import os
import shutil

import pytest

import kg
from kg.reasoning import ReasoningReport

GAI = "https://w3id.org/genai-kg/ontology#"
EX = "https://example.org/fixture#"

FIXTURES = f"""
@prefix gai: <{GAI}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <{EX}> .
# v1: a BERT-large-sized model typed as an LLM was inferred large-scale, a translator and a writer
ex:bertSizedLLM a owl:NamedIndividual , gai:LargeLanguageModel ; gai:parameterCount 340000000 .
# v1: a 124 M-parameter LLM asserted moderate-scale made the ontology inconsistent
ex:smallLLM a owl:NamedIndividual , gai:LargeLanguageModel ; gai:parameterCount 124000000 ;
    gai:hasScale gai:ModerateScale .
# v1: an image generator was inferred to use a specialised dataset and to generate faces
ex:imageGenerator a owl:NamedIndividual , gai:AIModel ; gai:generatesModality gai:Image .
# v1: a model described only by what it generates was never classified
ex:onlyGenerates a owl:NamedIndividual ; gai:generatesModality gai:Music .
# v1: scale was asserted, never derived from the parameter count
ex:sevenBillion a owl:NamedIndividual , gai:AIModel ; gai:generatesModality gai:Text ;
    gai:parameterCount 7000000000 .
ex:smallTextGenerator a owl:NamedIndividual , gai:AIModel ; gai:generatesModality gai:Text ;
    gai:parameterCount 124000000 .
# a model whose size is unpublished, with its training compute
ex:computeOnly a owl:NamedIndividual , gai:AIModel ; gai:generatesModality gai:Text ;
    gai:trainingCompute "2.1e25"^^xsd:double .
# an encoder-only language model, large by its count: still never an LLM
ex:bigEncoder a owl:NamedIndividual , gai:EncoderOnlyLanguageModel ; gai:parameterCount 3900000000 .
"""


def _java_or_fail() -> None:
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Java is needed to run HermiT (and CI=true)")
        pytest.skip("Java is needed to run HermiT")


@pytest.fixture(scope="module")
def classified() -> tuple[kg.KnowledgeGraph, ReasoningReport]:
    _java_or_fail()
    graph = kg.load(FIXTURES, format="turtle")
    return graph, graph.reason("dl")


def types_of(graph: kg.KnowledgeGraph, name: str) -> set[str]:
    rows = graph.query(f"SELECT ?c WHERE {{ <{EX}{name}> a ?c }}")
    return {str(row["c"]).removeprefix(GAI) for row in rows if str(row["c"]).startswith(GAI)}


def values_of(graph: kg.KnowledgeGraph, name: str, prop: str) -> set[str]:
    rows = graph.query(f"SELECT ?v WHERE {{ <{EX}{name}> <{GAI}{prop}> ?v }}")
    return {str(row["v"]).removeprefix(GAI) for row in rows}


@pytest.mark.java
def test_consistent_and_no_unsatisfiable_class(classified: tuple[kg.KnowledgeGraph, ReasoningReport]) -> None:
    _, report = classified
    assert report.consistent and report.unsatisfiable == []


@pytest.mark.java
def test_bert_sized_llm_is_not_inferred_large(classified: tuple[kg.KnowledgeGraph, ReasoningReport]) -> None:
    graph, _ = classified
    assert "LargeScaleModel" not in types_of(graph, "bertSizedLLM")
    assert values_of(graph, "bertSizedLLM", "hasScale") == set()  # no scale is made up for it
    assert values_of(graph, "bertSizedLLM", "hasUseCase") == set()
    assert values_of(graph, "bertSizedLLM", "trainedOn") == set()


@pytest.mark.java
def test_small_llm_asserted_moderate_is_consistent(
    classified: tuple[kg.KnowledgeGraph, ReasoningReport],
) -> None:
    graph, report = classified
    assert report.consistent
    assert values_of(graph, "smallLLM", "hasScale") == {"ModerateScale"}


@pytest.mark.java
def test_image_generator_gets_no_typical_trait(classified: tuple[kg.KnowledgeGraph, ReasoningReport]) -> None:
    graph, _ = classified
    assert {"GenerativeAI", "ImageGenerationModel"} <= types_of(graph, "imageGenerator")
    assert values_of(graph, "imageGenerator", "trainedOn") == set()
    assert values_of(graph, "imageGenerator", "hasUseCase") == set()
    assert "LargeLanguageModel" not in types_of(graph, "imageGenerator")


@pytest.mark.java
def test_a_model_described_by_what_it_generates_is_generative_ai(
    classified: tuple[kg.KnowledgeGraph, ReasoningReport],
) -> None:
    graph, _ = classified
    assert {"AIModel", "GenerativeAI", "MusicGenerationModel"} <= types_of(graph, "onlyGenerates")


@pytest.mark.java
def test_scale_and_llm_are_derived_from_the_parameter_count(
    classified: tuple[kg.KnowledgeGraph, ReasoningReport],
) -> None:
    graph, _ = classified
    assert {"GenerativeAI", "LargeLanguageModel"} <= types_of(graph, "sevenBillion")
    small = types_of(graph, "smallTextGenerator")
    assert "GenerativeAI" in small and "LargeLanguageModel" not in small
    # the scale classes are the models a description gives that scale (gai:hasScale), not derived from
    # the count (ontology/README.md, "Definitions and reasoning time")
    assert values_of(graph, "sevenBillion", "hasScale") == set()
    assert values_of(graph, "smallTextGenerator", "hasScale") == set()
    # without a parameter count, training compute decides; the scale (by parameters) stays unknown
    assert "LargeLanguageModel" in types_of(graph, "computeOnly")
    assert values_of(graph, "computeOnly", "hasScale") == set()


@pytest.mark.java
def test_encoder_only_language_model_is_never_an_llm(
    classified: tuple[kg.KnowledgeGraph, ReasoningReport],
) -> None:
    graph, _ = classified
    types = types_of(graph, "bigEncoder")
    assert "LanguageModel" in types
    assert "LargeLanguageModel" not in types and "GenerativeAI" not in types


def test_an_encoder_said_to_generate_text_is_inconsistent() -> None:
    # the OWL RL engine sees it too: the class excludes generating text
    graph = kg.load(
        f"<{EX}e> a <{GAI}EncoderOnlyLanguageModel> ; <{GAI}generatesModality> <{GAI}Text> .", format="turtle"
    )
    assert not graph.reason("rl").consistent


def test_owl_rl_stays_sound_on_the_fixtures() -> None:
    graph = kg.load(FIXTURES, format="turtle")
    report = graph.reason("rl")
    assert report.consistent
    derived = {(s.removeprefix(EX), o.removeprefix(GAI)) for s, o in report.types if s.startswith(EX)}
    # RL cannot evaluate datatype facets: it derives no class that needs one from a figure
    for name in ("smallTextGenerator", "sevenBillion", "computeOnly", "bigEncoder", "imageGenerator"):
        for defined in ("LargeLanguageModel", "LargeScaleModel", "ModerateScaleModel"):
            assert (name, defined) not in derived, (name, defined)
    # and no typical trait reaches a model
    values = {
        (s.removeprefix(EX), p.removeprefix(GAI)) for s, p, _ in report.property_values if s.startswith(EX)
    }
    assert not {p for _, p in values} & {"hasUseCase", "trainedOn", "reliesOn", "hasScale"} - {"hasScale"}
    assert ("smallTextGenerator", "hasScale") not in values and ("sevenBillion", "hasScale") not in values
    # what it does derive is true: a model that generates images is generative AI
    assert ("onlyGenerates", "GenerativeAI") in derived and (
        "imageGenerator",
        "ImageGenerationModel",
    ) in derived
