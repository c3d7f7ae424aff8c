"""Bounded reading of views from a remote endpoint: each answer capped, and a note when a cap was met.

A view of a local graph reads what it needs from memory; from an endpoint, a query that matches a hub
(a class with ten million instances, ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }``) would copy the
store over the network. So each query a neighbourhood or query view sends to an endpoint carries a
``LIMIT`` (the view's ``max_nodes``: a view never draws more nodes than that, and reading one edge more
than it may draw would only be thrown away), the edges come as ``CONSTRUCT``ed triples, and when an
answer fills its limit the view says so (:func:`cap_note`).
"""

from __future__ import annotations

import re

__all__ = ["cap_note", "construct", "is_remote", "limited"]

_LIMIT = re.compile(r"\bLIMIT\s+\d+", re.I)
_TRAILING_VALUES = re.compile(r"\}\s*VALUES\s*[?$(]", re.I)
_SELECT_HEAD = re.compile(r"^\s*SELECT\s+(?P<vars>(?:[?$]\w+\s*)+)WHERE\s*\{", re.I)


def is_remote(store: object) -> bool:
    """Whether a graph's store is a remote endpoint (:class:`kg.remote.store.RemoteStore`).

    >>> import pyoxigraph
    >>> is_remote(pyoxigraph.Store())
    False
    """
    return getattr(store, "connection", None) is not None


def limited(text: str, cap: int) -> tuple[str, bool]:
    """The query with ``LIMIT cap`` at its end, and whether it was added (not when it has a LIMIT, or a
    trailing ``VALUES`` block after which a LIMIT cannot go).

    >>> limited("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 10)
    ('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\\nLIMIT 10', True)
    >>> limited("SELECT * WHERE { ?s ?p ?o } LIMIT 3", 10)[1]
    False
    """
    if _LIMIT.search(text) or _TRAILING_VALUES.search(text):
        return text, False
    return f"{text.rstrip()}\nLIMIT {cap}", True


def construct(select: str, predicate: str | None, cap: int) -> str:
    """An edge query (``SELECT ?s ?o`` of one property, or ``SELECT ?s ?p ?o``) as a CONSTRUCT of at most
    ``cap`` triples.

    >>> construct("SELECT ?s ?o WHERE { ?s <urn:p> ?o }", "urn:p", 5)
    'CONSTRUCT { ?s <urn:p> ?o } WHERE { ?s <urn:p> ?o } LIMIT 5'
    """
    match = _SELECT_HEAD.match(select)
    if match is None:
        raise ValueError(f"not an edge query: {select[:60]!r}")
    template = f"?s <{predicate}> ?o" if predicate is not None else "?s ?p ?o"
    return f"CONSTRUCT {{ {template} }} WHERE {{{select[match.end() :]} LIMIT {cap}"


def cap_note(cap: int) -> str:
    """The note of a view read from an endpoint when one of its answers filled its limit.

    >>> cap_note(50).startswith("The endpoint was asked for at most 50")
    True
    """
    return (
        f"The endpoint was asked for at most {cap:,} edges a query and one answer reached that, so the view "
        "may miss some: the graph is too large there to draw whole. Draw the summary view (kg viz --view "
        "summary), fewer hops, or a query with its own LIMIT."
    )
