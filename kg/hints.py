"""Hints for answers that are empty for a reason the user can fix.

A query about class membership (``?m a gai:GenerativeAI``) finds only what is asserted; the members a
reasoner would add are not there until ``--reason``. When a SELECT answers nothing, the hint reasons
with OWL 2 RL (no Java, quick on graphs of a few hundred thousand triples) and, when that would answer,
says so on stderr, instead of leaving the user with an empty table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph
    from kg.sparql import Result

__all__ = ["HINT_MAX_TRIPLES", "reasoning_hint"]

#: Above this many triples no reasoning is tried for a hint (it would cost more than the query).
HINT_MAX_TRIPLES = 200_000
_MEMBERSHIP = re.compile(r"(?<![\w?$:])a(?![\w:])|rdf:type|22-rdf-syntax-ns#type>|rdfs:subClassOf")


def reasoning_hint(
    graph: KnowledgeGraph, query: Any, result: Result, bindings: Mapping[str, Any] | None = None
) -> str | None:
    """The hint for an empty SELECT that reasoning would answer, or ``None``.

    The graph is reasoned over (OWL 2 RL) when the hint is looked for: call it last.

    >>> import kg
    >>> llm = "<https://w3id.org/genai-kg/ontology#LargeLanguageModel>"
    >>> graph = kg.load(f"<urn:m> a {llm} .", format="turtle")
    >>> query = "SELECT ?m WHERE { ?m a gai:GenerativeAI }"
    >>> print(reasoning_hint(graph, query, graph.query(query)))
    no rows from the asserted triples; with --reason rl (or --reason dl) it answers 5 rows
    """
    if result.kind != "select" or len(result) or graph.reasoned is not None or graph.read_only:
        return None
    if len(graph) > HINT_MAX_TRIPLES or not _MEMBERSHIP.search(result.text):
        return None
    report = graph.reason("rl")
    if not report.consistent:
        return None
    rows = len(graph.query(query, bindings=bindings))
    if not rows:
        return None
    return (
        f"no rows from the asserted triples; with --reason rl (or --reason dl) it answers "
        f"{rows} row{'s' if rows != 1 else ''}"
    )
