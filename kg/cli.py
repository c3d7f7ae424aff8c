"""The ``kg`` command: parses arguments, calls the library, prints.

Messages come from the library unchanged. Exit codes: 0 ok · 1 a check found problems · 2 bad input,
query or usage. Heavy modules are imported inside the commands, so ``kg --help`` stays quick.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

# The choices of the options come from the library (these modules import no heavy library).
from kg.reasoning import PROFILES
from kg.validation import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])

QUERY_FORMATS = ["table", "json", "xml", "csv", "tsv", "turtle", "nt", "json-ld"]
_BY_EXTENSION = {
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".csv": "csv",
    ".tsv": "tsv",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


class _Group(click.Group):
    """Turns the library's errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        from kg.errors import KGError

        try:
            return super().invoke(ctx)
        except KGError as e:
            from kg.errors import one_line

            click.echo(f"Error: {one_line(str(e))}", err=True)
            ctx.exit(e.exit_code)
        except click.UsageError as e:
            if "unexpected extra argument" not in e.message:
                raise
            hint = (
                "; commands that read data take the files last, as SOURCES "
                "(e.g. `kg query NAME FILE…`, `kg viz FILE…`); this one takes none"
            )
            raise click.UsageError(e.message + hint, e.ctx) from None
        except BrokenPipeError:  # e.g. `kg query … | head`
            sys.stderr.close()
            ctx.exit(0)
        except OSError as e:  # an input or output the system refused: one line, never a traceback
            from kg.files import describe_os_error

            click.echo(f"Error: {e.filename or 'output'}: {describe_os_error(e)}", err=True)
            ctx.exit(2)


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

    from kg.remote.engines import ENGINES

    func = click.option(
        "--engine",
        type=click.Choice(sorted(ENGINES)),
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="genai-kg", prog_name="kg")
def main() -> None:
    """genai-kg: the GenAI ontology, SPARQL, reasoning, validation and graph pages.

    \b
    Example: kg tour
    """


@main.command()
@_sources
@_catalogue
@_endpoint
@_store
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def info(
    sources: tuple[Path, ...],
    no_ontology: bool,
    catalogue: bool,
    endpoint: str | None,
    store: Path | None,
    as_json: bool,
) -> None:
    """Show the ontology IRI and version and count classes, properties, individuals and triples.

    \b
    Example: kg info my-models.ttl --json
    """
    from kg.display import summary_text

    graph = _load(sources, no_ontology, endpoint, store, catalogue)
    if as_json:
        import json

        click.echo(json.dumps(graph.summary().as_dict(), indent=2))
    else:
        click.echo(summary_text(graph))


@main.command("queries")
@click.option("--checks", is_flag=True, help="List the ontology checks (queries/checks) instead.")
def list_queries(checks: bool) -> None:
    """List the named queries, one per line: name and question.

    \b
    Example: kg queries --checks
    """
    from kg.sparql import queries

    for named in queries(checks=checks):
        click.echo(f"{named.name:<36} {named.question or named.title}")


@main.command()
@click.argument("query", required=False)
@_sources
@click.option("-e", "--expression", metavar="TEXT", help="The query text, instead of a name or file.")
@_catalogue
@click.option(
    "-f",
    "--format",
    "fmt",
    metavar="FORMAT",
    help="table, json, xml, csv, tsv (SELECT/ASK); turtle, nt, xml, json-ld (CONSTRUCT/DESCRIBE). "
    "Default: a table on a terminal, else TSV or Turtle, or by the extension of -o.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option(
    "-b",
    "--bind",
    multiple=True,
    metavar="NAME=VALUE",
    help='Give a variable a value: an IRI, prefixed name, "literal" or number (repeatable).',
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow SERVICE to fetch from other endpoints, and owl:imports no catalog maps.",
)
@_endpoint
@_store
@click.option(
    "--reason",
    "reason_profile",
    type=click.Choice(PROFILES),
    help="Reason first (dl: OWL 2 DL with HermiT, rl: OWL 2 RL) and query asserted + inferred "
    "triples. A query whose header says `# reasoning: dl` reasons first anyway.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after SECONDS (0: no limit). Ctrl-C stops it at once.",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=1),
    metavar="MIB",
    help="Stop the query when the process uses more than MIB mebibytes (default: 80% of the "
    "machine's memory; Linux).",
)
def query(
    query: str | None,
    sources: tuple[Path, ...],
    expression: str | None,
    no_ontology: bool,
    catalogue: bool,
    fmt: str | None,
    output: Path | None,
    bind: tuple[str, ...],
    allow_remote: bool,
    endpoint: str | None,
    store: Path | None,
    reason_profile: str | None,
    timeout: float,
    max_memory: int | None,
) -> None:
    """Run a SPARQL query on SOURCES: a NAME from `kg queries`, an .rq FILE, or -e TEXT.

    \b
    Example: kg query cq10-example-models my-models.ttl -f csv
    """
    from kg.display import render_result

    if expression is not None and query is not None:
        sources = (Path(query), *sources)  # `kg query -e TEXT FILE`: the file is data
        query = None
    if query is None and expression is None:
        raise click.UsageError("give a QUERY (a name or .rq file) or -e TEXT, e.g. `kg query cq10 FILE.ttl`")
    _query_first(query, sources)
    graph = _load(sources, no_ontology, endpoint, store, catalogue)
    asked = expression if expression is not None else _query_arg(query)
    _reason_before_query(graph, reason_profile, asked, loaded=endpoint is None and store is None)
    values = _bindings(graph, bind)
    if fmt is None and output is not None:
        fmt = _BY_EXTENSION.get(output.suffix.lower())
        if fmt is None:
            raise click.UsageError(
                f"cannot tell the format of {output} from its extension; give --format "
                f"(extensions known: {', '.join(sorted(_BY_EXTENSION))})"
            )

    reasoned = graph.reasoned is not None

    def answer() -> str | bytes:
        result = graph.query(asked, bindings=values, allow_remote=allow_remote, mark_inferred=reasoned)
        if reasoned:
            result = result.with_inferred_column()  # which rows only reasoning gave, in every format
        elif endpoint is None and store is None:
            from kg.hints import reasoning_hint

            hint = reasoning_hint(graph, asked, result, values)
            if hint is not None:
                click.echo(f"Hint: {hint}", err=True)
        rendered = render_result(result, graph, fmt, terminal=output is None and sys.stdout.isatty())
        # the engine's objects may only be freed on the thread that made them: free them here, cycles too
        del result
        import gc

        gc.collect()
        return rendered

    _emit(_bounded(answer, timeout, max_memory), output)


def _bounded(work: Callable[[], Any], timeout: float, max_memory: int | None) -> Any:
    """Run a query's work under its limits; past one, or on Ctrl-C, end the process at once (the
    engine's thread cannot be stopped, and must not hold up the exit)."""
    import os

    from kg.bounded import LimitError, default_max_memory, run_bounded

    ceiling = max_memory * 2**20 if max_memory is not None else default_max_memory()
    try:
        return run_bounded(work, timeout=timeout or None, max_memory=ceiling)
    except LimitError as e:
        click.echo(f"Error: {e}", err=True)
        code = e.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted: the query was stopped", err=True)
        code = 130
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _query_first(query: str | None, sources: Sequence[Path]) -> None:
    """A data file given where the query goes (`kg query FILE NAME`) is a usage error that says the order."""
    if query is None or not sources or Path(query).suffix == ".rq" or not Path(query).is_file():
        return
    raise click.UsageError(
        f"{query} is a data file: the query comes first, then SOURCES: "
        f"`kg query {sources[0]} {' '.join(str(s) for s in (query, *sources[1:]))}`"
    )


def _bindings(graph: KnowledgeGraph, items: Sequence[str]) -> dict[str, Any]:
    """The --bind values, resolved strictly: a known prefix, and an IRI the graph mentions."""
    from rdflib import URIRef

    from kg.bindings import parse_binding
    from kg.nodes import check_present

    values: dict[str, Any] = {}
    for item in items:
        name, value = parse_binding(item, graph.prefixes)
        if isinstance(value, URIRef):
            check_present(graph, str(value), f"{item.partition('=')[2].strip()} (?{name})")
        values[name] = value
    return values


def _query_arg(query: str | None) -> Any:
    path = Path(query or "")
    return path if path.suffix == ".rq" and path.is_file() else query


@main.command()
@_sources
@_catalogue
@click.option(
    "-f",
    "--format",
    "fmt",
    default="turtle",
    show_default=True,
    metavar="FORMAT",
    help="turtle, nt, nquads, trig, xml, json-ld, n3; the OWL syntaxes owx (OWL/XML), ofn (functional), "
    "omn (Manchester); or graphml, gexf (the page's network, for Gephi and Cytoscape: nodes and edges "
    "with scalar attributes).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@_store
@_with_ontology
def export(
    sources: tuple[Path, ...],
    no_ontology: bool,
    catalogue: bool,
    fmt: str,
    output: Path | None,
    store: Path | None,
    with_ontology: bool,
) -> None:
    """Load SOURCES and write them in another RDF format or OWL syntax: only SOURCES, not the embedded
    ontology they were read with, unless --with-ontology (or no SOURCES: then the ontology itself).

    \b
    Example: kg export my-models.ttl -f nt -o my-models.nt
    """
    from kg.bridges import NETWORK_FORMATS, write_network
    from kg.convert import convert, normalised
    from kg.errors import UnknownNameError
    from kg.formats import document_format

    if fmt not in NETWORK_FORMATS:
        try:
            document_format(fmt)  # an unknown format is an error before anything is loaded
        except UnknownNameError as e:
            raise UnknownNameError("format", fmt, [*e.known, *NETWORK_FORMATS]) from None
    shown = True if with_ontology else None  # None: the ontology only when there are no SOURCES
    if fmt in NETWORK_FORMATS:
        from kg.pages import view_of

        graph = _load(sources, no_ontology, store=store, catalogue=catalogue, imports=False)
        data = write_network(view_of(graph, with_ontology=shown), fmt, output)
        if output is None:
            _emit(data, None)
        return
    if store is None:  # a conversion keeps every literal as written (kg.convert)
        with _progress(sources):
            converted = convert(
                sources, fmt, output, ontology=not no_ontology, catalogue=catalogue, with_ontology=shown
            )
        if output is None:
            _emit(converted or b"", None)
        return
    graph = _load(sources, no_ontology, store=store, catalogue=catalogue, imports=False)
    if output is None:
        _emit(graph.serialize(fmt, with_ontology=shown) or "", None)
    else:
        graph.serialize(fmt, output, with_ontology=shown)
    if normalised(graph):
        click.echo(
            "Warning: a store holds the values of numbers, booleans and dates, not their text: they are "
            'written in canonical form ("01" as "1"); export the source files to keep the text',
            err=True,
        )


@main.command()
@click.option("--check", is_flag=True, help="Only check that the releases are up to date; exit 1 if not.")
def build(check: bool) -> None:
    """Regenerate the RDF/XML releases: ontology/genai.owl from ontology/genai.ttl, and
    ontology/catalogue/epoch-ai.owl (the Epoch AI catalogue, importing genai.owl) from its CSV.

    \b
    Example: kg build --check
    """
    from kg.catalogue import build_release as build_catalogue
    from kg.release import build as build_ontology

    stale = False
    for result in (build_ontology(check=check), build_catalogue(check=check)):
        if check and result.changed:
            click.echo(f"Error: {result.target} is out of date; run `kg build`", err=True)
            stale = True
        else:
            click.echo(f"{result.target}: {'written' if result.written else 'up to date'}")
    if stale:
        sys.exit(1)


@main.command()
@click.option(
    "--ontology-only",
    is_flag=True,
    help="Tour the ontology and its example models alone, without the Epoch AI catalogue.",
)
def tour(ontology_only: bool) -> None:
    """The main job: the summary and every competency question answered on the ontology and the embedded
    catalogue of 976 real models (Data: Epoch AI (epoch.ai), CC BY 4.0).

    \b
    Example: kg tour --ontology-only
    """
    from rich.console import Console

    from kg.tour import run_tour

    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 140
    run_tour(console, catalogue=not ontology_only)


@main.command()
@click.option("-n", "--models", type=click.IntRange(min=1), required=True, help="How many models.")
@click.option("--seed", type=int, default=0, show_default=True, help="The random seed.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE: N-Triples, or Turtle for .ttl. Default: N-Triples on stdout.",
)
def generate(models: int, seed: int, output: Path | None) -> None:
    """Generate a deterministic catalogue of AI models on top of the ontology (for tests and benchmarks).

    \b
    Example: kg generate -n 1000 -o models.nt
    """
    from kg.generate import write_catalogue

    count = write_catalogue(models, output, seed=seed)
    if output is not None:
        click.echo(f"{output}: {count} triples", err=True)


@main.command()
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


@main.command()
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
) -> None:
    """Upload SOURCES (after the embedded ontology) to a triplestore through the Graph Store Protocol.

    Files are streamed in chunks (memory stays bounded, .gz too); --resume after an interruption sends
    what the server did not confirm, so no triple is lost or doubled.
    \b
    Example: kg push my-models.ttl --endpoint http://127.0.0.1:7878/store --replace
    """
    from kg.remote.client import Connection
    from kg.remote.upload import file_identity, stream_triples
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
        source = stream_triples(list(sources), ontology=not no_ontology)
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


@main.command("load")
@_sources
@_catalogue
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    required=True,
    help="The directory of the store: new, empty, or a store to build again.",
)
def load_store(sources: tuple[Path, ...], no_ontology: bool, catalogue: bool, store: Path) -> None:
    """Build a persistent store in DIR from SOURCES (after the embedded ontology), for --store DIR.

    The store is replaced atomically: if the load fails or is interrupted, DIR keeps what it held.
    \b
    Example: kg load my-models.ttl --store models.db
    """
    from kg.store import build_store

    try:
        with _progress(sources) as progress:
            graph = build_store(
                store, *sources, ontology=not no_ontology, progress=progress, catalogue=catalogue
            )
    except KeyboardInterrupt:
        click.echo(f"Interrupted: {store} keeps what it held before", err=True)
        sys.exit(130)
    click.echo(f"{store}: {len(graph)} triples from {len(graph.sources)} sources")


# -- kg viz: graph pages (kg.network, kg.pages) -----------------------------------------------------------


@main.command()
@_sources
@_catalogue
@_store
@_endpoint
@click.option(
    "--view",
    type=click.Choice(["schema", "instances", "full", "summary"]),
    help="What to draw (default: schema; --query and --around choose their own view).",
)
@click.option("--query", "query_name", metavar="NAME|FILE", help="Draw the answer to a named query or file.")
@click.option("-e", "--expression", metavar="TEXT", help="Draw the answer to this query text.")
@click.option("--around", metavar="IRI", help="Draw the neighbourhood of this node (IRI or prefixed name).")
@click.option(
    "--hops", type=click.IntRange(min=0), default=1, show_default=True, help="How many steps --around goes."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The page to write. Default: kg-VIEW.html in the current directory.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser.")
@_with_ontology
@click.option(
    "--reason",
    "reason_profile",
    type=click.Choice(["dl", "rl"]),
    help="Reason first (dl: OWL 2 DL with HermiT, rl: OWL 2 RL) and draw the inferred edges too, dashed.",
)
def viz(
    sources: tuple[Path, ...],
    no_ontology: bool,
    catalogue: bool,
    store: Path | None,
    endpoint: str | None,
    view: str | None,
    query_name: str | None,
    expression: str | None,
    around: str | None,
    hops: int,
    output: Path | None,
    open_page: bool,
    with_ontology: bool,
    reason_profile: str | None,
) -> None:
    """Draw the graph as an interactive HTML page that works offline; print its path.

    With SOURCES the page shows their nodes (the full view: models, their links and classes), the
    ontology only where they mention it; --with-ontology draws it all. Without SOURCES: the ontology.

    \b
    Example: kg viz my-models.ttl -o my-models.html
    """
    from kg.pages import render

    if query_name is not None and expression is not None:
        raise click.UsageError("give either --query or -e, not both")
    graph = _load(sources, no_ontology, endpoint, store=store, catalogue=catalogue)
    query = expression if expression is not None else _query_arg(query_name)
    if reason_profile is not None or query is not None:
        _reason_before_query(graph, reason_profile, query, loaded=endpoint is None and store is None)
    page = render(
        graph, view=view, query=query, around=around, hops=hops, with_ontology=True if with_ontology else None
    )
    path = page.write(output or Path(f"kg-{page.view}.html"))
    click.echo(str(path))
    if page.message:
        click.echo(page.message, err=True)
    if open_page:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


# -- reasoning and validation -----------------------------------------------------------------------


def _reason_before_query(graph: KnowledgeGraph, profile: str | None, query: Any, *, loaded: bool) -> None:
    """Reason before a query when --reason says so, or when its header asks for it (said on stderr)."""
    if profile is None:
        from kg.reasoning import requested_profile
        from kg.sparql import resolve_query

        text, source = resolve_query(query)
        profile = requested_profile(text)
        if profile is None:
            return
        if not loaded:
            click.echo(f"{source} asks for reasoning, which needs RDF files: querying as it is", err=True)
            return
        click.echo(f"{source} asks for reasoning: reasoning first ({profile}; --reason to choose)", err=True)
    elif not loaded:
        raise click.UsageError("--reason needs RDF files, not --endpoint or --store")
    report = graph.reason(profile)
    if not report.consistent:
        click.echo(f"Error: {report.problem()}; run `kg reason` for details", err=True)
        sys.exit(1)


@main.command()
@_sources
@_catalogue
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="dl",
    show_default=True,
    help="dl: OWL 2 DL with HermiT (needs Java 11+); rl: OWL 2 RL rules (no Java, large graphs).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inferred triples to FILE (format from the extension; Turtle by default).",
)
def reason(
    sources: tuple[Path, ...], no_ontology: bool, catalogue: bool, profile: str, output: Path | None
) -> None:
    """Reason over SOURCES (after the embedded ontology): consistency, unsatisfiable classes, what follows.

    Exits with 1 when the ontology is inconsistent or has unsatisfiable classes.
    \b
    Example: kg reason my-models.ttl --profile rl -o inferred.ttl
    """
    from kg.reasoning import write_inferred

    graph = _load(sources, no_ontology, catalogue=catalogue)
    report = graph.reason(profile)
    click.echo(report.text(), nl=False)
    if output is not None and report.consistent:
        count = write_inferred(graph, output)
        click.echo(f"{output}: {count} inferred triples", err=True)
    problem = report.problem()
    if problem is not None:
        click.echo(f"Error: {problem}", err=True)
        sys.exit(1)


@main.command()
@_sources
@_catalogue
@click.option(
    "--shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SHACL shapes to check instead of the embedded ontology/shapes.ttl.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="text (a line per problem), json, or turtle (the SHACL report graph).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe (warnings alone exit 0 by default).",
)
def validate(
    sources: tuple[Path, ...],
    no_ontology: bool,
    catalogue: bool,
    shapes: Path | None,
    fmt: str,
    fail_on: str,
) -> None:
    """Check SOURCES (after the embedded ontology) and the ontologies they import: syntax, SHACL,
    Protégé readiness, ontology checks.

    Exits with 1 when a finding is at least as severe as --fail-on (an error, by default), 0 otherwise.
    With --catalogue, the embedded catalogue's release (ontology/catalogue/epoch-ai.owl) is checked too.

    \b
    Example: kg validate my-models.ttl -f json
    """
    from kg.validation import validate as validate_sources

    if catalogue:
        from kg.catalogue import release_file

        sources = (*sources, release_file())
    report = validate_sources(
        list(sources), shapes=shapes, ontology=not no_ontology, allow_remote=_allow_remote()
    )
    click.echo(report.serialize(fmt), nl=False)
    sys.exit(1 if report.fails(fail_on) else 0)


# -- kg import: catalogues into RDF (kg.catalogue) ----------------------------------------------------------


@main.group("import")
def import_group() -> None:
    """Turn a published catalogue of AI models into RDF under the GenAI ontology.

    \b
    Example: kg import epoch notable-ai-models.csv -o catalogue.ttl
    """


@import_group.command("epoch")
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the RDF to FILE (Turtle; N-Triples for .nt, RDF/XML for .owl or .rdf). Default: stdout.",
)
@_store
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with 2, writing nothing, when there is any warning (unknown columns or values …).",
)
@click.option(
    "--snapshot-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="When the CSV was downloaded (YYYY-MM-DD); default: the file's modification date.",
)
@click.option(
    "--columns",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A columns table to use instead of the embedded ontology/catalogue/epoch-ai-columns.csv "
    "(e.g. for a snapshot whose columns were renamed).",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A values table to use instead of the embedded ontology/mappings/epoch-ai.csv.",
)
def import_epoch(
    csv_file: Path,
    output: Path | None,
    store: Path | None,
    strict: bool,
    snapshot_date: Any,
    columns: Path | None,
    mapping: Path | None,
) -> None:
    """Import CSV, Epoch AI's Notable AI Models (https://epoch.ai/data/notable-ai-models), into RDF.

    The summary goes to stderr: unknown columns and values are warnings (exit 0), or errors with --strict
    (exit 2). With --store DIR a persistent store of the ontology and the catalogue is built instead.
    \b
    Example: kg import epoch notable-ai-models.csv -o catalogue.ttl
    """
    from kg.catalogue import import_epoch as run_import

    if output is not None and store is not None:
        raise click.UsageError("give either -o FILE or --store DIR, not both")
    result = run_import(
        csv_file,
        snapshot_date=snapshot_date.date() if snapshot_date else None,
        columns=columns,
        mapping=mapping,
    )
    click.echo(result.report.text(), err=True, nl=False)
    if strict and result.report.warnings:
        warnings = len(result.report.warnings)
        click.echo(f"Error: {csv_file}: {warnings} warnings with --strict; nothing written", err=True)
        sys.exit(2)
    if store is not None:
        from kg.store import build_store

        graph = build_store(store, result.serialize("nt"), format="nt")
        click.echo(f"{store}: {len(graph)} triples", err=True)
        return
    suffix = output.suffix.lower() if output is not None else ""
    fmt = {".nt": "nt", ".owl": "xml", ".rdf": "xml"}.get(suffix, "turtle")
    _emit(result.serialize(fmt), output)
    if output is not None:
        click.echo(f"{output}: {len(result.triples)} triples", err=True)


# -- kg diff: what changed between two versions of an ontology (kg.diff) ----------------------------------


@main.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to write the difference.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
def diff_command(old: Path, new: Path, fmt: str, output: Path | None) -> None:
    """Compare two versions of an ontology, in any syntax: terms added, removed, renamed, deprecated,
    relabelled; axioms and annotations added and removed; the changes that break users.

    Blank nodes and syntax do not count: the same ontology in RDF/XML and OWL/XML has no difference.
    Exits with 1 when a change is breaking (a removed or renamed term, a narrowed domain or range, a
    new disjointness), 0 otherwise.

    \b
    Example: kg diff zoo-1.0.owl zoo-1.1.ttl -f markdown -o CHANGES.md
    """
    from kg.diff import diff

    result = diff(old, new)
    _emit(result.serialize(fmt), output)
    if output is not None:
        click.echo(result.summary(), err=True)
    sys.exit(1 if result.breaking else 0)


# -- kg docs: an offline documentation site (kg.docs) ------------------------------------------------------


@main.command("docs")
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="The folder to write the site into (index.html is the page to open).",
)
@click.option(
    "--reason/--no-reason",
    default=None,
    help="Show what HermiT infers (needs Java). Default: when Java is present.",
)
@click.option(
    "--pages",
    type=click.Choice(["auto", "one", "per-term"]),
    default="auto",
    show_default=True,
    help="One page, or one page per term (auto: one page up to 300 terms).",
)
def docs(sources: tuple[Path, ...], output: Path, reason: bool | None, pages: str) -> None:
    """Write an offline documentation site for the ontology in SOURCES (any syntax), or for the embedded
    ontology when none is given: header metadata, a section per class, property, individual and concept
    scheme with its axioms, usage and a neighbourhood diagram, and a search box. Prints the index page.

    \b
    Example: kg docs pizza.owl -o pizza-docs
    """
    from kg.docs import write_docs

    single = {"auto": None, "one": True, "per-term": False}[pages]
    result = write_docs(list(sources), output, reason=reason, single_page=single)
    click.echo(str(result.index))
    click.echo(
        f"{result.terms} terms, {result.pages} page{'' if result.pages == 1 else 's'}, "
        f"inferred axioms: {result.reasoned} "
        f"({result.seconds:.1f} s)",
        err=True,
    )
