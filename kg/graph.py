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

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union, cast, overload

import pyoxigraph as ox

from kg import loading, resources, vocab
from kg.errors import StoreError, UsageError, expect
from kg.files import atomic_write
from kg.formats import RDF_FORMATS, document_format
from kg.loading import (
    INFERRED,
    LoadProgress,
    _file_size,
    _is_rdflib_graph,
    _is_text,
    _Meter,
)
from kg.loading import (
    ProgressCallback as ProgressCallback,
)
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
from kg.summary import _ONTOLOGY_QUERY, _SUMMARY_QUERY, OntologyInfo, Summary

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


#: Prefixes every graph knows; sources add their own.
DEFAULT_PREFIXES: dict[str, str] = dict(vocab.DEFAULT_PREFIXES)

Source = Union[str, "os.PathLike[str]", bytes, "rdflib.Graph"]


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
            loading.add_rdflib(self, source)
        elif isinstance(source, bytes) or (isinstance(source, str) and _is_text(source, format)):
            data = source if isinstance(source, bytes) else source.encode("utf-8")
            loading.add_data(self, data, format, base_iri, target, origin="<string>")
        else:
            loading.add_path(self, Path(os.fspath(source)), format, base_iri, target, meter)  # type: ignore[arg-type]
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
            loading.add_data(self, text, "turtle", None, None, origin=origin)
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
                # not loaded, because loading would rename the blank nodes, which must stay the graph's;
                # in bulk, without a transaction: the graph was emptied above, not in one either (and
                # a third faster for the 400,000 triples of a closure at 1M)
                self._store.bulk_extend(ox.parse(quads, ox.RdfFormat.N_QUADS, lenient=True))
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
        >>> kg.load().label("https://w3id.org/genai-kg/model/gpt-3-175b-davinci")
        'GPT-3 175B (davinci)'
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
    981
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


class _ClosedStore:
    """What a closed graph holds instead of its store."""

    def __getattr__(self, name: str) -> Any:
        raise StoreError("this graph was closed; load or open it again")

    def __len__(self) -> int:
        raise StoreError("this graph was closed; load or open it again")

    def __iter__(self) -> Iterator[Any]:
        raise StoreError("this graph was closed; load or open it again")


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
