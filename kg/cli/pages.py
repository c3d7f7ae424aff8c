"""Pages: kg viz, an interactive HTML page of a view of the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.choices import DRAWN_VIEWS, PROFILES, SCHEMA_LAYOUTS
from kg.cli._options import (
    _catalogue,
    _endpoint,
    _load,
    _query_arg,
    _reason_before_query,
    _sources,
    _store,
    _with_ontology,
)

# -- kg viz: graph pages (kg.network, kg.pages) -----------------------------------------------------------


@click.command()
@_sources
@_catalogue
@_store
@_endpoint
@click.option(
    "--view",
    type=click.Choice(DRAWN_VIEWS),
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
    type=click.Choice(PROFILES),
    help="Reason first (dl: OWL 2 DL with HermiT, rl: OWL 2 RL) and draw the inferred edges too, dashed.",
)
@click.option(
    "--layout",
    type=click.Choice(SCHEMA_LAYOUTS),
    help="Schema view: tree (each branch of the class tree in a block of its own), force (physics); "
    "default: the tree above 60 classes.",
)
@click.option(
    "--disjointness/--no-disjointness",
    default=None,
    help="Schema view: show the disjointness edges when the page opens (default: when at most 60 pairs); "
    "the page's toggle shows or hides them either way.",
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
    layout: str | None,
    disjointness: bool | None,
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
    # the schema view's options, only when given (another view refuses them)
    schema: dict[str, Any] = {
        k: v for k, v in (("layout", layout), ("disjointness", disjointness)) if v is not None
    }
    page = render(
        graph,
        view=view,
        query=query,
        around=around,
        hops=hops,
        with_ontology=True if with_ontology else None,
        **schema,
    )
    path = page.write(output or Path(f"kg-{page.view}.html"))
    click.echo(str(path))
    if page.message:
        click.echo(page.message, err=True)
    if open_page:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
