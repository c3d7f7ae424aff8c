"""A bounded first reading of RDF/XML, before the engine parses it.

The engine's RDF/XML parser expands XML entities without a limit (a 9-level "billion laughs" file
grew to 8.3 GB), accepts a document cut off in the middle (half the statements, exit 0), and slows
down superlinearly on elements nested a million deep. So every RDF/XML source is first read by
expat, in chunks, with these limits (an error names the file, line and column):

- entities: internal ones only (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, as Protégé writes
  them), each at most :data:`MAX_ENTITY_CHARS` characters and not made of other entities (nesting is how
  "billion laughs" grows); the text they expand to at most :data:`MAX_AMPLIFICATION` times the size of
  the document (plus 16 MiB). External entities are refused (they would read files or URLs);
- elements nested at most :data:`MAX_DEPTH` deep;
- the document must be well-formed to its end, so a truncated file is an error.

It costs one pass of expat over the document (about a third of the engine's own parse time).
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable

from kg.errors import SourceError

__all__ = ["MAX_AMPLIFICATION", "MAX_DEPTH", "MAX_ENTITY_CHARS", "check_rdfxml"]

MAX_DEPTH = 1000
MAX_ENTITY_CHARS = 4096
MAX_AMPLIFICATION = 20
_FREE_EXPANSION = 16 * 2**20
_REFERENCE = re.compile(r"[&%][A-Za-z_:][\w.:-]*;")


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_rdfxml(chunks: Iterable[bytes], origin: str) -> None:
    """Read an RDF/XML document with the limits of this module.

    Args:
        chunks: the document's bytes, in pieces (a stream is read chunk by chunk, never whole).
        origin: the file name, for messages.

    Raises:
        SourceError: with the line and column where a limit was passed or the XML is malformed.

    >>> check_rdfxml([b'<?xml version="1.0"?><r>', b"</r>"], "ok.rdf")
    >>> check_rdfxml([b"<r><a>"], "cut.rdf")
    Traceback (most recent call last):
    ...
    kg.errors.SourceError: cut.rdf:1:7: the document ends before its elements are closed (no element found)
    >>> laughs = b'<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;">]><r>&b;</r>'
    >>> check_rdfxml([laughs], "lol.rdf")
    Traceback (most recent call last):
    ...
    kg.errors.SourceError: lol.rdf:1:41: entity 'b' is made of other entities; nested entities are not read
    """
    parser = xml.parsers.expat.ParserCreate()
    # no external DTD or parameter entities are ever read
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    limits = _Limits()
    limits.attach(parser)
    consumed = 0

    at_end = False
    try:
        for chunk in chunks:
            consumed += len(chunk)
            parser.Parse(chunk, False)
            if limits.produced > _FREE_EXPANSION + MAX_AMPLIFICATION * consumed:
                raise _Refused(
                    f"entities expand to more than {MAX_AMPLIFICATION} times the size of the document"
                )
        at_end = True
        parser.Parse(b"", True)
    except _Refused as e:
        raise SourceError(
            e.message, path=origin, line=parser.CurrentLineNumber, column=parser.CurrentColumnNumber + 1
        ) from None
    except xml.parsers.expat.ExpatError as e:
        what = xml.parsers.expat.ErrorString(e.code)
        if at_end:
            what = f"the document ends before its elements are closed ({what})"
        raise SourceError(what, path=origin, line=e.lineno, column=e.offset + 1) from None


class _Limits:
    """The expat handlers of :func:`check_rdfxml`: they count the depth and the characters the document
    expands to, and refuse external and nested entities."""

    def __init__(self) -> None:
        self.depth = 0
        self.produced = 0

    def attach(self, parser: xml.parsers.expat.XMLParserType) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.EntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.external

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"elements are nested more than {MAX_DEPTH} deep")
        self.produced += sum(len(v) for v in attributes.values())

    def end(self, name: str) -> None:
        self.depth -= 1

    def text(self, data: str) -> None:
        self.produced += len(data)

    def entity(
        self,
        name: str,
        is_parameter: int,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        if value is None:
            raise _Refused(f"entity {name!r} is external; external entities are not read")
        if len(value) > MAX_ENTITY_CHARS:
            raise _Refused(f"entity {name!r} is longer than {MAX_ENTITY_CHARS} characters")
        if _REFERENCE.search(value):
            raise _Refused(f"entity {name!r} is made of other entities; nested entities are not read")

    def external(
        self, context: str | None, base: str | None, system_id: str | None, public_id: str | None
    ) -> int:
        raise _Refused("the document refers to an external entity or DTD, which is not read")
