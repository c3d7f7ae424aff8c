"""Results as a person reads them: short names, labels where they help, plain values.

Used by the command line's ``table`` output and by the tour; the standard formats live in
:mod:`kg.sparql`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.vocab import labels

if TYPE_CHECKING:
    from rdflib.term import Node

    from kg.graph import KnowledgeGraph
    from kg.sparql import Result

__all__ = ["Table", "labels_for", "result_table", "term_text"]


def labels_for(graph: KnowledgeGraph, iris: Iterable[str]) -> dict[str, str]:
    """Look up the ``rdfs:label`` of many IRIs at once (English or untagged first).

    >>> import kg
    >>> labels_for(kg.load(), ["https://w3id.org/genai-kg/model/dall-e"])
    {'https://w3id.org/genai-kg/model/dall-e': 'DALL-E'}
    """
    return labels(graph.store, iris)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text).lower()


def term_text(term: Node | None, graph: KnowledgeGraph, labels: dict[str, str] | None = None) -> str:
    """Write one term for a person: a prefixed name, with its label when the label says more.

    >>> import kg
    >>> from rdflib import URIRef
    >>> graph = kg.load()
    >>> GAI = "https://w3id.org/genai-kg/ontology#"
    >>> gpt3, nvidia = URIRef(GAI + "GPT3"), URIRef(GAI + "NVIDIA")
    >>> term_text(gpt3, graph, {str(gpt3): "GPT-3"})
    'gai:GPT3'
    >>> term_text(nvidia, graph, {str(nvidia): "NVIDIA Corporation"})
    'gai:NVIDIA (NVIDIA Corporation)'
    """
    from rdflib import BNode, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        short = graph.shorten(str(term))
        label = (labels or {}).get(str(term))
        local = re.split(r"[#/:]", str(term))[-1]
        if label and _squash(label) != _squash(local):
            return f"{short} ({label})"
        return short
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


class Table:
    """A result laid out for reading: headers, rows of text, and how many rows were left out."""

    def __init__(self, headers: list[str], rows: list[list[str]], omitted: int = 0) -> None:
        self.headers, self.rows, self.omitted = headers, rows, omitted


def result_table(result: Result, graph: KnowledgeGraph, *, limit: int | None = None) -> Table:
    """Lay out a SELECT, ASK or graph result as a :class:`Table`.

    Args:
        result: the query result.
        graph: the graph it came from (for prefixes and labels).
        limit: show at most this many rows.

    >>> import kg
    >>> graph = kg.load()
    >>> result_table(graph.query("ASK {}"), graph).rows
    [['true']]
    """
    from rdflib import URIRef

    if result.kind == "ask":
        return Table(["answer"], [["true" if result.boolean else "false"]])
    headers = result.vars if result.kind == "select" else ["subject", "predicate", "object"]
    records: list[list[Node | None]] = []
    total = 0
    for item in result:
        total += 1
        if limit is None or len(records) < limit:
            records.append([item[v] for v in headers] if result.kind == "select" else list(item))
    iris = [str(t) for record in records for t in record if isinstance(t, URIRef)]
    labels = labels_for(graph, iris)
    rows = [[term_text(t, graph, labels) for t in record] for record in records]
    return Table(headers, rows, total - len(records))


TERMINAL_ROW_LIMIT = 500


def table_text(table: Table, *, width: int | None = None, title: str | None = None) -> str:
    """Draw a :class:`Table` as text with box lines.

    >>> print(table_text(Table(["a"], [["1"]])), end="")
    ┏━━━┓
    ┃ a ┃
    ┡━━━┩
    │ 1 │
    └───┘
    """
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width or 240, highlight=False, color_system=None, emoji=False)
    rich_table = RichTable(box=box.HEAVY_HEAD, title=title, title_justify="left")
    for header in table.headers:
        rich_table.add_column(header, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*(Text(cell) for cell in row))
    console.print(rich_table)
    if table.omitted:
        console.print(f"… {table.omitted} more rows; write them all with --format tsv or -o FILE")
    return out.getvalue()


def render_result(result: Result, graph: KnowledgeGraph, fmt: str | None, *, terminal: bool) -> str | bytes:
    """Render a result for the command line.

    Without a format: a table on a terminal; otherwise SPARQL TSV (SELECT/ASK) or Turtle (graphs),
    so the output composes with other tools.

    Raises:
        UnknownNameError: for a format the result has no rendering in.

    >>> import kg
    >>> graph = kg.load()
    >>> render_result(graph.query("ASK {}"), graph, None, terminal=False)
    b'true'
    """
    from kg.errors import UnknownNameError

    if fmt is None:
        if terminal and result.kind != "graph":
            fmt = "table"
        else:
            fmt = "turtle" if result.kind == "graph" else "tsv"
    if fmt == "table":
        import shutil

        width = shutil.get_terminal_size((160, 40)).columns if terminal else 240
        return table_text(
            result_table(result, graph, limit=TERMINAL_ROW_LIMIT if terminal else None), width=width
        )
    if fmt not in result.formats:
        raise UnknownNameError(f"format for {result.kind.upper()} results", fmt, [*result.formats, "table"])
    return result.serialize_bytes(fmt)


def summary_text(graph: KnowledgeGraph) -> str:
    """Describe a graph in a few lines: its ontologies and counts.

    >>> import kg
    >>> print(summary_text(kg.load()).splitlines()[0])
    ontology:    https://w3id.org/genai-kg/ontology
    """
    summary = graph.summary()
    lines = []
    for onto in summary.ontologies or []:
        lines.append(f"ontology:    {onto.iri}")
        if onto.title:
            lines.append(f"title:       {onto.title}")
        if onto.version_iri or onto.version_info:
            lines.append(f"version:     {onto.version_info or ''} {onto.version_iri or ''}".rstrip())
    if not summary.ontologies:
        lines.append("ontology:    (no owl:Ontology header)")
    lines += [
        f"classes:     {summary.classes}",
        f"properties:  {summary.object_properties} object, {summary.datatype_properties} datatype, "
        f"{summary.annotation_properties} annotation",
        f"individuals: {summary.individuals}",
        f"triples:     {summary.triples}" + (f" (+ {summary.inferred} inferred)" if summary.inferred else ""),
    ]
    if graph.sources:
        lines.append(f"sources:     {', '.join(graph.sources)}")
    for imported in graph.imports:  # the imports closure (kg.imports)
        where = {
            "loaded": f"{imported.location} ({imported.via})",
            "present": "already loaded",
            "missing": f"MISSING: {imported.reason}",
        }[imported.status]
        lines.append(f"imports:     <{imported.iri}> {where}")
    return "\n".join(lines) + "\n"
