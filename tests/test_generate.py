"""The generated catalogues (kg.generate): deterministic, the same in N-Triples and Turtle."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

import kg
from kg.generate import write_catalogue
from tests.helpers import GAI, run_kg


def test_the_generator_is_deterministic_in_both_formats(tmp_path: Path) -> None:
    nt, ttl, again = tmp_path / "c.nt", tmp_path / "c.ttl", tmp_path / "again.ttl"
    assert write_catalogue(200, nt, seed=11) == write_catalogue(200, ttl, seed=11)
    write_catalogue(200, again, seed=11)
    assert ttl.read_bytes() == again.read_bytes()
    assert ttl.read_text().startswith("@prefix ") and not nt.read_text().startswith("@prefix ")
    assert isomorphic(rdflib.Graph().parse(nt), rdflib.Graph().parse(ttl))
    stdout = run_kg("generate", "-n", "200", "--seed", "11").stdout
    assert stdout.encode() == nt.read_bytes()  # N-Triples on stdout without -o
    graph = kg.load(nt)
    generative = (
        f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a <{GAI}GenerativeAI> "
        f"FILTER(STRSTARTS(STR(?m), 'https://w3id.org/genai-kg/catalogue/')) }}"
    )
    # a generated model is typed with its most specific class (ImageGenerationModel …): every one is
    # generative AI once the OWL RL rules have run
    assert int(str(graph.query(generative).rows[0]["n"])) < 200
    assert graph.reason("rl").consistent
    assert int(str(graph.query(generative).rows[0]["n"])) == 200
    for predicate in (
        "generatesModality",
        "hasUseCase",
        "trainedOn",
        "developedBy",
        "parameterCount",
        "releaseYear",
    ):
        assert graph.query(f"ASK {{ ?m <{GAI}{predicate}> ?x }}").boolean, predicate
