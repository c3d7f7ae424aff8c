"""Values of variables given as text (`kg query --bind`, the endpoint's named-query parameters): one parser,
escapes read as SPARQL reads them, mistakes as exit 2 with one line (issue 10, item 12)."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef

from kg.bindings import BindingError, parse_binding, parse_value
from tests.helpers import GAI, run_kg

XSD = "http://www.w3.org/2001/XMLSchema#"
ECHO = "SELECT ?v WHERE { BIND(?x AS ?v) }"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"café\\tü"', Literal("café\tü")),
        ('"caf\\u00e9 \\U0001F600"', Literal("café 😀")),
        ("'it''s'", None),  # SPARQL has no doubled quotes: text after the closing quote
        ('"a \\"quoted\\" word"@en-GB', Literal('a "quoted" word', lang="en-GB")),
        ('"5"^^<http://www.w3.org/2001/XMLSchema#int>', Literal("5", datatype=URIRef(XSD + "int"))),
        ('"5"^^xsd:int', Literal("5", datatype=URIRef(XSD + "int"))),
        ("gai:GPT3", URIRef(GAI + "GPT3")),
        ("<urn:x>", URIRef("urn:x")),
        ("https://example.org/a", URIRef("https://example.org/a")),
        ("just words", Literal("just words")),
        ("true", Literal("true", datatype=URIRef(XSD + "boolean"))),
    ],
)
def test_values(text: str, expected: Literal | URIRef | None) -> None:
    prefixes = {"gai": GAI, "xsd": XSD}
    if expected is None:
        with pytest.raises(BindingError):
            parse_value(text, prefixes)
    else:
        value = parse_value(text, prefixes)
        assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "lexical", "datatype"),
    [("01", "01", "integer"), ("1.50", "1.50", "decimal"), ("1e3", "1e3", "double")],
)
def test_numbers_keep_their_lexical_form(text: str, lexical: str, datatype: str) -> None:
    value = parse_value(text)
    assert str(value) == lexical and value.datatype == URIRef(XSD + datatype)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"\\x"', "unknown escape \\x at character 2"),
        ('"x"@en } #', "not a language tag: 'en } #'"),
        ('"x"^^<urn:t> } SELECT', "not an IRI: '<urn:t> } SELECT'"),
        ('"unclosed', 'no closing "'),
        ('"\\uD800"', "is not a character"),
        ("<a b>", "not an IRI"),
        ("a\\b", "a backslash outside quotes"),
    ],
)
def test_mistakes_are_errors(text: str, message: str) -> None:
    with pytest.raises(BindingError, match=r"^the value of \?x: ") as caught:
        parse_value(text, name="x")
    assert message in str(caught.value)


def test_binding_names() -> None:
    assert parse_binding("$x=1")[0] == "x"
    for bad in ("=1", "x y=1", "novalue"):
        with pytest.raises(BindingError):
            parse_binding(bad)


def test_kg_query_bind_reads_unicode_escapes_and_tabs() -> None:
    result = run_kg("query", "--no-ontology", "-e", ECHO, "-f", "json", "--bind", 'x="café\\tü \\u00e9"')
    assert result.exit_code == 0, result.stderr
    value = json.loads(result.stdout)["results"]["bindings"][0]["v"]
    assert value == {"type": "literal", "value": "café\tü é"}


@pytest.mark.parametrize(
    ("bind", "message"),
    [
        ('x="\\x"', "Error: the value of ?x: unknown escape \\x at character 2"),
        ('x="x"@en } #', "Error: the value of ?x: not a language tag: 'en } #'"),
        ('x="x"^^<urn:t> } SELECT * {}', "Error: the value of ?x: not an IRI"),
        ("nobody=1", "Error: <query> has no variable ?nobody; its variables: ?v, ?x"),
    ],
)
def test_kg_query_bind_mistakes_are_exit_2(bind: str, message: str) -> None:
    result = run_kg("query", "--no-ontology", "-e", ECHO, "--bind", bind)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()] and result.stderr.startswith(message)


def test_bindings_resolved_against_a_graph() -> None:
    """kg.nodes.resolve_bindings, what `kg query --bind` calls: IRIs must be in the graph, prefixes known."""
    import kg
    from kg.nodes import NodeNotFoundError, resolve_bindings

    graph = kg.load()
    values = resolve_bindings(graph, ["m=gai:GPT3", 'label="GPT-3"@en', "n=3"])
    assert values == {
        "m": URIRef(GAI + "GPT3"),
        "label": Literal("GPT-3", lang="en"),
        "n": Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
    }
    with pytest.raises(
        NodeNotFoundError, match=r"the node gai:GTP3 \(\?m\) is not in the graph; closest: GPT-3"
    ):
        resolve_bindings(graph, ["m=gai:GTP3"])
    with pytest.raises(BindingError, match="unknown prefix"):
        resolve_bindings(graph, ["m=nope:GPT3"])
    assert resolve_bindings(graph, []) == {}
