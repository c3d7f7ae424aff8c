"""The SHACL shapes run with pySHACL, their results as findings."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import SourceError
from kg.validation.report import _SEVERITY, Finding
from kg.vocab import SH as _SH

if TYPE_CHECKING:
    import rdflib

    from kg.graph import KnowledgeGraph


def _shacl(
    graph: KnowledgeGraph, shapes: str | os.PathLike[str] | None
) -> tuple[list[Finding], rdflib.Graph]:
    import pyshacl
    import rdflib

    from kg import resources

    path = Path(shapes) if shapes is not None else resources.shapes_file()
    try:
        shapes_graph = rdflib.Graph().parse(path)
    except FileNotFoundError as e:
        raise SourceError("no such shapes file", path=str(path)) from e
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise SourceError(f"cannot read the shapes: {e}", path=str(path)) from e
    _conforms, results, _text = pyshacl.validate(
        graph.to_rdflib(), shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace(_SH)
    findings = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        path_node = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        message = results.value(result, sh.resultMessage)
        severity = _SEVERITY.get(str(results.value(result, sh.resultSeverity)), "error")
        component = str(results.value(result, sh.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        constraint = component.removesuffix("ConstraintComponent")
        constraint = constraint[:1].lower() + constraint[1:]
        findings.append(
            Finding(
                "shacl",
                severity,
                str(message) if message is not None else f"violates {component}",
                focus=_term_text(focus),
                path=_path_text(results, path_node, graph.shorten),
                value=_term_text(value),
                constraint=constraint or None,
            )
        )
    findings.sort(key=lambda f: (f.focus or "", f.path or "", f.constraint or "", f.message, f.value or ""))
    return _one_per_value(findings), results


def _one_per_value(findings: list[Finding]) -> list[Finding]:
    """One finding per bad value: a value that fails two constraints of one shape with the same message
    ("175B" is neither an integer nor above 0) is reported once, under the first constraint.

    >>> twice = [Finding("shacl", "error", "m", focus="x", path="p", value='"1"', constraint=c)
    ...          for c in ("datatype", "minExclusive")]
    >>> [f.constraint for f in _one_per_value(twice)]
    ['datatype']
    """
    seen: set[tuple[str | None, ...]] = set()
    kept = []
    for f in findings:
        key = (f.severity, f.message, f.focus, f.path, f.value)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def _term_text(term: Any) -> str | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term) if isinstance(term, rdflib.URIRef) else term.n3()


def _path_text(results: rdflib.Graph, node: Any, shorten: Callable[[str], str]) -> str | None:
    """A SHACL path as text: an IRI, or ``^p``, ``p/q``, ``p*`` … for the complex ones."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(_SH)
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return str(node)
    for predicate, mark in ((sh.inversePath, "^{}"), (sh.zeroOrMorePath, "{}*"), (sh.oneOrMorePath, "{}+"),
                            (sh.zeroOrOnePath, "{}?")):  # fmt: skip
        inner = results.value(node, predicate)
        if inner is not None:
            return mark.format(_short(_path_text(results, inner, shorten), shorten))
    alternatives = results.value(node, sh.alternativePath)
    if alternatives is not None:
        parts = [_short(_path_text(results, x, shorten), shorten) for x in Collection(results, alternatives)]
        return "|".join(parts)
    if results.value(node, rdflib.RDF.first) is not None:
        return "/".join(_short(_path_text(results, x, shorten), shorten) for x in Collection(results, node))
    return f"_:{node}"


def _short(text: str | None, shorten: Callable[[str], str]) -> str:
    return shorten(text) if text and "://" in text and not text.startswith("<") else text or ""
