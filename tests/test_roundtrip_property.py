"""Property: `kg export` changes no data. Generated graphs (IRIs, strings with any characters, language
tags, and numbers, booleans, dates and times in non-canonical forms) go through every RDF format and
back, and come out as the same set of triples, every lexical form as written (issue 10, item 16)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import run_kg

XSD = "http://www.w3.org/2001/XMLSchema#"
FORMATS = {
    "turtle": "ttl",
    "nt": "nt",
    "nquads": "nq",
    "trig": "trig",
    "xml": "rdf",
    "json-ld": "jsonld",
    "n3": "n3",
}

#: Lexical forms an engine that stores values would rewrite: each is valid for its datatype.
NON_CANONICAL = {
    "decimal": ["1.0", "01.50", "+2.0", "-0.0", ".5", "3."],
    "integer": ["01", "+1", "-0", "007"],
    "int": ["05", "+12"],
    "double": ["1e3", "1E+03", "1.0e0", "+INF", "-0.0E0", ".5e1"],
    "float": ["1.50", "2e0"],
    "boolean": ["1", "0", "true", "false"],
    "dateTime": ["2020-01-01T00:00:00+00:00", "2020-01-01T10:00:00.000-05:00", "2020-06-30T23:59:59.5Z"],
    "date": ["2020-01-01+00:00", "2020-01-01Z", "2020-01-01"],
    "time": ["10:00:00+00:00", "10:00:00.10"],
    "gYear": ["0999", "2020+00:00"],
}

iris = st.integers(0, 30).map(lambda n: ox.NamedNode(f"urn:x:n{n}"))
predicates = st.integers(0, 5).map(lambda n: ox.NamedNode(f"urn:x:p{n}"))
# any text RDF can hold: no surrogates; RDF/XML (XML 1.0) cannot hold most control characters
texts = st.text(st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\t\n\r"), max_size=20)
plain = texts.map(ox.Literal)
tagged = st.builds(
    lambda t, lang: ox.Literal(t, language=lang), texts, st.sampled_from(["en", "fr", "en-gb", "de-ch"])
)
typed = st.sampled_from(sorted(NON_CANONICAL)).flatmap(
    lambda name: st.sampled_from(NON_CANONICAL[name]).map(
        lambda lexical: ox.Literal(lexical, datatype=ox.NamedNode(XSD + name))
    )
)
triples = st.lists(
    st.builds(ox.Triple, iris, predicates, st.one_of(iris, plain, tagged, typed)), min_size=1, max_size=25
)


def as_set(path: Path, fmt: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(FORMATS[fmt]))}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trip_keeps_every_triple_as_written(fmt: str) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(triples)
    def round_trip(graph: list[ox.Triple]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "in.nt"
            source.write_bytes(ox.serialize(graph, format=ox.RdfFormat.N_TRIPLES) or b"")
            converted = Path(folder) / f"out.{FORMATS[fmt]}"
            there = run_kg("export", "--no-ontology", str(source), "-f", fmt, "-o", str(converted))
            assert there.exit_code == 0, there.stderr
            back = Path(folder) / "back.nt"
            again = run_kg("export", "--no-ontology", str(converted), "-f", "nt", "-o", str(back))
            assert again.exit_code == 0, again.stderr
            assert as_set(converted, fmt) == set(graph)
            assert as_set(back, "nt") == set(graph)

    round_trip()
