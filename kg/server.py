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
unless remote access is allowed, and is read-only unless updates are allowed. What a web page on another
site could do to it while it runs is closed (see SECURITY.md): requests must name this server in
``Host`` (no DNS rebinding); cross-origin reads are off unless ``cors`` lists origins; updates are refused
when a browser says they come from another origin; no request can choose a path on the server; bodies,
URLs and the time to send them are limited; every page carries a Content-Security-Policy.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import multiprocessing
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg import vocab
from kg.errors import KGError, ToolMissingError

__all__ = [
    "ServerConfig",
    "check_exposure",
    "create_app",
    "host_allowed",
    "negotiate",
    "serve",
    "service_description",
    "view_options",
]

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
        host: the address the server listens on; a name or address other than a wildcard is also
            accepted in ``Host`` headers.
        allowed_hosts: more names that ``Host`` headers may give (the server's public names).
        cors: origins whose pages may read answers (``*`` for all); none by default.
        max_body: the largest request body, in bytes (413 above).
        max_url: the longest query string, in bytes (414 above).
        read_timeout: seconds a client may take to send each part of its request body (408 after).
    """

    sources: Sequence[str] = ()
    ontology: bool = True
    store: str | None = None
    allow_update: bool = False
    allow_remote: bool = False
    timeout: float = 10.0
    max_results: int = 100_000
    workers: int = 2
    host: str = "127.0.0.1"
    allowed_hosts: Sequence[str] = ()
    cors: Sequence[str] = ()
    max_body: int = 4 * 1024 * 1024
    max_url: int = 64 * 1024
    read_timeout: float = 10.0
    extra: Mapping[str, Any] = field(default_factory=dict)


class Reply:
    """An HTTP answer computed by a worker: status, media type and body."""

    def __init__(self, status: int, media_type: str, body: bytes) -> None:
        self.status, self.media_type, self.body = status, media_type, body


def _error(status: int, message: str) -> Reply:
    from kg.errors import one_line

    return Reply(status, "text/plain; charset=utf-8", (one_line(message.rstrip("\n")) + "\n").encode("utf-8"))


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
    return load(*config.sources, ontology=config.ontology, allow_remote=config.allow_remote)


def _answer(graph: Any, job: dict[str, Any], config: ServerConfig) -> Reply:
    """Run one job in a worker and return the reply (never raises: a worker outlives every request)."""
    from kg.errors import UnsafeQueryError

    try:
        return _run_job(graph, job, config)
    except UnsafeQueryError as e:
        return _error(403, str(e))
    except KGError as e:
        return _error(400, str(e))
    except MemoryError:
        return _error(503, "the server ran out of memory answering this request; narrow the query")
    except Exception as e:  # a bug, not the client's mistake: one line, and the worker goes on
        return _error(500, f"internal error ({type(e).__name__}: {e}); please report it")


def _run_job(graph: Any, job: dict[str, Any], config: ServerConfig) -> Reply:
    import pyoxigraph as ox

    from kg.sparql import execute

    if job["kind"] == "update":
        graph.update(job["text"], allow_remote=config.allow_remote)
        return Reply(204, "text/plain", b"")
    if job["kind"] == "view":
        from kg.pages import render

        result = graph.query(job["text"], allow_remote=config.allow_remote)
        if result.kind == "ask":
            return _error(400, "an ASK query has no graph to draw")
        # only the options view_options() checked reach render(): never a path, never anything else
        page = render(result, query=job["text"], **job.get("options", {}))
        return Reply(200, "text/html; charset=utf-8", page.html.encode("utf-8"))
    text = job["text"]
    bindings = _bindings(job.get("bindings", {}), graph.prefixes)
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


def _bindings(values: Mapping[str, str], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The values of a named query's URL parameters, read as terms."""
    from kg.bindings import parse_value

    return {name: parse_value(value, dict(prefixes), name=name) for name, value in values.items()}


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
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.config.timeout):
                status, media, body = worker.conn.recv()
                return Reply(status, media, body), True
        except (EOFError, OSError):
            # the worker died (killed, or out of memory): this request fails, the next ones are served
            worker.stop()
            return _error(
                503, "the worker answering this request stopped; it is being replaced, try again"
            ), False
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
        f"@prefix sd: <{vocab.SD}> .\n"
        f"@prefix formats: <{vocab.FORMATS}> .\n\n"
        f"[] a sd:Service ;\n    sd:endpoint <{endpoint}> ;\n"
        f"    sd:supportedLanguage {', '.join(languages)} ;\n"
        f"    sd:resultFormat {', '.join('formats:' + f for f in formats)} ;\n"
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
    )


#: Names every server answers to: requests from this machine.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: The options of /view and what they must be; anything else is refused (never a path, see SECURITY.md).
VIEW_OPTIONS = {
    "title": "text of up to 200 characters",
    "max_nodes": "a whole number from 1 to 100000",
    "max_edges": "a whole number from 1 to 1000000",
    "renderer": "auto, vis or canvas",
}
#: Parameters of /sparql other than the protocol's that clients send and the endpoint ignores
#: (SPARQLWrapper adds output= and results= beside format=).
_IGNORED = {"output", "results"}
#: The policy of the endpoint's page: its own inline style and script (by hash), requests to this
#: server only, framed by nothing but itself. Other answers that are not pages allow nothing.
_NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def view_options(params: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The options of a ``/view`` request for :func:`kg.pages.render`, checked.

    Raises:
        KGError: naming the parameter for an unknown option or a bad value (the endpoint's 400).

    >>> view_options({"query": ["ASK {}"], "max_nodes": ["50"], "renderer": ["canvas"]})
    {'max_nodes': 50, 'renderer': 'canvas'}
    >>> view_options({"path": ["/etc/passwd"]})
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown parameter 'path' of /view; known: query, max_edges, max_nodes, renderer, title
    """
    options: dict[str, Any] = {}
    for name, values in params.items():
        if name == "query":
            continue
        if name not in VIEW_OPTIONS:
            known = ", ".join(["query", *sorted(VIEW_OPTIONS)])
            raise KGError(f"unknown parameter {name!r} of /view; known: {known}")
        value = values[0] if values else ""
        if (name == "title" and len(value) <= 200) or (
            name == "renderer" and value in ("auto", "vis", "canvas")
        ):
            options[name] = value
        elif name in ("max_nodes", "max_edges") and value.isascii() and value.isdigit():
            limit = 100_000 if name == "max_nodes" else 1_000_000
            if 1 <= int(value) <= limit:
                options[name] = int(value)
        if name not in options:
            raise KGError(f"/view parameter {name}={value[:40]!r}: expected {VIEW_OPTIONS[name]}")
    return options


def host_allowed(host_header: str | None, config: ServerConfig) -> bool:
    """Whether a request's ``Host`` names this server (not a name an attacker pointed at it).

    Names are checked (``localhost``, the ``--host`` address, ``allowed_hosts``); on a wildcard address
    (``0.0.0.0``), any IP address is accepted too: it is how other machines reach the server, and no
    other site's page can send one as its own name.

    >>> config = ServerConfig(allowed_hosts=["kg.example.org"])
    >>> [host_allowed(h, config) for h in ("localhost:7878", "[::1]:80", "kg.example.org", "evil.test")]
    [True, True, True, False]
    >>> host_allowed("192.168.1.5:7878", ServerConfig(host="0.0.0.0")), host_allowed("192.168.1.5", config)
    (True, False)
    """
    if not host_header:
        return False
    name = host_header.strip().lower()
    if name.startswith("["):  # [::1]:7878
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    allowed = {*LOOPBACK_NAMES, *(h.lower() for h in config.allowed_hosts)}
    if config.host not in ("0.0.0.0", "::", ""):
        allowed.add(config.host.lower().strip("[]"))
    if config.host in ("0.0.0.0", "::") and _is_address(name):
        return True  # an address is no name a foreign page could have pointed here (rebinding needs one)
    return name.rstrip(".") in allowed


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(config: ServerConfig, *, public_update: bool = False) -> None:
    """Refuse to serve updates on an address other machines can reach unless that was confirmed.

    >>> check_exposure(ServerConfig(host="0.0.0.0", allow_update=True))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: updates on 0.0.0.0 would let other machines change the graph; add --public-update \
to confirm (see SECURITY.md)
    """
    if config.allow_update and not _is_loopback(config.host) and not public_update:
        raise KGError(
            f"updates on {config.host} would let other machines change the graph; add --public-update "
            "to confirm (see SECURITY.md)"
        )


def _cross_origin(headers: Mapping[str, str], scheme: str) -> str | None:
    """Why a request comes from a page of another site, by what its browser said; ``None`` if not.

    Programs (curl, SPARQLWrapper) send neither header and are not browsers a foreign page could drive.
    """
    host = headers.get("host", "")
    site = headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        return f"the browser says the request comes from another site ({site})"
    for header in ("origin", "referer"):
        value = headers.get(header)
        if value:
            parts = urlsplit(value) if value != "null" else None
            if parts is None or parts.netloc.lower() != host.lower() or parts.scheme != scheme:
                return f"the request comes from the page of another origin ({header}: {value[:80]})"
            return None
    return None


class _RequestTooLarge(Exception):
    pass


class _RequestTimeout(Exception):
    pass


class _Guard:
    """The checks every request passes before the application sees it, and the headers every answer
    gets: ``Host``, the sizes of URL and body, the time to send the body, a security policy, and one
    line of text (never a dropped connection) when anything fails."""

    def __init__(self, app: Any, config: ServerConfig) -> None:
        self.app, self.config = app, config

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._reply(send, refusal, close=True)
            return
        started = False
        received = 0
        limit, timeout = self.config.max_body, self.config.read_timeout

        async def guarded_receive() -> Any:
            nonlocal received
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except asyncio.TimeoutError:
                raise _RequestTimeout from None
            received += len(message.get("body", b""))
            if received > limit:
                raise _RequestTooLarge
            return message

        async def guarded_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(b"x-content-type-options", b"nosniff")]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", _NO_CONTENT_POLICY.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except _RequestTooLarge:
            if not started:
                await self._reply(send, _error(413, self._too_large()), close=True)
        except _RequestTimeout:
            if not started:
                await self._reply(
                    send, _error(408, f"the request body did not arrive within {timeout:g} s"), close=True
                )
        except Exception as e:  # a bug: one line for the client, the server goes on
            if not started:
                await self._reply(send, _error(500, f"internal error ({type(e).__name__}); please report it"))
            raise

    def _too_large(self) -> str:
        return f"the request body is larger than {self.config.max_body} bytes, the limit of this server"

    def _refusal(self, scope: dict[str, Any], headers: Mapping[str, str]) -> Reply | None:
        if not host_allowed(headers.get("host"), self.config):
            return _error(
                400,
                f"this server does not answer to the name {headers.get('host', '')[:80]!r}; "
                "start it with --allowed-host NAME to add one",
            )
        if len(scope.get("query_string", b"")) > self.config.max_url:
            return _error(
                414,
                f"the URL's query is longer than {self.config.max_url} bytes; send the query with POST",
            )
        length = headers.get("content-length")
        if length is not None:
            if not (length.isascii() and length.isdigit()):
                return _error(400, f"Content-Length is not a number: {length[:40]!r}")
            if int(length) > self.config.max_body:
                return _error(413, self._too_large())
        return None

    @staticmethod
    async def _reply(send: Any, reply: Reply, *, close: bool = False) -> None:
        headers = [
            (b"content-type", reply.media_type.encode()),
            (b"content-length", str(len(reply.body)).encode()),
            (b"content-security-policy", _NO_CONTENT_POLICY.encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        if close:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body})


def _page_policy(html: str) -> str:
    """The Content-Security-Policy of the endpoint's page: its inline style and script by hash."""
    import base64
    import hashlib

    def digest(pattern: str) -> str:
        match = re.search(pattern, html, re.DOTALL)
        body = match.group(1) if match else ""
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"

    return (
        f"default-src 'none'; script-src {digest(r'<script>(.*?)</script>')}; "
        f"style-src {digest(r'<style>(.*?)</style>')}; connect-src 'self'; frame-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )


def _graph_page_policy(html: str) -> str:
    """The policy a graph page states in its ``<meta>`` tag, sent as a header too."""
    import html as html_module

    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    policy = html_module.unescape(match.group(1)) if match else _NO_CONTENT_POLICY
    # a header may also say who may frame the page: only the endpoint's own page
    return policy + "; frame-ancestors 'self'"


def _require_serve_extra() -> None:
    """The web server is the ``[serve]`` extra: say how to install it rather than fail on an import."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise ToolMissingError(
            f"kg serve needs {e.name}, which is not installed: pip install 'genai-kg[serve]'"
        ) from e


def create_app(config: ServerConfig) -> Any:
    """Build the Starlette application of the endpoint (serve it with any ASGI server).

    >>> app = create_app(ServerConfig())
    >>> sorted(route.path for route in app.routes)[:3]
    ['/', '/queries', '/queries/{name:path}']
    """
    # One long function on purpose: the routes are closures over one worker pool and one configuration,
    # and the endpoint's limits (hosts, CORS, sizes) are reviewed together (see ARCHITECTURE.md).
    _require_serve_extra()
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

    def refused(status: int, message: str) -> Response:
        return respond(_error(status, message))

    async def read_request(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
        """The parameters of a protocol request and its query or update text.

        Raises:
            KGError: for a body that is not UTF-8 or of a type the endpoint does not read.
        """
        params = {k: request.query_params.getlist(k) for k in request.query_params}
        query = update = None
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = (await request.body()).decode("utf-8")
            except UnicodeDecodeError as e:
                raise KGError(f"the request body is not UTF-8 (byte {e.start + 1})") from None
            if media == "application/sparql-query":
                query = body
            elif media == "application/sparql-update":
                update = body
            elif media in ("application/x-www-form-urlencoded", ""):
                form = parse_qs(body, keep_blank_values=True)
                params.update({k: v for k, v in form.items()})
                update = form.get("update", [None])[0]
            else:
                raise _Unsupported(
                    f"unsupported request type {media!r}; send application/sparql-query, "
                    "application/sparql-update or a form"
                )
        elif "update" in params:
            raise _NotAllowed("updates must be sent with POST")
        if query is None:
            query = params.get("query", [None])[0]
        return params, query, update

    def graph_iris(params: Mapping[str, list[str]]) -> tuple[list[str], list[str]]:
        import pyoxigraph as ox

        for name in ("default-graph-uri", "named-graph-uri"):
            for value in params.get(name, []):
                try:
                    ox.NamedNode(value)
                except ValueError:
                    raise KGError(f"{name}: not an IRI: {value[:80]!r}") from None
        return params.get("default-graph-uri", []), params.get("named-graph-uri", [])

    async def protocol(handler: Callable[[Request], Awaitable[Response]], request: Request) -> Response:
        """Run a handler, turning the client's mistakes into their status and one line."""
        try:
            return await handler(request)
        except _Unsupported as e:
            return refused(415, str(e))
        except _NotAllowed as e:
            return refused(405, str(e))
        except KGError as e:
            return refused(400, str(e))

    async def sparql_handler(request: Request) -> Response:
        params, query, update = await read_request(request)
        if update is not None:
            if not config.allow_update:
                return refused(
                    403, "this endpoint is read-only; start it with --allow-update to accept SPARQL updates"
                )
            cross = _cross_origin(request.headers, request.url.scheme)
            if cross is not None:
                return refused(403, f"update refused: {cross}; updates are accepted from this server's page")
            return respond(await pool.run({"kind": "update", "text": update}))
        if query is None:
            endpoint = str(request.url.replace(query=""))
            return Response(service_description(endpoint, config), media_type="text/turtle")
        default_graphs, named_graphs = graph_iris(params)
        job = {
            "kind": "query",
            "text": query,
            "accept": request.headers.get("accept"),
            "format": params.get("format", [None])[0],
            "default_graphs": default_graphs,
            "named_graphs": named_graphs,
        }
        return respond(await pool.run(job))

    async def sparql(request: Request) -> Response:
        return await protocol(sparql_handler, request)

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

    async def named_handler(request: Request) -> Response:
        from kg.bindings import check_names
        from kg.sparql import named_query, query_variables

        name = request.path_params["name"]
        if not re.fullmatch(r"[\w.-]{1,200}", name):
            return refused(404, f"no named query {name[:80]!r}; GET /queries lists them")
        try:
            query = named_query(name)
        except KGError as e:
            return refused(404, str(e))
        bindings = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        check_names(bindings, query_variables(query.text), query.name)
        job = {
            "kind": "query",
            "text": query.text,
            "source": query.name,
            "accept": request.headers.get("accept"),
            "format": request.query_params.get("format"),
            "bindings": bindings,
        }
        return respond(await pool.run(job))

    async def named(request: Request) -> Response:
        return await protocol(named_handler, request)

    async def view_handler(request: Request) -> Response:
        params, query, update = await read_request(request)
        if update is not None:
            return refused(400, "/view draws queries; send updates to /sparql")
        if not query:
            return refused(400, "give the query to draw as ?query=")
        job = {"kind": "view", "text": query, "options": view_options(params)}
        reply = await pool.run(job)
        response = respond(reply)
        if reply.status == 200:
            response.headers["content-security-policy"] = _graph_page_policy(reply.body.decode("utf-8"))
        return response

    async def view(request: Request) -> Response:
        return await protocol(view_handler, request)

    async def page(request: Request) -> Response:
        from kg.resources import viz_dir

        html = (viz_dir() / "endpoint.html").read_text(encoding="utf-8")
        style = (viz_dir() / "endpoint.css").read_text(encoding="utf-8")
        script = (viz_dir() / "endpoint.js").read_text(encoding="utf-8")
        html = html.replace("/*STYLE*/", style).replace("/*SCRIPT*/", script.replace("</", "<\\/"))
        return HTMLResponse(html, headers={"content-security-policy": _page_policy(html)})

    middleware = []
    if config.cors:
        # reads only: an update from another origin is refused above whatever this allows
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
            )
        )
    app = Starlette(
        routes=[
            Route("/", page),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", list_queries),
            Route("/queries/{name:path}", named),
            Route("/view", view, methods=["GET", "POST"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.add_middleware(_Guard, config=config)
    return app


class _Unsupported(KGError):
    """A request body of a type the endpoint does not read (415)."""


class _NotAllowed(KGError):
    """A request with a method its route does not accept (405)."""


def serve(config: ServerConfig, *, host: str | None = None, port: int = 7878, log: bool = True) -> None:
    """Serve the endpoint until interrupted (Ctrl-C), on ``host`` (by default ``config.host``).

    >>> callable(serve)
    True
    """
    import dataclasses

    _require_serve_extra()
    import uvicorn

    if host is not None and host != config.host:
        config = dataclasses.replace(config, host=host)
    uvicorn.run(
        create_app(config),
        host=config.host,
        port=port,
        log_level="info" if log else "warning",
        access_log=log,
        timeout_graceful_shutdown=2,
    )
