"""The networkx views of kg.network: exact nodes and edges, query views, summaries, inferences, caps."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest

import kg
from kg import vocab
from kg.errors import KGError, QueryError, UnknownNameError
from kg.generate import CATALOGUE, catalogue_lines
from kg.network import result_to_networkx, to_networkx
from tests.helpers import DATA, GAI

#: The catalogue's IRIs, on which the ontology's example models and their developers live (v2).
CATALOGUE_IRI = vocab.GENAI_KG
GPT3 = CATALOGUE_IRI + "model/gpt-3-175b-davinci"
DALLE = CATALOGUE_IRI + "model/dall-e"
OPENAI = CATALOGUE_IRI + "org/openai"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OWL = "http://www.w3.org/2002/07/owl#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_DATATYPE = "http://www.w3.org/2000/01/rdf-schema#Datatype"


@pytest.fixture(scope="module")
def ontology() -> kg.KnowledgeGraph:
    return kg.load()


def local(iri: str) -> str:
    """The ontology's IRIs by their local name, the catalogue's by their path (model/…, org/…)."""
    if iri.startswith(GAI):
        return iri[len(GAI) :]
    return iri[len(CATALOGUE_IRI) :] if iri.startswith(CATALOGUE_IRI) else iri


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
    # v2: language models that do not generate, and the scale classes defined by the stated scale
    "LanguageModel",
    "EncoderOnlyLanguageModel",
    "LargeScaleModel",
    "ModerateScaleModel",
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
# the individuals that restrictions point at (owl:hasValue fillers of the definitions); v2 records the
# typical traits (use cases, training data, techniques) as annotations, which the schema view does not draw
SCHEMA_FILLERS = {
    "Text",
    "Image",
    "Music",
    "LargeScale",
    "ModerateScale",
}
# stated, or the named class of a definition's intersection (ImageGenerationModel ≡ GenerativeAI ⊓ …)
SUBCLASS_EDGES = {
    ("GenerativeAI", "AIModel"),
    ("LanguageModel", "AIModel"),
    ("ImageGenerationModel", "GenerativeAI"),
    ("MusicGenerationModel", "GenerativeAI"),
    ("LargeScaleModel", "AIModel"),
    ("ModerateScaleModel", "AIModel"),
    ("LargeLanguageModel", "GenerativeAI"),
    ("LargeLanguageModel", "LanguageModel"),
    ("EncoderOnlyLanguageModel", "LanguageModel"),
    ("TextTask", "UseCase"),
    ("CreativeApplication", "UseCase"),
}
RESTRICTION_EDGES = {
    # generative AI: an AI model that generates some modality (its definition)
    ("GenerativeAI", "generatesModality", "some", "Modality"),
    # the kinds of generative AI, by what they generate
    ("LargeLanguageModel", "generatesModality", "value", "Text"),
    ("ImageGenerationModel", "generatesModality", "value", "Image"),
    ("MusicGenerationModel", "generatesModality", "value", "Music"),
    # the scale classes, by the stated scale
    ("LargeScaleModel", "hasScale", "value", "LargeScale"),
    ("ModerateScaleModel", "hasScale", "value", "ModerateScale"),
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
    assert view.number_of_edges() == len(expected) == 32
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
    text = view.nodes[GAI + "Text"]  # a filler of the definitions
    assert text["group"] == GAI + "Modality"
    assert text["types"] == [f"{OWL}NamedIndividual", GAI + "Modality"]
    # datatype properties become attributes of their domain
    assert view.nodes[GAI + "AIModel"]["attributes"]["parameter count"] == ["integer"]
    assert view.graph["view"] == "schema"
    assert view.graph["labels"][GAI + "AIModel"] == "AI model"


def test_instance_view_has_individuals_and_object_property_edges_with_literals_as_attributes(
    ontology: kg.KnowledgeGraph,
) -> None:
    view = to_networkx(ontology, "instances")
    assert all(d["kind"] == "individual" for _, d in view.nodes(data=True))
    assert view.number_of_nodes() == 134
    models = {
        "model/gpt-3-175b-davinci",
        "model/dall-e",
        "model/jukebox",
        "model/stylegan",
        "model/bert-large",
    }
    assert {e for e in edge_set(view) if e[0] in models} == {
        ("model/gpt-3-175b-davinci", "property", "generatesModality", "", "Text"),
        ("model/gpt-3-175b-davinci", "property", "processesModality", "", "Text"),
        ("model/gpt-3-175b-davinci", "property", "developedBy", "", "org/openai"),
        ("model/gpt-3-175b-davinci", "property", "hasScale", "", "LargeScale"),
        ("model/dall-e", "property", "generatesModality", "", "Image"),
        ("model/dall-e", "property", "processesModality", "", "Text"),
        ("model/dall-e", "property", "developedBy", "", "org/openai"),
        ("model/dall-e", "property", "hasScale", "", "LargeScale"),
        ("model/jukebox", "property", "generatesModality", "", "Music"),
        ("model/jukebox", "property", "developedBy", "", "org/openai"),
        ("model/stylegan", "property", "generatesModality", "", "Image"),
        ("model/stylegan", "property", "developedBy", "", "org/nvidia"),
        ("model/stylegan", "property", "hasScale", "", "ModerateScale"),
        ("model/bert-large", "property", "processesModality", "", "Text"),
        ("model/bert-large", "property", "developedBy", "", "org/google"),
        ("model/bert-large", "property", "hasScale", "", "ModerateScale"),
    }
    # the rest are the links of the controlled vocabularies (SKOS broader, in scheme, top concept of)
    vocabulary = {e[2] for e in edge_set(view) if e[0] not in models}
    assert vocabulary == {
        f"http://www.w3.org/2004/02/skos/core#{p}" for p in ("broader", "inScheme", "topConceptOf")
    }
    gpt3 = view.nodes[GPT3]
    assert gpt3["label"] == "GPT-3 175B (davinci)"
    assert sorted(gpt3["attributes"]["alt label"]) == ["GPT-3", "Generative Pre-trained Transformer 3"]
    # the paper's figure: gai:reportedParameterCount, a sub-property of gai:parameterCount
    assert gpt3["attributes"]["reported parameter count"] == ["175000000000"]
    assert gpt3["attributes"]["release year"] == ["2020"]
    assert gpt3["group"] == GAI + "AIModel"
    # the v1 name stays, deprecated, with no type and no facts: an individual with no group and no edge
    v1 = view.nodes[GAI + "GPT3"]
    assert (v1["label"], v1["group"], v1["attributes"]) == ("GPT-3 (v1 name)", "", {"deprecated": ["true"]})
    assert view.degree(GAI + "GPT3") == 0
    assert not any(d["kind"] == "literal" for _, d in view.nodes(data=True))


def test_full_view_joins_schema_and_instances_with_type_edges(ontology: kg.KnowledgeGraph) -> None:
    full = to_networkx(ontology, "full")
    schema, instances = to_networkx(ontology, "schema"), to_networkx(ontology, "instances")
    assert set(full.nodes) == set(schema.nodes) | set(instances.nodes)
    types = {(local(u), local(v)) for u, v, d in full.edges(data=True) if d["kind"] == "type"}
    # v2 asserts only AIModel of a generative example model: its kinds are left to a reasoner
    assert ("model/gpt-3-175b-davinci", "AIModel") in types
    assert ("model/bert-large", "EncoderOnlyLanguageModel") in types
    assert ("org/openai", "Organization") in types
    assert ("Translation", "TextTask") in types
    # one asserted class per individual, but for the deprecated v1 names, which have none
    assert Counter(s for s, _ in types).most_common(1)[0][1] == 1
    untyped = {local(n) for n in instances.nodes} - {s for s, _ in types}
    v1_names = {"GPT3", "DALLE", "StyleGAN", "Jukebox", "OpenAI", "NVIDIA"}
    assert {"GPT3", "DALLE", "StyleGAN", "Jukebox"} <= untyped <= v1_names
    assert len(types) == instances.number_of_nodes() - len(untyped)
    assert edge_set(full) == edge_set(schema) | edge_set(instances) | {
        (s, "type", RDF_TYPE, "", o) for s, o in types
    }


def test_neighbourhood_view(ontology: kg.KnowledgeGraph) -> None:
    one = to_networkx(ontology, "neighbourhood", around=GPT3, hops=1)
    assert {local(n) for n in one.nodes} == {
        "model/gpt-3-175b-davinci",
        "AIModel",
        "org/openai",
        "Text",
        "LargeScale",
    }
    assert one.nodes[GPT3]["distance"] == 0
    assert one.graph["title"] == "GPT-3 175B (davinci): 1-step neighbourhood"
    two = to_networkx(ontology, "neighborhood", around=f"<{GPT3}>", hops=2)
    names = {local(n) for n in two.nodes}
    assert {"model/dall-e", "model/jukebox", "model/stylegan", "GenerativeAI", "ModalityScheme"} <= names
    assert "Translation" not in names  # no use case is stated on a model: a task is further away
    # edges among the nodes at the boundary are there too (as in networkx's ego_graph)
    assert two.has_edge(DALLE, GAI + "Text")
    assert to_networkx(ontology, "neighbourhood", around=GPT3, hops=0).number_of_nodes() == 1
    # the deprecated v1 name is a node of its own, with no edge drawn
    assert {local(n) for n in to_networkx(ontology, "neighbourhood", around="gai:GPT3", hops=1).nodes} == {
        "GPT3"
    }


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
        ("model/gpt-3-175b-davinci", "property", "developedBy", "", "org/openai"),
        ("model/dall-e", "property", "developedBy", "", "org/openai"),
        ("model/jukebox", "property", "developedBy", "", "org/openai"),
        ("model/stylegan", "property", "developedBy", "", "org/nvidia"),
        ("model/bert-large", "property", "developedBy", "", "org/google"),
    }
    assert view.nodes[OPENAI]["label"] == "OpenAI"
    assert view.nodes[OPENAI]["definition"].startswith("An artificial-intelligence research company")
    assert view.graph["query"] == DEVELOPERS


def test_select_view_with_chosen_variables_and_literal_targets(ontology: kg.KnowledgeGraph) -> None:
    query = f"SELECT ?year ?model ?name WHERE {{ ?model <{GAI}releaseYear> ?year ; <{LABEL}> ?name }}"
    view = result_to_networkx(
        ontology.query(query), graph=ontology, source="?model", edge="name", target="year"
    )
    edges = {(local(u), d["label"], v) for u, v, d in view.edges(data=True)}
    year = '"2020"^^<http://www.w3.org/2001/XMLSchema#integer>'
    gpt3 = ("model/gpt-3-175b-davinci", "GPT-3 175B (davinci)", year)
    assert (gpt3 in edges) and (("model/jukebox", "Jukebox", year) in edges)
    assert view.nodes[year]["kind"] == "literal" and view.nodes[year]["label"] == "2020"
    assert all(d["kind"] == "link" for _, _, d in view.edges(data=True))
    two = result_to_networkx(
        ontology.query(f"SELECT ?m ?o WHERE {{ ?m <{GAI}developedBy> ?o }}"), graph=ontology
    )
    assert {(local(u), local(v), d["label"]) for u, v, d in two.edges(data=True)} == {
        ("model/gpt-3-175b-davinci", "org/openai", ""),
        ("model/dall-e", "org/openai", ""),
        ("model/jukebox", "org/openai", ""),
        ("model/stylegan", "org/nvidia", ""),
        ("model/bert-large", "org/google", ""),
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
        ("model/gpt-3-175b-davinci", "property", "developedBy", "", "org/openai"),
        ("model/dall-e", "property", "developedBy", "", "org/openai"),
        ("model/jukebox", "property", "developedBy", "", "org/openai"),
        ("model/stylegan", "property", "developedBy", "", "org/nvidia"),
        ("model/bert-large", "property", "developedBy", "", "org/google"),
        # the asserted classes: the kinds of generative AI are left to a reasoner (v2)
        ("model/gpt-3-175b-davinci", "type", RDF_TYPE, "", "AIModel"),
        ("model/dall-e", "type", RDF_TYPE, "", "AIModel"),
        ("model/jukebox", "type", RDF_TYPE, "", "AIModel"),
        ("model/stylegan", "type", RDF_TYPE, "", "AIModel"),
        ("model/bert-large", "type", RDF_TYPE, "", "EncoderOnlyLanguageModel"),
    }
    gpt3 = view.nodes[GPT3]
    assert (gpt3["label"], gpt3["attributes"], gpt3["kind"]) == (
        "GPT-3 175B (davinci)",
        {"release year": ["2020"]},
        "individual",
    )
    assert view.nodes[OPENAI]["label"] == "openai"  # the IRI's last segment: the result has no label for it
    assert view.nodes[GAI + "EncoderOnlyLanguageModel"]["kind"] == "class"


def test_ask_has_no_graph(ontology: kg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="an ASK result has no graph to draw"):
        result_to_networkx(ontology.query("ASK {}"))


def test_query_view_from_the_graph_by_name(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "query", query="cq10-example-models")
    # the answer drawn (issue 13): each model links to its class and developer by edges named after the
    # variables, the year is an attribute of the model, and no literal is a node
    edges = {(local(u), d["label"], local(v)) for u, v, d in view.edges(data=True)}
    # over the asserted graph only BERT-Large has its kind stated (the others' kinds need a reasoner)
    assert edges == {
        ("model/bert-large", "class", "EncoderOnlyLanguageModel"),
        ("model/bert-large", "developer", "org/google"),
    }
    assert view.nodes[CATALOGUE_IRI + "model/bert-large"]["attributes"]["release year"] == ["2018"]
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
        (GPT3, GAI + "hasUseCase", GAI + "Translation"),
        (GPT3, GAI + "hasModality", GAI + "Text"),  # implied by generatesModality: left out
        (GPT3, GAI + "developedBy", OPENAI),  # asserted too: not inferred
        (GPT3, RDF_TYPE, GAI + "LargeLanguageModel"),
        (GPT3, RDF_TYPE, GAI + "GenerativeAI"),  # implied by LargeLanguageModel: left out
    )
    view = to_networkx(graph, "full")
    assert view.graph["inferred"] is True
    assert view.edges[GPT3, GAI + "Translation", GAI + "hasUseCase"]["inferred"] is True
    assert view.edges[GPT3, GAI + "LargeLanguageModel", RDF_TYPE]["inferred"] is True
    assert view.edges[GPT3, GAI + "Text", GAI + "generatesModality"]["inferred"] is False
    assert view.edges[GPT3, OPENAI, GAI + "developedBy"]["inferred"] is False
    assert not view.has_edge(GPT3, GAI + "Text", GAI + "hasModality")
    assert not view.has_edge(GPT3, GAI + "GenerativeAI")
    everything = to_networkx(graph, "full", redundant=True)
    assert everything.edges[GPT3, GAI + "Text", GAI + "hasModality"]["inferred"] is True
    assert everything.edges[GPT3, GAI + "GenerativeAI", RDF_TYPE]["inferred"] is True
    asserted = to_networkx(graph, "full", inferred=False)
    assert not any(d["inferred"] for _, _, d in asserted.edges(data=True))
    assert not asserted.has_edge(GPT3, GAI + "Translation")
    assert not asserted.has_edge(GPT3, GAI + "LargeLanguageModel")


def test_reasoner_inferences_are_drawn() -> None:
    graph = kg.load()
    graph.reason("rl")
    # OWL RL classifies the example models by what they generate (never as LLMs: no datatype facets)
    view = to_networkx(graph, "full")
    assert view.edges[DALLE, GAI + "ImageGenerationModel", RDF_TYPE]["inferred"] is True
    assert (
        view.edges[CATALOGUE_IRI + "model/jukebox", GAI + "MusicGenerationModel", RDF_TYPE]["inferred"]
        is True
    )
    assert view.edges[GPT3, GAI + "GenerativeAI", RDF_TYPE]["inferred"] is True
    assert not view.has_edge(GPT3, GAI + "LargeLanguageModel")
    # the asserted type stays, not inferred
    assert view.edges[GPT3, GAI + "AIModel", RDF_TYPE]["inferred"] is False
    # a reasoner also states owl:Thing domains and the like: none of that is drawn
    schema = to_networkx(graph, "schema")
    assert not any(u.startswith(OWL) or v.startswith(OWL) for u, v in schema.edges())


def test_views_are_capped_with_a_message(ontology: kg.KnowledgeGraph) -> None:
    view = to_networkx(ontology, "instances", max_nodes=10)
    assert view.number_of_nodes() == 10
    assert view.graph["truncated"] is True
    assert view.graph["total_nodes"] == 134
    assert "Showing 10 of 134 nodes" in view.graph["message"]
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
    view = result_to_networkx(ontology.query(f"DESCRIBE <{GPT3}>"), graph=ontology)
    assert {local(v) for v in view.successors(GPT3)} >= {"org/openai", "AIModel", "Text", "LargeScale"}
    assert "https://arxiv.org/abs/2005.14165" in set(view.successors(GPT3))  # dcterms:source
    gpt3 = view.nodes[GPT3]
    assert gpt3["label"] == "GPT-3 175B (davinci)" and gpt3["attributes"]["release year"] == ["2020"]
    assert "source" not in gpt3["attributes"]  # IRIs are edges, not attributes


def test_a_dropped_view_is_freed_by_the_next_build(ontology: kg.KnowledgeGraph) -> None:
    # a networkx graph is a reference cycle once its views are used: only the collector frees it, and
    # builds pause the collector; the next build must not keep the last one alive
    import weakref

    view = to_networkx(ontology, "full")
    assert view.number_of_edges() > 0  # (this makes the cycle: the cached degree view refers to the graph)
    dropped = weakref.ref(view)
    del view
    to_networkx(ontology, "schema")
    assert dropped() is None


# a local store's views read its quads; an endpoint's, SPARQL answers: both give the same view, with
# named graphs (a triple in two of them), an annotation property, a literal as a type, blank nodes
TWO_WAYS = """@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<urn:a> <urn:p> <urn:b>, <urn:a> ; <urn:q> "x", "y"@en ; <urn:note> "n"@en, <urn:c> ;
  owl:versionInfo "1.0" ; rdfs:label "A" .
<urn:note> a owl:AnnotationProperty .
_:b1 <urn:p> <urn:a> ; a "literal type" .
<urn:d> a _:b2 .
<urn:C> a owl:Class, <urn:Meta> .
<urn:g1> { <urn:a> <urn:p> <urn:b> ; <urn:q> "x" . }
<urn:g2> { <urn:a> a <urn:C> . }
"""


@pytest.mark.parametrize("view", ["full", "instances"])
def test_quads_and_queries_give_the_same_view(monkeypatch: pytest.MonkeyPatch, view: str) -> None:
    from kg.network_reader import _Reader

    graph = kg.load(TWO_WAYS, format="trig", ontology=False)
    graph.reason("rl")

    def drawn() -> list[Any]:
        built = to_networkx(graph, view, max_nodes=None)
        return [sorted(built.nodes(data=True)), list(built.edges(keys=True, data=True)), built.graph]

    read_from_quads = drawn()
    monkeypatch.setattr(_Reader, "local_graphs", lambda self, inferred=False: None)  # as an endpoint
    assert drawn() == read_from_quads
    nodes = dict(read_from_quads[0])
    assert nodes["urn:a"]["attributes"] == {"q": ["x", "x", "y"], "version info": ["1.0"], "note": ["n"]}
    assert "urn:d" not in nodes  # typed by a blank node only: no individual


def test_typed_blank_nodes_are_drawn() -> None:
    graph = kg.load("_:x a <urn:C> ; <urn:p> <urn:y> .", format="turtle", ontology=False)
    view = to_networkx(graph, "instances")
    (blank,) = [n for n, d in view.nodes(data=True) if d["kind"] == "blank"]
    assert blank.startswith("_:") and view.has_edge(blank, "urn:y", "urn:p")
    assert to_networkx(graph, "full").has_edge(blank, "urn:C", RDF_TYPE)
