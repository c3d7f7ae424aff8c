"""Reading sources into a graph's Oxigraph store: files (``.gz`` too, a byte-order mark skipped), RDF
text, OWL syntaxes that are not RDF, rdflib graphs; the progress of a load; where a syntax error is.

These functions are the half of :class:`kg.graph.KnowledgeGraph` that parses: they fill the graph's
store, sources and prefixes, and only the graph calls them. Which of the engine's loaders is
used, and why, is told in :mod:`kg.graph`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox

from kg import vocab
from kg.errors import SourceError
from kg.formats import RDF_FORMATS, document_format, guess_format, sniff
from kg.owl import OWL_SYNTAXES
from kg.terms import to_oxigraph

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

#: The named graph that holds inferred triples.
INFERRED = ox.NamedNode(vocab.INFERRED_IRI)

_PREFIX_TURTLE = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.I)
_PREFIX_XML = re.compile(r"xmlns(?::([A-Za-z][\w.-]*))?\s*=\s*[\"']([^\"']+)[\"']")
_PREFIX_SCAN = 256 * 1024


@dataclass(frozen=True)
class LoadProgress:
    """How far a load has got: what the ``progress`` callback of :func:`load` receives.

    The callback is called when each source starts and ends, at most ten times a second while a file
    is read, and once more at the end with ``done=True``.

    Attributes:
        source: the source being read (its path, or ``<string>``).
        bytes_read: the bytes read so far, over all the sources of the load (of a ``.gz`` file: its
            compressed bytes).
        bytes_total: the size of all the files of the load (``None`` when there are none).
        triples: the triples loaded so far: exact for the sources already loaded, plus the lines read
            so far of an N-Triples or N-Quads file (one triple a line).
        done: whether the load is finished.

    >>> LoadProgress("big.nt", 512, 2048, 3).fraction
    0.25
    """

    source: str
    bytes_read: int
    bytes_total: int | None
    triples: int
    done: bool = False

    @property
    def fraction(self) -> float | None:
        """The share of the bytes read, from 0 to 1, or ``None`` when the total is unknown."""
        if not self.bytes_total:
            return None
        return min(1.0, self.bytes_read / self.bytes_total)


ProgressCallback = Callable[[LoadProgress], None]


def add_path(
    graph: KnowledgeGraph,
    path: Path,
    format: str | None,
    base_iri: str | None,
    target: ox.NamedNode | None,
    meter: _Meter | None = None,
) -> None:
    """Load one file into the graph (its format from ``format``, or its name and first bytes)."""
    if not path.exists():
        raise SourceError("no such file", path=str(path))
    if path.is_dir():
        raise SourceError("is a directory; give the RDF files in it", path=str(path))
    compressed = path.suffix.lower() == ".gz"
    try:
        with _open(path, compressed) as handle:
            head = handle.read(_PREFIX_SCAN)
    except (OSError, EOFError) as e:
        raise SourceError(f"cannot read: {getattr(e, 'strerror', None) or e}", path=str(path)) from e
    bom = head.startswith(_BOM)
    if bom:
        head = head[len(_BOM) :]
    # the whole head: an XML prolog (comments, DOCTYPE) can be longer than a few kilobytes
    name = document_format(format) if format else guess_format(path, head)
    base = base_iri or path.resolve().as_uri()
    if name in OWL_SYNTAXES:
        add_owl(graph, _read_all(path, compressed), name, base, target, str(path))
        if meter is not None:
            meter.source_done(str(path), len(graph._store))
        return
    if name == "xml":
        _check_xml_file(path, compressed)
    if meter is not None:
        meter.source_started(str(path))
    try:
        if meter is None and not graph._bulk and not compressed and not bom:
            graph._store.load(path=str(path), format=RDF_FORMATS[name], base_iri=base, to_graph=target)
        else:
            with open(path, "rb") as raw:
                lines = name in ("nt", "nquads")
                stream: Any = _CountingReader(raw, meter, count_lines=lines and not compressed)
                if compressed:
                    unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
                    stream = _CountingReader(unpacked, meter, count_bytes=False, count_lines=lines)
                if bom:  # a byte-order mark is not part of the document (Windows editors write one)
                    stream.read(len(_BOM))
                # (the store's methods are called, never held in a local: a traceback keeps locals,
                # and kg.store must be able to close a failed store before removing its files)
                if graph._bulk:
                    graph._store.bulk_load(stream, RDF_FORMATS[name], base_iri=base, to_graph=target)
                else:
                    graph._store.load(stream, RDF_FORMATS[name], base_iri=base, to_graph=target)
    except SyntaxError as e:
        raise _syntax_error(e, str(path), name, lambda: _read_to_locate(path, compressed)) from e
    except (OSError, ValueError, EOFError) as e:
        raise SourceError(f"cannot load as {name}: {e}", path=str(path)) from e
    except MemoryError as e:  # the engine's buffer limit ("Reached the buffer maximal size")
        raise SourceError(_too_long(e), path=str(path)) from e
    learn_prefixes(graph, head, name)
    graph.sources.append(str(path))
    if name in ("trig", "nquads") and graph.reasoned is None and graph._store.contains_named_graph(INFERRED):
        # what `kg reason -o FILE.trig` wrote comes back as inferred triples, not as asserted ones
        graph.reasoned = "loaded"
    if meter is not None:
        meter.source_done(str(path), len(graph._store))


def add_data(
    graph: KnowledgeGraph,
    data: bytes,
    format: str | None,
    base_iri: str | None,
    target: ox.NamedNode | None,
    origin: str,
) -> None:
    """Load RDF bytes into the graph; ``origin`` names them in errors and in ``graph.sources``."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    name = document_format(format) if format else sniff(data[:_PREFIX_SCAN], origin)
    if name in OWL_SYNTAXES:
        add_owl(graph, data, name, base_iri, target, origin)
        return
    if name == "xml":
        from kg.xmlcheck import check_rdfxml

        check_rdfxml([data], origin)
    try:
        if graph._bulk:
            graph._store.bulk_load(data, RDF_FORMATS[name], base_iri=base_iri, to_graph=target)
        else:
            graph._store.load(data, RDF_FORMATS[name], base_iri=base_iri, to_graph=target)
    except SyntaxError as e:
        raise _syntax_error(e, origin, name, lambda: data) from e
    except (OSError, ValueError) as e:
        raise SourceError(f"cannot load as {name}: {e}", path=origin) from e
    except MemoryError as e:
        raise SourceError(_too_long(e), path=origin) from e
    learn_prefixes(graph, data[:_PREFIX_SCAN], name)
    graph.sources.append(origin)


def add_owl(
    graph: KnowledgeGraph,
    data: bytes,
    syntax: str,
    base_iri: str | None,
    target: ox.NamedNode | None,
    origin: str,
) -> None:
    """Load a document in an OWL syntax that is not RDF, converted to RDF/XML by :mod:`kg.owl`."""
    from kg.owl import convert

    rdfxml = convert(data, syntax, "xml", base_iri=base_iri, origin=origin)
    add_data(graph, rdfxml, "xml", base_iri, target, origin=origin)


def add_rdflib(graph: KnowledgeGraph, source: Any) -> None:
    """Copy an rdflib ``Graph`` or ``Dataset`` into the graph's store, with its prefixes."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    def quads() -> Iterator[ox.Quad]:
        if hasattr(source, "quads") and source.context_aware:
            for s, p, o, ctx in source.quads((None, None, None, None)):
                name = getattr(ctx, "identifier", ctx)
                g = (
                    ox.DefaultGraph()
                    if name is None or name == DATASET_DEFAULT_GRAPH_ID
                    else to_oxigraph(name)
                )
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)  # type: ignore[arg-type]
        else:
            for s, p, o in source:
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]

    if graph._bulk:
        graph._store.bulk_extend(quads())
    else:
        graph._store.extend(quads())
    for prefix, namespace in source.namespaces():
        if prefix:
            graph.prefixes.setdefault(prefix, str(namespace))
    graph.sources.append(f"<rdflib {type(source).__name__}>")


def learn_prefixes(graph: KnowledgeGraph, head: bytes, name: str) -> None:
    """Keep the prefixes a document declares in its first bytes (Turtle, TriG, N3, RDF/XML)."""
    text = head.decode("utf-8", errors="replace")
    pattern = _PREFIX_XML if name == "xml" else _PREFIX_TURTLE if name in ("turtle", "trig", "n3") else None
    if pattern is None:
        return
    known = set(graph.prefixes.values())
    for prefix, namespace in pattern.findall(text):
        # the default namespace (`@prefix : <…>`, `xmlns="…"`) is kept under the empty prefix
        if prefix not in graph.prefixes and namespace not in known and namespace:
            graph.prefixes[prefix] = namespace
            known.add(namespace)


def _is_rdflib_graph(source: object) -> bool:
    module = type(source).__module__
    return module.startswith("rdflib") and hasattr(source, "triples") and hasattr(source, "namespaces")


def _is_text(source: str, format: str | None) -> bool:
    """A string is RDF text when it spans lines, or a format is given and no such file exists."""
    if "\n" in source:
        return True
    if format is None:
        return False
    try:
        return not Path(source).exists()
    except OSError:
        return True


class _Meter:
    """Counts the bytes and triples of one load, and tells the progress callback."""

    def __init__(self, callback: ProgressCallback, total: int | None, triples_before: int) -> None:
        self.callback, self.total, self.before = callback, total, triples_before
        self.bytes = self.triples = self.lines = 0
        self.source = ""
        self.last = 0.0

    def _tell(self, done: bool = False) -> None:
        self.last = time.monotonic()
        self.callback(LoadProgress(self.source, self.bytes, self.total, self.triples + self.lines, done))

    def source_started(self, source: str) -> None:
        self.source, self.lines = source, 0
        self._tell()

    def read(self, size: int, lines: int) -> None:
        self.bytes += size
        self.lines += lines
        if time.monotonic() - self.last >= 0.1:
            self._tell()

    def source_done(self, source: str, triples_in_store: int) -> None:
        self.source, self.lines, self.triples = source, 0, triples_in_store - self.before
        self._tell()

    def finish(self) -> None:
        self._tell(done=True)


class _CountingReader(io.RawIOBase):
    """A binary stream that tells a :class:`_Meter` what is read through it (bytes, and lines)."""

    def __init__(
        self,
        raw: IO[bytes] | io.RawIOBase | gzip.GzipFile,
        meter: _Meter | None,
        *,
        count_bytes: bool = True,
        count_lines: bool = False,
    ) -> None:
        super().__init__()
        self._raw, self._meter, self._bytes, self._lines = raw, meter, count_bytes, count_lines

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self._raw.read(-1 if size is None else size)
        if self._meter is not None and data:
            self._meter.read(len(data) if self._bytes else 0, data.count(b"\n") if self._lines else 0)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _file_size(sources: Iterable[object]) -> int | None:
    """The total size of the sources that are files (``None`` when none is)."""
    total, found = 0, False
    for source in sources:
        if isinstance(source, (str, os.PathLike)) and not (isinstance(source, str) and "\n" in source):
            try:
                total += os.path.getsize(source)
                found = True
            except (OSError, ValueError):
                pass
    return total if found else None


def _open(path: Path, compressed: bool) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb")) if compressed else open(path, "rb")


#: A byte-order mark: UTF-8 files from some editors start with one; RDF parsers do not expect it.
_BOM = b"\xef\xbb\xbf"
#: The most a document is read again to find where a parse error is: a 4 MB .gz may inflate to
#: 4 GiB, and the error's position is not worth that (it is then reported without one).
LOCATE_LIMIT = 16 * 2**20


def _read_all(path: Path, compressed: bool) -> bytes:
    with _open(path, compressed) as handle:
        return handle.read()


def _read_to_locate(path: Path, compressed: bool) -> bytes | None:
    """The document, to find an error's position in; ``None`` when it is over :data:`LOCATE_LIMIT`."""
    with _open(path, compressed) as handle:
        data = handle.read(LOCATE_LIMIT + 1)
    return None if len(data) > LOCATE_LIMIT else data


def _check_xml_file(path: Path, compressed: bool) -> None:
    """Read an RDF/XML file with the bounds of :mod:`kg.xmlcheck`, chunk by chunk."""
    from kg.xmlcheck import check_rdfxml

    try:
        with _open(path, compressed) as handle:
            check_rdfxml(iter(lambda: handle.read(1 << 20), b""), str(path))
    except (OSError, EOFError) as e:
        raise SourceError(f"cannot read: {getattr(e, 'strerror', None) or e}", path=str(path)) from e


def _too_long(error: MemoryError) -> str:
    return (
        "a literal or IRI is longer than the engine's limit of 16 MiB; split the text or keep it in a "
        f"file of its own ({error})"
    )


_OX_POSITION = re.compile(r"^Parser error (?:at line \d+ )?(?:between .*?|at .*?): ")


def _syntax_error(error: SyntaxError, origin: str, name: str, read: Any) -> SourceError:
    """A :class:`SourceError` with the line and column of a parse error.

    Oxigraph gives positions for the Turtle family; for RDF/XML and JSON-LD they are found by
    reading the document again (see :func:`_locate`).
    """
    message = str(error.msg if hasattr(error, "msg") and error.msg else error)
    line, column = error.lineno, error.offset
    message = _OX_POSITION.sub("", message)
    data = read() if line is None and name in ("xml", "json-ld") else None
    if data is not None:
        located = _locate(data, name, message)
        if located is not None:
            line, column, detail = located
            message = f"{detail} ({message})" if detail and detail not in message else message
    return SourceError(message, path=origin, line=line, column=column)


def _locate(data: bytes, name: str, message: str = "") -> tuple[int, int, str] | None:
    """Where a parse error is, for formats whose parser does not say.

    A document that is not well-formed XML or JSON is located by Python's XML (expat) or JSON parser.
    For an RDF/XML error in well-formed XML, rdflib's RDF/XML parser is asked (it tells the line of
    the element it rejects); otherwise, for both formats, the text the message quotes (an IRI, a
    node ID, a text) or, for JSON-LD, the first use of the keyword it names with a value of the
    wrong kind, is looked for in the document.
    """
    text = data.decode("utf-8", errors="replace")

    def at(offset: int) -> tuple[int, int, str]:
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1, ""

    if name == "xml":
        import logging
        import xml.parsers.expat

        import rdflib

        parser = xml.parsers.expat.ParserCreate()
        try:
            parser.Parse(data, True)
        except xml.parsers.expat.ExpatError as e:
            return e.lineno, e.offset + 1, xml.parsers.expat.ErrorString(e.code)
        logger = logging.getLogger("rdflib")
        level = logger.level
        logger.setLevel(logging.CRITICAL)  # rdflib warns about every odd IRI it reads again here
        try:
            rdflib.Graph().parse(data=data, format="xml")
        except Exception as e:  # rdflib raises ParserError (and others) with "line:column:" in the text
            found = re.search(r":(\d+):(\d+): (.*)", str(e))
            if found:
                return int(found.group(1)), int(found.group(2)) + 1, found.group(3)
        finally:
            logger.setLevel(level)
    else:
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            return e.lineno, e.colno, e.msg
        keyword = re.search(r"(@[a-z]+)\b[^@]*?\bmust be an? (string|array|object)", message)
        if keyword is not None:
            opener = {"string": '"', "array": "[", "object": "{"}[keyword.group(2)]
            for match in re.finditer(rf'"{re.escape(keyword.group(1))}"\s*:\s*(.)', text):
                if match.group(1) != opener:
                    return at(match.start(1))
    for quoted in re.finditer(r"'([^']{2,})'|`([^`]{2,})`", message):
        fragment = quoted.group(1) or quoted.group(2)
        as_text = text.find(f">{fragment}<") if name == "xml" else -1  # an XML text node, e.g. 'text'
        start = as_text + 1 if as_text >= 0 else text.find(fragment)
        if start >= 0:
            return at(start)
    return None
