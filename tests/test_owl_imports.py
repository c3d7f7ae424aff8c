"""owl:imports followed offline through Protégé's catalog (kg.imports), in kg.load, kg info, kg validate
and kg reason.

The fixture tests/data/imports/ is two ontologies and a catalog: pets.ttl imports
<https://example.org/animals>, which catalog-v001.xml (in a group with xml:base="lib/") maps to
lib/animals.ttl. No test reaches the network: the one remote import is served on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import SourceError
from kg.imports import read_catalog
from tests.helpers import DATA, run_kg

FIXTURE = DATA / "imports"
PETS = FIXTURE / "pets.ttl"
ANIMALS = FIXTURE / "lib" / "animals.ttl"
ANIMALS_IRI = "https://example.org/animals"
PETS_IRI = "https://example.org/pets"
REX_IS_AN_ANIMAL = "ASK { <https://example.org/pets#rex> a <https://example.org/animals#Animal> }"
MISSING = (
    f"Warning: owl:imports <{ANIMALS_IRI}> (of <{PETS_IRI}>) not loaded: no catalog-v001.xml beside the "
    "sources maps it; give --allow-remote to fetch it\n"
)


@pytest.fixture
def without_catalog(tmp_path: Path) -> Path:
    """The fixture copied with its catalog removed: the import cannot be found offline."""
    shutil.copytree(FIXTURE, tmp_path / "imports")
    (tmp_path / "imports" / "catalog-v001.xml").unlink()
    return tmp_path / "imports" / "pets.ttl"


def test_the_catalog_is_read_as_protege_writes_it() -> None:
    assert read_catalog(FIXTURE / "catalog-v001.xml") == {
        ANIMALS_IRI: ANIMALS.resolve(),
        f"{ANIMALS_IRI}/1.0": ANIMALS.resolve(),
    }


def test_a_broken_catalog_is_an_error_with_its_position(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog-v001.xml"
    catalog.write_text('<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n<uri name="x"\n')
    with pytest.raises(SourceError) as caught:
        read_catalog(catalog)
    assert caught.value.path == str(catalog) and caught.value.line == 2
    assert str(caught.value) == f"{catalog}:2:1: not a well-formed XML catalog: unclosed token"


def test_load_follows_the_import_through_the_catalog() -> None:
    graph = kg.load(PETS, ontology=False)
    [imported] = graph.imports
    assert (imported.iri, imported.importer, imported.status, imported.via) == (
        ANIMALS_IRI, PETS_IRI, "loaded", "catalog",
    )  # fmt: skip
    assert imported.location == str(ANIMALS.resolve())
    assert [o.iri for o in graph.summary().ontologies] == [ANIMALS_IRI, PETS_IRI]
    assert graph.sources == [str(PETS), str(ANIMALS.resolve())]


def test_imports_can_be_left_alone() -> None:
    graph = kg.load(PETS, ontology=False, imports=False)
    assert graph.imports == [] and graph.sources == [str(PETS)]


def test_a_relative_import_is_a_local_file(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    shutil.copy(ANIMALS, tmp_path / "lib" / "animals.ttl")
    main = tmp_path / "main.ttl"
    main.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/main> a owl:Ontology ; owl:imports <lib/animals.ttl> .\n"
    )
    graph = kg.load(main, ontology=False)
    assert [(i.status, i.via) for i in graph.imports] == [("loaded", "file")]
    assert ANIMALS_IRI in [o.iri for o in graph.summary().ontologies]


def test_an_import_already_loaded_is_not_loaded_again() -> None:
    graph = kg.load(ANIMALS, PETS, ontology=False)
    assert [(i.iri, i.status) for i in graph.imports] == [(ANIMALS_IRI, "present")]
    assert len(graph.sources) == 2


def test_kg_info_shows_the_closure() -> None:
    result = run_kg("info", "--no-ontology", str(PETS))
    assert result.exit_code == 0 and result.stderr == ""
    assert f"imports:     <{ANIMALS_IRI}> {ANIMALS.resolve()} (catalog)\n" in result.stdout
    assert "classes:     4\n" in result.stdout  # Dog, and Animal, Mammal and Plant from the import


def test_the_fixture_validates_offline() -> None:
    result = run_kg("validate", "--no-ontology", str(PETS), "--format", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["conforms"], report["findings"]) == (0, True, [])
    assert report["sources"] == [str(PETS), str(ANIMALS.resolve())]
    assert [(i["iri"], i["status"], i["via"]) for i in report["imports"]] == [
        (ANIMALS_IRI, "loaded", "catalog")
    ]


@pytest.mark.java
def test_the_fixture_reasons_offline() -> None:
    report = kg.load(PETS, ontology=False).reason("dl")
    assert report.consistent and report.warnings == []
    result = run_kg("reason", "--no-ontology", str(PETS))
    assert result.exit_code == 0, result.stderr
    assert ":rex a animals:Animal" in result.stdout  # needs the imported axiom Mammal ⊑ Animal


def test_without_the_catalog_every_command_names_the_missing_import(without_catalog: Path) -> None:
    graph = kg.load(without_catalog, ontology=False)
    assert [(i.iri, i.status) for i in graph.imports] == [(ANIMALS_IRI, "missing")]
    assert graph.query(REX_IS_AN_ANIMAL).boolean is False
    info = run_kg("info", "--no-ontology", str(without_catalog))
    assert info.exit_code == 0 and info.stderr == MISSING
    assert f"imports:     <{ANIMALS_IRI}> MISSING: no catalog-v001.xml" in info.stdout
    validated = run_kg("validate", "--no-ontology", str(without_catalog))
    assert validated.exit_code == 1  # the terms of the missing import are undeclared: errors
    assert f"warning [imports] <{ANIMALS_IRI}>: owl:imports <{ANIMALS_IRI}> (of <{PETS_IRI}>) not loaded" in (
        validated.stdout
    )


@pytest.mark.java
def test_without_the_catalog_kg_reason_says_what_it_lacks(without_catalog: Path) -> None:
    report = kg.load(without_catalog, ontology=False).reason("dl")
    assert [w for w in report.warnings if ANIMALS_IRI in w] == [
        f"owl:imports <{ANIMALS_IRI}> (of <{PETS_IRI}>) not loaded: no catalog-v001.xml beside the sources "
        "maps it; give --allow-remote to fetch it; reasoned without it"
    ]


@pytest.fixture
def served_animals() -> Iterator[str]:
    """lib/animals.ttl served over HTTP on 127.0.0.1 (a free port), as a remote import would be."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = ANIMALS.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/animals"
    finally:
        server.shutdown()
        server.server_close()


def test_a_remote_import_is_fetched_only_when_allowed(tmp_path: Path, served_animals: str) -> None:
    main = tmp_path / "main.ttl"
    main.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<https://example.org/main> a owl:Ontology ; owl:imports <{served_animals}> .\n"
    )
    offline = kg.load(main, ontology=False)
    assert [(i.status, "--allow-remote" in (i.reason or "")) for i in offline.imports] == [("missing", True)]
    online = kg.load(main, ontology=False, allow_remote=True)
    assert [(i.status, i.via, i.location) for i in online.imports] == [("loaded", "remote", served_animals)]
    assert ANIMALS_IRI in [o.iri for o in online.summary().ontologies]
    result = run_kg("info", "--no-ontology", "--allow-remote", str(main))
    assert result.exit_code == 0 and result.stderr == ""
    assert f"imports:     <{served_animals}> {served_animals} (remote)" in result.stdout
