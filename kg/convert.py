"""Converting RDF files to another format without changing their data (``kg export``).

The engine stores the values of typed literals, not their text, as Jena TDB2 does: in a store,
``"1.0"^^xsd:decimal`` is ``"1"``, ``"01"^^xsd:integer`` is ``"1"``, ``"1e3"^^xsd:double`` is
``"1000"``, ``"1"^^xsd:boolean`` is ``"true"`` and a ``+00:00`` time zone is ``Z``. Queries need that;
a conversion must not do it. So :func:`convert` loads the files once into a graph (which checks them,
with the loader's messages and limits), then reads them again into an in-memory dataset that keeps
every lexical form as written, and writes that. A store only holds the values: :func:`normalised`
says whether it holds literals whose text may have changed, for a warning.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg import resources, vocab
from kg.files import atomic_write
from kg.formats import RDF_FORMATS, document_format, guess_format

__all__ = ["NORMALISED_DATATYPES", "convert", "normalised"]

_XSD = vocab.XSD
#: The datatypes whose literals a store holds as values (their text may be written differently).
NORMALISED_DATATYPES = [
    _XSD + name
    for name in (
        "decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
        "unsignedByte", "double", "float", "boolean", "dateTime", "dateTimeStamp", "date", "time",
        "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "duration", "dayTimeDuration",
        "yearMonthDuration",
    )
]  # fmt: skip
_BOM = b"\xef\xbb\xbf"
_HEAD = 256 * 1024  # as much as the loader reads to tell a format (an XML prolog may be long)


def convert(
    sources: Sequence[str | os.PathLike[str]],
    format: str,
    destination: str | os.PathLike[str] | None = None,
    *,
    ontology: bool = True,
    catalogue: bool = False,
    with_ontology: bool | None = None,
) -> bytes | None:
    """Convert RDF files (after the embedded ontology) to ``format``, keeping every literal as written.

    Args:
        sources: the files (``.gz`` is read through).
        format: the format to write (see :data:`~kg.formats.RDF_FORMATS`).
        destination: a file to write (atomically, or into a device or FIFO); ``None`` returns the bytes.
        ontology: convert the embedded GenAI ontology too, first.
        catalogue: convert the embedded Epoch AI catalogue too.
        with_ontology: write the embedded ontology's triples too (see
            :meth:`~kg.graph.KnowledgeGraph.shows_ontology`).

    Raises:
        SourceError: for a file that cannot be read or parsed (with its line and column).

    >>> import tempfile, pathlib
    >>> source = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = source.write_text('<urn:a> <urn:b> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    >>> convert([source], "nt", ontology=False).decode()
    '<urn:a> <urn:b> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\\n'
    """
    from kg.graph import load

    name = document_format(format)
    graph = load(*sources, ontology=ontology, catalogue=catalogue)  # checks every file, or says why not
    shown = graph.shows_ontology(with_ontology)
    files = [Path(os.fspath(s)) for s in sources]
    if shown and ontology:
        files.insert(0, resources.ontology_file())
    if (
        catalogue
        or name not in RDF_FORMATS
        or not all(f.is_file() and _format(f) in RDF_FORMATS for f in files)
    ):
        # the catalogue (made from a CSV snapshot), an OWL syntax (read and written through kg.owl), or
        # a source that is not a file: written from the engine's copy
        if destination is None:
            return (graph.serialize(name, with_ontology=with_ontology) or "").encode("utf-8")
        graph.serialize(name, Path(destination), with_ontology=with_ontology)
        return None
    hidden = graph._ontology if not shown and graph._ontology else frozenset()
    with contextlib.ExitStack() as stack:
        quads = itertools.chain.from_iterable(_read(path, stack) for path in files)
        dataset = ox.Dataset(q for q in quads if q not in hidden)
    fmt = RDF_FORMATS[name]
    prefixes = graph.prefixes if name in ("turtle", "trig", "n3", "xml") else None
    data: Any = dataset if fmt.supports_datasets else _triples(dataset)

    def write(output: IO[bytes] | None) -> bytes | None:
        return ox.serialize(data, output, fmt, prefixes=prefixes)

    if destination is None:
        return write(None) or b""
    with atomic_write(destination) as handle:
        write(handle)
    return None


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _format(path: Path) -> str:
    """The format of a file, told as the loader tells it (name, then content)."""
    with _open(path) as raw:
        head = raw.read(_HEAD)
    return guess_format(path, head[len(_BOM) :] if head.startswith(_BOM) else head)


def _read(path: Path, stack: contextlib.ExitStack) -> Iterator[ox.Quad]:
    raw = stack.enter_context(_open(path))
    skip = len(_BOM) if raw.read(len(_BOM)) == _BOM else 0
    raw.seek(skip)
    return ox.parse(raw, RDF_FORMATS[_format(path)], base_iri=path.resolve().as_uri())


def _triples(dataset: ox.Dataset) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in dataset:
        if quad.triple not in seen:
            seen.add(quad.triple)
            yield quad.triple


def normalised(graph: Any) -> bool:
    """Whether a graph held by the engine has literals whose text it may have rewritten (numbers,
    booleans, dates and times: see the module's docstring).

    >>> import kg
    >>> normalised(kg.KnowledgeGraph().add('<urn:a> <urn:b> 1 .', format="turtle"))
    True
    """
    types = " ".join(f"<{t}>" for t in NORMALISED_DATATYPES)
    return bool(
        graph.query(f"ASK {{ ?s ?p ?o FILTER(DATATYPE(?o) IN ({types.replace(' ', ', ')})) }}").boolean
    )
