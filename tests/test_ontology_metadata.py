"""The ontology's publishing metadata, as the Protégé release (ontology/genai.owl) carries it: typed
dates, creator and publisher as an IRI with a label, modified date, prior version, further reading, a
citation, and the article-paragraph provenance of each core term as annotations (issue 15, point 7)."""

from __future__ import annotations

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDFS, XSD

from tests.helpers import GAI, ONTOLOGY_IRI, RELEASE

ARTICLE = "https://w3id.org/genai-kg/ontology/source-article"


def release() -> rdflib.Graph:
    return rdflib.Graph().parse(RELEASE)


def test_the_header_has_typed_dates_agents_versions_and_references() -> None:
    graph = release()
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert graph.value(onto, DCTERMS.created) == rdflib.Literal("2026-11-28", datatype=XSD.date)
    assert graph.value(onto, DCTERMS.modified).datatype == XSD.date  # type: ignore[union-attr]
    assert graph.value(onto, OWL.priorVersion) == rdflib.URIRef(f"{ONTOLOGY_IRI}/1.0.0")
    for agent in (graph.value(onto, DCTERMS.creator), graph.value(onto, DCTERMS.publisher)):
        assert isinstance(agent, rdflib.URIRef)
        assert str(graph.value(agent, RDFS.label)) == "genai-kg contributors"
    assert set(graph.objects(onto, RDFS.seeAlso)) >= {
        rdflib.URIRef("http://dbpedia.org/resource/Large_language_model"),
        rdflib.URIRef("http://dbpedia.org/resource/Generative_artificial_intelligence"),
    }
    assert graph.value(onto, RDFS.comment) is not None
    assert "2.0.0" in str(graph.value(onto, DCTERMS.bibliographicCitation))
    assert graph.value(onto, DCTERMS.source) == rdflib.URIRef(ARTICLE)


def test_the_article_provenance_survives_into_the_release() -> None:
    graph = release()
    paragraphs = {
        str(graph.value(p, RDFS.label))
        for p in graph.objects(rdflib.URIRef(GAI + "LargeLanguageModel"), DCTERMS.source)
    }
    assert paragraphs == {f"¶{n} of the source article" for n in (3, 4, 5, 6, 8)}
    for n in range(1, 9):
        assert (rdflib.URIRef(f"{ARTICLE}#p{n}"), DCTERMS.isPartOf, rdflib.URIRef(ARTICLE)) in graph
    # every core class of version 1 says which paragraphs it rests on
    core = ["AIModel", "GenerativeAI", "LargeLanguageModel", "ImageGenerationModel", "MusicGenerationModel",
            "Modality", "Scale", "TrainingData", "UseCase", "TextTask", "CreativeApplication", "Technique",
            "Organization"]  # fmt: skip
    assert [c for c in core if graph.value(rdflib.URIRef(GAI + c), DCTERMS.source) is None] == []
