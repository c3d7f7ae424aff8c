"""Does the ontology load in the OWL API, the library Protégé is built on, without any complaint?

tests/owlapi/ProtegeLoadCheck.java is compiled against Debian's OWL API 5 (``libowlapi-java``) and run
on the release ``ontology/genai.owl`` and on an RDF/XML copy of the Turtle source made here. It prints
JSON lines (see its class comment); the tests assert on them. Without Java or the jars the tests are
skipped, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
import rdflib

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
RELEASE = ROOT / "ontology" / "genai.owl"
CATALOG = ROOT / "ontology" / "catalog-v001.xml"
CHECKER = ROOT / "tests" / "owlapi" / "ProtegeLoadCheck.java"
FIXTURES = ROOT / "tests" / "owlapi" / "fixtures"
ONTOLOGY_IRI = "https://w3id.org/genai-kg/ontology"
VERSION_IRI = "https://w3id.org/genai-kg/ontology/2.0.0"

JAVA_DIR = Path("/usr/share/java")
# The OWL API 5 distribution jar and the libraries it needs at run time (Debian package names).
JARS = [
    "owlapi-osgidistribution",
    "guava", "caffeine", "commons-io", "commons-codec", "commons-logging", "commons-rdf-api",
    "commons-rdf-simple", "jsr305", "atinject-jsr330-api", "hppcrt", "jackson-core", "jackson-databind",
    "jackson-annotations", "xz", "httpclient", "httpclient-cache", "httpcore", "jsonld-java",
    "slf4j-api", "slf4j-simple",
    "rdf4j-model", "rdf4j-model-api", "rdf4j-model-vocabulary", "rdf4j-util", "rdf4j-rio-api",
    "rdf4j-rio-datatypes", "rdf4j-rio-languages", "rdf4j-rio-turtle", "rdf4j-rio-rdfxml",
    "rdf4j-rio-ntriples", "rdf4j-rio-nquads", "rdf4j-rio-trig", "rdf4j-rio-jsonld", "rdf4j-rio-n3",
    "rdf4j-rio-trix", "rdf4j-rio-binary", "rdf4j-rio-rdfjson", "rdf4j-query",
]  # fmt: skip

pytestmark = pytest.mark.java

Checker = Callable[..., tuple[int, dict[str, list[dict[str, Any]]]]]


def _unavailable(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: install a JDK and libowlapi-java)")
    pytest.skip(message)


def owlapi_classpath() -> str:
    missing = [name for name in JARS if not (JAVA_DIR / f"{name}.jar").is_file()]
    if missing:
        _unavailable(f"OWL API jars missing from {JAVA_DIR}: {', '.join(missing)}")
    return os.pathsep.join(str(JAVA_DIR / f"{name}.jar") for name in JARS)


@pytest.fixture(scope="session")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    """Compile the checker once; return a function that runs it on files and groups its records by file."""
    javac, java = shutil.which("javac"), shutil.which("java")
    if javac is None or java is None:
        _unavailable("javac and java are needed for the OWL API check")
    classpath = owlapi_classpath()
    classes = tmp_path_factory.mktemp("owlapi-classes")
    compiled = subprocess.run(
        [javac, "-nowarn", "-encoding", "UTF-8", "-d", str(classes), "-cp", classpath, str(CHECKER)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compiled.returncode == 0, compiled.stderr

    def run(*files: Path) -> tuple[int, dict[str, list[dict[str, Any]]]]:
        done = subprocess.run(
            [java, "-cp", os.pathsep.join([str(classes), classpath]), "ProtegeLoadCheck", *map(str, files)],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        records: dict[str, list[dict[str, Any]]] = {str(f): [] for f in files}
        for line in done.stdout.splitlines():
            record = json.loads(line)
            records[record["file"]].append(record)
        return done.returncode, records

    return run


def one(records: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [r for r in records if r["record"] == kind]
    assert len(found) == 1, (kind, records)
    return found[0]


def every(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in records if r["record"] == kind]


@pytest.fixture(scope="session")
def source_as_rdfxml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Turtle source as RDF/XML, written by rdflib's plain ``xml`` serializer (not ``pretty-xml``,
    which can drop rdf:List content)."""
    path = tmp_path_factory.mktemp("owlapi-source") / "genai.owl"
    rdflib.Graph().parse(ONTOLOGY).serialize(path, format="xml")
    return path


def release() -> Path:
    if not RELEASE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("ontology/genai.owl is missing: run `kg build`")
        pytest.skip("ontology/genai.owl has not been built yet (`kg build`)")
    return RELEASE


def assert_loads_cleanly(records: list[dict[str, Any]]) -> None:
    load = one(records, "load")
    assert load["ok"] is True
    assert load["format"] == "RDF/XML Syntax"
    assert load["ontologyIri"] == ONTOLOGY_IRI
    assert load["versionIri"] == VERSION_IRI
    for kind in ("parser-log", "unparsed", "guessed", "undeclared", "punning", "profile"):
        assert every(records, kind) == [], kind
    summary = one(records, "summary")
    assert summary["clean"] is True
    counts = one(records, "counts")
    assert {k: counts[k] for k in ("classes", "objectProperties", "dataProperties", "individuals")} == {
        "classes": 19,
        "objectProperties": 18,
        "dataProperties": 5,
        "individuals": 126,
    }
    # dcterms: 12 (with the publishing metadata's bibliographicCitation, subject, isPartOf), skos: 3,
    # vann: 2, and the built-ins rdfs:label, rdfs:comment, rdfs:seeAlso, rdfs:isDefinedBy,
    # owl:versionInfo, owl:priorVersion
    assert counts["annotationProperties"] == 23
    # the parser read every triple of the source
    assert counts["triples"] == len(rdflib.Graph().parse(ONTOLOGY))


def test_source_loads_cleanly_in_the_owlapi(checker: Checker, source_as_rdfxml: Path) -> None:
    status, records = checker(source_as_rdfxml)
    assert_loads_cleanly(records[str(source_as_rdfxml)])
    assert status == 0


def test_release_loads_cleanly_in_the_owlapi(checker: Checker) -> None:
    path = release()
    status, records = checker(path)
    assert_loads_cleanly(records[str(path)])
    assert status == 0


# ---------------------------------------------------------------------------------------------------
# the checker finds what it is meant to find


def test_checker_reports_undeclared_entities(checker: Checker) -> None:
    path = FIXTURES / "undeclared.ttl"
    status, records = checker(path)
    found = records[str(path)]
    assert {(r["iri"], r["kind"]) for r in every(found, "undeclared")} == {
        ("https://example.org/owlapi-undeclared#UndeclaredThing", "Class"),
        ("https://example.org/owlapi-undeclared#undeclaredNote", "AnnotationProperty"),
    }
    assert {(r["kind"], tuple(r["iris"])) for r in every(found, "profile")} == {
        ("UseOfUndeclaredClass", ("https://example.org/owlapi-undeclared#UndeclaredThing",)),
        ("UseOfUndeclaredAnnotationProperty", ("https://example.org/owlapi-undeclared#undeclaredNote",)),
    }
    assert one(found, "summary")["clean"] is False
    assert status == 2


def test_checker_reports_punning(checker: Checker) -> None:
    path = FIXTURES / "punning.ttl"
    status, records = checker(path)
    found = records[str(path)]
    assert [(r["iri"], r["kinds"]) for r in every(found, "punning")] == [
        ("https://example.org/owlapi-punning#size", ["DataProperty", "ObjectProperty"])
    ]
    # the OWL API itself warns about the illegal redeclaration
    assert any("punning" in r["message"] for r in every(found, "parser-log"))
    assert status == 2


def test_checker_reports_profile_violations(checker: Checker) -> None:
    path = FIXTURES / "not-dl.ttl"
    status, records = checker(path)
    found = records[str(path)]
    assert [(r["profile"], r["kind"], r["iris"]) for r in every(found, "profile")] == [
        (
            "OWL 2 DL",
            "UseOfNonSimplePropertyInCardinalityRestriction",
            ["https://example.org/owlapi-not-dl#partOf"],
        )
    ]
    assert status == 2


def test_checker_reports_parser_errors(checker: Checker) -> None:
    path = FIXTURES / "broken-restriction.ttl"
    status, records = checker(path)
    found = records[str(path)]
    assert one(found, "load")["ok"] is True
    assert any("not properly recognized" in r["message"] for r in every(found, "parser-log"))
    assert status == 2


def test_checker_reports_a_file_it_cannot_load(checker: Checker) -> None:
    good, bad = FIXTURES / "punning.ttl", FIXTURES / "not-rdf.owl"
    status, records = checker(good, bad)
    load = one(records[str(bad)], "load")
    assert load["ok"] is False
    assert "UnparsableOntologyException" in load["error"]
    assert one(records[str(bad)], "summary")["loaded"] is False
    assert one(records[str(good)], "load")["ok"] is True  # one bad file does not stop the others
    assert status == 1


# ---------------------------------------------------------------------------------------------------
# Protégé catalog and owlready2


def test_catalog_maps_both_iris_to_the_release() -> None:
    namespace = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    root = ET.parse(CATALOG).getroot()
    assert root.tag == f"{namespace}catalog"
    mapping = {uri.get("name"): uri.get("uri") for uri in root.iter(f"{namespace}uri")}
    assert mapping == {ONTOLOGY_IRI: "genai.owl", VERSION_IRI: "genai.owl"}
    source = rdflib.Graph().parse(ONTOLOGY)
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionIRI, rdflib.URIRef(VERSION_IRI)) in source


@pytest.mark.parametrize("which", ["source", "release"])
def test_loads_in_owlready2(which: str, source_as_rdfxml: Path) -> None:
    import owlready2

    path = source_as_rdfxml if which == "source" else release()
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    assert ontology.base_iri == "https://w3id.org/genai-kg/ontology#"
    assert len(list(ontology.classes())) == 19
    assert len(list(ontology.object_properties())) == 18
    assert len(list(ontology.data_properties())) == 5
    assert len(list(ontology.individuals())) == 126
