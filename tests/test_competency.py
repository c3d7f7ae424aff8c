"""Golden tests of the competency questions (queries/cq*.rq) and the HermiT acceptance test.

Each competency question of the spec has one query; its expected answer is pinned here and written in
the query's header. The queries read the asserted graph; cq10, cq11 and cq13 (header
``# reasoning: dl``) are also run here over the asserted graph plus what HermiT infers. In version 2
the typical traits of a kind of model are annotations on its class (gai:typicalUseCase …), which the
queries read, and the kinds of model are defined classes, which only a reasoner applies.
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
MODEL = "https://w3id.org/genai-kg/model/"
ORG = "https://w3id.org/genai-kg/org/"
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
    for base in (GAI, MODEL, ORG):
        if text.startswith(base):
            return text[len(base) :]
    return text


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
        ("LargeScale", "Large scale", "dall-e", "DALL-E", "12000000000"),
        ("LargeScale", "Large scale", "gpt-3-175b-davinci", "GPT-3 175B (davinci)", "175000000000"),
        ("LargeScale", "Large scale", "LargeLanguageModel", "Large language model", None),
        ("ModerateScale", "Moderate scale", "bert-large", "BERT-Large", "340000000"),
        ("ModerateScale", "Moderate scale", "GenerativeAI", "Generative AI", None),
        ("ModerateScale", "Moderate scale", "stylegan", "StyleGAN", "26200000"),
    ]
    gpt3 = next(row for row in graph.query("cq08-scale") if local(row["subject"]) == "gpt-3-175b-davinci")
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


CQ10_VARIABLES = ["class", "classLabel", "model", "modelLabel", "developer", "developerLabel", "releaseYear"]
# After reasoning: each example model under the most specific kind its description meets.
CQ10_REASONED = [
    ("EncoderOnlyLanguageModel", "BERT-Large", "Google", "2018"),
    ("ImageGenerationModel", "DALL-E", "OpenAI", "2021"),
    ("ImageGenerationModel", "StyleGAN", "NVIDIA", "2018"),
    ("LargeLanguageModel", "GPT-3 175B (davinci)", "OpenAI", "2020"),
    ("MusicGenerationModel", "Jukebox", "OpenAI", "2020"),
]
CQ11_REASONED = [
    ("dall-e", "DALL-E", "ImageGenerationModel", "Image generation model"),
    ("jukebox", "Jukebox", "MusicGenerationModel", "Music generation model"),
    ("stylegan", "StyleGAN", "ImageGenerationModel", "Image generation model"),
]


def test_cq10_example_models_on_the_asserted_graph(graph: kg.KnowledgeGraph) -> None:
    # only BERT-Large's kind is stated; the others are classified by a reasoner
    variables, rows = table("cq10-example-models", graph)
    assert variables == CQ10_VARIABLES
    assert [(r[0], r[3], r[5], r[6]) for r in rows] == [CQ10_REASONED[0]]


def test_cq11_on_the_asserted_graph_finds_no_generative_model(graph: kg.KnowledgeGraph) -> None:
    assert table("cq11-generative-not-llm", graph) == (["model", "modelLabel", "class", "classLabel"], [])


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


# What the asserted graph alone tells about GPT-3: its stated type, modalities and developer.
CQ13_ASSERTED = [
    ("type", "AIModel", "AI model"),
    ("generates modality", "Text", "Text"),
    ("processes modality", "Text", "Text"),
    ("scale", "LargeScale", "Large scale"),
    ("developer", "openai", "OpenAI"),
]

# After HermiT: its kinds follow from the definitions (it generates text; 175 billion parameters; its
# stated scale makes it a large-scale model). Typical traits (data, techniques, use cases) are not applied.
CQ13_REASONED = [
    ("type", "AIModel", "AI model"),
    ("type", "GenerativeAI", "Generative AI"),
    ("type", "LanguageModel", "Language model"),
    ("type", "LargeLanguageModel", "Large language model"),
    ("type", "LargeScaleModel", "Large-scale model"),
    ("generates modality", "Text", "Text"),
    ("processes modality", "Text", "Text"),
    ("scale", "LargeScale", "Large scale"),
    ("developer", "openai", "OpenAI"),
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
    assert len(list(hermit["ontology"].classes())) == 23


@pytest.mark.java
def test_hermit_entails_llm_under_generative_ai_from_the_definitions(hermit: dict[str, Any]) -> None:
    ns = hermit["ns"]
    assert ns.GenerativeAI in ns.LargeLanguageModel.INDIRECT_is_a
    # and the two are not equivalent
    assert ns.LargeLanguageModel not in ns.GenerativeAI.INDIRECT_is_a
    # The source states the link too (for queries over the asserted graph); without that one axiom,
    # HermiT still derives it from the definitions
    source = rdflib.Graph().parse(ONTOLOGY)
    stated = (URIRef(GAI + "LargeLanguageModel"), rdflib.RDFS.subClassOf, URIRef(GAI + "GenerativeAI"))
    assert stated in source
    source.remove(stated)
    report = kg.load(data=source.serialize(format="turtle"), format="turtle", ontology=False).reason("dl")
    assert (GAI + "LargeLanguageModel", GAI + "GenerativeAI") in report.subclasses


@pytest.mark.java
def test_hermit_classifies_gpt3_by_its_definitions(hermit: dict[str, Any]) -> None:
    gpt3 = hermit["world"][MODEL + "gpt-3-175b-davinci"]
    ns = hermit["ns"]
    types = set(gpt3.INDIRECT_is_a)
    assert {ns.GenerativeAI, ns.LargeLanguageModel, ns.LargeScaleModel, ns.AIModel} <= types
    assert ns.LargeScale in gpt3.hasScale
    # typical traits stay on the class: no use case, training data or technique is given to GPT-3
    assert list(gpt3.hasUseCase) == [] and list(gpt3.trainedOn) == [] and list(gpt3.reliesOn) == []


def test_gpt3_states_only_its_description() -> None:
    source = rdflib.Graph().parse(ONTOLOGY)
    gpt3 = URIRef(MODEL + "gpt-3-175b-davinci")
    assert set(source.objects(gpt3, RDF.type)) == {
        URIRef(GAI + "AIModel"),
        URIRef("http://www.w3.org/2002/07/owl#NamedIndividual"),
    }
    for prop in ("hasModality", "reliesOn", "hasUseCase", "trainedOn", "parameterCount"):
        assert list(source.objects(gpt3, URIRef(GAI + prop))) == [], prop
    # its scale, from its paper's count: a description, from which LargeScaleModel is derived
    assert list(source.objects(gpt3, URIRef(GAI + "hasScale"))) == [URIRef(GAI + "LargeScale")]
    # the v1 name is kept, deprecated, pointing at the new IRI
    old = URIRef(GAI + "GPT3")
    assert source.value(old, URIRef("http://purl.org/dc/terms/isReplacedBy")) == gpt3
    deprecated = source.value(old, URIRef("http://www.w3.org/2002/07/owl#deprecated"))
    assert isinstance(deprecated, rdflib.Literal) and deprecated.toPython() is True


@pytest.mark.java
def test_cq13_after_reasoning() -> None:
    _java_or_skip()
    graph = kg.load()
    report = graph.reason("dl")  # HermiT through owlready2, inferred triples kept apart in the graph
    assert report.consistent and report.unsatisfiable == []
    assert table("cq13-gpt3-after-reasoning", graph) == (["aspect", "value", "label"], CQ13_REASONED)
    variables, rows = table("cq10-example-models", graph)
    assert variables == CQ10_VARIABLES and [(r[0], r[3], r[5], r[6]) for r in rows] == CQ10_REASONED
    assert table("cq11-generative-not-llm", graph) == (
        ["model", "modelLabel", "class", "classLabel"],
        CQ11_REASONED,
    )
    # the same answer from rdflib over the same triples, asserted and inferred
    both = graph.to_rdflib(inferred=True)
    rows = [
        tuple(local(v) for v in row)
        for row in select_rows(both.query((QUERIES / "cq13-gpt3-after-reasoning.rq").read_text()))
    ]
    assert rows == CQ13_REASONED
