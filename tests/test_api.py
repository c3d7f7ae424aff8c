"""The public Python API: loading sources, queries, results and their standard formats."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.errors import QueryError, SourceError, UnknownNameError, UnsafeQueryError
from tests.helpers import DATA, GAI, ONTOLOGY, ONTOLOGY_IRI, SYNTAX_ERRORS

MODELS = DATA / "formats" / "models.ttl"
EX = "https://example.org/models/"
GPT3 = URIRef("https://w3id.org/genai-kg/model/gpt-3-175b-davinci")
OPENAI = URIRef("https://w3id.org/genai-kg/org/openai")


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    return kg.load()


# ---------------------------------------------------------------------------------------------------
# loading


def test_load_embeds_the_ontology_unless_told_not_to() -> None:
    with_ontology = kg.load()
    assert with_ontology.summary().ontologies[0].iri == ONTOLOGY_IRI
    assert len(with_ontology) == len(rdflib.Graph().parse(ONTOLOGY))
    assert len(kg.load(ontology=False)) == 0


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld", "nquads", "trig"])
def test_every_format_loads_the_same_triples(tmp_path: Path, fmt: str) -> None:
    reference = rdflib.Graph().parse(MODELS)
    suffix = {
        "turtle": ".ttl",
        "nt": ".nt",
        "xml": ".rdf",
        "json-ld": ".jsonld",
        "nquads": ".nq",
        "trig": ".trig",
    }[fmt]
    path = tmp_path / f"models{suffix}"
    if fmt in ("nquads", "trig"):
        dataset = rdflib.Dataset()
        for triple in reference:
            dataset.add(triple)
        dataset.serialize(path, format=fmt)
    else:
        reference.serialize(path, format=fmt)
    loaded = kg.load(path, ontology=False).to_rdflib()
    assert isomorphic(loaded, reference)


def test_gzip_and_content_sniffing(tmp_path: Path) -> None:
    reference = rdflib.Graph().parse(MODELS)
    packed = tmp_path / "models.nt.gz"
    packed.write_bytes(gzip.compress(reference.serialize(format="nt").encode()))
    assert isomorphic(kg.load(packed, ontology=False).to_rdflib(), reference)
    # an .owl file that is really Turtle (Protégé can save that) is read by its content
    disguised = tmp_path / "models.owl"
    disguised.write_text(MODELS.read_text())
    assert isomorphic(kg.load(disguised, ontology=False).to_rdflib(), reference)
    # so is a file without a telling name
    unnamed = tmp_path / "models.data"
    unnamed.write_text(reference.serialize(format="xml"))
    assert isomorphic(kg.load(unnamed, ontology=False).to_rdflib(), reference)


def test_sources_may_be_paths_strings_bytes_and_rdflib_graphs() -> None:
    reference = rdflib.Graph().parse(MODELS)
    as_str_path = kg.load(str(MODELS), ontology=False)
    as_text = kg.load(MODELS.read_text(), format="turtle", ontology=False)
    as_bytes = kg.load(MODELS.read_bytes(), format="turtle", ontology=False)
    as_graph = kg.load(reference, ontology=False)
    for loaded in (as_str_path, as_text, as_bytes, as_graph):
        assert isomorphic(loaded.to_rdflib(), reference)
    assert as_str_path.sources == [str(MODELS)]
    assert as_text.sources == ["<string>"]


def test_prefixes_of_sources_are_learnt() -> None:
    graph = kg.load(MODELS)
    assert graph.prefixes["ex"] == EX
    assert graph.shorten(EX + "Chinchilla") == "ex:Chinchilla"
    assert graph.shorten("https://nowhere.example/x") == "<https://nowhere.example/x>"


def test_named_graphs_stay_apart() -> None:
    graph = kg.load(MODELS, ontology=False)
    graph.add("<urn:a> <urn:b> <urn:c> .", format="nt", graph="urn:g")
    assert graph.query("ASK { <urn:a> <urn:b> <urn:c> }").boolean is False
    assert graph.query("ASK { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }").boolean is True


@pytest.mark.parametrize(("name", "line", "column"), SYNTAX_ERRORS)
def test_syntax_errors_name_file_line_and_column(name: str, line: int, column: int) -> None:
    path = DATA / name
    with pytest.raises(SourceError) as caught:
        kg.load(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column)
    assert str(error).startswith(f"{path}:{line}:{column}: ")


def test_a_failed_source_leaves_nothing_behind() -> None:
    graph = kg.load(ontology=False)
    with pytest.raises(SourceError):
        graph.add(DATA / "bad-syntax.ttl")
    assert len(graph) == 0 and graph.sources == []


def test_missing_files_and_owl_syntaxes_that_are_not_rdf(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        kg.load(tmp_path / "absent.ttl")
    # OWL/XML and functional syntax are read through kg.owl (tests/test_owl_syntaxes.py)
    functional = tmp_path / "onto.ofn"
    functional.write_text("Prefix(:=<https://example.org/>)\nOntology(<https://example.org/o>)\n")
    graph = kg.load(functional, ontology=False)
    assert graph.query("ASK { <https://example.org/o> a owl:Ontology }").boolean is True


# ---------------------------------------------------------------------------------------------------
# queries and results


def test_select_rows_are_dicts_of_rdflib_terms(graph: kg.KnowledgeGraph) -> None:
    result = graph.query(
        f"PREFIX gai: <{GAI}> SELECT ?m ?n ?missing "
        "WHERE { ?m gai:reportedParameterCount ?n OPTIONAL { ?m gai:nothing ?missing } } ORDER BY ?n"
    )
    assert result.kind == "select" and result.vars == ["m", "n", "missing"]
    rows = list(result)
    assert rows[-1] == {"m": GPT3, "n": Literal(175_000_000_000), "missing": None}
    assert list(result) == rows  # a result can be read again
    assert len(result) == len(rows) and result.rows == rows


def test_ask_and_graph_results(graph: kg.KnowledgeGraph) -> None:
    ask = graph.query("ASK { ?x a <http://www.w3.org/2002/07/owl#Ontology> }")
    assert (ask.kind, ask.boolean, ask.vars) == ("ask", True, [])
    construct = graph.query(
        f"PREFIX gai: <{GAI}> CONSTRUCT {{ ?m gai:developedBy ?o }} WHERE {{ ?m gai:developedBy ?o }}"
    )
    assert construct.kind == "graph"
    assert (GPT3, URIRef(GAI + "developedBy"), OPENAI) in set(construct)
    describe = graph.query(f"DESCRIBE <{GPT3}>")
    assert describe.kind == "graph" and len(describe.triples()) >= 8


def test_named_queries_and_files(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    names = [q.name for q in kg.queries()]
    assert {"classes", "properties", "individuals", "neighbours"} <= set(names)
    assert all(q.title and q.question for q in kg.queries())
    assert graph.query("cq01-llm-is-generative-ai").boolean is True
    query_file = tmp_path / "mine.rq"
    query_file.write_text("ASK { ?s ?p ?o }")
    assert graph.query(query_file).boolean is True
    assert graph.query(str(query_file)).boolean is True


def test_unknown_query_names_list_the_known_ones(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError) as caught:
        graph.query("no-such-query")
    assert "unknown query 'no-such-query'; known: classes, cq01-llm-is-generative-ai" in str(caught.value)


def test_bindings(graph: kg.KnowledgeGraph) -> None:
    # a projected variable, and one that is not projected ($node in the neighbours query)
    values: dict[str, Any] = {"class": URIRef(GAI + "Modality")}  # `class` is a keyword: given as **values
    individuals = graph.query("individuals", **values)
    assert {str(row["individual"]).removeprefix(GAI) for row in individuals} == {
        "Text",
        "Code",
        "Image",
        "Video",
        "VisualContent",
        "ThreeDModel",
        "Audio",
        "Speech",
        "Music",
        "BiologicalSequence",
    }
    neighbours = graph.query("neighbours", node=GPT3)
    assert (URIRef(GAI + "developedBy"), OPENAI) in {(r["property"], r["neighbour"]) for r in neighbours}
    # Python values become typed literals
    assert graph.query("ASK { BIND(?x AS ?y) FILTER(?y = 7) }", x=7).boolean is True


def test_query_syntax_errors_name_line_and_column(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as caught:
        graph.query("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  FILTER (?o = )\n}\n")
    assert (caught.value.line, caught.value.column) == (4, 3)
    with pytest.raises(QueryError) as caught:
        graph.query("SELECT ?s WHERE {\n  ?s ?p ?o ; ; .\n  ?s <urn:q> ?o .\n  ?s ?o ?o ?o\n}")
    assert caught.value.line is not None and str(caught.value).startswith(f"<query>:{caught.value.line}:")


def test_service_and_load_are_refused_unless_allowed(graph: kg.KnowledgeGraph) -> None:
    query = 'SELECT * WHERE {\n  ?s ?p "SERVICE" .\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}'
    with pytest.raises(UnsafeQueryError) as caught:
        graph.query(query)
    assert (caught.value.line, caught.value.column) == (3, 3)
    # the word inside a string, an IRI, a comment or a variable name is no keyword
    graph.query('SELECT ?service WHERE { ?service <urn:SERVICE> "SERVICE" } # SERVICE')
    with pytest.raises(UnsafeQueryError, match="LOAD"):
        graph.update("LOAD <http://127.0.0.1:9/data.ttl>")


def test_select_star_keeps_the_order_of_appearance(graph: kg.KnowledgeGraph) -> None:
    assert graph.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1").vars == ["s", "p", "o"]
    assert graph.query("SELECT DISTINCT * WHERE { ?z ?a ?m } LIMIT 1").vars == ["z", "a", "m"]


# ---------------------------------------------------------------------------------------------------
# standard serialisations, parsed back


SELECT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?x ?label ?n WHERE { ?x rdfs:label ?label "
    f"OPTIONAL {{ ?x <{GAI}parameterCount> ?n }} }} ORDER BY ?x ?label"
)


@pytest.fixture(scope="module")
def data_graph() -> kg.KnowledgeGraph:
    return kg.load(MODELS, ontology=False)


def test_json_results_follow_the_spec(data_graph: kg.KnowledgeGraph) -> None:
    document = json.loads(data_graph.query(SELECT).serialize("json") or "")
    assert document["head"]["vars"] == ["x", "label", "n"]
    bindings = document["results"]["bindings"]
    chinchilla = next(b for b in bindings if b["x"]["value"] == EX + "Chinchilla")
    assert chinchilla["label"] == {"type": "literal", "value": "Chinchilla", "xml:lang": "en"}
    assert chinchilla["n"] == {
        "type": "literal",
        "value": "70000000000",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert any(b["x"]["type"] == "bnode" for b in bindings)
    assert all("n" not in b for b in bindings if b["x"]["value"] != EX + "Chinchilla")


def test_xml_tsv_and_json_results_parse_back_to_the_same_rows(data_graph: kg.KnowledgeGraph) -> None:
    def key(term: object) -> str:
        return "UNBOUND" if term is None else "_:" if isinstance(term, BNode) else term.n3()  # type: ignore[attr-defined]

    expected = sorted(tuple(key(row[v]) for v in ("x", "label", "n")) for row in data_graph.query(SELECT))
    assert len(expected) == 4
    for name, fmt in (
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
        ("json", ox.QueryResultsFormat.JSON),
    ):
        parsed = ox.parse_query_results(data_graph.query(SELECT).serialize(name) or "", fmt)
        assert isinstance(parsed, ox.QuerySolutions)
        rows = sorted(
            tuple(key(None if s[v] is None else kg.terms.to_rdflib(s[v])) for v in ("x", "label", "n"))
            for s in parsed
        )
        assert rows == expected, name


def test_csv_and_tsv_headers_and_escaping(data_graph: kg.KnowledgeGraph) -> None:
    text = data_graph.query(SELECT).serialize("csv") or ""
    assert text.startswith("x,label,n\r\n")  # CSV: plain names, CRLF line ends
    rows = list(csv.reader(io.StringIO(text)))
    assert ["https://example.org/models/Tiny", 'a label with "quotes", a comma and a tab\there', ""] in rows
    tsv = data_graph.query(SELECT).serialize("tsv") or ""
    lines = tsv.splitlines()
    assert lines[0] == "?x\t?label\t?n"  # TSV: variables with '?', terms in Turtle syntax
    assert (
        '<https://example.org/models/Tiny>\t"a label with \\"quotes\\", a comma and a tab\\there"\t' in lines
    )
    assert '<https://example.org/models/Chinchilla>\t"Chinchilla"@en\t70000000000' in lines


def test_serialising_after_reading_gives_the_same_text(data_graph: kg.KnowledgeGraph) -> None:
    for fmt in ("json", "xml", "csv", "tsv"):
        fresh = data_graph.query(SELECT).serialize(fmt)
        read_first = data_graph.query(SELECT)
        list(read_first)
        assert _without_bnode_labels(read_first.serialize(fmt)) == _without_bnode_labels(fresh), fmt
        # and a serialised result can still be iterated
        serialised_first = data_graph.query(SELECT)
        serialised_first.serialize(fmt)
        assert len(list(serialised_first)) == len(list(data_graph.query(SELECT)))


def _without_bnode_labels(text: str | None) -> str:
    import re

    return re.sub(r"(_:|\"value\":\"|<bnode>)[A-Za-z0-9]+", r"\1b", text or "")


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld"])
def test_graph_results_in_rdf_formats(data_graph: kg.KnowledgeGraph, fmt: str) -> None:
    result = data_graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
    text = result.serialize(fmt) or ""
    parsed = rdflib.Graph().parse(data=text, format=fmt)
    assert isomorphic(parsed, rdflib.Graph().parse(MODELS))


def test_unknown_formats_list_the_known_ones(data_graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match="known: csv, json, tsv, xml"):
        data_graph.query(SELECT).serialize("yaml")
    with pytest.raises(UnknownNameError, match="known: json-ld, nt, turtle, xml"):
        data_graph.query("CONSTRUCT WHERE { ?s ?p ?o }").serialize("csv")


def test_serialize_to_a_file_is_atomic(data_graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    data_graph.query(SELECT).serialize("json", target)
    assert json.loads(target.read_text())["head"]["vars"] == ["x", "label", "n"]
    target.write_text("old")
    with pytest.raises(UnknownNameError):
        data_graph.query(SELECT).serialize("yaml", target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


# ---------------------------------------------------------------------------------------------------
# graph-level API


def test_summary_counts(graph: kg.KnowledgeGraph) -> None:
    summary = graph.summary()
    onto = summary.ontologies[0]
    assert (onto.iri, onto.version_iri, onto.version_info) == (ONTOLOGY_IRI, ONTOLOGY_IRI + "/2.0.0", "2.0.0")
    assert (summary.classes, summary.object_properties, summary.datatype_properties) == (23, 18, 4)
    assert summary.individuals == 134
    assert summary.triples == len(graph)


def test_export_round_trips(graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    reference = rdflib.Graph().parse(ONTOLOGY)
    for fmt in ("turtle", "nt", "xml", "json-ld"):
        text = graph.serialize(fmt) or ""
        assert isomorphic(rdflib.Graph().parse(data=text, format=fmt), reference), fmt
    path = tmp_path / "out.ttl"
    graph.serialize("turtle", path)
    assert "@prefix gai: <https://w3id.org/genai-kg/ontology#> ." in path.read_text()


def test_label_lookup(graph: kg.KnowledgeGraph) -> None:
    assert graph.label(str(GPT3)) == "GPT-3 175B (davinci)"
    assert graph.label(GAI + "GPT3") == "GPT-3 (v1 name)"  # the deprecated v1 name keeps a label
    assert graph.label(GAI + "Nothing") is None


def test_public_names() -> None:
    assert kg.__all__ == sorted(kg.__all__)
    assert set(kg.__all__) == {*kg._EXPORTS, "__version__"}
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    contract = {"load", "KnowledgeGraph", "Result", "queries", "render", "KGError", "__version__"}
    assert contract <= set(kg.__all__)
    assert isinstance(kg.__version__, str) and kg.__version__[0].isdigit()


def test_terms_convert_both_ways() -> None:
    for term in (
        URIRef("https://e.org/a"),
        BNode("b1"),
        Literal("x", lang="en"),
        Literal(3),
        Literal("plain"),
    ):
        assert kg.terms.to_rdflib(kg.terms.to_oxigraph(term)) == term


def test_queries_may_use_the_graphs_prefixes_without_declaring_them(graph: kg.KnowledgeGraph) -> None:
    rows = list(
        graph.query(
            "SELECT ?m WHERE { ?m gai:reportedParameterCount ?n FILTER(?n > 10000000000) } ORDER BY ?m"
        )
    )
    assert [str(r["m"]) for r in rows] == [
        "https://w3id.org/genai-kg/model/dall-e",
        "https://w3id.org/genai-kg/model/gpt-3-175b-davinci",
    ]
    # a PREFIX line of the query wins over the graph's own
    other = graph.query("PREFIX gai: <https://example.org/other#> ASK { ?m gai:reportedParameterCount ?n }")
    assert other.boolean is False


def test_default_namespaces_become_the_empty_prefix(tmp_path: Path) -> None:
    path = tmp_path / "default.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns="https://example.org/pizza#" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="https://example.org/pizza#Margherita"><hasTopping '
        'rdf:resource="https://example.org/pizza#Tomato"/></rdf:Description>\n</rdf:RDF>\n'
    )
    graph = kg.load(path, ontology=False)
    assert graph.prefixes[""] == "https://example.org/pizza#"
    assert graph.shorten("https://example.org/pizza#Margherita") == ":Margherita"
