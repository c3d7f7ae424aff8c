"""Fast term conversion (kg.terms) builds exactly the terms rdflib builds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef

import kg
from kg.terms import to_rdflib
from tests.helpers import DATA

MODELS = DATA / "formats" / "models.ttl"

XSD = "http://www.w3.org/2001/XMLSchema#"
LITERALS: list[tuple[str, str | None, str | None]] = [
    ("plain", None, None),
    ("", None, None),
    ('line\nbreak "quoted" ünïcödé', None, None),
    ("hello", "en", None),
    ("colour", "en-gb", None),
    ("x", "zh-hant-tw", None),
    *[
        (v, None, XSD + "integer")
        for v in ("0", "7", "-7", "42", "-0", "+5", "007", "12345678901234567890123")
    ],
    ("1.50", None, XSD + "decimal"),
    ("1e3", None, XSD + "double"),
    ("true", None, XSD + "boolean"),
    ("2024-01-31", None, XSD + "date"),
    ("2024", None, XSD + "gYear"),
    ("abc", None, "https://example.org/dt"),
]


@pytest.mark.parametrize(("value", "language", "datatype"), LITERALS)
def test_fast_conversion_builds_the_literal_rdflib_builds(
    value: str, language: str | None, datatype: str | None
) -> None:
    if language:
        term, expected = ox.Literal(value, language=language), Literal(value, lang=language)
    elif datatype:
        term, expected = (
            ox.Literal(value, datatype=ox.NamedNode(datatype)),
            Literal(value, datatype=URIRef(datatype)),
        )
    else:
        term, expected = ox.Literal(value), Literal(value)
    converted = to_rdflib(term)
    assert type(converted) is Literal
    assert converted == expected and hash(converted) == hash(expected) and converted.n3() == expected.n3()
    assert (converted.language, converted.datatype, converted.ill_typed) == (
        expected.language,
        expected.datatype,
        expected.ill_typed,
    )
    assert converted.value == expected.value and type(converted.value) is type(expected.value)
    assert str(converted) == str(expected)


def test_fast_conversion_of_iris_blank_nodes_and_result_rows() -> None:
    iri = to_rdflib(ox.NamedNode("https://example.org/a b"[:-2]))
    assert type(iri) is URIRef and iri == URIRef("https://example.org/a")
    assert to_rdflib(ox.BlankNode("b1")) == BNode("b1")
    graph = kg.load(MODELS, ontology=False)
    rows = graph.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
    reference = rdflib.Graph().parse(MODELS)
    assert {
        (r["s"], r["p"], r["o"])
        for r in rows
        if not isinstance(r["s"], BNode) and not isinstance(r["o"], BNode)
    } == {t for t in reference if not isinstance(t[0], BNode) and not isinstance(t[2], BNode)}
