"""The networkx views of kg.network: exact nodes and edges, query views, summaries, inferences, caps."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest

import kg
from kg.errors import KGError, QueryError, UnknownNameError
from kg.generate import CATALOGUE, catalogue_lines
from kg.network import result_to_networkx, to_networkx
from tests.helpers import DATA, GAI

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWL = "http://www.w3.org/2002/07/owl#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_DATATYPE = "http://www.w3.org/2000/01/rdf-schema#Datatype"


@pytest.fixture(scope="module")
def ontology() -> kg.KnowledgeGraph:
    return kg.load()


def local(iri: str) -> str:
    return iri[len(GAI) :] if iri.startswith(GAI) else iri


def edge_set(view: nx.MultiDiGraph) -> set[tuple[str, str, str, str, str]]:
    """(source, kind, property, restriction, target), with the ontology's IRIs shortened."""
    return {
        (local(u), d["kind"], local(d["iri"]), d.get("restriction") or "", local(v))
        for u, v, d in view.edges(data=True)
    }


# --- the schema view: every class, every restriction of the spec as a labelled edge ----------------

SCHEMA_CLASSES = {
    "AIModel",
    "GenerativeAI",
    "LargeLanguageModel",
    "ImageGenerationModel",
    "MusicGenerationModel",
    "Modality",
    "Scale",
    "TrainingData",
    "UseCase",
    "TextTask",
    "CreativeApplication",
    "Technique",
    "Organization",
    # v2: what the catalogue describes, and the SKOS classes of the controlled vocabularies
    "Dataset",
    "Country",
    "Accessibility",
    "ApplicationDomain",
    "OrganizationCategory",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
}
# the individuals that restrictions point at (owl:hasValue fillers)
SCHEMA_FILLERS = {
    "Text",
    "Image",
    "Music",
    "LargeScale",
    "InternetTextCorpus",
    "SpecializedDataset",
    "Translation",
    "Summarization",
    "WritingAssistance",
    "ContentGeneration",
    "NaturalLanguageUnderstanding",
    "ArtGeneration",
    "FaceGeneration",
    "MusicGeneration",
    "DeepLearning",
    "NeuralNetwork",
    "AdvancedTrainingTechnique",
}
SUBCLASS_EDGES = {
    ("GenerativeAI", "AIModel"),
    ("LargeLanguageModel", "GenerativeAI"),
    ("ImageGenerationModel", "GenerativeAI"),
    ("MusicGenerationModel", "GenerativeAI"),
    ("TextTask", "UseCase"),
    ("CreativeApplication", "UseCase"),
}
RESTRICTION_EDGES = {
    # ¶2, ¶7: generative AI
    ("GenerativeAI", "generatesModality", "some", "Modality"),
    ("GenerativeAI", "trainedOn", "some", "TrainingData"),
    ("GenerativeAI", "reliesOn", "value", "DeepLearning"),
    ("GenerativeAI", "reliesOn", "value", "NeuralNetwork"),
    ("GenerativeAI", "reliesOn", "value", "AdvancedTrainingTechnique"),
    # ¶3 to ¶6: large language models
    ("LargeLanguageModel", "generatesModality", "value", "Text"),
    ("LargeLanguageModel", "processesModality", "value", "Text"),
    ("LargeLanguageModel", "hasScale", "value", "LargeScale"),
    ("LargeLanguageModel", "trainedOn", "value", "InternetTextCorpus"),
    ("LargeLanguageModel", "hasUseCase", "value", "Translation"),
    ("LargeLanguageModel", "hasUseCase", "value", "Summarization"),
    ("LargeLanguageModel", "hasUseCase", "value", "WritingAssistance"),
    ("LargeLanguageModel", "hasUseCase", "value", "ContentGeneration"),
    ("LargeLanguageModel", "hasUseCase", "value", "NaturalLanguageUnderstanding"),
    # ¶2: images and music
    ("ImageGenerationModel", "generatesModality", "value", "Image"),
    ("ImageGenerationModel", "hasUseCase", "value", "ArtGeneration"),
    ("ImageGenerationModel", "hasUseCase", "value", "FaceGeneration"),
    ("ImageGenerationModel", "trainedOn", "value", "SpecializedDataset"),
    ("MusicGenerationModel", "generatesModality", "value", "Music"),
    ("MusicGenerationModel", "hasUseCase", "value", "MusicGeneration"),
    ("MusicGenerationModel", "trainedOn", "value", "SpecializedDataset"),
}
DOMAIN_RANGE_EDGES = {
    ("AIModel", "hasModality", "Modality"),
    ("AIModel", "generatesModality", "Modality"),
    ("AIModel", "processesModality", "Modality"),
    ("AIModel", "hasScale", "Scale"),
    ("AIModel", "trainedOn", "TrainingData"),
    ("AIModel", "hasUseCase", "UseCase"),
    ("AIModel", "reliesOn", "Technique"),
    ("AIModel", "developedBy", "Organization"),
    ("AIModel", "basedOn", "AIModel"),
    ("AIModel", "trainingDataset", "Dataset"),
    ("AIModel", "accessibility", "Accessibility"),
    ("AIModel", "cataloguedDomain", "ApplicationDomain"),
    ("AIModel", "cataloguedTask", "UseCase"),
    ("Organization", "country", "Country"),
    ("Organization", "organizationCategory", "OrganizationCategory"),
}


def test_schema_view_has_exactly_the_classes_and_the_fillers(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "schema")
    assert {local(n) for n in view.nodes} == SCHEMA_CLASSES | SCHEMA_FILLERS
    kinds = {local(n): d["kind"] for n, d in view.nodes(data=True)}
    assert {n for n, k in kinds.items() if k == "class"} == SCHEMA_CLASSES
    assert {n for n, k in kinds.items() if k == "individual"} == SCHEMA_FILLERS


def test_schema_view_has_exactly_the_subclass_restriction_and_domain_edges(
    ontology: kg.KnowledgeGraph,
) -> None:
    view = to_networkx(ontology, "schema")
    expected = (
        {(s, "subclass", "http://www.w3.org/2000/01/rdf-schema#subClassOf", "", o) for s, o in SUBCLASS_EDGES}
        | {(s, "restriction", p, r, o) for s, p, r, o in RESTRICTION_EDGES}
        | {(s, "domain-range", p, "", o) for s, p, o in DOMAIN_RANGE_EDGES}
    )
    assert edge_set(view) == expected
    assert view.number_of_edges() == len(expected) == 42
    assert not any(d["inferred"] for _, _, d in view.edges(data=True))


def test_restriction_edges_are_labelled_with_the_property(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "schema")
    edge = view.edges[GAI + "LargeLanguageModel", GAI + "Text", f"value {GAI}generatesModality"]
    assert edge["label"] == "generates modality"
    assert edge["iri"] == GAI + "generatesModality"
    assert edge["definition"] == "Relates a model to a form of content it produces as output."
    assert f"{OWL}ObjectProperty" in edge["types"]
    some = view.edges[GAI + "GenerativeAI", GAI + "Modality", f"some {GAI}generatesModality"]
    assert (some["restriction"], some["cardinality"]) == ("some", None)
    assert view.edges[GAI + "LargeLanguageModel", GAI + "GenerativeAI", SUBCLASS]["label"] == "subclass of"


def test_nodes_carry_label_iri_kind_types_definition_and_group(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "schema")
    llm = view.nodes[GAI + "LargeLanguageModel"]
    assert llm["label"] == "Large language model"
    assert llm["iri"] == GAI + "LargeLanguageModel"
    assert llm["kind"] == "class"
    assert llm["types"] == [f"{OWL}Class"]
    assert llm["definition"].startswith("A generative AI model with a very large number of parameters")
    assert llm["group"] == GAI + "AIModel"  # its top class, for its colour
    assert llm["attributes"]["alt label"] == ["LLM"]
    translation = view.nodes[GAI + "Translation"]
    assert translation["group"] == GAI + "UseCase"
    assert translation["types"] == [f"{OWL}NamedIndividual", GAI + "TextTask"]
    # datatype properties become attributes of their domain
    assert view.nodes[GAI + "AIModel"]["attributes"]["parameter count"] == ["integer"]
    assert view.graph["view"] == "schema"
    assert view.graph["labels"][GAI + "AIModel"] == "AI model"


def test_instance_view_has_individuals_and_object_property_edges_with_literals_as_attributes(
    ontology: kg.KnowledgeGraph,
) -> None:
    view = to_networkx(ontology, "instances")
    assert all(d["kind"] == "individual" for _, d in view.nodes(data=True))
    assert view.number_of_nodes() == 126
    models = {"GPT3", "DALLE", "Jukebox", "StyleGAN"}
    assert {e for e in edge_set(view) if e[0] in models} == {
        ("GPT3", "property", "developedBy", "", "OpenAI"),
        ("DALLE", "property", "developedBy", "", "OpenAI"),
        ("DALLE", "property", "processesModality", "", "Text"),
        ("Jukebox", "property", "developedBy", "", "OpenAI"),
        ("StyleGAN", "property", "developedBy", "", "NVIDIA"),
        ("StyleGAN", "property", "hasScale", "", "ModerateScale"),
    }
    # the rest are the links of the controlled vocabularies (SKOS broader, in scheme, top concept of)
    vocabulary = {e[2] for e in edge_set(view) if e[0] not in models}
    assert vocabulary == {
        f"http://www.w3.org/2004/02/skos/core#{p}" for p in ("broader", "inScheme", "topConceptOf")
    }
    gpt3 = view.nodes[GAI + "GPT3"]
    assert gpt3["label"] == "GPT-3"
    assert gpt3["attributes"]["parameter count"] == ["175000000000"]
    assert gpt3["attributes"]["release year"] == ["2020"]
    assert gpt3["group"] == GAI + "AIModel"
    assert not any(d["kind"] == "literal" for _, d in view.nodes(data=True))


def test_full_view_joins_schema_and_instances_with_type_edges(ontology: kg.KnowledgeGraph) -> None:
    full = to_networkx(ontology, "full")
    schema, instances = to_networkx(ontology, "schema"), to_networkx(ontology, "instances")
    assert set(full.nodes) == set(schema.nodes) | set(instances.nodes)
    types = {(local(u), local(v)) for u, v, d in full.edges(data=True) if d["kind"] == "type"}
    assert ("GPT3", "LargeLanguageModel") in types
    assert ("Translation", "TextTask") in types
    assert len(types) == 126  # one asserted class per individual
    assert edge_set(full) == edge_set(schema) | edge_set(instances) | {
        (s, "type", RDF_TYPE, "", o) for s, o in types
    }


def test_neighbourhood_view(ontology: kg.KnowledgeGraph) -> None:
    one = to_networkx(ontology, "neighbourhood", around="gai:GPT3", hops=1)
    assert {local(n) for n in one.nodes} == {"GPT3", "LargeLanguageModel", "OpenAI"}
    assert one.nodes[GAI + "GPT3"]["distance"] == 0
    assert one.graph["title"] == "GPT-3: 1-step neighbourhood"
    two = to_networkx(ontology, "neighborhood", around=f"<{GAI}GPT3>", hops=2)
    names = {local(n) for n in two.nodes}
    assert {"DALLE", "Jukebox", "GenerativeAI", "Text", "Translation"} <= names
    assert "StyleGAN" not in names  # three steps away
    # edges among the nodes at the boundary are there too (as in networkx's ego_graph)
    assert two.has_edge(GAI + "DALLE", GAI + "Text")
    assert to_networkx(ontology, "neighbourhood", around=GAI + "GPT3", hops=0).number_of_nodes() == 1


@pytest.mark.parametrize("around", [None, "gai:NoSuchThing", "not an iri"])
def test_neighbourhood_needs_a_node_of_the_graph(ontology: kg.KnowledgeGraph, around: str | None) -> None:
    with pytest.raises(KGError, match=r"neighbourhood view needs a node|is not in the graph"):
        to_networkx(ontology, "neighbourhood", around=around)


def test_unknown_view(ontology: kg.KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match="unknown view 'pretty'; known: full, instances"):
        to_networkx(ontology, "pretty")
    assert ontology.to_networkx(view="summary").graph["view"] == "summary"


# --- query views --------------------------------------------------------------------------------------

DEVELOPERS = f"""SELECT ?model ?property ?developer WHERE {{
  ?model <{GAI}developedBy> ?developer BIND(<{GAI}developedBy> AS ?property)
}}"""


def test_select_view_draws_the_first_three_variables(ontology: kg.KnowledgeGraph) -> None:
    view = result_to_networkx(ontology.query(DEVELOPERS), graph=ontology)
    assert edge_set(view) == {
        ("GPT3", "property", "developedBy", "", "OpenAI"),
        ("DALLE", "property", "developedBy", "", "OpenAI"),
        ("Jukebox", "property", "developedBy", "", "OpenAI"),
        ("StyleGAN", "property", "developedBy", "", "NVIDIA"),
    }
    assert view.nodes[GAI + "OpenAI"]["label"] == "OpenAI"
    assert view.nodes[GAI + "OpenAI"]["definition"].startswith("An artificial-intelligence research company")
    assert view.graph["query"] == DEVELOPERS


def test_select_view_with_chosen_variables_and_literal_targets(ontology: kg.KnowledgeGraph) -> None:
    query = f"SELECT ?year ?model ?name WHERE {{ ?model <{GAI}releaseYear> ?year ; <{LABEL}> ?name }}"
    view = result_to_networkx(
        ontology.query(query), graph=ontology, source="?model", edge="name", target="year"
    )
    edges = {(local(u), d["label"], v) for u, v, d in view.edges(data=True)}
    year = '"2020"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert (("GPT3", "GPT-3", year) in edges) and (("Jukebox", "Jukebox", year) in edges)
    assert view.nodes[year]["kind"] == "literal" and view.nodes[year]["label"] == "2020"
    assert all(d["kind"] == "link" for _, _, d in view.edges(data=True))
    two = result_to_networkx(
        ontology.query(f"SELECT ?m ?o WHERE {{ ?m <{GAI}developedBy> ?o }}"), graph=ontology
    )
    assert {(local(u), local(v), d["label"]) for u, v, d in two.edges(data=True)} == {
        ("GPT3", "OpenAI", ""),
        ("DALLE", "OpenAI", ""),
        ("Jukebox", "OpenAI", ""),
        ("StyleGAN", "NVIDIA", ""),
    }
    with pytest.raises(UnknownNameError, match="unknown target variable 'nope'"):
        result_to_networkx(ontology.query(query), target="nope")


def test_construct_view_is_the_constructed_graph(ontology: kg.KnowledgeGraph) -> None:
    query = f"""CONSTRUCT {{ ?m <{GAI}developedBy> ?o ; a ?c ; <{LABEL}> ?l ;
                              <{GAI}releaseYear> ?y }}
               WHERE {{ ?m <{GAI}developedBy> ?o ; a ?c ; <http://www.w3.org/2000/01/rdf-schema#label> ?l ;
                          <{GAI}releaseYear> ?y FILTER(?c != <{OWL}NamedIndividual>) }}"""
    view = result_to_networkx(ontology.query(query))  # without the graph: only what the result says
    assert edge_set(view) == {
        ("GPT3", "property", "developedBy", "", "OpenAI"),
        ("DALLE", "property", "developedBy", "", "OpenAI"),
        ("Jukebox", "property", "developedBy", "", "OpenAI"),
        ("StyleGAN", "property", "developedBy", "", "NVIDIA"),
        ("GPT3", "type", RDF_TYPE, "", "LargeLanguageModel"),
        ("DALLE", "type", RDF_TYPE, "", "ImageGenerationModel"),
        ("Jukebox", "type", RDF_TYPE, "", "MusicGenerationModel"),
        ("StyleGAN", "type", RDF_TYPE, "", "ImageGenerationModel"),
    }
    gpt3 = view.nodes[GAI + "GPT3"]
    assert (gpt3["label"], gpt3["attributes"], gpt3["kind"]) == (
        "GPT-3",
        {"release year": ["2020"]},
        "individual",
    )
    assert view.nodes[GAI + "OpenAI"]["label"] == "OpenAI"  # local name: the result has no label for it
    assert view.nodes[GAI + "LargeLanguageModel"]["kind"] == "class"


def test_ask_has_no_graph(ontology: kg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="an ASK result has no graph to draw"):
        result_to_networkx(ontology.query("ASK {}"))


def test_query_view_from_the_graph_by_name(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "query", query="cq10-example-models")
    # the answer drawn (issue 13): each model links to its class and developer by edges named after the
    # variables, the year is an attribute of the model, and no literal is a node
    edges = {(local(u), d["label"], local(v)) for u, v, d in view.edges(data=True)}
    assert ("GPT3", "class", "LargeLanguageModel") in edges and ("GPT3", "developer", "OpenAI") in edges
    assert {label for _, label, _ in edges} == {"class", "developer"}
    assert view.nodes[GAI + "GPT3"]["attributes"]["release year"] == ["2020"]
    assert all(d["kind"] != "literal" for _, d in view.nodes(data=True))
    tasks = to_networkx(ontology, "query", query="cq05-llm-tasks")  # ?useCase ?label: no self-label boxes
    assert tasks.number_of_edges() == 0 and tasks.number_of_nodes() == 5
    assert tasks.nodes[GAI + "Translation"]["label"] == "Translation"
    assert view.graph["title"] == "Query: cq10-example-models"
    with pytest.raises(KGError, match="the query view needs a query"):
        to_networkx(ontology, "query")


# --- the summary view of a generated catalogue --------------------------------------------------------


def test_summary_view_of_a_generated_catalogue() -> None:
    graph = kg.load("\n".join(catalogue_lines(300, seed=5)) + "\n", format="nt")
    view = to_networkx(graph, "summary")
    # an independent count, in Python, over every triple
    types: dict[str, set[str]] = {}
    # (subjects and objects are IRIs, blank nodes or literals here: the catalogue has no quoted triples)
    triples: list[tuple[Any, str, Any]] = [(t.subject, t.predicate.value, t.object) for t in graph.triples()]
    for s, p, o in triples:
        # (rdfs:Datatype: the ontology's declaration of xsd:date is vocabulary, not an instance)
        if p == RDF_TYPE and isinstance(o, ox.NamedNode) and not o.value.startswith((OWL, RDFS_DATATYPE)):
            types.setdefault(s.value, set()).add(o.value)
    instances = Counter(c for cs in types.values() for c in cs)
    annotation = {
        s.value for s, p, o in triples if p == RDF_TYPE and o == ox.NamedNode(OWL + "AnnotationProperty")
    }
    usage: Counter[tuple[str, str, str]] = Counter()
    for s, p, o in triples:
        if (
            p == RDF_TYPE
            or p in annotation
            or not isinstance(o, ox.NamedNode)
            # RDF, RDFS and OWL terms are structure; SKOS links between concepts are drawn
            or p.startswith(
                ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", OWL)
            )
        ):
            continue
        for c1 in types.get(s.value, ()):
            for c2 in types.get(o.value, ()):
                usage[(c1, p, c2)] += 1

    assert {n: d["count"] for n, d in view.nodes(data=True)} == dict(instances)
    assert all(d["kind"] == "class" for _, d in view.nodes(data=True))
    property_edges = {
        (u, d["iri"], v): d["weight"] for u, v, d in view.edges(data=True) if d["kind"] == "property"
    }
    assert property_edges == dict(usage)
    subclass = {(local(u), local(v)) for u, v, d in view.edges(data=True) if d["kind"] == "subclass"}
    assert subclass == {(s, o) for s, o in SUBCLASS_EDGES if GAI + s in instances and GAI + o in instances}
    llm = view.nodes[GAI + "LargeLanguageModel"]
    assert llm["label"] == "Large language model"
    assert llm["attributes"]["parameter count"] == [f"{instances[GAI + 'LargeLanguageModel']:,} values"]
    assert view.edges[GAI + "LargeLanguageModel", GAI + "Modality", GAI + "generatesModality"]["label"] == (
        "generates modality"
    )


def test_summary_reads_only_aggregates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary never brings the graph's edges into Python: the rows it reads do not grow with the data."""
    from kg import network_reader as network

    read: list[int] = []
    original = network._Reader.rows

    def counting(self: network._Reader, query: str, *, inferred: bool = False):  # type: ignore[no-untyped-def]
        for row in original(self, query, inferred=inferred):
            read.append(1)
            yield row

    monkeypatch.setattr(network._Reader, "rows", counting)
    sizes = []
    for models in (100, 2000):
        read.clear()
        to_networkx(kg.load("\n".join(catalogue_lines(models)) + "\n", format="nt"), "summary")
        sizes.append(len(read))
    assert sizes[1] < 1000
    assert sizes[1] <= sizes[0] * 2


# --- inferred edges, caps, determinism ----------------------------------------------------------------


def reasoned(*inferred: tuple[str, str, str]) -> kg.KnowledgeGraph:
    graph = kg.load()
    graph.store.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), kg.INFERRED) for s, p, o in inferred
    )
    graph.reasoned = "rl"
    return graph


def test_inferred_edges_are_marked() -> None:
    graph = reasoned(
        (GAI + "GPT3", GAI + "generatesModality", GAI + "Text"),
        (GAI + "GPT3", GAI + "hasModality", GAI + "Text"),  # implied by generatesModality: left out
        (GAI + "GPT3", GAI + "developedBy", GAI + "OpenAI"),  # asserted too: not inferred
        (GAI + "GPT3", RDF_TYPE, GAI + "GenerativeAI"),  # implied by LargeLanguageModel: left out
    )
    view = to_networkx(graph, "full")
    assert view.graph["inferred"] is True
    gpt3 = GAI + "GPT3"
    assert view.edges[gpt3, GAI + "Text", GAI + "generatesModality"]["inferred"] is True
    assert view.edges[gpt3, GAI + "OpenAI", GAI + "developedBy"]["inferred"] is False
    assert not view.has_edge(gpt3, GAI + "Text", GAI + "hasModality")
    assert not view.has_edge(gpt3, GAI + "GenerativeAI")
    everything = to_networkx(graph, "full", redundant=True)
    assert everything.edges[gpt3, GAI + "Text", GAI + "hasModality"]["inferred"] is True
    assert everything.edges[gpt3, GAI + "GenerativeAI", RDF_TYPE]["inferred"] is True
    asserted = to_networkx(graph, "full", inferred=False)
    assert not any(d["inferred"] for _, _, d in asserted.edges(data=True))
    assert not asserted.has_edge(gpt3, GAI + "Text")


def test_reasoner_inferences_are_drawn() -> None:
    graph = kg.load()
    graph.reason("rl")
    view = to_networkx(graph, "instances")
    assert view.edges[GAI + "GPT3", GAI + "Translation", GAI + "hasUseCase"]["inferred"] is True
    # a reasoner also states owl:Thing domains and the like: none of that is drawn
    schema = to_networkx(graph, "schema")
    assert not any(u.startswith(OWL) or v.startswith(OWL) for u, v in schema.edges())


def test_views_are_capped_with_a_message(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "instances", max_nodes=10)
    assert view.number_of_nodes() == 10
    assert view.graph["truncated"] is True
    assert view.graph["total_nodes"] == 126
    assert "Showing 10 of 126 nodes" in view.graph["message"]
    assert "--view summary" in view.graph["message"] and "--around IRI" in view.graph["message"]
    # the best connected nodes stay
    assert GAI + "TaskScheme" in view.nodes
    assert all(u in view.nodes and v in view.nodes for u, v in view.edges())


def test_views_are_deterministic() -> None:
    first, second = to_networkx(kg.load(), "full"), to_networkx(kg.load(), "full")
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))


def test_catalogue_instances_view() -> None:
    graph = kg.load("\n".join(catalogue_lines(50, seed=2)) + "\n", format="nt")
    view = to_networkx(graph, "instances")
    model = view.nodes[f"{CATALOGUE}model/0"]
    assert model["kind"] == "individual" and model["group"] == GAI + "AIModel"
    assert set(model["attributes"]) == {"parameter count", "release year"}
    assert any(v.startswith(f"{CATALOGUE}org/") for v in view.successors(f"{CATALOGUE}model/0"))


def test_malicious_labels_stay_data() -> None:
    graph = kg.load(DATA / "malicious-labels.ttl", ontology=False)
    view = to_networkx(graph, "full")
    labels = {d["label"] for _, d in view.nodes(data=True)}
    assert "<img src=x onerror=alert(1)>" in labels and "<script>alert(5)</script>" in labels


def test_describe_view(ontology: kg.KnowledgeGraph) -> None:
    view = result_to_networkx(ontology.query(f"DESCRIBE <{GAI}GPT3>"), graph=ontology)
    assert {local(v) for v in view.successors(GAI + "GPT3")} >= {"OpenAI", "LargeLanguageModel"}
    gpt3 = view.nodes[GAI + "GPT3"]
    assert gpt3["label"] == "GPT-3" and gpt3["attributes"]["release year"] == ["2020"]
    assert "source" not in gpt3["attributes"]  # IRIs are edges, not attributes
