"""Conversion between rdflib terms (our public API) and Oxigraph terms (our engine).

rdflib's ``URIRef``, ``BNode`` and ``Literal`` are what every Python RDF tool understands, so rows and
triples handed to users are rdflib terms. The engine works with pyoxigraph terms.

Converting is on the path of every row a query returns, so it is kept cheap (kg reads a result within
a few percent of the time pyoxigraph takes; see tests/bench/run.py): conversions are cached, IRIs from
the engine (already valid) skip rdflib's check, and the common literals are built field by field.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.vocab import RDF
from kg.vocab import XSD as XSD

__all__ = ["XSD", "parse_term", "rows_to_rdflib", "to_oxigraph", "to_rdflib", "triples_to_rdflib"]

_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = RDF + "langString"
_CACHE_LIMIT = 200_000
# pyoxigraph term -> rdflib term, for literals and blank nodes (results repeat them, and rdflib's literals
# are dear to build) and for the IRIs of graph results (subjects and predicates repeat, triple after
# triple). The IRIs of SELECT rows are built directly: building one costs about what a look-up that
# misses costs, and the IRIs of a SELECT are often all different (a list of models).
_cache: dict[Any, Node] = {}
_new_str = str.__new__
_IRI, _LITERAL = ox.NamedNode, ox.Literal

# The literals results are mostly made of (strings, language-tagged strings, integers) are built field by
# field: rdflib's constructor spends microseconds parsing and normalising a lexical form that is already
# normal here. The fields are set exactly as ``Literal(value)``, ``Literal(value, lang=…)`` and
# ``Literal(value, datatype=XSD.integer)`` set them for such forms (tests/test_store.py compares both);
# any other literal goes through the constructor.
_XSD_INTEGER = XSD + "integer"
_XSD_INTEGER_REF = URIRef(_XSD_INTEGER)
_XSD_STRING_NODE, _XSD_INTEGER_NODE = ox.NamedNode(_XSD_STRING), ox.NamedNode(_XSD_INTEGER)
_LANGSTRING_NODE = ox.NamedNode(_RDF_LANGSTRING)
_CANONICAL_INTEGER = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")  # what str(int(x)) writes
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*\Z")  # the tags rdflib accepts


def _remember(term: Any) -> Node:
    """Convert a term that is not in the cache, and keep it there."""
    kind = type(term)
    node: Any
    if kind is _LITERAL:
        value, datatype = term.value, term.datatype
        if datatype == _XSD_STRING_NODE:
            node = _new_str(Literal, value)
            node._language, node._datatype, node._value, node._ill_typed = None, None, value, None
        elif datatype == _LANGSTRING_NODE and _LANGUAGE_TAG.match(term.language):
            node = _new_str(Literal, value)
            node._language, node._datatype, node._value, node._ill_typed = term.language, None, value, None
        elif datatype == _XSD_INTEGER_NODE and (
            (value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"))
            or _CANONICAL_INTEGER.match(value)
        ):
            node = _new_str(Literal, value)
            node._language, node._datatype, node._ill_typed = None, _XSD_INTEGER_REF, False
            node._value = int(value)
        elif term.language:
            node = Literal(value, lang=term.language)
        else:
            node = Literal(value, datatype=URIRef(datatype.value))
    elif kind is _IRI:
        # IRIs from the engine are valid: this is the object URIRef(value) builds, without its check
        node = _new_str(URIRef, term.value)
    elif kind is ox.BlankNode:
        node = BNode(term.value)
    elif kind is ox.Triple:
        raise TypeError("RDF-star quoted triples have no rdflib term; query them with pyoxigraph directly")
    else:
        raise TypeError(f"not an RDF term: {term!r}")
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[term] = node
    return node  # type: ignore[no-any-return]


def to_rdflib(term: Any) -> Node:
    """Convert a pyoxigraph term to the equal rdflib term.

    ``xsd:string`` literals become plain rdflib literals (the same RDF term in RDF 1.1).

    Args:
        term: a ``pyoxigraph`` ``NamedNode``, ``BlankNode`` or ``Literal``.

    Returns:
        The rdflib ``URIRef``, ``BNode`` or ``Literal``.

    >>> import pyoxigraph
    >>> to_rdflib(pyoxigraph.Literal("42", datatype=pyoxigraph.NamedNode(XSD + "integer"))).toPython()
    42
    """
    if type(term) is _IRI:
        return _new_str(URIRef, term.value)
    node = _cache.get(term)
    return node if node is not None else _remember(term)


def rows_to_rdflib(names: list[str], solutions: Iterable[Any]) -> Iterator[dict[str, Node | None]]:
    """Convert the solutions of a SELECT (values in the order of ``names``) to rows of rdflib terms.

    This is :func:`to_rdflib` applied to each value, written for speed: it runs for every row a
    query returns.

    >>> import pyoxigraph
    >>> list(rows_to_rdflib(["x", "y"], [[pyoxigraph.NamedNode("urn:a"), None]]))
    [{'x': rdflib.term.URIRef('urn:a'), 'y': None}]
    """
    get, remember, iri, new = _cache.get, _remember, _IRI, _new_str
    # `or`: a falsy node (Literal(0), Literal("")) is converted again, to an equal term
    if len(names) == 1:  # a list of things, the commonest large result: no zip, no comprehension
        (name,) = names
        for (v,) in solutions:
            yield {
                name: new(URIRef, v.value) if type(v) is iri else None if v is None else get(v) or remember(v)
            }
        return
    for solution in solutions:
        yield {
            name: new(URIRef, v.value) if type(v) is iri else None if v is None else get(v) or remember(v)
            for name, v in zip(names, solution, strict=True)
        }


def triples_to_rdflib(triples: Iterable[Any]) -> Iterator[tuple[Node, Node, Node]]:
    """Convert pyoxigraph triples to tuples of three rdflib terms (see :func:`rows_to_rdflib`).

    >>> import pyoxigraph
    >>> a, b = pyoxigraph.NamedNode("urn:a"), pyoxigraph.NamedNode("urn:b")
    >>> list(triples_to_rdflib([pyoxigraph.Triple(a, b, pyoxigraph.Literal("c"))]))
    [(rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'), rdflib.term.Literal('c'))]
    """
    get, remember = _cache.get, _remember
    for triple in triples:
        s, p, o = triple.subject, triple.predicate, triple.object
        yield get(s) or remember(s), get(p) or remember(p), get(o) or remember(o)


def to_oxigraph(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term or a plain Python value to a pyoxigraph term.

    Python values become typed literals: ``str`` → ``xsd:string``, ``bool`` → ``xsd:boolean``,
    ``int`` → ``xsd:integer``, ``float`` → ``xsd:double``, ``Decimal`` → ``xsd:decimal``; use
    ``rdflib.URIRef`` for an IRI.

    Args:
        value: the term or value.

    Returns:
        The pyoxigraph term.

    Raises:
        TypeError: for values that have no RDF term.

    >>> to_oxigraph(URIRef("https://example.org/a"))
    <NamedNode value=https://example.org/a>
    >>> to_oxigraph(3).datatype.value == XSD + "integer"
    True
    """
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype is not None:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, decimal.Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, datetime.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, str):
        return ox.Literal(value)
    from kg.errors import ArgumentError

    raise ArgumentError(
        f"{value!r} ({type(value).__name__}) has no RDF term; use rdflib.URIRef or rdflib.Literal"
    )


_NUMBER = re.compile(r"[+-]?(\d+|\d*\.\d+)([eE][+-]?\d+)?")
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)")


def parse_term(text: str, prefixes: dict[str, str] | None = None) -> Node:
    """Read a term written the way SPARQL and Turtle write it, for values given on the command line.

    ``<iri>``, a prefixed name (``gai:GPT3``), an absolute IRI without brackets, ``"text"`` with an
    optional ``@lang`` or ``^^datatype``, a number or ``true``/``false``; anything else is a string.

    Args:
        text: the written term.
        prefixes: the prefixes prefixed names may use.

    >>> parse_term("gai:GPT3", {"gai": "https://w3id.org/genai-kg/ontology#"})
    rdflib.term.URIRef('https://w3id.org/genai-kg/ontology#GPT3')
    >>> parse_term("42").toPython()
    42
    """
    prefixes = prefixes or {}
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if text.startswith('"') and '"' in text[1:]:
        end = text.rindex('"')
        value = text[1:end].encode("utf-8").decode("unicode_escape") if "\\" in text else text[1:end]
        rest = text[end + 1 :]
        if rest.startswith("@"):
            return Literal(value, lang=rest[1:])
        if rest.startswith("^^"):
            datatype = parse_term(rest[2:], prefixes)
            return Literal(
                value, datatype=datatype if isinstance(datatype, URIRef) else URIRef(str(datatype))
            )
        return Literal(value)
    if text in ("true", "false"):
        return Literal(text == "true")
    if _NUMBER.fullmatch(text):
        if re.fullmatch(r"[+-]?\d+", text):
            return Literal(int(text))
        if "e" in text.lower():
            return Literal(float(text))
        return Literal(decimal.Decimal(text))
    match = _PNAME.fullmatch(text)
    if match and (match.group(1) or "") in prefixes:
        return URIRef(prefixes[match.group(1) or ""] + match.group(2))
    if re.match(r"[A-Za-z][\w+.-]*:[^\s]+$", text) and not match:
        return URIRef(text)
    if match and re.match(r"(https?|urn|file|ftp|mailto|tag):", text):
        return URIRef(text)
    return Literal(text)
