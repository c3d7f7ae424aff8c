"""The ontology checks of ``queries/checks/*-violation.rq``, as findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.validation.report import Finding

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


# What a check query reports that a lint check reports already (then only the lint finding is kept).
_CHECK_TOPICS = {
    "checks/missing-label-violation": "label",
    "checks/missing-definition-violation": "definition",
    "checks/undeclared-term-violation": "undeclared",
    "checks/undeclared-property-violation": "undeclared-annotation-property",
    "checks/non-owl2-datatype-violation": "datatype",
    "checks/punning-violation": "punning",
}


def _checks(graph: KnowledgeGraph, lint: list[Finding]) -> list[Finding]:
    from kg.sparql import queries

    known = {(f.check, f.focus) for f in lint}
    out = []
    for named in queries(checks=True):
        name = named.name
        for row in graph.query(named.path, inferred=False).rows:
            values = list(row.values())
            focus = str(values[0]) if values and values[0] is not None else None
            problem = str(row.get("problem") or values[-1] or named.title)
            topic = _CHECK_TOPICS.get(name)
            if name == "checks/ontology-metadata-violation" and "versionIRI" in problem:
                topic = "version-iri"
            if topic is not None and (topic, focus) in known:
                continue
            out.append(Finding(name, "warning", problem, focus=focus))
    return out
