"""RDF formats and the OWL syntaxes: their names, and how a file's format is told from its name and its
first bytes. The OWL syntaxes that are not RDF (OWL/XML, functional, Manchester) are converted by
:mod:`kg.owl`."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UnknownNameError, expect

__all__ = ["RDF_FORMATS", "document_format", "format_from_name", "guess_format", "rdf_format", "sniff"]

#: The RDF formats we read and write, by the names the API and the CLI accept.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf": "xml",
    "owl": "xml",
    "jsonld": "json-ld",
}
_EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".owl": "xml",
    ".rdf": "xml",
    ".rdfs": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".n3": "n3",
    ".owx": "owx",
    ".ofn": "ofn",
    ".fss": "ofn",
    ".omn": "omn",
}


def rdf_format(name: str) -> str:
    """Return the canonical name of an RDF format, accepting common aliases.

    Raises:
        UnknownNameError: listing the known formats.

    >>> rdf_format("ttl"), rdf_format("RDF/XML")
    ('turtle', 'xml')
    """
    if not isinstance(name, str):
        raise expect(name, str, "the RDF format")
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in RDF_FORMATS:
        raise UnknownNameError("RDF format", name, RDF_FORMATS)
    return key


def document_format(name: str) -> str:
    """Return the canonical name of an RDF format or of an OWL syntax that is not RDF (``owx``, ``ofn``,
    ``omn``), accepting common aliases.

    Raises:
        UnknownNameError: listing the known formats.

    >>> document_format("ttl"), document_format("Manchester")
    ('turtle', 'omn')
    """
    from kg.owl import OWL_SYNTAXES, owl_syntax

    if not isinstance(name, str):
        raise expect(name, str, "the RDF format")
    syntax = owl_syntax(name)
    if syntax is not None:
        return syntax
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in RDF_FORMATS:
        raise UnknownNameError("format", name, [*RDF_FORMATS, *OWL_SYNTAXES])
    return key


def format_from_name(path: str | Path) -> str | None:
    """Tell the format from the file name (a ``.gz`` suffix is looked through), or ``None``.

    >>> format_from_name("catalogue.nt.gz")
    'nt'
    """
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _EXTENSIONS.get(suffixes[-1]) if suffixes else None


_NT_LINE = re.compile(
    rb"^\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s+(<[^>]*>|_:\S+|\"(?:[^\"\\]|\\.)*\"\S*)\s*(<[^>]*>|_:\S+)?\s*\.\s*$"
)


_XML_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S)
_COMMENT_LINES = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")


def _xml_root(text: bytes) -> bytes | None:
    """The name of the root element of an XML document, past its declaration, comments and DOCTYPE
    (however long), or ``None`` when it is not in ``text``.

    >>> _xml_root(b'<?xml version="1.0"?><!-- a comment --><Ontology xmlns="x"/>')
    b'Ontology'
    """
    at = 0
    while match := _XML_PROLOG.match(text, at):
        if match.end() == at:
            break
        at = match.end()
    root = re.match(rb"\s*<([\w.:-]+)", text[at:])
    return root.group(1) if root else None


def sniff(head: bytes, origin: str = "<string>") -> str:
    """Tell a document's format from its first bytes.

    Args:
        head: the first few kilobytes.
        origin: the file name (kept for callers that name it in errors).

    Returns:
        A format name of :data:`RDF_FORMATS`, or ``owx``, ``ofn`` or ``omn`` for the OWL syntaxes that
        are not RDF (read through :mod:`kg.owl`); Turtle when nothing else fits (it also reads
        N-Triples).

    >>> sniff(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    'xml'
    >>> sniff(b'{"@context": {}}')
    'json-ld'
    >>> sniff(b"# people write comments here\\nPrefix: : <https://example.org/>")
    'omn'
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") and not _NT_LINE.match(text.split(b"\n", 1)[0]):
        root = _xml_root(text)
        if root is not None and root.rsplit(b":", 1)[-1] == b"Ontology" and root != b"owl:Ontology":
            return "owx"  # OWL/XML: its root is <Ontology> in the OWL namespace, RDF/XML's is <rdf:RDF>
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json-ld"
    # functional and Manchester syntax both take `#` comments before their first word
    body = text[_COMMENT_LINES.match(text).end() :]  # type: ignore[union-attr]
    if re.match(rb"\s*(Prefix|Ontology)\s*\(", body):
        return "ofn"
    if re.match(rb"\s*(Prefix|Ontology):\s", body):
        return "omn"
    lines = [line for line in text.split(b"\n")[:20] if line.strip() and not line.lstrip().startswith(b"#")]
    if lines and all(_NT_LINE.match(line) for line in lines):
        return "nquads" if any(_NT_LINE.match(line).group(3) for line in lines) else "nt"  # type: ignore[union-attr]
    if re.search(rb"^\s*(GRAPH\s+)?(<[^>]*>|\w*:\w*|_:\w+)\s*\{", text, re.M | re.I):
        return "trig"
    return "turtle"


def guess_format(path: Path, head: bytes) -> str:
    """Tell a file's format by its name, then by its content.

    ``.owl``, ``.xml`` and ``.rdf`` are RDF/XML by convention, but Protégé also writes OWL/XML and
    Turtle under ``.owl``: the content decides for those.

    >>> guess_format(Path("x.owl"), b"@prefix owl: <http://www.w3.org/2002/07/owl#> .")
    'turtle'
    """
    by_name = format_from_name(path)
    if by_name in (None, "xml", "json-ld", "owx"):
        return sniff(head, str(path))
    return by_name
