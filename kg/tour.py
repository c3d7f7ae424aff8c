"""The tour: the main job on the embedded ontology, as one command (``kg tour``).

It prints the ontology's summary and every competency question of ``queries/`` with its answer, then
writes the schema and full pages of the ontology (see :func:`kg.pages.pages_dir`) and prints their paths.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["run_tour"]


def run_tour(
    console: Console, *, pages: bool = True, pages_dir: str | os.PathLike[str] | None = None
) -> None:
    """Print the tour to a rich console.

    Args:
        console: where to print.
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

    graph = load()
    console.rule("The GenAI ontology")
    console.print(summary_text(graph), end="", markup=False)
    console.print()
    console.rule("Competency questions")
    for named in queries():
        if not named.name.startswith("cq"):
            continue
        number = named.name[2:4].lstrip("0")
        console.print(f"{number}. {named.question}", markup=False, style="bold")
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
