"""Servers: kg serve (the graph as a SPARQL endpoint) and kg push (to a triplestore)."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from kg.choices import PROFILES
from kg.cli._options import (
    _load,
    _remote,
    _remote_options,
    _sources,
    _store,
)


@click.command()
@_sources
@_store
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=int, default=7878, show_default=True, help="The port to listen on.")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds a query may run.")
@click.option(
    "--max-results",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="The most rows or triples one answer may have.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes answering queries (one when updates are allowed).",
)
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL updates (the endpoint is read-only otherwise)."
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Let SERVICE and LOAD fetch from other servers, and owl:imports be fetched.",
)
@click.option(
    "--public-update",
    is_flag=True,
    help="Confirm --allow-update on an address other machines can reach (see SECURITY.md).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A name clients may reach the server by, besides localhost and --host (repeatable).",
)
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN|*",
    help="Let pages of ORIGIN (or of any site: *) read answers; off by default (repeatable).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=4 * 1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="The largest request body (413 above).",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long a client may take to send each part of a request body (408 after).",
)
def serve(
    sources: tuple[Path, ...],
    no_ontology: bool,
    store: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_results: int,
    workers: int,
    allow_update: bool,
    allow_remote: bool,
    public_update: bool,
    allowed_hosts: tuple[str, ...],
    cors: tuple[str, ...],
    max_body: int,
    read_timeout: float,
) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint at /sparql, with a query page at /.

    \b
    Example: kg serve my-models.ttl --port 7878
    """
    from kg.server import ServerConfig, check_exposure
    from kg.server import serve as run_server

    if store is not None and allow_update:
        raise click.UsageError(
            "a persistent store is served read-only; rebuild it with `kg load` to change it"
        )
    config = ServerConfig(
        sources=[str(s) for s in sources],
        ontology=not no_ontology,
        store=str(store) if store else None,
        allow_update=allow_update,
        allow_remote=allow_remote,
        timeout=timeout,
        max_results=max_results,
        workers=workers,
        host=host,
        allowed_hosts=allowed_hosts,
        cors=cors,
        max_body=max_body,
        read_timeout=read_timeout,
    )
    check_exposure(config, public_update=public_update)
    _load(sources, no_ontology, store=store)  # bad input is reported here, before any worker starts
    click.echo(f"SPARQL endpoint: http://{host}:{port}/sparql · query page: http://{host}:{port}/", err=True)
    run_server(config, port=port)


@click.command()
@_sources
@click.option(
    "--endpoint",
    metavar="URL",
    required=True,
    help="A URL of the store: its Graph Store endpoint (Oxigraph: http://HOST:7878/store) or, with a "
    "known engine, its query endpoint (Virtuoso: http://HOST:8890/sparql).",
)
@click.option(
    "--graph", "graph_iri", metavar="IRI", help="The named graph to write (default: the default graph)."
)
@click.option("--replace", is_flag=True, help="Empty the graph first instead of adding to it.")
@click.option(
    "--reason", type=click.Choice(PROFILES), help="Reason first and upload the inferred triples too."
)
@_store
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    metavar="MB",
    help="The largest request body, in MB (default: the engine's; Oxigraph 16, others 4).",
)
@click.option(
    "--resume", is_flag=True, help="Go on with an interrupted upload of the same sources to the same graph."
)
@click.option(
    "--parallel",
    type=click.IntRange(min=1),
    metavar="N",
    help="Chunks on their way at once (default: the engine's; Virtuoso 2, others 1).",
)
@functools.partial(_remote, graph_help=None)
def push(
    sources: tuple[Path, ...],
    no_ontology: bool,
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    reason: str | None,
    store: Path | None,
    chunk_size: int | None,
    resume: bool,
    parallel: int | None,
) -> None:
    """Upload SOURCES (after the embedded ontology) to a triplestore through the Graph Store Protocol.

    Files are streamed in chunks (memory stays bounded, .gz too); --resume after an interruption sends
    what the server did not confirm, so no triple is lost or doubled.
    \b
    Example: kg push my-models.ttl --endpoint http://127.0.0.1:7878/store --replace
    """
    from kg.remote.client import Connection
    from kg.remote.upload import file_identity, stream_quads
    from kg.remote.upload import push as push_triples

    options = _remote_options()
    connection = Connection(endpoint, **options)
    identity = None
    total = None
    if reason is not None or store is not None:
        graph: Any = _load(sources, no_ontology, store=store)
        if reason is not None:
            if store is not None:
                raise click.UsageError("--reason needs RDF files, not --store")
            graph.reason(reason)
        source: Any = graph
        total = len(graph) + (graph.count_inferred() if reason else 0)
    else:
        source = stream_quads(list(sources), ontology=not no_ontology)
        identity = file_identity(sources, ontology=not no_ontology)
    last: list[Any] = []
    with _push_progress(total) as bar:

        def progress(state: Any) -> None:
            last[:] = [state]
            if bar is not None:
                bar(state)

        count = push_triples(
            source,
            endpoint,
            graph_iri=graph_iri,
            replace=replace,
            inferred=reason is not None,
            chunk_bytes=chunk_size * 1024 * 1024 if chunk_size else None,
            resume=resume,
            parallel=parallel,
            identity=identity,
            total=total,
            progress=progress,
            connection=connection,
        )
    skipped = last[0].skipped if last else 0
    resumed = f" ({skipped} more were sent before the interruption)" if skipped else ""
    click.echo(f"{count} triples sent to {connection.endpoints.store}{resumed}", err=True)


@contextlib.contextmanager
def _push_progress(total: int | None) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar of triples sent on stderr, only on a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn

    columns = (
        TextColumn("pushing"),
        BarColumn(),
        TextColumn("{task.completed:>13,.0f} triples"),
        TextColumn("{task.fields[sent]}"),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("push", total=total, sent="")

        def update(state: Any) -> None:
            bar.update(task, completed=state.triples + state.skipped, sent=f"{state.bytes / 1e6:,.1f} MB")

        yield update
