"""Conversion between rdflib terms (our public API) and Oxigraph terms (our engine).

rdflib's ``URIRef``, ``BNode`` and ``Literal`` are what every Python RDF tool understands, so rows and
triples handed to users are rdflib terms. The engine works with pyoxigraph terms. Results often repeat
the same IRIs and literals, so conversions are cached.
"""

from __future__ import annotations

import datetime
import re
import decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["XSD", "parse_term", "to_oxigraph", "to_rdflib"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_CACHE_LIMIT = 200_000
_cache: dict[Any, Node] = {}


def _convert(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.Triple):
        raise TypeError("RDF-star quoted triples have no rdflib term; query them with pyoxigraph directly")
    raise TypeError(f"not an RDF term: {term!r}")


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
    try:
        return _cache[term]
    except KeyError:
        pass
    node = _convert(term)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[term] = node
    return node


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
    raise TypeError(f"{value!r} ({type(value).__name__}) has no RDF term; use rdflib.URIRef or rdflib.Literal")


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
            return Literal(value, datatype=datatype if isinstance(datatype, URIRef) else URIRef(str(datatype)))
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
