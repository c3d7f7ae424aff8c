"""What validation found: :class:`Finding`, and :class:`ValidationReport` as text, JSON or SHACL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import choices
from kg.errors import UnknownNameError
from kg.vocab import KGV as KGV
from kg.vocab import SH as _SH

if TYPE_CHECKING:
    import rdflib

    from kg.imports import Import


#: The output formats of a report: plain text, JSON, or the SHACL report graph in Turtle.
FORMATS = choices.REPORT_FORMATS
#: The thresholds of ``kg validate --fail-on``: the least severe finding that makes it exit 1.
FAIL_ON = choices.FAIL_ON


_SEVERITY = {f"{_SH}Violation": "error", f"{_SH}Warning": "warning", f"{_SH}Info": "info"}
_SEVERITY_IRI = {v: k for k, v in _SEVERITY.items()}


@dataclass(frozen=True)
class Finding:
    """One problem found.

    Attributes:
        check: what found it: ``syntax``, ``imports`` (an ``owl:imports`` not loaded), ``shacl``, a
            lint check (``ontology-iri``, ``version-iri``, ``undeclared``,
            ``undeclared-annotation-property``, ``punning``, ``datatype``, ``class-expression``,
            ``non-simple-property``, ``label``, ``definition``) or
            ``checks/<name>`` for a query of ``queries/checks``.
        severity: ``error``, ``warning`` or ``info``.
        message: what is wrong and, where it helps, what to do.
        focus: the offending IRI (the SHACL focus node), or ``None``.
        path: the SHACL result path, or ``None``.
        value: the offending value (a SHACL value, a datatype …), or ``None``.
        source: the file (``<string>`` for text), or ``None`` when not known.
        line: the 1-based line in ``source``, or ``None``.
        column: the 1-based column in ``source``, or ``None``.
        constraint: for SHACL, the constraint that failed (``datatype``, ``minCount`` …), or ``None``.

    >>> Finding("label", "warning", "has no rdfs:label", focus="https://example.org/x").severity
    'warning'
    """

    check: str
    severity: str
    message: str
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    source: str | None = None
    line: int | None = None
    column: int | None = None
    constraint: str | None = None


@dataclass
class ValidationReport:
    """Everything :func:`validate` found.

    Attributes:
        findings: the problems, in the order syntax, imports, SHACL, lint, checks.
        sources: the sources validated, then the files of the ontologies they import.
        shacl_graph: pySHACL's validation report graph (``None`` when SHACL did not run).
        imports: the ``owl:imports`` of the sources and what became of each (:mod:`kg.imports`).

    >>> ValidationReport([]).conforms
    True
    """

    findings: list[Finding]
    sources: list[str] = field(default_factory=list)
    shacl_graph: rdflib.Graph | None = field(default=None, repr=False)
    _shorten: Callable[[str], str] = field(default=lambda iri: f"<{iri}>", repr=False)
    imports: list[Import] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def fails(self, fail_on: str = "error") -> bool:
        """Whether a finding is at least as severe as ``fail_on`` (``error`` or ``warning``): what
        ``kg validate --fail-on`` exits 1 for. ``info`` findings never fail.

        Raises:
            UnknownNameError: for another threshold.

        >>> report = ValidationReport([Finding("label", "warning", "no label")])
        >>> report.fails("error"), report.fails("warning")
        (False, True)
        """
        if fail_on not in FAIL_ON:
            raise UnknownNameError("--fail-on threshold", fail_on, FAIL_ON)
        failing = {"error"} if fail_on == "error" else {"error", "warning"}
        return any(f.severity in failing for f in self.findings)

    def counts(self) -> dict[str, int]:
        """How many findings each check made.

        >>> ValidationReport([Finding("label", "warning", "x"), Finding("label", "warning", "y")]).counts()
        {'label': 2}
        """
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.check] = out.get(f.check, 0) + 1
        return out

    def text(self) -> str:
        """One line per finding, compiler style (``file:line:column: severity [check] focus: message``).

        >>> print(ValidationReport([], sources=["a.ttl"]).text(), end="")
        a.ttl: no problems found
        """
        if not self.findings:
            return f"{', '.join(self.sources) or '(no sources)'}: no problems found\n"
        lines = []
        for f in self.findings:
            where = ":".join(str(x) for x in (f.source, f.line, f.column) if x is not None)
            focus = f" {self._shorten_term(f.focus)}" if f.focus else ""
            path = f" {self._shorten_term(f.path)}" if f.path else ""
            value = f" (value: {self._shorten_term(f.value)})" if f.value and f.check == "shacl" else ""
            check = f"{f.check}: {f.constraint}" if f.constraint else f.check
            lines.append(
                f"{where + ': ' if where else ''}{f.severity} [{check}]{focus}{path}: {f.message}{value}"
            )
        counts = ", ".join(f"{n} {check}" for check, n in sorted(self.counts().items()))
        lines.append(f"{len(self.findings)} problem{'s' if len(self.findings) != 1 else ''} found ({counts})")
        return "\n".join(lines) + "\n"

    def _shorten_term(self, term: str) -> str:
        if term.startswith('"') and "^^<" in term:
            return _literal_text(term, self._shorten)
        if term.startswith(('"', "_:")) or ("://" not in term and not term.startswith("urn:")):
            return term
        return self._shorten(term)

    def to_json(self) -> str:
        """The report as JSON: ``conforms``, ``sources``, ``imports``, ``counts`` and ``findings``.

        >>> json.loads(ValidationReport([]).to_json())["conforms"]
        True
        """
        data = {
            "conforms": self.conforms,
            "sources": self.sources,
            "imports": [asdict(i) for i in self.imports],
            "counts": self.counts(),
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_graph(self) -> rdflib.Graph:
        """The standard SHACL validation report, with every other finding as one more ``sh:ValidationResult``.

        pySHACL's results are kept as they are; a lint, check or syntax finding has its check as
        ``sh:sourceConstraintComponent`` (in the ``kgv:`` namespace), its offending IRI (or the file)
        as ``sh:focusNode`` and its message as ``sh:resultMessage``.

        >>> report = ValidationReport([Finding("label", "warning", "no label", focus="https://example.org/x")])
        >>> print(report.to_graph().serialize(format="turtle"))  # doctest: +ELLIPSIS
        @prefix kgv: ...
        """
        import rdflib
        from rdflib import RDF, BNode, Literal, Namespace, URIRef

        sh = Namespace(_SH)
        graph = rdflib.Graph()
        graph.bind("sh", sh)
        graph.bind("kgv", KGV)
        report: Any = None
        if self.shacl_graph is not None:
            for t in self.shacl_graph:
                graph.add(t)
            for prefix, namespace in self.shacl_graph.namespaces():
                graph.bind(prefix, namespace, override=False)
            report = next(graph.subjects(RDF.type, sh.ValidationReport), None)
        if report is None:
            report = BNode()
            graph.add((report, RDF.type, sh.ValidationReport))
        graph.remove((report, sh.conforms, None))
        graph.add((report, sh.conforms, Literal(self.conforms)))
        for f in self.findings:
            if f.check == "shacl":
                continue
            result = BNode()
            graph.add((report, sh.result, result))
            graph.add((result, RDF.type, sh.ValidationResult))
            focus = f.focus or (
                Path(f.source).resolve().as_uri() if f.source and f.source != "<string>" else None
            )
            if focus is not None:
                graph.add(
                    (result, sh.focusNode, BNode(focus[2:]) if focus.startswith("_:") else URIRef(focus))
                )
            graph.add((result, sh.resultMessage, Literal(f.message)))
            graph.add((result, sh.resultSeverity, URIRef(_SEVERITY_IRI[f.severity])))
            component = re.sub(r"[^A-Za-z0-9]+", "-", f.check).strip("-")
            graph.add((result, sh.sourceConstraintComponent, URIRef(KGV + component)))
            if f.value is not None:
                graph.add((result, sh.value, Literal(f.value)))
        return graph

    def serialize(self, format: str = "text") -> str:
        """The report as ``text``, ``json`` or ``turtle`` (the SHACL report graph).

        Raises:
            UnknownNameError: for another format.

        >>> ValidationReport([]).serialize("json").startswith("{")
        True
        """
        if format == "text":
            return self.text()
        if format == "json":
            return self.to_json()
        if format == "turtle":
            return str(self.to_graph().serialize(format="turtle"))
        raise UnknownNameError("format", format, FORMATS)


def _literal_text(term: str, shorten: Callable[[str], str]) -> str:
    lexical, _, datatype = term.rpartition("^^<")
    return f"{lexical}^^{shorten(datatype[:-1])}"
