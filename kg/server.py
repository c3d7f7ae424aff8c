"""A SPARQL 1.1 Protocol endpoint over a knowledge graph, with a web page (``kg serve``).

Routes:

- ``/sparql``: queries by GET (``?query=``) and POST (form-encoded ``query=``, or the body as
  ``application/sparql-query``); updates by POST (``update=`` or ``application/sparql-update``), refused
  with 403 unless updates were allowed. ``default-graph-uri`` and ``named-graph-uri`` choose graphs of
  the store; nothing is ever fetched. Results are negotiated from ``Accept``: SPARQL JSON, XML, CSV and
  TSV for SELECT/ASK; Turtle, N-Triples, RDF/XML and JSON-LD for CONSTRUCT/DESCRIBE. A GET without
  a query returns the SPARQL 1.1 service description.
- ``/queries`` (the named queries as JSON) and ``/queries/<name>`` (run one; other URL parameters bind
  its variables, e.g. ``?node=gai:GPT3``).
- ``/view``: a query's answer drawn as an interactive graph page (the same pages as ``kg viz``).
- ``/``: a page with a query editor, the named queries, a result table and the graph view. It and
  everything it loads come from this server: it works offline.

Queries run in worker processes, each with its own copy of the graph (or its own read-only view of a
persistent store). That is what makes the time limit real: Oxigraph cannot be interrupted in the
middle of a query, but a worker process can be stopped. A query past the limit gets a 504 and its
worker is replaced, while the other workers go on answering. Results past the size limit get a 400
that says how to narrow the query. With updates allowed there is one worker, so every query sees
every update; a replacement worker replays the updates made so far.

The endpoint is bound to 127.0.0.1 unless told otherwise, never follows ``SERVICE`` or ``LOAD``
unless remote access is allowed, and is read-only unless updates are allowed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

__all__ = ["ServerConfig", "create_app", "negotiate", "serve", "service_description"]

#: Media types of SELECT/ASK results and the format names of :class:`kg.sparql.Result`.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: Media types of CONSTRUCT/DESCRIBE results.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
}
_PREFERRED = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_PREFERRED = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
}
_RESERVED = {
    "query",
    "update",
    "default-graph-uri",
    "named-graph-uri",
    "format",
    "using-graph-uri",
    "using-named-graph-uri",
}


@dataclass(frozen=True)
class ServerConfig:
    """What a server serves and how.

    Attributes:
        sources: RDF files to load (with the embedded ontology first, unless ``ontology`` is false).
        ontology: load the embedded GenAI ontology.
        store: a persistent store directory to serve instead of files.
        allow_update: accept SPARQL updates.
        allow_remote: let ``SERVICE`` and ``LOAD`` reach other servers.
        timeout: seconds a query may run.
        max_results: the most rows (or triples) one answer may have.
        workers: worker processes (one when updates are allowed).
    """

    sources: Sequence[str] = ()
    ontology: bool = True
    store: str | None = None
    allow_update: bool = False
    allow_remote: bool = False
    timeout: float = 10.0
    max_results: int = 100_000
    workers: int = 2
    extra: Mapping[str, Any] = field(default_factory=dict)


class Reply:
    """An HTTP answer computed by a worker: status, media type and body."""

    def __init__(self, status: int, media_type: str, body: bytes) -> None:
        self.status, self.media_type, self.body = status, media_type, body


def _error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------------
# content negotiation


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    """The media types of an Accept header, best first (ties keep their order)."""
    items = []
    for index, part in enumerate((accept or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        quality = 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                with contextlib.suppress(ValueError):
                    quality = float(parameter[2:])
        if pieces[0]:
            items.append((pieces[0].lower(), quality, index))
    items.sort(key=lambda item: (-item[1], item[2]))
    return [(media, quality) for media, quality, _ in items if quality > 0]


def negotiate(accept: str | None, kind: str, requested: str | None = None) -> tuple[str, str] | None:
    """Choose the result format for a result kind from an ``Accept`` header (or a ``format=`` name).

    Args:
        accept: the header.
        kind: ``select``, ``ask`` or ``graph``.
        requested: a format name that overrides the header (``json``, ``turtle`` …).

    Returns:
        ``(format name, media type)``, or ``None`` when nothing acceptable can be written (406).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")
    ('xml', 'application/sparql-results+xml')
    >>> negotiate("*/*", "graph")
    ('turtle', 'text/turtle')
    """
    table, preferred = (GRAPH_TYPES, _GRAPH_PREFERRED) if kind == "graph" else (RESULT_TYPES, _PREFERRED)
    if requested and requested.lower() in preferred:
        # a format name in the URL (?format=json) wins; other values (SPARQLWrapper sends
        # format=n3 beside its Accept header) leave the choice to the header
        name = requested.lower()
        return name, preferred[name]
    for media, _ in _accepted(accept):
        if media in table:
            return table[media], media if media in preferred.values() else preferred[table[media]]
        if media in ("*/*", "application/*", "text/*"):
            default = "turtle" if kind == "graph" else "json"
            return default, preferred[default]
    return None


# ---------------------------------------------------------------------------------------------------
# the worker processes


def _open_graph(config: ServerConfig) -> Any:
    from kg.graph import load

    if config.store is not None:
        from kg.store import open_store

        return open_store(config.store)
    return load(*config.sources, ontology=config.ontology)


def _answer(graph: Any, job: dict[str, Any], config: ServerConfig) -> Reply:
    """Run one job in a worker and return the reply (never raises for a user's mistake)."""
    import pyoxigraph as ox

    from kg.errors import KGError, UnsafeQueryError
    from kg.sparql import execute
    from kg.terms import parse_term

    try:
        if job["kind"] == "update":
            graph.update(job["text"], allow_remote=config.allow_remote)
            return Reply(204, "text/plain", b"")
        if job["kind"] == "view":
            from kg.pages import render

            result = graph.query(job["text"], allow_remote=config.allow_remote)
            if result.kind == "ask":
                return _error(400, "an ASK query has no graph to draw")
            page = render(result, query=job["text"], **job.get("options", {}))
            return Reply(200, "text/html; charset=utf-8", page.html.encode("utf-8"))
        text = job["text"]
        bindings = {
            name: parse_term(value, graph.prefixes) for name, value in job.get("bindings", {}).items()
        }
        default_graph = [ox.NamedNode(g) for g in job.get("default_graphs", [])] or None
        named_graphs = [ox.NamedNode(g) for g in job.get("named_graphs", [])] or None
        result = execute(
            graph.store,
            text,
            source=job.get("source", "<query>"),
            bindings=bindings,
            default_graph=default_graph,
            named_graphs=named_graphs,
            allow_remote=config.allow_remote,
            prefixes=graph.prefixes,
            default_prefixes=graph.prefixes,
        )
        chosen = negotiate(job.get("accept"), result.kind, job.get("format"))
        if chosen is None:
            kinds = sorted((_GRAPH_PREFERRED if result.kind == "graph" else _PREFERRED).values())
            return _error(
                406,
                f"cannot write a {result.kind.upper()} result as {job.get('accept')}; "
                f"acceptable: {', '.join(kinds)}",
            )
        name, media = chosen
        if result.kind != "ask":
            read = sum(1 for _ in itertools.islice(result.raw(), config.max_results + 1))
            if read > config.max_results:
                unit = "triples" if result.kind == "graph" else "rows"
                return _error(
                    400,
                    f"the answer has more than {config.max_results} {unit}, the limit of this "
                    "server; narrow the query or add LIMIT",
                )
        charset = "; charset=utf-8" if name in ("csv", "tsv", "turtle", "nt") else ""
        return Reply(200, media + charset, result.serialize_bytes(name))
    except UnsafeQueryError as e:
        return _error(403, str(e))
    except KGError as e:
        return _error(400, str(e))


def _worker_main(conn: Any, config: ServerConfig, updates: list[str]) -> None:
    """The loop of a worker process: load the graph, then answer jobs until told to stop."""
    try:
        graph = _open_graph(config)
        for update in updates:
            graph.update(update, allow_remote=config.allow_remote)
    except Exception as e:  # the parent reports it and stops
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        reply = _answer(graph, job, config)
        conn.send((reply.status, reply.media_type, reply.body))


class _Worker:
    def __init__(self, context: Any, config: ServerConfig, updates: list[str]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, config, list(updates)), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.stop()
            raise RuntimeError(f"a worker did not load the graph within {timeout:.0f} s")
        state, detail = self.conn.recv()
        if state != "ready":
            self.stop()
            raise RuntimeError(f"a worker could not load the graph: {detail}")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """Worker processes that answer jobs, one job per worker at a time, with a time limit."""

    def __init__(self, config: ServerConfig, *, startup_timeout: float = 600.0) -> None:
        self.config = config
        self.startup_timeout = startup_timeout
        self.updates: list[str] = []
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self.size = 1 if config.allow_update else max(1, config.workers)

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = [_Worker(self._context, self.config, self.updates) for _ in range(self.size)]
        for worker in workers:
            await asyncio.to_thread(worker.wait_ready, self.startup_timeout)
            self._idle.put_nowait(worker)

    async def run(self, job: dict[str, Any]) -> Reply:
        assert self._idle is not None
        worker = await self._idle.get()
        try:
            reply, keep = await asyncio.to_thread(self._exchange, worker, job)
        except BaseException:
            worker.stop()
            asyncio.get_running_loop().create_task(self._replace())
            raise
        if keep:
            if job["kind"] == "update" and reply.status == 204:
                self.updates.append(job["text"])
            self._idle.put_nowait(worker)
        else:
            asyncio.get_running_loop().create_task(self._replace())
        return reply

    def _exchange(self, worker: _Worker, job: dict[str, Any]) -> tuple[Reply, bool]:
        worker.conn.send(job)
        if worker.conn.poll(self.config.timeout):
            status, media, body = worker.conn.recv()
            return Reply(status, media, body), True
        worker.stop()
        what = "update" if job["kind"] == "update" else "query"
        return _error(504, f"the {what} was stopped after the time limit of {self.config.timeout:g} s"), False

    async def _replace(self) -> None:
        assert self._idle is not None
        worker = _Worker(self._context, self.config, self.updates)
        await asyncio.to_thread(worker.wait_ready, self.startup_timeout)
        self._idle.put_nowait(worker)

    async def close(self) -> None:
        if self._idle is None:
            return
        while not self._idle.empty():
            worker = self._idle.get_nowait()
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.stop()


# ---------------------------------------------------------------------------------------------------
# the web application


def service_description(endpoint: str, config: ServerConfig) -> str:
    """The SPARQL 1.1 service description of the endpoint, in Turtle.

    >>> "sd:SPARQL11Query" in service_description("http://127.0.0.1:7878/sparql", ServerConfig())
    True
    """
    formats = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ]
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if config.allow_update else [])
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix formats: <http://www.w3.org/ns/formats/> .\n\n"
        f"[] a sd:Service ;\n    sd:endpoint <{endpoint}> ;\n"
        f"    sd:supportedLanguage {', '.join(languages)} ;\n"
        f"    sd:resultFormat {', '.join('formats:' + f for f in formats)} ;\n"
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
    )


def create_app(config: ServerConfig) -> Any:
    """Build the Starlette application of the endpoint (serve it with any ASGI server).

    >>> app = create_app(ServerConfig())
    >>> sorted(route.path for route in app.routes)[:3]
    ['/', '/queries', '/queries/{name:path}']
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    pool = WorkerPool(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await pool.start()
        app.state.pool = pool
        yield
        await pool.close()

    def respond(reply: Reply) -> Response:
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type)

    async def read_request(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
        """The parameters of a protocol request and its query or update text."""
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        query = update = None
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8")
            if media == "application/sparql-query":
                query = body
            elif media == "application/sparql-update":
                update = body
            elif media in ("application/x-www-form-urlencoded", ""):
                form = parse_qs(body, keep_blank_values=True)
                params.update({k: v for k, v in form.items()})
                update = form.get("update", [None])[0]
            else:
                raise ValueError(
                    f"unsupported request type {media!r}; send application/sparql-query, "
                    "application/sparql-update or a form"
                )
        if query is None:
            query = params.get("query", [None])[0]
        return params, query, update

    async def sparql(request: Request) -> Response:
        try:
            params, query, update = await read_request(request)
        except (ValueError, UnicodeDecodeError) as e:
            return respond(_error(415 if isinstance(e, ValueError) else 400, str(e)))
        if update is not None:
            if not config.allow_update:
                return respond(
                    _error(
                        403,
                        "this endpoint is read-only; start it with --allow-update to accept SPARQL updates",
                    )
                )
            if request.method != "POST":
                return respond(_error(405, "updates must be sent with POST"))
            return respond(await pool.run({"kind": "update", "text": update}))
        if query is None:
            endpoint = str(request.url.replace(query=""))
            return Response(service_description(endpoint, config), media_type="text/turtle")
        job = {
            "kind": "query",
            "text": query,
            "accept": request.headers.get("accept"),
            "format": params.get("format", [None])[0],
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        return respond(await pool.run(job))

    async def list_queries(request: Request) -> Response:
        from kg.sparql import queries

        return JSONResponse(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "question": q.question,
                    "view": q.meta.get("view", "table"),
                    "text": q.text,
                }
                for q in queries()
            ]
        )

    async def named(request: Request) -> Response:
        from kg.errors import KGError
        from kg.sparql import named_query

        try:
            query = named_query(request.path_params["name"])
        except KGError as e:
            return respond(_error(404, str(e)))
        bindings = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        job = {
            "kind": "query",
            "text": query.text,
            "source": query.name,
            "accept": request.headers.get("accept"),
            "format": request.query_params.get("format"),
            "bindings": bindings,
        }
        return respond(await pool.run(job))

    async def view(request: Request) -> Response:
        params, query, _ = await read_request(request)
        if not query:
            return respond(_error(400, "give the query to draw as ?query="))
        job = {
            "kind": "view",
            "text": query,
            "options": {k: v[0] for k, v in params.items() if k not in _RESERVED},
        }
        return respond(await pool.run(job))

    async def page(request: Request) -> Response:
        from kg.resources import viz_dir

        html = (viz_dir() / "endpoint.html").read_text(encoding="utf-8")
        style = (viz_dir() / "endpoint.css").read_text(encoding="utf-8")
        script = (viz_dir() / "endpoint.js").read_text(encoding="utf-8")
        html = html.replace("/*STYLE*/", style).replace("/*SCRIPT*/", script.replace("</", "<\\/"))
        return HTMLResponse(html)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", list_queries),
            Route("/queries/{name:path}", named),
            Route("/view", view, methods=["GET", "POST"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["*"],
                expose_headers=["*"],
            )
        ],
        lifespan=lifespan,
    )


def serve(config: ServerConfig, *, host: str = "127.0.0.1", port: int = 7878, log: bool = True) -> None:
    """Serve the endpoint until interrupted (Ctrl-C).

    >>> callable(serve)
    True
    """
    import uvicorn

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level="info" if log else "warning",
        access_log=log,
        timeout_graceful_shutdown=2,
    )
