"""Values of the wrong type given to the Python API raise the library's error (a KGError that is also
a TypeError), naming what was wrong, not an AttributeError from deep inside (issue 10, item 17)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kg
from kg.errors import ArgumentError

GRAPH = kg.KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt")

CALLS: dict[str, tuple[Callable[[], Any], str]] = {
    "load(123)": (lambda: kg.load(123), "an RDF source must be a str or bytes or PathLike, not int"),
    "load([path])": (
        lambda: kg.load(["a.ttl"]),
        "an RDF source must be a str or bytes or PathLike, not list",
    ),
    "query(123)": (lambda: GRAPH.query(123), "the query must be a str or Path, not int"),
    "query(None)": (lambda: GRAPH.query(None), "the query must be a str or Path, not NoneType"),
    "update(5)": (lambda: GRAPH.update(5), "the update must be a str, not int"),
    "serialize(3)": (lambda: GRAPH.serialize(3), "the RDF format must be a str, not int"),
    "bindings=5": (lambda: GRAPH.query("ASK {}", bindings=5), "bindings must be a dict, not int"),
    "x=object()": (lambda: GRAPH.query("SELECT ?x {}", x=object()), "has no RDF term"),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_wrong_types_raise_the_librarys_error(call: str) -> None:
    function, message = CALLS[call]
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(")) as caught:
        function()
    assert isinstance(caught.value, kg.KGError) and isinstance(caught.value, TypeError)
