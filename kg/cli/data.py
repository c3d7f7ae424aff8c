"""Data in and out: kg export, load (a persistent store), generate, import epoch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cli._options import (
    _catalogue,
    _emit,
    _load,
    _progress,
    _sources,
    _store,
    _with_ontology,
)


@click.command()
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


@click.command("load")
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


@click.command()
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


# -- kg import: catalogues into RDF (kg.catalogue) ----------------------------------------------------------


@click.group("import")
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
