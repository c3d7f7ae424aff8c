"""Values of query variables written as text: ``kg query --bind NAME=VALUE`` and the URL parameters of
the endpoint's named queries. One parser for both, so both read a value the same way.

A value is written as SPARQL writes a term: ``<iri>``, a prefixed name (``gai:GPT3``), an absolute IRI
without brackets (``https://example.org/a``), ``"text"`` or ``'text'`` with SPARQL's escapes
(``\\t``, ``\\"``, ``\\u00e9``, ``\\U0001F600`` …) and an optional ``@lang`` or ``^^datatype``, a number
(kept as written: ``01`` stays ``"01"^^xsd:integer``), or ``true``/``false``. Anything else that has no
quote, bracket or backslash is a plain string, except a prefixed name whose prefix is unknown. A value
that starts like a term but is not one (an unknown prefix or escape, text after the closing quote, a bad
language tag) is an error, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.vocab import XSD as _XSD

__all__ = ["BindingError", "check_names", "parse_binding", "parse_value", "unknown_prefix"]

_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI = re.compile(r"[^<>\"{}|^`\\\x00-\x20]*\Z")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]+\Z")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*\Z")
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+\Z")
_VARIABLE = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\uffff]+\Z")


class BindingError(KGError):
    """A variable's value that cannot be read as an RDF term, or a name the query does not have.

    >>> str(BindingError("unknown escape \\\\x at character 2", name="label"))
    'the value of ?label: unknown escape \\\\x at character 2'
    """

    def __init__(self, message: str, *, name: str | None = None) -> None:
        self.name = name
        super().__init__(f"the value of ?{name}: {message}" if name else message)


def parse_value(text: str, prefixes: Mapping[str, str] | None = None, *, name: str | None = None) -> Node:
    """Read one value as an rdflib term.

    Args:
        text: the written value.
        prefixes: the prefixes prefixed names may use.
        name: the variable's name, for messages.

    Raises:
        BindingError: for a value that starts like a term and is not one.

    >>> parse_value('"caf\\\\u00e9\\\\tü"@fr')
    rdflib.term.Literal('café\\tü', lang='fr')
    >>> parse_value("gai:GPT3", {"gai": "https://w3id.org/genai-kg/ontology#"})
    rdflib.term.URIRef('https://w3id.org/genai-kg/ontology#GPT3')
    >>> str(parse_value("01")), parse_value("01").datatype
    ('01', rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> parse_value('"x"@en } #')
    Traceback (most recent call last):
    ...
    kg.bindings.BindingError: not a language tag: 'en } #'
    """
    prefixes = prefixes or {}

    def fail(message: str) -> BindingError:
        return BindingError(message, name=name)

    text = text.strip()
    if text.startswith("<"):
        return _iri(text, fail)
    if text[:1] in ('"', "'"):
        value, rest = _string(text, fail)
        if not rest:
            return Literal(value)
        if rest.startswith("@"):
            if not _LANGUAGE.match(rest[1:]):
                raise fail(f"not a language tag: {rest[1:]!r}")
            return Literal(value, lang=rest[1:])
        if rest.startswith("^^"):
            datatype = rest[2:].strip()
            iri = _iri(datatype, fail) if datatype.startswith("<") else _prefixed(datatype, prefixes)
            if iri is None:
                raise fail(f"not a datatype IRI: {datatype!r}")
            return Literal(value, datatype=iri, normalize=False)
        raise fail(f"unexpected text after the closing quote: {rest!r}")
    if text in ("true", "false"):
        return Literal(text, datatype=URIRef(_XSD + "boolean"))
    for pattern, datatype in ((_INTEGER, "integer"), (_DECIMAL, "decimal"), (_DOUBLE, "double")):
        if pattern.match(text):
            return Literal(text, datatype=URIRef(_XSD + datatype), normalize=False)  # as written
    iri = _prefixed(text, prefixes)
    if iri is not None:
        return iri
    pname = _PNAME.match(text)
    if pname is not None:
        # a prefixed name whose prefix nobody declared: an error, not the string "foo:X" (which would
        # match nothing and answer with no rows)
        raise fail(unknown_prefix(pname.group(1) or "", prefixes, text))
    if _ABSOLUTE_IRI.match(text):
        return URIRef(text)
    if "\\" in text:
        raise fail("a backslash outside quotes; write the value as a quoted string")
    return Literal(text)


def parse_binding(item: str, prefixes: Mapping[str, str] | None = None) -> tuple[str, Node]:
    """Read ``NAME=VALUE`` (``--bind``): the variable's name without ``?``/``$`` and its value.

    >>> parse_binding("?n=42")
    ('n', rdflib.term.Literal('42', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    >>> parse_binding("nothing")
    Traceback (most recent call last):
    ...
    kg.bindings.BindingError: expected NAME=VALUE, got 'nothing'
    """
    name, sep, value = item.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise BindingError(f"expected NAME=VALUE, got {item!r}")
    if not _VARIABLE.match(name):
        raise BindingError(f"not a variable name: {name!r}")
    return name, parse_value(value, prefixes, name=name)


def check_names(names: Iterable[str], variables: Iterable[str], source: str) -> None:
    """Refuse values for variables the query does not have (a typo would otherwise be ignored).

    >>> check_names(["x"], ["y", "z"], "q.rq")
    Traceback (most recent call last):
    ...
    kg.bindings.BindingError: q.rq has no variable ?x; its variables: ?y, ?z
    """
    known = set(variables)
    unknown = sorted(set(names) - known)
    if unknown:
        listed = ", ".join("?" + v for v in sorted(known)) or "none"
        raise BindingError(
            f"{source} has no variable {', '.join('?' + u for u in unknown)}; its variables: {listed}"
        )


def unknown_prefix(prefix: str, prefixes: Mapping[str, str], written: str) -> str:
    """The message for a prefixed name whose prefix is not declared: the prefix and the known ones.

    >>> print(unknown_prefix("foo", {"gai": "https://w3id.org/genai-kg/ontology#"}, "foo:X"))
    ... # doctest: +NORMALIZE_WHITESPACE
    unknown prefix 'foo:' in foo:X (no file loaded declares it); known prefixes: gai:;
    write a full IRI as <…>, a string as "…"
    """
    known = ", ".join(f"{p}:" for p in sorted(prefixes)) or "none"
    return (
        f"unknown prefix '{prefix}:' in {written} (no file loaded declares it); known prefixes: {known}; "
        'write a full IRI as <…>, a string as "…"'
    )


def _iri(text: str, fail: Callable[[str], BindingError]) -> URIRef:
    if not (text.startswith("<") and text.endswith(">")) or not _IRI.match(text[1:-1]):
        raise fail(f"not an IRI: {text!r}")
    return URIRef(text[1:-1])


def _prefixed(text: str, prefixes: Mapping[str, str]) -> URIRef | None:
    match = _PNAME.match(text)
    if match and (match.group(1) or "") in prefixes:
        return URIRef(prefixes[match.group(1) or ""] + match.group(2))
    return None


def _string(text: str, fail: Callable[[str], BindingError]) -> tuple[str, str]:
    """The value of the quoted string ``text`` starts with, and the text after its closing quote."""
    quote, i = text[0], 1
    out: list[str] = []
    while i < len(text):
        char = text[i]
        if char == quote:
            return "".join(out), text[i + 1 :].strip()
        if char == "\\":
            code = text[i + 1 : i + 2]
            if code in _ESCAPES:
                out.append(_ESCAPES[code])
                i += 2
                continue
            width = {"u": 4, "U": 8}.get(code)
            digits = text[i + 2 : i + 2 + width] if width else ""
            if width and re.fullmatch(r"[0-9A-Fa-f]+", digits) and len(digits) == width:
                point = int(digits, 16)
                if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                    raise fail(f"\\{code}{digits} at character {i + 1} is not a character")
                out.append(chr(point))
                i += 2 + width
                continue
            raise fail(f"unknown escape \\{code} at character {i + 1}")
        out.append(char)
        i += 1
    raise fail(f"no closing {quote}")
