"""The tour: the main job on the embedded ontology, as one command (``kg tour``).

It prints the ontology's summary and every competency question of ``queries/`` with its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["run_tour"]


def run_tour(console: Console) -> None:
    """Print the tour to a rich console.

    >>> import io
    >>> from rich.console import Console
    >>> out = io.StringIO()
    >>> run_tour(Console(file=out, width=120))
    >>> "Is every large language model a generative AI?" in out.getvalue()
    True
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
