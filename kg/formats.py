"""RDF formats: their names, and how a file's format is told from its name and its first bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import SourceError, UnknownNameError, expect

__all__ = ["RDF_FORMATS", "format_from_name", "guess_format", "rdf_format", "sniff"]

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


def sniff(head: bytes, origin: str = "<string>") -> str:
    """Tell an RDF format from the first bytes of a document.

    Args:
        head: the first few kilobytes.
        origin: the file name, for the error message.

    Returns:
        A format name of :data:`RDF_FORMATS`; Turtle when nothing else fits (it also reads N-Triples).

    Raises:
        SourceError: for OWL documents that are not RDF (OWL/XML, functional syntax, Manchester syntax).

    >>> sniff(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    'xml'
    >>> sniff(b'{"@context": {}}')
    'json-ld'
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") and not _NT_LINE.match(text.split(b"\n", 1)[0]):
        if re.search(rb"<(\w+:)?Ontology[\s>]", text[:4096]) and not re.search(
            rb"<rdf:RDF|<owl:Ontology", text[:4096]
        ):
            raise SourceError(
                "this is OWL/XML, not RDF; save it from Protégé as RDF/XML or Turtle to load it", path=origin
            )
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json-ld"
    if re.match(rb"(Prefix|Ontology)\s*\(", text) or re.search(rb"^Ontology\s*\(", text, re.M):
        raise SourceError(
            "this is OWL functional syntax, not RDF; save it from Protégé as RDF/XML or Turtle to load it",
            path=origin,
        )
    if re.match(rb"Prefix:\s|Ontology:\s", text):
        raise SourceError(
            "this is OWL Manchester syntax, not RDF; save it from Protégé as RDF/XML or Turtle to load it",
            path=origin,
        )
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
    if by_name in (None, "xml", "json-ld"):
        return sniff(head, str(path))
    return by_name
