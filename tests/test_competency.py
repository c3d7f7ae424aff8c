"""Golden tests of the competency questions (queries/cq*.rq) and the HermiT acceptance test.

Each competency question of the spec has one query; its expected answer is pinned here and written in
the query's header. The queries read the asserted graph, except cq13, which is run here over the
asserted graph plus what HermiT (through owlready2) infers.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib import RDF, URIRef
from rdflib.query import Result, ResultRow

import kg

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
QUERIES = ROOT / "queries"
GAI = "https://w3id.org/genai-kg/ontology#"
CQ_FILES = sorted(QUERIES.glob("cq*.rq"))


def select_rows(result: Result) -> list[ResultRow]:
    """The rows of rdflib's answer to a SELECT query (rdflib types an answer's items as any kind)."""
    rows = [row for row in result if isinstance(row, ResultRow)]
    assert len(rows) == len(result)
    return rows


def local(term: Any) -> str | None:
    """The local name of a gai: IRI, the text of a literal, None for an unbound variable."""
    if term is None:
        return None
    text = str(term)
    return text[len(GAI) :] if text.startswith(GAI) else text


def table(name: str, graph: kg.KnowledgeGraph | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a named SELECT query; return its variables and its rows as tuples of local names/texts."""
    result = (graph or kg.load()).query(name)
    assert result.kind == "select"
    rows = [tuple(local(row.get(var)) for var in result.vars) for row in result]
    return result.vars, rows


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    return kg.load()


# ---------------------------------------------------------------------------------------------------
# the query files themselves


def test_one_query_per_competency_question() -> None:
    numbers = [int(re.match(r"cq(\d\d)-[a-z0-9-]+\.rq$", p.name).group(1)) for p in CQ_FILES]  # type: ignore[union-attr]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 16


@pytest.mark.parametrize("path", CQ_FILES, ids=lambda p: p.stem)
def test_query_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*(\w+):\s*(.+)", line)
        if match:
            header[match.group(1)] = match.group(2)
    assert header.keys() >= {"title", "question", "answer"}
    assert header["question"].endswith("?")
    assert header.get("view", "table") in {"table", "graph"}
    # standard SPARQL 1.1 that fetches nothing
    body = re.sub(r"#[^\n]*", "", text)
    assert not re.search(r"\b(SERVICE|FROM|LOAD)\b", body, re.IGNORECASE)


@pytest.mark.parametrize("path", CQ_FILES, ids=lambda p: p.stem)
def test_same_answer_in_rdflib(path: Path, graph: kg.KnowledgeGraph) -> None:
    """Every question gives the same answer, in the same order, in rdflib as in Oxigraph."""
    text = path.read_text(encoding="utf-8")
    ours = graph.query(path)
    theirs = rdflib.Graph().parse(ONTOLOGY).query(text)
    if ours.kind == "ask":
        assert theirs.askAnswer is ours.boolean
        return
    assert [str(v) for v in theirs.vars or ()] == ours.vars
    expected = [tuple(str(row.get(v)) if row.get(v) is not None else None for v in ours.vars) for row in ours]
    actual = [
        tuple(str(value) if value is not None else None for value in row) for row in select_rows(theirs)
    ]
    assert actual == expected


# ---------------------------------------------------------------------------------------------------
# golden answers


def test_cq01_every_llm_is_generative_ai(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("cq01-llm-is-generative-ai")
    assert result.kind == "ask"
    assert result.boolean is True


def test_cq02_llms_are_one_kind_of_generative_ai_only(graph: kg.KnowledgeGraph) -> None:
    result = graph.query("cq02-genai-and-llm-not-same")
    assert result.kind == "ask"
    assert result.boolean is False


def test_cq03_what_generative_ai_produces(graph: kg.KnowledgeGraph) -> None:
    assert table("cq03-generative-ai-content-kinds", graph) == (
        ["modality", "label"],
        [("Image", "Image"), ("Music", "Music"), ("Text", "Text")],
    )


def test_cq04_llms_specialise_in_text(graph: kg.KnowledgeGraph) -> None:
    assert table("cq04-llm-modality", graph) == (["modality", "label"], [("Text", "Text")])


def test_cq05_llm_tasks(graph: kg.KnowledgeGraph) -> None:
    assert table("cq05-llm-tasks", graph) == (
        ["useCase", "label"],
        [
            ("ContentGeneration", "Content generation"),
            ("NaturalLanguageUnderstanding", "Natural language understanding"),
            ("Summarization", "Summarization"),
            ("Translation", "Translation"),
            ("WritingAssistance", "Writing assistance"),
        ],
    )


def test_cq06_creative_applications(graph: kg.KnowledgeGraph) -> None:
    assert table("cq06-creative-applications", graph) == (
        ["useCase", "label", "class", "classLabel"],
        [
            ("ArtGeneration", "Art generation", "ImageGenerationModel", "Image generation model"),
            ("FaceGeneration", "Face generation", "ImageGenerationModel", "Image generation model"),
            ("MusicGeneration", "Music generation", "MusicGenerationModel", "Music generation model"),
        ],
    )


def test_cq07_training_data(graph: kg.KnowledgeGraph) -> None:
    assert table("cq07-training-data", graph) == (
        ["class", "classLabel", "data", "dataLabel"],
        [
            ("ImageGenerationModel", "Image generation model", "SpecializedDataset", "Specialized dataset"),
            ("LargeLanguageModel", "Large language model", "InternetTextCorpus", "Internet text corpus"),
            ("MusicGenerationModel", "Music generation model", "SpecializedDataset", "Specialized dataset"),
        ],
    )


def test_cq08_scale(graph: kg.KnowledgeGraph) -> None:
    variables, rows = table("cq08-scale", graph)
    assert variables == ["scale", "scaleLabel", "subject", "subjectLabel", "parameterCount"]
    assert rows == [
        ("LargeScale", "Large scale", "GPT3", "GPT-3", "175000000000"),
        ("LargeScale", "Large scale", "LargeLanguageModel", "Large language model", None),
        ("ModerateScale", "Moderate scale", "StyleGAN", "StyleGAN", "26200000"),
    ]
    gpt3 = next(row for row in graph.query("cq08-scale") if local(row["subject"]) == "GPT3")
    assert gpt3["parameterCount"].toPython() == 175_000_000_000


def test_cq09_shared_foundations(graph: kg.KnowledgeGraph) -> None:
    assert table("cq09-shared-foundations", graph) == (
        ["technique", "label"],
        [
            ("AdvancedTrainingTechnique", "Advanced training technique"),
            ("DeepLearning", "Deep learning"),
            ("NeuralNetwork", "Neural network"),
        ],
    )


def test_cq10_example_models(graph: kg.KnowledgeGraph) -> None:
    variables, rows = table("cq10-example-models", graph)
    assert variables == [
        "class",
        "classLabel",
        "model",
        "modelLabel",
        "developer",
        "developerLabel",
        "releaseYear",
    ]
    assert [(r[0], r[3], r[5], r[6]) for r in rows] == [
        ("ImageGenerationModel", "DALL·E", "OpenAI", "2021"),
        ("ImageGenerationModel", "StyleGAN", "NVIDIA", "2018"),
        ("LargeLanguageModel", "GPT-3", "OpenAI", "2020"),
        ("MusicGenerationModel", "Jukebox", "OpenAI", "2020"),
    ]


def test_cq11_generative_models_that_are_not_llms(graph: kg.KnowledgeGraph) -> None:
    assert table("cq11-generative-not-llm", graph) == (
        ["model", "modelLabel", "class", "classLabel"],
        [
            ("DALLE", "DALL·E", "ImageGenerationModel", "Image generation model"),
            ("Jukebox", "Jukebox", "MusicGenerationModel", "Music generation model"),
            ("StyleGAN", "StyleGAN", "ImageGenerationModel", "Image generation model"),
        ],
    )


def test_cq12_comparison_table(graph: kg.KnowledgeGraph) -> None:
    assert table("cq12-comparison-table", graph) == (
        ["aspect", "generativeAI", "llm"],
        [
            ("modality", "Image, Music, Text", "Text"),
            ("scale", "Large scale, Moderate scale", "Large scale"),
            ("training data", "Internet text corpus, Specialized dataset", "Internet text corpus"),
            (
                "use case",
                "Art generation, Content generation, Face generation, Music generation, "
                "Natural language understanding, Summarization, Translation, Writing assistance",
                "Content generation, Natural language understanding, Summarization, Translation, "
                "Writing assistance",
            ),
        ],
    )


# What the asserted graph alone tells about GPT-3: types (up the asserted hierarchy) and the developer.
CQ13_ASSERTED = [
    ("type", "AIModel", "AI model"),
    ("type", "GenerativeAI", "Generative AI"),
    ("type", "LargeLanguageModel", "Large language model"),
    ("developer", "OpenAI", "OpenAI"),
]

# What is known after HermiT: modalities, scale, data, techniques and use cases follow from the axioms.
CQ13_REASONED = [
    ("type", "AIModel", "AI model"),
    ("type", "GenerativeAI", "Generative AI"),
    ("type", "LargeLanguageModel", "Large language model"),
    ("generates modality", "Text", "Text"),
    ("processes modality", "Text", "Text"),
    ("scale", "LargeScale", "Large scale"),
    ("training data", "InternetTextCorpus", "Internet text corpus"),
    ("technique", "AdvancedTrainingTechnique", "Advanced training technique"),
    ("technique", "DeepLearning", "Deep learning"),
    ("technique", "NeuralNetwork", "Neural network"),
    ("use case", "ContentGeneration", "Content generation"),
    ("use case", "NaturalLanguageUnderstanding", "Natural language understanding"),
    ("use case", "Summarization", "Summarization"),
    ("use case", "Translation", "Translation"),
    ("use case", "WritingAssistance", "Writing assistance"),
    ("developer", "OpenAI", "OpenAI"),
]


def test_cq13_on_the_asserted_graph_finds_no_inferred_fact(graph: kg.KnowledgeGraph) -> None:
    assert table("cq13-gpt3-after-reasoning", graph) == (["aspect", "value", "label"], CQ13_ASSERTED)


# ---------------------------------------------------------------------------------------------------
# HermiT (through owlready2)


def _java_or_skip() -> None:
    if shutil.which("java") is None:
        message = "Java is needed to run HermiT"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (and CI=true)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def hermit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Load the ontology into a fresh owlready2 world, classify it with HermiT, keep what it infers.

    owlready2 cannot read Turtle, so the source is converted to RDF/XML first (rdflib's plain ``xml``
    serializer: ``pretty-xml`` may drop rdf:List content). The inferences go to an ontology of their
    own, so that they can be told apart from the asserted triples and saved on their own.
    """
    _java_or_skip()
    import owlready2

    folder = tmp_path_factory.mktemp("hermit")
    owl_file = folder / "genai.owl"
    rdflib.Graph().parse(ONTOLOGY).serialize(owl_file, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(owl_file.as_uri()).load()
    inferred = world.get_ontology("http://genai-kg.test/inferred#")
    error: Exception | None = None
    try:
        with inferred:
            # gai:releaseDate has the range xsd:date, outside the OWL 2 datatype map: HermiT is told to
            # ignore it, as Protégé's HermiT does by default.
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
            )
    except owlready2.OwlReadyInconsistentOntologyError as e:
        error = e
    inferred_file = folder / "inferred.nt"
    inferred.save(str(inferred_file), format="ntriples")
    return {
        "world": world,
        "ontology": ontology,
        "ns": ontology.get_namespace(GAI),
        "error": error,
        "inferred_file": inferred_file,
    }


@pytest.mark.java
def test_hermit_finds_the_ontology_consistent(hermit: dict[str, Any]) -> None:
    assert hermit["error"] is None
    assert hermit["ontology"].base_iri == GAI


@pytest.mark.java
def test_hermit_finds_no_unsatisfiable_class(hermit: dict[str, Any]) -> None:
    assert list(hermit["world"].inconsistent_classes()) == []
    assert len(list(hermit["ontology"].classes())) == 19


@pytest.mark.java
def test_hermit_infers_what_the_article_says_of_gpt3(hermit: dict[str, Any]) -> None:
    ns = hermit["ns"]
    gpt3 = ns.GPT3
    types = set(gpt3.INDIRECT_is_a)
    assert ns.GenerativeAI in types
    assert ns.AIModel in types
    assert ns.Text in gpt3.generatesModality
    assert ns.DeepLearning in gpt3.reliesOn
    # and the two facts are really new: HermiT's answer, not a copy of the source
    inferred = rdflib.Graph().parse(hermit["inferred_file"], format="nt")
    assert (URIRef(GAI + "GPT3"), URIRef(GAI + "generatesModality"), URIRef(GAI + "Text")) in inferred
    assert (URIRef(GAI + "GPT3"), URIRef(GAI + "reliesOn"), URIRef(GAI + "DeepLearning")) in inferred


def test_none_of_the_inferred_facts_is_asserted_on_gpt3() -> None:
    source = rdflib.Graph().parse(ONTOLOGY)
    gpt3 = URIRef(GAI + "GPT3")
    assert set(source.objects(gpt3, RDF.type)) == {
        URIRef(GAI + "LargeLanguageModel"),
        URIRef("http://www.w3.org/2002/07/owl#NamedIndividual"),
    }
    for prop in (
        "generatesModality",
        "processesModality",
        "hasModality",
        "reliesOn",
        "hasScale",
        "hasUseCase",
        "trainedOn",
    ):
        assert list(source.objects(gpt3, URIRef(GAI + prop))) == [], prop


@pytest.mark.java
def test_cq13_after_reasoning() -> None:
    _java_or_skip()
    graph = kg.load()
    report = graph.reason("dl")  # HermiT through owlready2, inferred triples kept apart in the graph
    assert report.consistent and report.unsatisfiable == []
    assert table("cq13-gpt3-after-reasoning", graph) == (["aspect", "value", "label"], CQ13_REASONED)
    # the same answer from rdflib over the same triples, asserted and inferred
    both = graph.to_rdflib(inferred=True)
    rows = [
        tuple(local(v) for v in row)
        for row in select_rows(both.query((QUERIES / "cq13-gpt3-after-reasoning.rq").read_text()))
    ]
    assert rows == CQ13_REASONED
