"""The knowledge graph: sources in, SPARQL on Oxigraph, formats out.

A :class:`KnowledgeGraph` keeps its triples in a pyoxigraph ``Store``: in memory, or a persistent store
on disk (:mod:`kg.store`: built once by ``kg load SOURCES --store DIR``, then opened read-only). Asserted
triples live in the store's default graph (and in the named graphs of TriG or N-Quads sources); triples
a reasoner infers live in the named graph :data:`INFERRED`, apart from the asserted ones, so a query can
read either.

Loading runs at the engine's speed: files go straight to Oxigraph's parsers, never through rdflib.
Which of the engine's loaders, was measured with a million N-Triples on a 2-core machine: in memory,
``Store.load`` takes 2.6 s and 350 MB where ``Store.bulk_load`` takes 2.7 s and 550 MB, and ``load`` is
transactional (a source with a syntax error leaves nothing behind), so an in-memory graph uses
``load``; on disk, ``bulk_load`` takes 6.4 s where ``load`` takes 15 s, so a persistent store is
bulk-loaded, and gets the atomicity ``bulk_load`` lacks by building a new generation of the store
(see :mod:`kg.store`). A file is read through a small counting reader when a ``progress`` callback is
given (and always for a bulk load, so that Ctrl-C stops it at once): the callback receives
:class:`LoadProgress`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union, cast, overload

import pyoxigraph as ox

from kg import resources, vocab
from kg.errors import SourceError, StoreError, UsageError, expect
from kg.files import atomic_write
from kg.formats import RDF_FORMATS, document_format, guess_format, sniff
from kg.owl import OWL_SYNTAXES
from kg.services import SERVICES, service
from kg.sparql import (
    Result,
    check_safety,
    check_shape,
    execute,
    query_header,
    resolve_query,
    to_query_error,
)
from kg.terms import to_oxigraph

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from kg.imports import Import
    from kg.reasoning.report import ReasoningReport

__all__ = [
    "DEFAULT_PREFIXES",
    "INFERRED",
    "KnowledgeGraph",
    "LoadProgress",
    "OntologyInfo",
    "Source",
    "Summary",
    "load",
]

# The graph's convenience methods call layers above it through kg.services (see ARCHITECTURE.md).
_SERVICES = SERVICES
_service = service


#: The named graph that holds inferred triples.
INFERRED = ox.NamedNode(vocab.INFERRED_IRI)

#: Prefixes every graph knows; sources add their own.
DEFAULT_PREFIXES: dict[str, str] = dict(vocab.DEFAULT_PREFIXES)

Source = Union[str, "os.PathLike[str]", bytes, "rdflib.Graph"]

_PREFIX_TURTLE = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.I)
_PREFIX_XML = re.compile(r"xmlns(?::([A-Za-z][\w.-]*))?\s*=\s*[\"']([^\"']+)[\"']")
_PREFIX_SCAN = 256 * 1024


@dataclass(frozen=True)
class OntologyInfo:
    """The header of one ontology in the graph.

    Attributes:
        iri: the ontology IRI.
        version_iri: its ``owl:versionIRI``, if any.
        version_info: its ``owl:versionInfo``, if any.
        title: its ``dcterms:title`` (or ``rdfs:label``), if any.
    """

    iri: str
    version_iri: str | None = None
    version_info: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Summary:
    """What a graph holds: its ontologies and the counts of its entities and triples."""

    ontologies: list[OntologyInfo] = field(default_factory=list)
    classes: int = 0
    object_properties: int = 0
    datatype_properties: int = 0
    annotation_properties: int = 0
    individuals: int = 0
    triples: int = 0
    inferred: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (for JSON).

        >>> Summary(triples=3).as_dict()["triples"]
        3
        """
        return {
            "ontologies": [vars(o) for o in self.ontologies],
            "classes": self.classes,
            "object_properties": self.object_properties,
            "datatype_properties": self.datatype_properties,
            "annotation_properties": self.annotation_properties,
            "individuals": self.individuals,
            "triples": self.triples,
            "inferred": self.inferred,
        }


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


_SUMMARY_QUERY = (
    vocab.sparql_prefixes("owl", "rdfs")
    + """SELECT
  (COUNT(DISTINCT ?class) AS ?classes) (COUNT(DISTINCT ?op) AS ?ops) (COUNT(DISTINCT ?dp) AS ?dps)
  (COUNT(DISTINCT ?ap) AS ?aps) (COUNT(DISTINCT ?ind) AS ?inds)
WHERE {
  { ?class a ?ct . VALUES ?ct { owl:Class rdfs:Class } FILTER isIRI(?class) }
  UNION { ?op a owl:ObjectProperty FILTER isIRI(?op) }
  UNION { ?dp a owl:DatatypeProperty FILTER isIRI(?dp) }
  UNION { ?ap a owl:AnnotationProperty FILTER isIRI(?ap) }
  UNION { ?ind a owl:NamedIndividual FILTER isIRI(?ind) }
  UNION { ?ind a ?c . ?c a owl:Class FILTER (isIRI(?ind) && isIRI(?c)) }
}
"""
)

_ONTOLOGY_QUERY = (
    vocab.sparql_prefixes("owl", "rdfs", "dcterms", "dc")
    + """SELECT ?o (SAMPLE(?v) AS ?version) (SAMPLE(?vi) AS ?info) (SAMPLE(?t) AS ?title) WHERE {
  ?o a owl:Ontology FILTER isIRI(?o)
  OPTIONAL { ?o owl:versionIRI ?v }
  OPTIONAL { ?o owl:versionInfo ?vi }
  OPTIONAL { ?o dcterms:title|dc:title|rdfs:label ?t }
} GROUP BY ?o ORDER BY ?o
"""
)


class KnowledgeGraph:
    """An RDF graph with SPARQL, backed by Oxigraph.

    Build one with :func:`load`; add sources with :meth:`add`.

    >>> graph = KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt")
    >>> len(graph)
    1
    """

    def __init__(self, store: ox.Store | None = None) -> None:
        self._store = store if store is not None else ox.Store()
        #: The sources loaded, in order (file paths, ``<string>``, ``<rdflib graph>`` …).
        self.sources: list[str] = []
        #: Namespace prefixes: the defaults, then those the sources declare.
        self.prefixes: dict[str, str] = dict(DEFAULT_PREFIXES)
        #: The profile of the inferred triples in :data:`INFERRED` (``'dl'`` or ``'rl'``; ``'loaded'`` for
        #: those read back from a TriG or N-Quads file that ``kg reason -o`` wrote), if any.
        self.reasoned: str | None = None
        #: The directory of the persistent store the graph was opened from (read-only), if any.
        self.location: Path | None = None
        self._bulk = False  # load with Store.bulk_load (a new store on disk, see kg.store)
        self._length: int | None = None  # the number of triples, known once for a read-only store
        self._lease: Any = None  # what keeps a persistent store's files from being removed (kg.store)
        self._ontology: frozenset[ox.Quad] | None = None  # the embedded ontology's quads, once loaded
        #: The ``owl:imports`` met when loading, and what became of each (see :mod:`kg.imports`).
        self.imports: list[Import] = []

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store, for what this API does not cover."""
        return self._store

    @property
    def read_only(self) -> bool:
        """Whether the graph is a persistent store opened read-only (see :func:`kg.store.open_store`).

        >>> KnowledgeGraph().read_only
        False
        """
        return self.location is not None

    def _writable(self) -> None:
        if self.location is not None:
            raise StoreError(
                f"{self.location} is a persistent store, opened read-only; to change it, build it again "
                f"with `kg load SOURCES --store {self.location}` (kg.load(*sources, store=...))"
            )

    def close(self) -> None:
        """Let go of the store: for a persistent store, its files and the lock that keeps a newer build
        from removing them. The graph cannot be used afterwards. Also called on leaving a ``with`` block.

        >>> with KnowledgeGraph() as graph:
        ...     graph.close()
        """
        self._store = _ClosedStore()  # type: ignore[assignment]
        if self._lease is not None:
            self._lease.release()
            self._lease = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- loading --------------------------------------------------------------------------------------

    def add(
        self,
        source: Source | None = None,
        *,
        data: str | bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
        graph: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> KnowledgeGraph:
        """Load one source into the graph.

        Args:
            source: a file path (``.gz`` is read through), RDF bytes, or an rdflib ``Graph``/``Dataset``;
                a string is taken for RDF text when it spans lines, or ``format`` is given and no such
                file exists (give text as ``data=`` to say so).
            data: RDF text (or bytes), never taken for a path; instead of ``source``.
            format: the RDF format name (``turtle``, ``nt``, ``nquads``, ``trig``, ``xml``, ``json-ld``,
                ``n3``); by default told from the file name and content.
            base_iri: the base for relative IRIs; by default the file's ``file:`` URI.
            graph: the IRI of a named graph to put the triples in, instead of the default graph
                (for formats of triples; N-Quads and TriG keep their own graphs).
            progress: called with a :class:`LoadProgress` as the source is read.

        Returns:
            The graph itself, so calls can be chained.

        Raises:
            SourceError: for a missing file or a syntax error (with line and column where the parser
                gives them); nothing of the failed source is kept.
            StoreError: for a persistent store, which is read-only.
            UsageError: for both ``source`` and ``data``, or neither.

        >>> turtle = "@prefix ex: <https://example.org/> . ex:a ex:b ex:c ."
        >>> KnowledgeGraph().add(data=turtle, format="turtle").prefixes["ex"]
        'https://example.org/'
        """
        if data is not None:
            if source is not None:
                raise UsageError("give a source or data=, not both")
            source = data.encode("utf-8") if isinstance(data, str) else data  # bytes are always data
        elif source is None:
            raise UsageError("give a source to add, or data= with RDF text")
        self._writable()
        meter = _Meter(progress, _file_size([source]), len(self._store)) if progress is not None else None
        self._add(source, format, base_iri, ox.NamedNode(graph) if graph is not None else None, meter)
        if meter is not None:
            meter.finish()
        return self

    def _add(
        self,
        source: Source,
        format: str | None,
        base_iri: str | None,
        target: ox.NamedNode | None,
        meter: _Meter | None,
    ) -> None:
        if not isinstance(source, (str, bytes, os.PathLike)) and not _is_rdflib_graph(source):
            raise expect(source, (str, bytes, os.PathLike), "an RDF source")
        if _is_rdflib_graph(source):
            self._add_rdflib(source)
        elif isinstance(source, bytes) or (isinstance(source, str) and _is_text(source, format)):
            data = source if isinstance(source, bytes) else source.encode("utf-8")
            self._add_data(data, format, base_iri, target, origin="<string>")
        else:
            self._add_path(Path(os.fspath(source)), format, base_iri, target, meter)  # type: ignore[arg-type]
            return
        if meter is not None:
            meter.source_done(self.sources[-1], len(self._store))

    def _add_all(
        self,
        sources: Sequence[Source],
        *,
        ontology: bool,
        format: str | None,
        base_iri: str | None,
        progress: ProgressCallback | None,
        catalogue: bool = False,
    ) -> None:
        """Load the embedded ontology (unless told not to), the embedded catalogue (when told to) and the
        sources, telling ``progress``."""
        every: list[Source] = [resources.ontology_file(), *sources] if ontology else list(sources)
        meter = _Meter(progress, _file_size(every), len(self._store)) if progress is not None else None
        if ontology:
            self._add_ontology(meter)
        if catalogue:
            text, origin = _service("catalogue_text")(), str(_service("snapshot_file")())
            self._add_data(text, "turtle", None, None, origin=origin)
        for source in sources:
            self._add(source, format, base_iri, None, meter)
        if meter is not None:
            meter.finish()

    def add_ontology(self) -> KnowledgeGraph:
        """Load the embedded GenAI ontology.

        >>> len(KnowledgeGraph().add_ontology()) > 100
        True
        """
        self._writable()
        self._add_ontology(None)
        return self

    def _add_ontology(self, meter: _Meter | None) -> None:
        # its quads are remembered (with the blank nodes the store gave them), so that exports and pages
        # can leave it out: it is always *used*, but shown only when asked for
        before = frozenset(self._store) if len(self._store) else frozenset()
        self._add(resources.ontology_file(), None, None, None, meter)
        self._ontology = frozenset(q for q in self._store if q not in before)

    @property
    def has_ontology(self) -> bool:
        """Whether the embedded GenAI ontology was loaded into this graph.

        >>> KnowledgeGraph().has_ontology, KnowledgeGraph().add_ontology().has_ontology
        (False, True)
        """
        return self._ontology is not None

    @property
    def user_sources(self) -> list[str]:
        """The sources other than the embedded ontology: what exports and pages show by default.

        >>> import kg
        >>> kg.load().user_sources
        []
        """
        if self._ontology is None:
            return list(self.sources)
        embedded = str(resources.ontology_file())
        return [s for s in self.sources if s != embedded]

    def shows_ontology(self, with_ontology: bool | None = None) -> bool:
        """Whether outputs (exports, pages) include the embedded ontology: when asked (``True``), or by
        default (``None``) when it is all the graph holds.

        >>> import kg
        >>> kg.load().shows_ontology(), kg.load("<urn:a> <urn:b> <urn:c> .", format="nt").shows_ontology()
        (True, False)
        """
        if with_ontology is not None:
            return with_ontology or self._ontology is None
        return self._ontology is None or not self.user_sources

    def own_nodes(self) -> set[str]:
        """The IRIs (and ``_:id`` blank nodes) the triples other than the embedded ontology's mention: the
        nodes a page of the user's data draws.

        >>> import kg
        >>> sorted(kg.load("<urn:a> <urn:b> <urn:c> .", format="nt").own_nodes())
        ['urn:a', 'urn:b', 'urn:c']
        """
        mine: set[str] = set()
        for q in self._quads(ontology=False):
            for term in (q.subject, q.predicate, q.object):
                if isinstance(term, ox.NamedNode):
                    mine.add(term.value)
                elif isinstance(term, ox.BlankNode):
                    mine.add(f"_:{term.value}")
        return mine

    def _quads(self, *, inferred: bool = False, ontology: bool = True) -> Iterator[ox.Quad]:
        """The store's quads: the asserted ones, the inferred ones when asked, the ontology's unless told."""
        skip = self._ontology if not ontology and self._ontology else frozenset()
        for q in self._store:
            if (inferred or q.graph_name != INFERRED) and q not in skip:
                yield q

    def _add_path(
        self,
        path: Path,
        format: str | None,
        base_iri: str | None,
        target: ox.NamedNode | None,
        meter: _Meter | None = None,
    ) -> None:
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
            self._add_owl(_read_all(path, compressed), name, base, target, str(path))
            if meter is not None:
                meter.source_done(str(path), len(self._store))
            return
        if name == "xml":
            _check_xml_file(path, compressed)
        if meter is not None:
            meter.source_started(str(path))
        try:
            if meter is None and not self._bulk and not compressed and not bom:
                self._store.load(path=str(path), format=RDF_FORMATS[name], base_iri=base, to_graph=target)
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
                    if self._bulk:
                        self._store.bulk_load(stream, RDF_FORMATS[name], base_iri=base, to_graph=target)
                    else:
                        self._store.load(stream, RDF_FORMATS[name], base_iri=base, to_graph=target)
        except SyntaxError as e:
            raise _syntax_error(e, str(path), name, lambda: _read_to_locate(path, compressed)) from e
        except (OSError, ValueError, EOFError) as e:
            raise SourceError(f"cannot load as {name}: {e}", path=str(path)) from e
        except MemoryError as e:  # the engine's buffer limit ("Reached the buffer maximal size")
            raise SourceError(_too_long(e), path=str(path)) from e
        self._learn_prefixes(head, name)
        self.sources.append(str(path))
        if (
            name in ("trig", "nquads")
            and self.reasoned is None
            and self._store.contains_named_graph(INFERRED)
        ):
            # what `kg reason -o FILE.trig` wrote comes back as inferred triples, not as asserted ones
            self.reasoned = "loaded"
        if meter is not None:
            meter.source_done(str(path), len(self._store))

    def _add_data(
        self, data: bytes, format: str | None, base_iri: str | None, target: ox.NamedNode | None, origin: str
    ) -> None:
        if data.startswith(_BOM):
            data = data[len(_BOM) :]
        name = document_format(format) if format else sniff(data[:_PREFIX_SCAN], origin)
        if name in OWL_SYNTAXES:
            self._add_owl(data, name, base_iri, target, origin)
            return
        if name == "xml":
            from kg.xmlcheck import check_rdfxml

            check_rdfxml([data], origin)
        try:
            if self._bulk:
                self._store.bulk_load(data, RDF_FORMATS[name], base_iri=base_iri, to_graph=target)
            else:
                self._store.load(data, RDF_FORMATS[name], base_iri=base_iri, to_graph=target)
        except SyntaxError as e:
            raise _syntax_error(e, origin, name, lambda: data) from e
        except (OSError, ValueError) as e:
            raise SourceError(f"cannot load as {name}: {e}", path=origin) from e
        except MemoryError as e:
            raise SourceError(_too_long(e), path=origin) from e
        self._learn_prefixes(data[:_PREFIX_SCAN], name)
        self.sources.append(origin)

    def _add_owl(
        self, data: bytes, syntax: str, base_iri: str | None, target: ox.NamedNode | None, origin: str
    ) -> None:
        """Load a document in an OWL syntax that is not RDF, converted to RDF/XML by :mod:`kg.owl`."""
        from kg.owl import convert

        rdfxml = convert(data, syntax, "xml", base_iri=base_iri, origin=origin)
        self._add_data(rdfxml, "xml", base_iri, target, origin=origin)

    def _add_rdflib(self, graph: Any) -> None:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        def quads() -> Iterator[ox.Quad]:
            if hasattr(graph, "quads") and graph.context_aware:
                for s, p, o, ctx in graph.quads((None, None, None, None)):
                    name = getattr(ctx, "identifier", ctx)
                    g = (
                        ox.DefaultGraph()
                        if name is None or name == DATASET_DEFAULT_GRAPH_ID
                        else to_oxigraph(name)
                    )
                    yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)  # type: ignore[arg-type]
            else:
                for s, p, o in graph:
                    yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]

        if self._bulk:
            self._store.bulk_extend(quads())
        else:
            self._store.extend(quads())
        for prefix, namespace in graph.namespaces():
            if prefix:
                self.prefixes.setdefault(prefix, str(namespace))
        self.sources.append(f"<rdflib {type(graph).__name__}>")

    def _learn_prefixes(self, head: bytes, name: str) -> None:
        text = head.decode("utf-8", errors="replace")
        pattern = (
            _PREFIX_XML if name == "xml" else _PREFIX_TURTLE if name in ("turtle", "trig", "n3") else None
        )
        if pattern is None:
            return
        known = set(self.prefixes.values())
        for prefix, namespace in pattern.findall(text):
            # the default namespace (`@prefix : <…>`, `xmlns="…"`) is kept under the empty prefix
            if prefix not in self.prefixes and namespace not in known and namespace:
                self.prefixes[prefix] = namespace
                known.add(namespace)

    # -- querying -------------------------------------------------------------------------------------

    def query(
        self,
        query: str | Path,
        /,
        *,
        inferred: bool | None = None,
        allow_remote: bool = False,
        base_iri: str | None = None,
        bindings: Mapping[str, Any] | None = None,
        mark_inferred: bool = False,
        **values: Any,
    ) -> Result:
        """Run a SPARQL query: text, a path to an ``.rq`` file, or the name of a query in ``queries/``.

        Args:
            query: the query text, file or name.
            inferred: read the inferred triples too; by default they are read when the graph was
                reasoned over.
            allow_remote: allow ``SERVICE`` to fetch from other endpoints.
            base_iri: the base for relative IRIs in the query; by default a query file's ``file:`` URI.
            bindings: values of variables, for names that clash with the options above.
            mark_inferred: for a SELECT over inferred triples, tell which rows hold only thanks to them
                (:attr:`~kg.sparql.Result.inferred_rows`; the query runs a second time without them).
            **values: values of variables (``class_=…`` is not needed: any name works), as rdflib terms
                or Python values.

        Returns:
            The :class:`~kg.sparql.Result`.

        Raises:
            QueryError: syntax errors (line and column of the query) and evaluation errors.
            UnknownNameError: for an unknown query name, listing the known ones.

        >>> import kg
        >>> kg.load().query("cq01-llm-is-generative-ai").boolean
        True
        """
        text, source = resolve_query(query)
        if bindings is not None and not isinstance(bindings, Mapping):
            raise expect(bindings, dict, "bindings")
        if base_iri is None and source.endswith(".rq") and Path(source).is_file():
            base_iri = Path(source).resolve().as_uri()
        merged = {**values, **(bindings or {})}
        if "# parameters:" in text:  # a query that declares parameters runs only with them bound
            from kg.nodes import check_bound

            check_bound(query_header(text), merged, source)
        use_inferred = self.reasoned is not None if inferred is None else inferred
        default_graph = [ox.DefaultGraph(), INFERRED] if use_inferred and self.reasoned is not None else None

        def run(graphs: list[Any] | None) -> Result:
            return execute(
                self._store,
                text,
                source=source,
                bindings=merged,
                default_graph=graphs,
                allow_remote=allow_remote,
                prefixes=self.prefixes,
                base_iri=base_iri,
                default_prefixes=self.prefixes,
            )

        result = run(default_graph)
        result.graph = self
        if mark_inferred and result.kind == "select":
            result.mark_inferred(run(None) if default_graph is not None else run(default_graph))
        return result

    def update(self, update: str, *, allow_remote: bool = False) -> None:
        """Run a SPARQL 1.1 update on the asserted triples.

        Raises:
            QueryError: for syntax errors (with line and column).
            UnsafeQueryError: for ``LOAD`` or ``SERVICE`` without ``allow_remote``.
            StoreError: for a persistent store, which is read-only.

        >>> graph = KnowledgeGraph()
        >>> graph.update("INSERT DATA { <urn:a> <urn:b> 1 }")
        >>> len(graph)
        1
        """
        self._writable()
        if not isinstance(update, str):
            raise expect(update, str, "the update")
        check_safety(update, "<update>", allow_remote=allow_remote, update=True)
        check_shape(update, "<update>")
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError, RuntimeError) as e:
            raise to_query_error(e, "<update>") from e

    # -- inferred triples -----------------------------------------------------------------------------

    def set_inferred(
        self, triples: Iterable[ox.Triple | ox.Quad] | bytes, profile: str, *, assume_new: bool = False
    ) -> int:
        """Replace the inferred triples (what a reasoner derived) and return how many there are.

        Triples already asserted (in the default graph) are not kept as inferred.

        Args:
            triples: the inferred triples, as pyoxigraph triples or quads, or as N-Triples bytes.
            profile: the reasoning profile that inferred them (``"dl"``, ``"rl"``).
            assume_new: the caller knows that none of them is asserted (a reasoner that only returns
                what it derived), so they are not compared with the asserted triples.

        >>> graph = KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt")
        >>> graph.set_inferred(b"<urn:a> <urn:b> <urn:c> .\\n<urn:a> <urn:b> <urn:d> .\\n", "rl")
        1
        """
        self._writable()
        self._store.remove_graph(INFERRED) if self._store.contains_named_graph(INFERRED) else None
        if isinstance(triples, bytes):
            quads = _into_graph(triples, INFERRED)
            if quads is not None:
                # the engine parses the lines and stores the quads, without a Python object each; parsed,
                # not loaded, because loading would rename the blank nodes, which must stay the graph's
                self._store.extend(ox.parse(quads, ox.RdfFormat.N_QUADS, lenient=True))
            else:
                parsed = ox.parse(triples, ox.RdfFormat.N_TRIPLES, lenient=True)
                self._store.extend(ox.Quad(t.subject, t.predicate, t.object, INFERRED) for t in parsed)
        else:
            self._store.extend(ox.Quad(t.subject, t.predicate, t.object, INFERRED) for t in triples)
        if not assume_new:
            # what is asserted already is not inferred: removed inside the engine, in one pass
            self._store.update(
                f"DELETE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} ?s ?p ?o }}"
            )
        self._store.add_graph(INFERRED)
        self.reasoned = profile
        return self.count_inferred()

    def count_inferred(self) -> int:
        """The number of inferred triples.

        >>> KnowledgeGraph().count_inferred()
        0
        """
        if not self._store.contains_named_graph(INFERRED):
            return 0
        counted = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} }}")
        return int(next(iter(cast(ox.QuerySolutions, counted)))[0].value)

    def reason(self, profile: str = "dl") -> ReasoningReport:
        """Run a reasoner and keep what it infers in :data:`INFERRED` (see :mod:`kg.reasoning`).

        Args:
            profile: ``"dl"`` (OWL 2 DL with HermiT, needs Java) or ``"rl"`` (OWL 2 RL, no Java).

        Returns:
            The reasoner's report (consistency, unsatisfiable classes, what was inferred).
        """
        report: ReasoningReport = _service("reason")(self, profile)
        return report

    # -- views ----------------------------------------------------------------------------------------

    def to_networkx(self, view: str = "schema", *, flat: bool = False, **options: Any) -> nx.MultiDiGraph:
        """Build a ``networkx.MultiDiGraph`` view of the graph (see :mod:`kg.network`).

        Args:
            view: ``"schema"``, ``"instances"``, ``"full"``, ``"neighbourhood"`` or ``"summary"``.
            flat: only scalar attributes, so that ``nx.write_graphml`` and ``nx.write_gexf`` work
                (see :func:`kg.bridges.flatten`).
            **options: options of the view (``around=``, ``hops=`` …).
        """
        network: nx.MultiDiGraph = _service("to_networkx")(self, view, **options)
        if flat:
            flat_network: nx.MultiDiGraph = _service("flatten")(network)
            return flat_network
        return network

    def to_pyvis(self, view: str = "schema", **options: Any) -> Any:
        """A ``pyvis.network.Network`` of a view, styled like the pages (see :func:`kg.bridges.to_pyvis`).

        Args:
            view: the view (see :meth:`to_networkx`).
            **options: options of the view, and of ``pyvis.network.Network`` (``height``, ``width`` …).
        """
        pyvis_keys = {"height", "width", "directed", "notebook", "bgcolor", "font_color", "cdn_resources"}
        network = self.to_networkx(view, **{k: v for k, v in options.items() if k not in pyvis_keys})
        return _service("to_pyvis")(network, **{k: v for k, v in options.items() if k in pyvis_keys})

    def to_owlready(self, *, inferred: bool = False, with_ontology: bool = True) -> Any:
        """The graph as an owlready2 ontology (see :func:`kg.bridges.to_owlready`)."""
        return _service("to_owlready")(self, inferred=inferred, with_ontology=with_ontology)

    def _repr_html_(self) -> str:
        """A summary for Jupyter: sources, counts and ontologies."""
        import html

        summary = self.summary()
        rows = [
            ("sources", ", ".join(self.sources) or "none"),
            (
                "triples",
                f"{summary.triples:,}" + (f" (+{summary.inferred:,} inferred)" if summary.inferred else ""),
            ),
            ("classes", f"{summary.classes:,}"),
            ("properties", f"{summary.object_properties + summary.datatype_properties:,}"),
            ("individuals", f"{summary.individuals:,}"),
            ("ontologies", ", ".join(o.iri for o in summary.ontologies) or "none"),
        ]
        cells = "".join(f"<tr><th>{k}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
        return f"<table class='kg-graph'><caption>KnowledgeGraph</caption>{cells}</table>"

    # -- reading out ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of asserted triples (and quads of named graphs)."""
        if self._length is not None:  # a read-only store: counted once (a scan of the whole store)
            return self._length
        length = len(self._store) - self.count_inferred()
        if self.location is not None:
            self._length = length
        return length

    def triples(self, *, inferred: bool = False) -> Iterator[ox.Triple]:
        """Iterate the asserted triples (of every graph), or the inferred ones.

        >>> next(KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt").triples()).subject.value
        'urn:a'
        """
        if inferred:
            for q in self._store.quads_for_pattern(None, None, None, INFERRED):
                yield q.triple
            return
        for q in self._store.quads_for_pattern(None, None, None):
            if q.graph_name != INFERRED:
                yield q.triple

    @overload
    def serialize(
        self,
        format: str = "turtle",
        destination: None = None,
        *,
        inferred: bool = False,
        with_ontology: bool | None = True,
    ) -> str: ...

    @overload
    def serialize(
        self,
        format: str,
        destination: str | Path,
        *,
        inferred: bool = False,
        with_ontology: bool | None = True,
    ) -> None: ...

    @overload
    def serialize(
        self,
        format: str = "turtle",
        *,
        destination: str | Path,
        inferred: bool = False,
        with_ontology: bool | None = True,
    ) -> None: ...

    def serialize(
        self,
        format: str = "turtle",
        destination: str | Path | None = None,
        *,
        inferred: bool = False,
        with_ontology: bool | None = True,
    ) -> str | None:
        """Write the graph in an RDF format or an OWL syntax: the text when no ``destination`` is given,
        else a file.

        Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD, N3) get every asserted triple, whatever
        graph holds it; N-Quads and TriG keep the named graphs. The OWL syntaxes that are not RDF
        (``owx`` OWL/XML, ``ofn`` functional, ``omn`` Manchester) are written from RDF/XML by
        :mod:`kg.owl`: what is OWL in the graph, read as the OWL API reads RDF.

        Args:
            format: the format name (see :data:`~kg.formats.RDF_FORMATS` and :data:`kg.owl.OWL_SYNTAXES`).
            destination: a file to write atomically; when ``None`` the text is returned.
            inferred: add the inferred triples.
            with_ontology: write the embedded ontology's triples too (the default: everything the
                graph holds); ``False``: only the other sources'; ``None``: the rule of ``kg export``,
                the ontology only when the graph holds nothing else (see :meth:`shows_ontology`).

        >>> import kg
        >>> graph = kg.load("<urn:a> <urn:b> <urn:c> .", format="nt")
        >>> len(graph.serialize("nt", with_ontology=None).splitlines()), len(graph) > 400
        (1, True)

        >>> print(KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt").serialize("nt"), end="")
        <urn:a> <urn:b> <urn:c> .
        """
        name = document_format(format)
        if name in OWL_SYNTAXES:
            from kg.owl import convert

            rdfxml = (self.serialize("xml", inferred=inferred, with_ontology=with_ontology) or "").encode(
                "utf-8"
            )
            text = convert(rdfxml, "xml", name, origin="the graph")
            if destination is None:
                return text.decode("utf-8")
            with atomic_write(destination) as handle:
                handle.write(text)
            return None
        fmt = RDF_FORMATS[name]
        prefixes = self.prefixes if name in ("turtle", "trig", "n3", "xml") else None
        named = [g for g in self._store.named_graphs() if g != INFERRED]
        ontology = self.shows_ontology(with_ontology)
        if not named and not inferred and ontology:
            data_source: Any = None
        elif fmt.supports_datasets:
            data_source = self._quads(inferred=inferred, ontology=ontology)
        else:
            data_source = _dedupe(q.triple for q in self._quads(inferred=inferred, ontology=ontology))

        def write(output: IO[bytes] | None) -> bytes | None:
            if data_source is None:
                if fmt.supports_datasets:
                    return self._store.dump(output, fmt, prefixes=prefixes)
                return self._store.dump(output, fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
            return ox.serialize(data_source, output, fmt, prefixes=prefixes)

        if destination is None:
            data = write(None)
            return (data or b"").decode("utf-8")
        with atomic_write(destination) as handle:
            write(handle)
        return None

    def to_rdflib(self, *, inferred: bool = False) -> rdflib.Graph:
        """Copy the graph into an rdflib ``Graph`` (for owlrl, pySHACL and other rdflib tools).

        >>> len(KnowledgeGraph().add("<urn:a> <urn:b> <urn:c> .", format="nt").to_rdflib())
        1
        """
        import rdflib

        graph = rdflib.Graph()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=False)
        data = ox.serialize(
            _dedupe(q.triple for q in self._store if inferred or q.graph_name != INFERRED),
            format=ox.RdfFormat.N_TRIPLES,
        )
        graph.parse(data=data, format="nt")
        return graph

    def summary(self) -> Summary:
        """Count what the graph holds and read its ontology headers.

        >>> import kg
        >>> kg.load().summary().ontologies[0].iri
        'https://w3id.org/genai-kg/ontology'
        """
        counts = next(iter(cast(ox.QuerySolutions, self._store.query(_SUMMARY_QUERY))))
        ontologies = [
            OntologyInfo(
                row["o"].value,
                row["version"].value if row["version"] is not None else None,
                row["info"].value if row["info"] is not None else None,
                row["title"].value if row["title"] is not None else None,
            )
            for row in cast(ox.QuerySolutions, self._store.query(_ONTOLOGY_QUERY))
        ]
        inferred = self.count_inferred()
        return Summary(
            ontologies=ontologies,
            classes=int(counts["classes"].value),
            object_properties=int(counts["ops"].value),
            datatype_properties=int(counts["dps"].value),
            annotation_properties=int(counts["aps"].value),
            individuals=int(counts["inds"].value),
            triples=len(self),
            inferred=inferred,
        )

    def label(self, iri: str) -> str | None:
        """The ``rdfs:label`` of an IRI (English first), or ``None``.

        >>> import kg
        >>> kg.load().label("https://w3id.org/genai-kg/ontology#GPT3")
        'GPT-3'
        """
        return vocab.labels(self._store, [iri]).get(iri)

    def shorten(self, iri: str) -> str:
        """Write an IRI as a prefixed name when a known prefix covers it.

        >>> KnowledgeGraph().shorten("http://www.w3.org/2002/07/owl#Class")
        'owl:Class'
        """
        best = ""
        best_prefix = None
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(best):
                local = iri[len(namespace) :]
                if re.fullmatch(r"[A-Za-z_][\w.-]*|", local) and not local.endswith("."):
                    best, best_prefix = namespace, prefix
        if best_prefix is None:
            return f"<{iri}>"
        return f"{best_prefix}:{iri[len(best) :]}"

    def __repr__(self) -> str:
        where = f" in {self.location}" if self.location is not None else ""
        return f"<KnowledgeGraph {len(self)} triples from {len(self.sources)} sources{where}>"


def load(
    *sources: Source,
    data: str | bytes | None = None,
    ontology: bool = True,
    format: str | None = None,
    base_iri: str | None = None,
    store: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
    catalogue: bool = False,
    imports: bool = True,
    allow_remote: bool = False,
) -> KnowledgeGraph:
    """Load sources into a new in-memory :class:`KnowledgeGraph`, or build or open a persistent store.

    With ``store=DIR`` and sources, the store in ``DIR`` is built from them (the ontology first unless
    ``ontology=False``), replacing what it held, atomically (see :func:`kg.store.build_store`); with
    ``store=DIR`` alone, the store is opened (see :func:`kg.store.open_store`). Either way the graph
    returned reads the store, read-only.

    Args:
        *sources: file paths, RDF strings or bytes (give ``format``), rdflib graphs.
        data: RDF text (or bytes), loaded after the sources and never taken for a path.
        ontology: load the embedded GenAI ontology first.
        format: the format of every source given as text, or of files whose name does not tell it.
        base_iri: the base IRI for relative IRIs in the sources.
        store: the directory of a persistent store.
        progress: called with a :class:`LoadProgress` as the sources are read.
        catalogue: load the embedded Epoch AI catalogue of notable AI models too (976 real models,
            imported from ``ontology/catalogue/``; see :mod:`kg.catalogue`).
        imports: follow the ``owl:imports`` of the sources (in memory), offline through the
            ``catalog-v001.xml`` beside them and local files (see :mod:`kg.imports`); what became of
            each import is in ``graph.imports``, a missing one is not an error.
        allow_remote: fetch ``http(s):`` imports that no catalog maps.

    Returns:
        The graph.

    Raises:
        SourceError: for a source that cannot be read or parsed.
        StoreError: for a store that cannot be built or opened.

    >>> graph = load()
    >>> graph.summary().classes >= 13
    True
    >>> models = "SELECT (COUNT(*) AS ?n) { ?m a gai:AIModel ; rdfs:isDefinedBy ?c }"
    >>> load(catalogue=True).query(models).rows[0]["n"].toPython()
    976
    """
    if data is not None:  # bytes are always data: text given as data= is never taken for a path
        sources = (*sources, data.encode("utf-8") if isinstance(data, str) else data)
    if store is not None:
        if not sources and not catalogue:
            opened: KnowledgeGraph = _service("open_store")(store)
            return opened
        built: KnowledgeGraph = _service("build_store")(
            store,
            *sources,
            ontology=ontology,
            format=format,
            base_iri=base_iri,
            progress=progress,
            catalogue=catalogue,
        )
        return built
    graph = KnowledgeGraph()
    graph._add_all(
        sources, ontology=ontology, format=format, base_iri=base_iri, progress=progress, catalogue=catalogue
    )
    if imports:
        from kg.imports import follow

        folders = [Path(s).parent for s in graph.sources if not s.startswith("<") and Path(s).is_file()]
        follow(graph, folders, allow_remote=allow_remote)
    return graph


# ---------------------------------------------------------------------------------------------------
# helpers


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


class _ClosedStore:
    """What a closed graph holds instead of its store."""

    def __getattr__(self, name: str) -> Any:
        raise StoreError("this graph was closed; load or open it again")

    def __len__(self) -> int:
        raise StoreError("this graph was closed; load or open it again")

    def __iter__(self) -> Iterator[Any]:
        raise StoreError("this graph was closed; load or open it again")


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


def _into_graph(ntriples: bytes, graph: ox.NamedNode) -> bytes | None:
    """N-Triples written one statement a line, ending " .", as N-Quads of ``graph``; else ``None``.

    In N-Triples a line break only ends a statement (literals escape theirs), so the statement ends
    can be rewritten as text; any other layout is left to the parser.
    """
    lines = ntriples.count(b"\n")
    if not ntriples.endswith(b" .\n") or ntriples.count(b" .\n") != lines:
        return None
    return ntriples.replace(b" .\n", b" " + str(graph).encode("utf-8") + b" .\n")


def _dedupe(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


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
