"""Remote SPARQL engines: query any SPARQL 1.1 endpoint, upload through the Graph Store Protocol.

:class:`RemoteStore` offers the part of pyoxigraph's ``Store`` interface that a
:class:`~kg.graph.KnowledgeGraph` reads with (``query``, ``len``, named graphs), answered by an HTTP
endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever, ``kg serve`` …). So the same queries,
tables, result formats and graph views work on a graph that lives elsewhere, and a view is built
from what a query returns: a store of a billion triples is explored by neighbourhood and summary,
never downloaded.

Answers are read with Oxigraph's own parsers (SPARQL JSON/XML/TSV results, N-Triples/Turtle graphs),
so a remote result is the same :class:`~kg.sparql.Result` as a local one.

Connection errors and 5xx answers are retried with exponential backoff (except 501 and 504, which
say the server is done with the request); 4xx answers become a :class:`~kg.errors.RemoteError` with
the server's own message.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError, RemoteError

__all__ = ["RemoteStore", "connect", "push"]

_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
_NO_RETRY = {501, 504}


class RemoteStore:
    """A SPARQL 1.1 endpoint seen through the interface of a pyoxigraph ``Store`` (reading only).

    Args:
        url: the query endpoint (``…/sparql``, Oxigraph's ``…/query``).
        timeout: seconds to wait for an answer.
        retries: attempts for connection errors and 5xx answers.
        backoff: seconds before the first retry; doubled for each next one.
        update_url: the update endpoint, when it differs (Oxigraph's ``…/update``).

    >>> RemoteStore("http://127.0.0.1:7878/sparql").url
    'http://127.0.0.1:7878/sparql'
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        update_url: str | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise RemoteError(f"{url}: an endpoint is an http:// or https:// URL")
        self.url, self.timeout, self.retries, self.backoff = url, timeout, retries, backoff
        self.update_url = update_url or url

    # -- HTTP ---------------------------------------------------------------------------------------

    def _post(
        self,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        method: str = "POST",
    ) -> Any:
        import httpx

        delay = self.backoff
        last = ""
        for attempt in range(1, self.retries + 1):
            try:
                with httpx.Client(
                    timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
                ) as client:
                    response = client.request(method, url, data=data, content=content, headers=headers)
            except httpx.TimeoutException as e:
                raise RemoteError(f"{url}: no answer within {self.timeout:g} s") from e
            except httpx.TransportError as e:
                last = f"cannot reach the endpoint ({type(e).__name__}: {e})"
            else:
                if response.status_code < 400:
                    return response
                message = (
                    response.text.strip().splitlines()[0][:500]
                    if response.text.strip()
                    else response.reason_phrase
                )
                if response.status_code < 500 or response.status_code in _NO_RETRY:
                    raise RemoteError(f"{url}: {response.status_code} {response.reason_phrase}: {message}")
                last = f"{response.status_code} {response.reason_phrase}: {message}"
            if attempt < self.retries:
                time.sleep(delay)
                delay *= 2
        raise RemoteError(f"{url}: {last} (after {self.retries} attempts)")

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
        the default ``prefixes`` the query uses without declaring them as ``PREFIX`` lines.

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
        form = [("query", text)]
        graphs = (
            default_graph
            if isinstance(default_graph, (list, tuple))
            else [default_graph]
            if default_graph
            else []
        )
        form += [("default-graph-uri", g.value) for g in graphs if isinstance(g, ox.NamedNode)]
        form += [("named-graph-uri", g.value) for g in named_graphs or [] if isinstance(g, ox.NamedNode)]
        response = self._post(
            self.url,
            content=_form(form),
            headers={"Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        body = response.content
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media)
            if results_format is not None:
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

    def update(self, update: str) -> None:
        """Send a SPARQL update to the update endpoint."""
        self._post(
            self.update_url,
            content=_form([("update", update)]),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def _count(self, text: str) -> int:
        for solution in self.query(text):
            return int(solution[0].value)
        return 0

    def __len__(self) -> int:
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """The named graphs of the remote dataset."""
        for solution in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield solution[0]

    def contains_named_graph(self, graph: Any) -> bool:
        """Whether the remote dataset has a non-empty graph of that name."""
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def quads_for_pattern(
        self, subject: Any, predicate: Any, object: Any, graph: Any = None
    ) -> Iterator[ox.Quad]:
        """Matching quads, fetched with a CONSTRUCT (only for small patterns: nothing is paged)."""
        terms = [
            t if t is not None else ox.Variable(n)
            for t, n in zip((subject, predicate, object), "spo", strict=True)
        ]
        pattern = " ".join(str(t) for t in terms)
        where = f"GRAPH {graph} {{ {pattern} }}" if isinstance(graph, ox.NamedNode) else pattern
        for triple in self.query(f"CONSTRUCT {{ {pattern} }} WHERE {{ {where} }}"):
            yield ox.Quad(
                triple.subject,
                triple.predicate,
                triple.object,
                graph if isinstance(graph, ox.NamedNode) else ox.DefaultGraph(),
            )

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None)

    def _read_only(self, *_: Any, **__: Any) -> None:
        raise KGError(f"{self.url} is a remote endpoint: load data into it with `kg push`, not here")

    load = bulk_load = extend = add = remove = remove_graph = add_graph = clear = _read_only

    def dump(self, output: Any = None, format: Any = None, **_: Any) -> bytes | None:
        """Write the remote default graph (fetched whole: meant for small graphs)."""
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


def connect(url: str, **options: Any) -> Any:
    """A :class:`~kg.graph.KnowledgeGraph` whose triples live at a remote SPARQL endpoint.

    Args:
        url: the query endpoint.
        **options: options of :class:`RemoteStore` (``timeout``, ``retries`` …).

    >>> connect("http://127.0.0.1:7878/sparql").sources
    ['http://127.0.0.1:7878/sparql']
    """
    from kg.graph import KnowledgeGraph

    graph = KnowledgeGraph(store=RemoteStore(url, **options))  # type: ignore[arg-type]
    graph.sources.append(url)
    return graph


def push(
    graph: Any,
    url: str,
    *,
    graph_iri: str | None = None,
    replace: bool = False,
    inferred: bool = False,
    timeout: float = 300.0,
    retries: int = 3,
) -> int:
    """Upload a graph's asserted triples through the SPARQL 1.1 Graph Store Protocol.

    Args:
        graph: the :class:`~kg.graph.KnowledgeGraph` to upload.
        url: the Graph Store Protocol endpoint (Oxigraph: ``http://host:7878/store``).
        graph_iri: the named graph to write; by default the default graph.
        replace: replace the graph's content (PUT) instead of adding to it (POST).
        inferred: upload the inferred triples too (after :meth:`~kg.graph.KnowledgeGraph.reason`).
        timeout: seconds to wait for the upload.
        retries: attempts for connection errors and 5xx answers.

    Returns:
        The number of triples sent.

    Raises:
        RemoteError: when the store cannot be reached or refuses the data.

    >>> callable(push)
    True
    """
    from urllib.parse import urlencode

    data = (graph.serialize("nt", inferred=inferred) or "").encode("utf-8")
    target = (
        url + ("&" if "?" in url else "?") + (urlencode({"graph": graph_iri}) if graph_iri else "default")
    )
    store = RemoteStore(url, timeout=timeout, retries=retries)
    store._post(
        target,
        content=data,
        headers={"Content-Type": "application/n-triples"},
        method="PUT" if replace else "POST",
    )
    return data.count(b"\n")
