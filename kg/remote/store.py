"""A remote SPARQL endpoint seen as a read-only pyoxigraph ``Store``.

:class:`RemoteStore` offers the part of pyoxigraph's ``Store`` interface that a
:class:`~kg.graph.KnowledgeGraph` reads with (``query``, ``len``, named graphs), answered by an HTTP
endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever, ``kg serve`` …). So the same queries,
tables, result formats and graph views work on a graph that lives elsewhere, and a view is built
from what a query returns: counts are aggregate queries run by the engine, neighbourhoods are read
around their nodes, and a store of a billion triples is never downloaded.

Answers are read with Oxigraph's own parsers (SPARQL JSON/XML/TSV results, N-Triples/Turtle graphs),
so a remote result is the same :class:`~kg.sparql.Result` as a local one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kg.errors import RemoteError, UsageError
from kg.remote.client import Connection

__all__ = ["RemoteStore"]

_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_RDF = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
# the query form after the prologue (BASE, PREFIX, comments); Virtuoso answers a CONSTRUCT with a
# results table when a results format is acceptable, so each form asks for its own formats
_GRAPH_FORM = re.compile(
    r"^(?:\s|#[^\n]*\n|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)*(CONSTRUCT|DESCRIBE)\b", re.I
)
#: Triples fetched per request when a pattern is read out (a first match costs one small request).
PAGE = 10_000


class RemoteStore:
    """A SPARQL 1.1 endpoint seen through the interface of a pyoxigraph ``Store`` (reading only).

    Args:
        url: the query endpoint (``…/sparql``, Oxigraph's ``…/query``), or any URL of the server when
            the engine is known.
        graph: read only this named graph, as the default graph (needed on Virtuoso, whose default
            graph is the union of every graph, its own system graphs too).
        connection: an open :class:`~kg.remote.client.Connection` to share; else one is made.
        update_url: the update endpoint, when the engine profile does not know it.
        **options: options of :class:`~kg.remote.client.Connection` (``engine``, ``credentials``,
            ``headers``, ``prompt``, ``timeout``, ``retries``, ``backoff``).

    >>> RemoteStore("http://127.0.0.1:7878/sparql").url
    'http://127.0.0.1:7878/sparql'
    """

    def __init__(
        self,
        url: str,
        *,
        graph: str | None = None,
        connection: Connection | None = None,
        update_url: str | None = None,
        **options: Any,
    ) -> None:
        self.connection = connection if connection is not None else Connection(url, **options)
        self.url = url
        self.graph = ox.NamedNode(graph) if graph else None
        self._update_url = update_url

    @property
    def update_url(self) -> str:
        """Where updates go."""
        return self._update_url or self.connection.endpoints.update

    # -- the Store interface ------------------------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Sequence[Any] | None = None,
        substitutions: Mapping[Any, Any] | None = None,
        prefixes: Mapping[str, str] | None = None,
        **_: Any,
    ) -> Any:
        """Send a query and read the answer with Oxigraph's parsers.

        Variable substitutions are sent as a trailing ``VALUES`` clause, ``base_iri`` as a ``BASE``, and
        the default ``prefixes`` the query uses without declaring them as ``PREFIX`` lines. The default
        graph of the store's own view (``graph=``) stands for pyoxigraph's ``DefaultGraph``.

        Raises:
            RemoteError: when the endpoint cannot be reached or refuses the query.
        """
        text = query
        if substitutions:
            names = " ".join(f"?{v.value}" for v in substitutions)
            values = " ".join(str(t) for t in substitutions.values())
            text = f"{text}\nVALUES ({names}) {{ ({values}) }}"
        if prefixes:
            declared = {m.lower() for m in re.findall(r"(?i)PREFIX\s+([A-Za-z][\w.-]*|):", text)}
            used = [
                p
                for p in prefixes
                if p.lower() not in declared and re.search(rf"(?<![\w:?$]){re.escape(p)}:", text)
            ]
            if used:
                text = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in used) + text
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        dataset = self._dataset(default_graph, named_graphs)

        def edges(predicate: str) -> list[tuple[str, str]] | None:
            return self._edges(predicate, default_graph=default_graph, named_graphs=named_graphs)

        form = [("query", self.connection.engine.adapt_query(text, edges)), *dataset]
        # with an engine named, any of its URLs will do; else the URL given is the query endpoint
        url = self.connection.endpoints.query if self.connection.engine_named else self.url
        response = self.connection.request(
            "POST",
            url,
            content=_form(form),
            headers={
                "Accept": _ACCEPT_RDF if _GRAPH_FORM.match(text) else _ACCEPT_RESULTS,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        body = response.content
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format is not None:
                adapt = self.connection.engine.adapt_results
                if adapt is not None and results_format == ox.QueryResultsFormat.JSON:
                    body = adapt(body)
                return ox.parse_query_results(body, results_format)
            rdf_format = ox.RdfFormat.from_media_type(media) or (
                ox.RdfFormat.N_TRIPLES if media == "text/plain" else None
            )
            if rdf_format is not None:
                return _Triples(ox.parse(body, rdf_format))
        except SyntaxError as e:
            raise RemoteError(f"{self.url}: the answer is not valid {media}: {e}") from e
        raise RemoteError(
            f"{self.url}: the endpoint answered with {media or 'no media type'}, which is neither "
            "SPARQL results nor RDF"
        )

    def _dataset(self, default_graph: Any, named_graphs: Sequence[Any] | None) -> list[tuple[str, str]]:
        """The protocol's dataset parameters; the store's own graph stands for pyoxigraph's DefaultGraph."""
        graphs = (
            list(default_graph)
            if isinstance(default_graph, (list, tuple))
            else [default_graph]
            if default_graph
            else []
        )
        if self.graph is not None:
            graphs = [self.graph if isinstance(g, ox.DefaultGraph) else g for g in graphs] or [self.graph]
        dataset = [("default-graph-uri", g.value) for g in graphs if isinstance(g, ox.NamedNode)]
        dataset += [("named-graph-uri", g.value) for g in named_graphs or [] if isinstance(g, ox.NamedNode)]
        return dataset

    def _edges(self, predicate: str, **dataset: Any) -> list[tuple[str, str]] | None:
        """The edges of a property in the same graphs, as query terms, for a closure the engine cannot
        follow (see :func:`kg.remote.engines.inline_closures`); ``None`` when there are too many."""
        from kg.remote.engines import CLOSURE_EDGES

        engine = self.connection.engine
        text = f"SELECT ?a ?b WHERE {{ ?a {predicate} ?b }} LIMIT {CLOSURE_EDGES + 1}"
        pairs = []
        for row in self.query(text, **dataset):
            a, b = (engine.term(t.value, blank=True) if isinstance(t, ox.BlankNode) else str(t) for t in row)
            if a is None or b is None:
                return None
            pairs.append((a, b))
        return pairs if len(pairs) <= CLOSURE_EDGES else None

    def update(self, update: str) -> None:
        """Send a SPARQL update to the update endpoint."""
        self.connection.request(
            "POST",
            self.update_url,
            content=_form([("update", update)]),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def _count(self, text: str) -> int:
        for solution in self.query(text):
            return int(solution[0].value)
        return 0

    @property
    def _one_graph(self) -> bool:
        """Whether queries see one graph: a named graph given, or an engine whose default is the union."""
        return self.graph is not None or self.connection.engine.union_default_graph

    def __len__(self) -> int:
        if self._one_graph:
            return self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """The named graphs of the remote dataset (none when the store reads one graph)."""
        if self._one_graph:
            return
        for solution in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield solution[0]

    def contains_named_graph(self, graph: Any) -> bool:
        """Whether the remote dataset has a non-empty graph of that name."""
        if self._one_graph:
            return False
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def quads_for_pattern(
        self, subject: Any, predicate: Any, object: Any, graph: Any = None
    ) -> Iterator[ox.Quad]:
        """Matching quads, fetched with CONSTRUCTs of :data:`PAGE` triples each, as they are read."""
        terms = [
            t if t is not None else ox.Variable(n)
            for t, n in zip((subject, predicate, object), "spo", strict=True)
        ]
        pattern = " ".join(str(t) for t in terms)
        named = isinstance(graph, ox.NamedNode) and graph != self.graph
        where = f"GRAPH {graph} {{ {pattern} }}" if named else pattern
        order = " ".join(str(t) for t in terms if isinstance(t, ox.Variable))
        offset = 0
        while True:
            # ordered, so that pages do not overlap; a page's size bounds each answer
            paging = f"ORDER BY {order} " if order else ""
            text = f"CONSTRUCT {{ {pattern} }} WHERE {{ {where} }} {paging}LIMIT {PAGE} OFFSET {offset}"
            page = list(self.query(text))
            for triple in page:
                yield ox.Quad(
                    triple.subject,
                    triple.predicate,
                    triple.object,
                    graph if isinstance(graph, ox.NamedNode) else ox.DefaultGraph(),
                )
            if len(page) < PAGE:
                return
            offset += PAGE

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None)

    def _read_only(self, *_: Any, **__: Any) -> None:
        raise UsageError(f"{self.url} is a remote endpoint: load data into it with `kg push`, not here")

    load = bulk_load = extend = add = remove = remove_graph = add_graph = clear = _read_only

    def dump(self, output: Any = None, format: Any = None, **_: Any) -> bytes | None:
        """Write the remote default graph (fetched page by page: meant for small graphs)."""
        data = ox.serialize([q.triple for q in self], format=format)
        if output is None:
            return data
        output.write(data)
        return None


class _Triples:
    """The triples of a parsed graph answer (the parser yields quads of the default graph)."""

    def __init__(self, quads: Iterator[ox.Quad]) -> None:
        self._quads = quads

    def __iter__(self) -> _Triples:
        return self

    def __next__(self) -> ox.Triple:
        return next(self._quads).triple


def _form(items: Sequence[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(list(items)).encode("utf-8")
