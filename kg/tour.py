"""The tour: the main job on the embedded ontology and catalogue, as one command (``kg tour``).

It prints the ontology's summary and every competency question of ``queries/`` with its answer, then
writes the schema and full pages of the ontology (see :func:`kg.pages.pages_dir`) and prints their paths.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from kg.graph import KnowledgeGraph
    from kg.reasoning import ReasoningReport
    from kg.sparql import NamedQuery

__all__ = ["run_tour"]


def run_tour(
    console: Console,
    *,
    pages: bool = True,
    pages_dir: str | os.PathLike[str] | None = None,
    catalogue: bool = False,
) -> None:
    """Print the tour to a rich console.

    Args:
        console: where to print.
        catalogue: answer on the ontology and the embedded Epoch AI catalogue of real models
            (``kg tour`` does; its attribution is printed first).
        pages: write the schema and full pages of the ontology and print their paths.
        pages_dir: the folder for them; by default :func:`kg.pages.pages_dir` (a temporary folder).

    >>> import io, tempfile
    >>> from rich.console import Console
    >>> out = io.StringIO()
    >>> run_tour(Console(file=out, width=120), pages_dir=tempfile.mkdtemp())
    >>> text = out.getvalue()
    >>> "Is every large language model a generative AI?" in text, "genai-kg-full.html" in text
    (True, True)
    """
    from kg.display import result_table, summary_text, table_text
    from kg.graph import load
    from kg.sparql import queries

    graph = load(catalogue=catalogue)
    console.rule("The GenAI ontology" + (" and the Epoch AI catalogue" if catalogue else ""))
    if catalogue:
        from kg.catalogue import ATTRIBUTION, EPOCH_PAGE, SNAPSHOT_DATE

        console.print(f"{ATTRIBUTION}, {EPOCH_PAGE}, CC BY 4.0, snapshot {SNAPSHOT_DATE.isoformat()}",
                      markup=False)  # fmt: skip
    console.print(summary_text(graph), end="", markup=False)
    console.print()
    console.rule("Competency questions")
    reasoned: dict[str, tuple[KnowledgeGraph, ReasoningReport]] = {}  # one reasoning per profile
    for named in queries():
        if not named.name.startswith("cq"):
            continue
        number = named.name[2:4].lstrip("0")
        console.print(f"{number}. {named.question}", markup=False, style="bold")
        if named.meta.get("reasoning"):
            _print_after_reasoning(console, graph, named, catalogue, reasoned)
            continue
        result = graph.query(named.name)
        if result.kind == "ask":
            console.print(f"   → {'yes' if result.boolean else 'no'}", markup=False)
        else:
            text = table_text(result_table(result, graph), width=console.width)
            console.print(text, end="", markup=False)
        console.print()
    if pages:
        from kg.pages import write_pages

        console.rule("Graph pages")
        for view, path in write_pages(graph, pages_dir).items():
            console.print(f"{view} view: {path}", markup=False, soft_wrap=True)


def _print_after_reasoning(
    console: Console,
    graph: KnowledgeGraph,
    named: NamedQuery,
    catalogue: bool,
    reasoned: dict[str, tuple[KnowledgeGraph, ReasoningReport]],
) -> None:
    """Answer a question that asks for reasoning (cq13) over a reasoned copy of the graph, and say of each
    row whether the asserted graph gives it too or only reasoning finds it."""
    from kg.display import result_table, table_text
    from kg.errors import ToolMissingError
    from kg.graph import load
    from kg.reasoning import java_version

    profile = named.meta["reasoning"]
    note = ""
    if profile == "dl":
        try:
            java_version()
        except ToolMissingError:
            profile, note = "rl", " (no Java for HermiT here: the OWL 2 RL rules instead)"
    asserted = {tuple(row) for row in result_table(graph.query(named.name), graph).rows}
    if profile not in reasoned:  # a copy: the other questions are answered over the asserted graph
        copy = load(catalogue=catalogue)
        reasoned[profile] = (copy, copy.reason(profile))
    copy, report = reasoned[profile]
    table = result_table(copy.query(named.name), copy)
    marks = ["without reasoning" if tuple(row) in asserted else "inferred" for row in table.rows]
    table.headers.append("found")
    for row, mark in zip(table.rows, marks, strict=True):
        row.append(mark)
    console.print(f"   after reasoning with {report.reasoner}{note}: {marks.count('inferred')} of "
                  f"{len(marks)} facts are inferred", markup=False)  # fmt: skip
    console.print(table_text(table, width=console.width), end="", markup=False)
    console.print()
