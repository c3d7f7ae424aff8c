"""The ontology itself: kg build (its releases), tour, diff, docs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.choices import DIFF_FORMATS
from kg.cli._options import (
    _emit,
)


@click.command()
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


@click.command()
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


# -- kg diff: what changed between two versions of an ontology (kg.diff) ----------------------------------


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
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


@click.command("docs")
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
