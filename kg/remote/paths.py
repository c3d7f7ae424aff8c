"""SPARQL property paths followed by kg over edges read from an engine, from one known end.

Virtuoso 7 loses rows of a closure over a compound path (``gai:GenerativeAI (rdfs:subClassOf|
owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first)* ?general``: cq09). Its profile reads the
edges of each property the path names (one plain query each, see :func:`kg.remote.engines.inline_closures`)
and follows the path here, from the end that is a constant, to the terms it reaches.

A path is parsed into nested tuples: ``("iri", "<p>")``, ``("inverse", path)``, ``("sequence", [paths])``,
``("alternative", [paths])``, ``("repeat", path, minimum, unbounded)`` for ``*`` (0, True), ``+`` (1, True)
and ``?`` (0, False). Negated property sets (``!p``) are not followed (``None``: left to the engine).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["follow", "parse_path"]

#: Edges of a property (``<IRI>``) as pairs of SPARQL terms, or ``None`` when there are too many.
Edges = Callable[[str], "list[tuple[str, str]] | None"]
Path = tuple[Any, ...]

_TOKEN = re.compile(r"\s*(<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*|a(?![\w:])|[()|/^*+?])")


def parse_path(text: str, expand: Callable[[str], str | None]) -> Path | None:
    """The path written ``text`` (names expanded to ``<IRI>`` by ``expand``), or ``None`` if it is not
    one kg follows.

    >>> parse_path("(<s>|^<e>/<r>+)*", lambda t: t)  # doctest: +NORMALIZE_WHITESPACE
    ('repeat', ('alternative', [('iri', '<s>'),
        ('sequence', [('inverse', ('iri', '<e>')), ('repeat', ('iri', '<r>'), 1, True)])]), 0, True)
    >>> parse_path("!<p>", lambda t: t) is None
    True
    """
    tokens: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None if text[position:].strip() else _parsed(tokens, expand)
        tokens.append(match.group(1))
        position = match.end()
    return _parsed(tokens, expand)


def _parsed(tokens: list[str], expand: Callable[[str], str | None]) -> Path | None:
    at = 0

    def peek() -> str | None:
        return tokens[at] if at < len(tokens) else None

    def take() -> str:
        nonlocal at
        at += 1
        return tokens[at - 1]

    def joined(kind: str, separator: str, operand: Callable[[], Path | None]) -> Path | None:
        parts = [operand()]
        while peek() == separator:
            take()
            parts.append(operand())
        if any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else (kind, parts)

    def alternative() -> Path | None:
        return joined("alternative", "|", sequence)

    def sequence() -> Path | None:
        return joined("sequence", "/", element)

    def element() -> Path | None:
        inverse = peek() == "^"
        if inverse:
            take()
        token = peek()
        if token is None:
            return None
        take()
        primary: Path | None
        if token == "(":
            primary = alternative()
            if peek() != ")":
                return None
            take()
        elif token in "|/^*+?)":
            return None
        else:
            iri = expand(token)
            primary = ("iri", iri) if iri is not None else None
        if primary is None:
            return None
        modifier = peek()
        if modifier in ("*", "+", "?"):
            take()
            primary = ("repeat", primary, 0 if modifier != "+" else 1, modifier != "?")
        return ("inverse", primary) if inverse else primary

    path = alternative()
    return path if path is not None and at == len(tokens) else None


def follow(
    path: Path, start: set[str], edges: Edges, *, forward: bool = True, limit: int = 2_000
) -> set[str] | None:
    """The terms ``path`` reaches from the terms ``start`` (backwards: the terms from which it reaches
    them), or ``None`` when a property has too many edges or more than ``limit`` terms are reached.

    >>> pairs = {"<sub>": [("<B>", "<A>"), ("<C>", "<B>")], "<eq>": [("<D>", "<C>")]}
    >>> sorted(follow(("repeat", ("alternative", [("iri", "<sub>"), ("iri", "<eq>")]), 0, True), {"<A>"},
    ...               pairs.get, forward=False))
    ['<A>', '<B>', '<C>', '<D>']
    """
    read: dict[tuple[str, bool], dict[str, list[str]] | None] = {}

    def step(iri: str, nodes: set[str], forward: bool) -> set[str] | None:
        key = (iri, forward)
        if key not in read:
            pairs = edges(iri)
            if pairs is None:
                read[key] = None
            else:
                built: dict[str, list[str]] = {}
                for a, b in pairs:
                    built.setdefault(a if forward else b, []).append(b if forward else a)
                read[key] = built
        following = read[key]
        if following is None:
            return None
        return {t for n in nodes for t in following.get(n, ())}

    def reach(path: Path, nodes: set[str], forward: bool) -> set[str] | None:
        kind = path[0]
        if kind == "iri":
            found = step(path[1], nodes, forward)
        elif kind == "inverse":
            found = reach(path[1], nodes, not forward)
        elif kind == "sequence":
            found = nodes
            for part in path[1] if forward else reversed(path[1]):
                found = reach(part, found, forward)
                if found is None:
                    return None
        elif kind == "alternative":
            found = set()
            for part in path[1]:
                more = reach(part, nodes, forward)
                if more is None:
                    return None
                found |= more
        else:  # repeat
            _, inner, minimum, unbounded = path
            found = set(nodes) if minimum == 0 else set()
            frontier = reach(inner, nodes, forward)
            while True:
                if frontier is None:
                    return None
                new = frontier - found
                found |= frontier
                if not unbounded or not new or len(found) > limit:
                    break
                frontier = reach(inner, new, forward)
        return None if found is None or len(found) > limit else found

    return reach(path, set(start), forward)
