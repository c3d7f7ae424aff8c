"""Where an IRI is in the source files: the line that defines it, or else first uses it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import SourceError
from kg.validation.report import Finding

if TYPE_CHECKING:
    pass


def _locate(findings: Iterable[Finding], locator: _Locator) -> list[Finding]:
    """Give each finding the file and line where its IRI is defined or first used."""
    out = []
    for f in findings:
        if f.source is None and f.focus is not None:
            where = locator.find(f.focus) or (locator.find(f.value) if f.value else None)
            if where is not None:
                line = where[1]
                if f.path is not None:  # the line of the offending triple, not of the subject's first
                    line = _triple_line(Path(where[0]), line, f.path, f.value) or line
                f = dataclasses.replace(f, source=where[0], line=line)
        out.append(f)
    return out


#: How many lines after a subject's are searched for one of its triples.
_TRIPLE_LINES = 200


def _triple_line(path: Path, start: int, predicate: str, value: str | None) -> int | None:
    """The line, from ``start`` on, where the subject's ``predicate`` is given the ``value`` (or, with no
    value, the predicate's first line), in a Turtle-like file; ``None`` when not found.

    >>> import tempfile
    >>> ttl = Path(tempfile.mkdtemp()) / "m.ttl"
    >>> _ = ttl.write_text('ex:m a ex:M ;\\n  ex:year 2020 ;\\n  ex:size "175B" .\\n')
    >>> _triple_line(ttl, 1, "ex:size", '"175B"'), _triple_line(ttl, 1, "ex:year", None)
    (3, 2)
    """
    if predicate.startswith(("^", "(")) or re.search(r"[\s|*+?]", predicate):
        return None  # a complex path (^p, p|q, p* …) is not on one line
    local = re.split(r"[#/:]", predicate.strip("<>"))[-1]
    wanted = None
    if value is not None:
        literal = re.match(r'"((?:[^"\\]|\\.)*)"', value)
        wanted = literal.group(1) if literal else re.split(r"[#/:]", value.strip("<>"))[-1]
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number < start:
                    continue
                if number > start + _TRIPLE_LINES:
                    break
                if re.search(rf"[:/#]{re.escape(local)}\b", text) and (wanted is None or wanted in text):
                    return number
    except OSError:
        return None
    return None


class _Locator:
    """Finds the line where an IRI is defined (as a subject) or else first used, in Turtle (and TriG,
    N3, N-Triples) and RDF/XML sources. Files are read when first needed."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = [s for s in sources if not s.startswith("<") and Path(s).is_file()]
        self._index: dict[str, dict[str, tuple[int, bool]]] = {}

    def find(self, iri: str) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        for source in self.sources:
            index = self._index.get(source)
            if index is None:
                index = self._index[source] = _index_file(Path(source))
            found = index.get(iri)
            if found is not None:
                line, as_subject = found
                if as_subject:
                    return source, line
                best = best or (source, line)
        return best


def _index_file(path: Path) -> dict[str, tuple[int, bool]]:
    from kg.formats import guess_format

    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if path.suffix == ".gz":
        return {}
    try:
        name = guess_format(path, data[:8192])
    except SourceError:
        return {}
    text = data.decode("utf-8", errors="replace")
    if name in ("turtle", "trig", "n3", "nt", "nquads"):
        return _index_turtle(text, path.resolve().as_uri())
    if name == "xml":
        return _index_rdfxml(text, path.resolve().as_uri())
    return {}


_TTL_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n]*|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
         |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
       |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
       |(?P<directive>@prefix|@base|(?<![\w:])(?:PREFIX|BASE)(?![\w:]))
       |(?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w\-:%]))*)
       |(?P<end>\.(?![\w]))
       |(?P<open>[\[(])|(?P<close>[\])])""",
    re.VERBOSE | re.IGNORECASE,
)


def _index_turtle(text: str, base: str) -> dict[str, tuple[int, bool]]:
    """IRI → (line of first use as a subject, or else of first use, and whether it was a subject)."""
    from urllib.parse import urljoin

    prefixes: dict[str, str] = {}
    index: dict[str, tuple[int, bool]] = {}
    line = 1
    last = 0
    at_start = True  # the next term starts a statement
    depth = 0
    directive: str | None = None
    pending_prefix: str | None = None
    for match in _TTL_TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        kind = match.lastgroup
        token = match.group()
        if kind == "skip":
            continue
        if kind == "directive":
            directive = token.lower().lstrip("@")
            continue
        if directive == "prefix" and kind == "pname" and pending_prefix is None:
            pending_prefix = token[:-1] if token.endswith(":") else token.split(":", 1)[0]
            continue
        if kind == "iri":
            iri = urljoin(base, token[1:-1])
            if directive == "prefix":
                prefixes[pending_prefix or ""] = iri
                directive, pending_prefix = None, None
                continue
            if directive == "base":
                base, directive = iri, None
                continue
        elif kind == "pname":
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        elif kind == "end":
            at_start = depth == 0
            directive = None
            continue
        elif kind == "open":
            depth += 1
            at_start = False
            continue
        elif kind == "close":
            depth = max(0, depth - 1)
            continue
        else:
            continue
        subject = at_start and depth == 0
        at_start = False
        known = index.get(iri)
        if known is None or (subject and not known[1]):
            index[iri] = (line, subject)
    return index


_XML_ENTITY = re.compile(r"""<!ENTITY\s+(\w[\w.-]*)\s+["']([^"']*)["']\s*>""")
_XML_ATTRIBUTE = re.compile(
    r"""\b(rdf:about|rdf:resource|rdf:ID|rdf:datatype|xml:base)\s*=\s*["']([^"']*)["']"""
)


def _index_rdfxml(text: str, base: str) -> dict[str, tuple[int, bool]]:
    """The same for RDF/XML, where ``rdf:about`` and ``rdf:ID`` define and ``rdf:resource`` uses."""
    from urllib.parse import urljoin

    entities = dict(_XML_ENTITY.findall(text))
    index: dict[str, tuple[int, bool]] = {}
    line, last = 1, 0
    for match in _XML_ATTRIBUTE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        attribute, value = match.groups()
        value = re.sub(r"&(\w[\w.-]*);", lambda m: entities.get(m.group(1), m.group(0)), value)
        if attribute == "xml:base":
            base = value
            continue
        iri = urljoin(base, "#" + value if attribute == "rdf:ID" else value)
        subject = attribute in ("rdf:about", "rdf:ID")
        known = index.get(iri)
        if known is None or (subject and not known[1]):
            index[iri] = (line, subject)
    return index
