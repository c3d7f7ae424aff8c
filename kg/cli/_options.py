"""What the commands share: the options that read data (SOURCES, --store, --endpoint, remote
servers), loading the graph, the progress bar, printing or writing the output, reasoning before a query.

The names keep their underscore: they are the command line's own, not an API.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from kg.choices import ENGINES

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])


def _sources(func: F) -> F:
    """SOURCES… after the command, and ``-d/--data FILE`` as another way to give them (one convention for
    every command that reads data)."""

    @functools.wraps(func)
    def with_data(
        *args: Any, data: tuple[Path, ...] = (), sources: tuple[Path, ...] = (), **kwargs: Any
    ) -> Any:
        return func(*args, sources=(*sources, *data), **kwargs)

    command: Any = with_data
    if not any(p.name == "allow_remote" for p in getattr(func, "__click_params__", [])):
        command = click.option(
            "--allow-remote",
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Fetch owl:imports over the network when no catalog-v001.xml maps them.",
        )(command)
    command = click.option("--no-ontology", is_flag=True, help=NO_ONTOLOGY_HELP)(command)
    command = click.option(
        "-d",
        "--data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="An RDF file to load, like SOURCES (repeatable).",
    )(command)
    command = click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))(command)
    return cast(F, command)


NO_ONTOLOGY_HELP = (
    "Do not load the embedded GenAI ontology. (It is loaded by default for labels, classes and "
    "reasoning; exports and pages show only SOURCES unless --with-ontology.)"
)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"kg.{param.name}"] = value
    return value


def _allow_remote() -> bool:
    """Whether the command was given --allow-remote (its own option, or the one of _sources)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    return bool(ctx.params.get("allow_remote") or ctx.meta.get("kg.allow_remote"))


def _warn_missing_imports(graph: KnowledgeGraph) -> None:
    for imported in graph.imports:
        if imported.status == "missing":
            click.echo(f"Warning: {imported.warning()}", err=True)


def _catalogue(func: F) -> F:
    return click.option(
        "--catalogue",
        is_flag=True,
        help="Load the embedded Epoch AI catalogue of notable AI models too (976 real models; "
        "Data: Epoch AI (epoch.ai), CC BY 4.0).",
    )(func)


def _load(
    sources: Sequence[Path],
    no_ontology: bool,
    endpoint: str | None = None,
    store: Path | None = None,
    catalogue: bool = False,
    imports: bool = True,
) -> KnowledgeGraph:
    """The graph a command works on: files (after the embedded ontology and catalogue) with the
    ontologies they import, a store, or a remote endpoint."""
    if catalogue and (store is not None or endpoint is not None):
        raise click.UsageError("--catalogue loads files; for a store: `kg load --catalogue --store DIR`")
    if store is not None:
        if sources or endpoint is not None:
            raise click.UsageError("give either RDF files, --store or --endpoint, not two of them")
        from kg.store import open_store

        return open_store(store)
    if endpoint is not None:
        if sources:
            raise click.UsageError("give either RDF files or --endpoint, not both")
        from kg.remote import connect

        return connect(endpoint, **_remote_options())
    from kg.graph import load

    with _progress(sources) as progress:
        graph = load(
            *sources,
            ontology=not no_ontology,
            progress=progress,
            catalogue=catalogue,
            imports=imports,
            allow_remote=_allow_remote(),
        )
    _warn_missing_imports(graph)
    return graph


def _with_ontology(func: F) -> F:
    return click.option(
        "--with-ontology",
        is_flag=True,
        help="Show the embedded ontology too. It is always loaded and used (labels, classes, reasoning), "
        "but the output holds only SOURCES unless this is given (or there are no SOURCES).",
    )(func)


def _store(func: F) -> F:
    return click.option(
        "--store",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIR",
        help="Work on the persistent store in DIR (built by `kg load … --store DIR`) "
        "instead of loading files.",
    )(func)


#: Inputs at least this big get a progress bar (on a terminal).
PROGRESS_MIN_BYTES = 4 * 1024 * 1024


@contextlib.contextmanager
def _progress(sources: Sequence[Path]) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar of bytes and triples on stderr, for inputs of a few MB, only on a terminal."""
    import os

    size = sum(os.path.getsize(s) for s in sources if os.path.isfile(s))
    if size < PROGRESS_MIN_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[triples]:>13,} triples"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("loading", total=size, triples=0)

        def update(state: Any) -> None:
            bar.update(
                task,
                completed=state.bytes_read,
                total=state.bytes_total,
                triples=state.triples,
                description=Path(state.source).name if state.source else "loading",
            )

        yield update


def _endpoint(func: F) -> F:
    func = _remote(func, graph_help="Read only this named graph of the endpoint (needed on Virtuoso).")
    return click.option(
        "--endpoint", metavar="URL", help="Work on a remote SPARQL 1.1 endpoint instead of loading files."
    )(func)


def _remote(func: F, *, graph_help: str | None) -> F:
    """The options of remote servers: --engine, --header (and --graph), kept in the context, not arguments.

    Credentials are never options: KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD, ~/.netrc or a prompt.
    """

    def keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        ctx.meta.setdefault("kg.remote", {})[param.name or ""] = value
        return value

    func = click.option(
        "--engine",
        type=click.Choice(ENGINES),
        expose_value=False,
        callback=keep,
        help="The engine's profile (default: told from the server's answers).",
    )(func)
    func = click.option(
        "--header",
        "headers",
        multiple=True,
        metavar="'NAME: VALUE'",
        expose_value=False,
        callback=keep,
        help="A header for every request, e.g. 'Authorization: Bearer TOKEN' (repeatable; "
        "KG_ENDPOINT_TOKEN also gives a token). Passwords: KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD, "
        "~/.netrc or a prompt.",
    )(func)
    if graph_help is not None:
        func = click.option(
            "--graph", "graph", metavar="IRI", expose_value=False, callback=keep, help=graph_help
        )(func)
    return func


def _remote_options() -> dict[str, Any]:
    """The --engine, --header and --graph of the command, and a prompt for credentials on a terminal."""
    from kg.remote.client import parse_header

    given = click.get_current_context().meta.get("kg.remote", {})
    options: dict[str, Any] = {
        "engine": given.get("engine"),
        "headers": [parse_header(h) for h in given.get("headers") or ()],
    }
    if given.get("graph"):
        options["graph"] = given["graph"]
    if sys.stdin.isatty() and sys.stderr.isatty():
        options["prompt"] = _ask_credentials
    return options


def _ask_credentials(url: str) -> Any:
    from kg.remote.auth import Credentials

    click.echo(f"{url} asks for credentials", err=True)
    user = click.prompt("User", err=True)
    password = click.prompt("Password", hide_input=True, err=True)
    return Credentials(user, password, "the prompt")


def _emit(text: str | bytes, output: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None:
        try:
            sys.stdout.buffer.write(data if data.endswith(b"\n") or not data else data + b"\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as e:  # e.g. stdout is /dev/full
            from kg.files import WriteError

            _drop_stdout()
            raise WriteError("<stdout>", e) from e
    else:
        from kg.files import write_bytes

        write_bytes(output, data)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again at exit."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _query_arg(query: str | None) -> Any:
    path = Path(query or "")
    return path if path.suffix == ".rq" and path.is_file() else query


def _reason_before_query(graph: KnowledgeGraph, profile: str | None, query: Any, *, loaded: bool) -> None:
    """Reason before a query when --reason says so, or when its header asks for it (said on stderr)."""
    from kg.reasoning import reason_before_query

    if profile is not None and not loaded:
        raise click.UsageError("--reason needs RDF files, not --endpoint or --store")
    done = reason_before_query(graph, query, profile=profile)
    if done.note is not None:
        click.echo(done.note, err=True)
    if done.report is not None and not done.report.consistent:
        click.echo(f"Error: {done.report.problem()}; run `kg reason` for details", err=True)
        sys.exit(1)
