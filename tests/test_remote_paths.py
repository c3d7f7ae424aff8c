"""Property paths followed by kg (kg.remote.paths) and the compound closures the Virtuoso profile inlines
with them: the inlined queries answer as the original ones on the same graph."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

import kg
from kg.remote.engines import inline_closures
from kg.remote.paths import follow, parse_path

PAIRS = {
    "<sub>": [("<B>", "<A>"), ("<C>", "<B>"), ("<A>", "<C>"), ("<E>", "<D>")],
    "<eq>": [("<D>", "<list>")],
    "<rest>": [("<list>", "<list2>")],
    "<first>": [("<list>", "<X>"), ("<list2>", "<A>")],
}


def same(text: str) -> str | None:
    return text


@pytest.mark.parametrize(
    ("path", "start", "forward", "reached"),
    [
        ("<sub>", "<B>", True, {"<A>"}),
        ("<sub>*", "<E>", True, {"<E>", "<D>"}),
        ("<sub>+", "<A>", True, {"<C>", "<B>", "<A>"}),  # a cycle leads back to the start
        ("<sub>+", "<E>", True, {"<D>"}),
        ("<sub>?", "<B>", True, {"<B>", "<A>"}),
        ("^<sub>", "<A>", True, {"<B>"}),
        ("<sub>/<eq>", "<E>", True, {"<list>"}),
        ("<eq>/<rest>*/<first>", "<D>", True, {"<X>", "<A>"}),
        ("(<sub>|<eq>/<rest>*/<first>)*", "<E>", True, {"<E>", "<D>", "<X>", "<A>", "<B>", "<C>"}),
        ("(<sub>|<eq>/<rest>*/<first>)*", "<A>", False, {"<A>", "<B>", "<C>", "<D>", "<E>"}),
        ("<missing>*", "<Q>", True, {"<Q>"}),  # a zero-length path from a constant reaches it
    ],
)
def test_follow(path: str, start: str, forward: bool, reached: set[str]) -> None:
    parsed = parse_path(path, same)
    assert parsed is not None
    assert follow(parsed, {start}, lambda p: PAIRS.get(p, []), forward=forward) == reached


@pytest.mark.parametrize("path", ["!<p>", "(<p>", "<p>)", "<p>//<q>", "<p> <q>", "*", "un:known"])
def test_paths_kg_does_not_follow(path: str) -> None:
    assert parse_path(path, lambda t: None if t == "un:known" else t) is None


def test_too_many_edges_or_terms_leave_the_path_to_the_engine() -> None:
    parsed = parse_path("<sub>*", same)
    assert parsed is not None
    assert follow(parsed, {"<A>"}, lambda p: None) is None
    assert follow(parsed, {"<A>"}, PAIRS.get, limit=2) is None


def test_compound_closures_inlined_where_one_end_is_constant() -> None:
    edges = PAIRS.get
    assert inline_closures("ASK { <E> (<sub>|<eq>)+ <list> }", edges) == "ASK {  }"
    assert inline_closures("ASK { <A> (<sub>|<eq>)+ <E> }", edges) == "ASK { FILTER(false) }"
    assert inline_closures("SELECT * { <E> (<sub>|<eq>)* ?x ; <p> ?y }", edges) == (
        "SELECT * { VALUES ?x { <D> <E> <list> } <E> <p> ?y }"
    )
    both = "SELECT * { ?x (<sub>|<eq>)* ?y }"  # every node reaches itself: left to the engine
    assert inline_closures(both, edges) == both
    unbound = "SELECT * { ?m <p> ?v FILTER EXISTS { ?c (<sub>|<eq>)* <A> } }"  # a FILTER binds nothing
    assert inline_closures(unbound, edges) == unbound


def _skolemised_ontology() -> ox.Store:
    """The ontology with its blank nodes as IRIs, as Virtuoso's profile names them (nodeID://…)."""
    store = ox.Store()

    def term(t: Any) -> Any:
        return ox.NamedNode(f"nodeID://{t.value}") if isinstance(t, ox.BlankNode) else t

    store.extend(ox.Quad(term(t.subject), t.predicate, term(t.object)) for t in kg.load().triples())
    return store


@pytest.mark.parametrize("name", [q.name for q in kg.queries() if "/rdf:rest*/" in q.text])
def test_inlined_competency_questions_answer_as_the_originals(name: str) -> None:
    store = _skolemised_ontology()

    def edges(predicate: str) -> list[tuple[str, str]]:
        return [(str(a), str(b)) for a, b in select(store, f"SELECT ?a ?b WHERE {{ ?a {predicate} ?b }}")]

    text = next(q.text for q in kg.queries() if q.name == name)
    inlined = inline_closures(text, edges)
    assert inlined != text  # something was inlined
    if text.lstrip().upper().startswith("ASK") or "\nASK" in text:
        assert bool(store.query(text)) and bool(store.query(inlined))
    else:
        rows = sorted(tuple(map(str, row)) for row in select(store, text))
        assert rows and rows == sorted(tuple(map(str, row)) for row in select(store, inlined))


def select(store: ox.Store, text: str) -> ox.QuerySolutions:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return answer
