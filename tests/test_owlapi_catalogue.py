"""The Protégé release of ontology + catalogue (ontology/catalogue/epoch-ai.owl) in the OWL API.

The release imports the GenAI ontology through ontology/catalogue/catalog-v001.xml. The checker loads one
document with imports ignored, so the check runs on both releases merged into one RDF/XML document (what
Protégé sees once the import is resolved): it loads with no parser complaint, no unparsed triple, no
undeclared or punned entity, and no OWL 2 DL violation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL

from tests.test_owlapi import Checker, checker, every, one  # noqa: F401 - the compiled checker, a fixture

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "ontology" / "genai.owl"
CATALOGUE = ROOT / "ontology" / "catalogue" / "epoch-ai.owl"
CATALOG = ROOT / "ontology" / "catalogue" / "catalog-v001.xml"
CATALOGUE_IRI = "https://w3id.org/genai-kg/catalogue/epoch-ai"

pytestmark = pytest.mark.java


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = rdflib.Graph().parse(CATALOGUE, format="xml")
    ontology = rdflib.Graph().parse(RELEASE, format="xml")
    for triple in ontology:
        if triple[0] != rdflib.URIRef("https://w3id.org/genai-kg/ontology"):  # one header: the catalogue's
            graph.add(triple)
    graph.remove((None, OWL.imports, None))
    path = tmp_path_factory.mktemp("owlapi-catalogue") / "genai-and-epoch-ai.owl"
    graph.serialize(path, format="xml")
    return path


def test_the_release_imports_the_ontology_through_its_catalog() -> None:
    release = rdflib.Graph().parse(CATALOGUE, format="xml")
    assert (
        rdflib.URIRef(CATALOGUE_IRI),
        OWL.imports,
        rdflib.URIRef("https://w3id.org/genai-kg/ontology"),
    ) in release
    text = CATALOG.read_text(encoding="utf-8")
    assert 'name="https://w3id.org/genai-kg/ontology" uri="../genai.owl"' in text
    assert (CATALOG.parent / "../genai.owl").resolve() == RELEASE.resolve()


def test_ontology_and_catalogue_load_cleanly_in_owl_2_dl(
    checker: Checker,  # noqa: F811 - the fixture imported above
    merged: Path,
) -> None:
    status, records = checker(merged)
    found = records[str(merged)]
    load = one(found, "load")
    assert load["ok"] is True and load["ontologyIri"] == CATALOGUE_IRI
    for kind in ("parser-log", "unparsed", "guessed", "undeclared", "punning", "profile"):
        assert every(found, kind) == [], kind
    assert one(found, "counts")["individuals"] > 976 + 300  # models, organisations, countries, datasets
    # gai:releaseDate is an annotation property, so its xsd:date values (outside the OWL 2 datatype
    # map) are no OWL 2 DL violation: before, as a data property, it gave 976, one per model
    assert one(found, "summary")["clean"] is True
    assert status == 0
