"""Reading and checking a graph: kg info, queries, query, reason, validate."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

# The choices of the options are the library's (kg.choices imports nothing, so --help stays quick).
from kg.choices import FAIL_ON, GRAPH_RESULT_FORMATS, PROFILES, REPORT_FORMATS, ROW_RESULT_FORMATS
from kg.cli._options import (
    _allow_remote,
    _catalogue,
    _emit,
    _endpoint,
    _load,
    _query_arg,
    _reason_before_query,
    _sources,
    _store,
)

if TYPE_CHECKING:
    pass

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


@click.command()
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


@click.command("queries")
@click.option("--checks", is_flag=True, help="List the ontology checks (queries/checks) instead.")
def list_queries(checks: bool) -> None:
    """List the named queries, one per line: name and question.

    \b
    Example: kg queries --checks
    """
    from kg.sparql import queries

    for named in queries(checks=checks):
        click.echo(f"{named.name:<36} {named.question or named.title}")


@click.command()
@click.argument("query", required=False)
@_sources
@click.option("-e", "--expression", metavar="TEXT", help="The query text, instead of a name or file.")
@_catalogue
@click.option(
    "-f",
    "--format",
    "fmt",
    metavar="FORMAT",
    help=f"table, {', '.join(ROW_RESULT_FORMATS)} (SELECT/ASK); {', '.join(GRAPH_RESULT_FORMATS)} "
    "(CONSTRUCT/DESCRIBE). Default: a table on a terminal, else TSV or Turtle, or by the extension of -o.",
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
    from kg.nodes import resolve_bindings

    if expression is not None and query is not None:
        sources = (Path(query), *sources)  # `kg query -e TEXT FILE`: the file is data
        query = None
    if query is None and expression is None:
        raise click.UsageError("give a QUERY (a name or .rq file) or -e TEXT, e.g. `kg query cq10 FILE.ttl`")
    _query_first(query, sources)
    graph = _load(sources, no_ontology, endpoint, store, catalogue)
    asked = expression if expression is not None else _query_arg(query)
    _reason_before_query(graph, reason_profile, asked, loaded=endpoint is None and store is None)
    values = resolve_bindings(graph, bind)
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
    # the engine's objects may only be freed on the thread that made them: what this thread left for
    # the collector is freed here, so that the query's thread collects only its own
    import gc

    gc.collect()
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


@click.command()
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


@click.command()
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
    type=click.Choice(FAIL_ON),
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
