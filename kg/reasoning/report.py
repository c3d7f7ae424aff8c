"""What a reasoner found: :class:`ReasoningReport`, and the sentences that explain a clash."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kg.reasoning.rules import (
    _CLASH_MESSAGES,
    _CLASH_RANK,
    _NUMERIC,
    _XSD_STRING,
    NOTHING,
    SUBCLASS,
    TYPE,
    Clash,
    _is_vocabulary,
    _split_literal,
)
from kg.vocab import XSD as _XSD

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------------------------------------
# the report


@dataclass
class ReasoningReport:
    """What a reasoner found.

    Attributes:
        profile: ``"dl"`` or ``"rl"``.
        reasoner: which reasoner ran, e.g. ``"HermiT (owlready2 0.51)"``.
        consistent: ``False`` when the graph contradicts itself (then nothing is inferred).
        unsatisfiable: IRIs of the classes that can have no member (``dl`` only), sorted.
        explanations: sentences that say why the graph is inconsistent or a class unsatisfiable.
        inferred: how many triples were stored as inferred.
        seconds: how long reasoning took, loading included.
        warnings: what the reasoner could not take into account.

    >>> report = ReasoningReport("rl", "kg OWL 2 RL rules", True)
    >>> report.ok, report.problem()
    (True, None)
    """

    profile: str
    reasoner: str
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
    inferred: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    _triples: Sequence[tuple[str, str, str]] = field(default=(), repr=False)
    _shorten: Callable[[str], str] = field(default=lambda iri: f"<{iri}>", repr=False)

    @property
    def ok(self) -> bool:
        """Consistent and without unsatisfiable classes."""
        return self.consistent and not self.unsatisfiable

    @cached_property
    def subclasses(self) -> list[tuple[str, str]]:
        """Inferred ``(subclass, superclass)`` pairs of named classes, sorted (owl:Nothing aside)."""
        return sorted(
            (_iri(s), _iri(o)) for s, p, o in self._triples if p == SUBCLASS and _named(s, o) and o != NOTHING
        )

    @cached_property
    def types(self) -> list[tuple[str, str]]:
        """Inferred ``(individual, class)`` pairs with a named class, sorted."""
        return sorted(
            (_iri(s), _iri(o))
            for s, p, o in self._triples
            if p == TYPE and _named(o) and not _is_vocabulary(o)
        )

    @cached_property
    def property_values(self) -> list[tuple[str, str, str]]:
        """Inferred ``(subject, property, value)`` triples of properties outside RDF, RDFS and OWL, sorted.

        IRIs are given bare; blank nodes as ``_:id``; literals in their N-Triples form.
        """
        return sorted((_iri(s), _iri(p), _iri(o)) for s, p, o in self._triples if not _is_vocabulary(p))

    def problem(self) -> str | None:
        """One line saying what is wrong (inconsistency, unsatisfiable classes), or ``None``."""
        short = self._shorten
        if not self.consistent:
            why = f": {self.explanations[0]}" if self.explanations else ""
            more = f" (and {len(self.explanations) - 1} more)" if len(self.explanations) > 1 else ""
            return f"the ontology is inconsistent{why}{more}"
        if self.unsatisfiable:
            names = ", ".join(short(c) for c in self.unsatisfiable)
            return (
                f"{_count(len(self.unsatisfiable), 'unsatisfiable class', 'unsatisfiable classes')}: {names}"
            )
        return None

    def text(self, *, limit: int = 20) -> str:
        """The report for a person: the verdict, the problems, then a sample of each kind of inference.

        Args:
            limit: how many lines of each kind of inferred fact to show.

        >>> print(ReasoningReport("rl", "kg OWL 2 RL rules", True, seconds=0.1).text(), end="")
        OWL 2 RL (kg OWL 2 RL rules): consistent, 0 inferred triples (0.1 s)
        """
        short = self._shorten
        title = {"dl": "OWL 2 DL", "rl": "OWL 2 RL"}.get(self.profile, self.profile)
        verdict = "consistent" if self.consistent else "INCONSISTENT"
        if self.consistent and self.unsatisfiable:
            verdict += f", {_count(len(self.unsatisfiable), 'unsatisfiable class', 'unsatisfiable classes')}"
        inferred = _count(self.inferred, "inferred triple")
        lines = [f"{title} ({self.reasoner}): {verdict}, {inferred} ({self.seconds:.1f} s)"]
        lines += [f"warning: {w}" for w in self.warnings]
        if not self.consistent:
            lines.append("Why:")
            lines += [f"  {e}" for e in self.explanations] or ["  (the reasoner gives no explanation)"]
            return "\n".join(lines) + "\n"
        if self.unsatisfiable:
            lines.append("Unsatisfiable classes (they can have no member):")
            lines += [f"  {short(c)}" for c in self.unsatisfiable]
            lines += [f"  why: {e}" for e in self.explanations]

        def section(title: str, rows: list[str]) -> None:
            if rows:
                lines.append(f"{title} ({len(rows)}):")
                lines.extend(f"  {row}" for row in rows[:limit])
                if len(rows) > limit:
                    lines.append(f"  … and {len(rows) - limit} more (write them all with -o FILE)")

        section("Inferred subclasses", [f"{short(s)} ⊑ {short(o)}" for s, o in self.subclasses])
        section("Inferred types", [f"{short(s)} a {short(o)}" for s, o in self.types])
        section(
            "Inferred property values",
            [f"{short(s)} {short(p)} {_value(o, short)}" for s, p, o in self.property_values],
        )
        return "\n".join(lines) + "\n"


def _value(term: str, short: Callable[[str], str]) -> str:
    """A value of :attr:`ReasoningReport.property_values` for a person: IRIs shortened, literals and
    blank nodes kept in their N-Triples form (with the datatype shortened).

    >>> _value('"7"^^<http://www.w3.org/2001/XMLSchema#integer>', lambda iri: "xsd:integer")
    '"7"^^xsd:integer'
    >>> _value("_:b1", str), _value("https://e.org/a", lambda iri: f"<{iri}>")
    ('_:b1', '<https://e.org/a>')
    """
    if term.startswith("_:"):
        return term
    if term.startswith('"'):
        head, sep, datatype = term.rpartition("^^<")
        if sep and datatype.endswith(">") and head.endswith('"'):
            return f"{head}^^{short(datatype[:-1])}"
        return term
    return short(term)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


def _named(*terms: str) -> bool:
    return all(t.startswith("<") for t in terms)


def _explain(clashes: Iterable[Clash], shorten: Callable[[str], str]) -> list[str]:
    """One sentence per individual in a clash (its most telling clash), individuals in order."""
    first: dict[str, Clash] = {}
    for clash in sorted(clashes, key=lambda c: (_CLASH_RANK[c[0]], c[1])):
        values = dict(clash[1])
        first.setdefault(values.get("x") or values.get("i") or "", clash)
    sentences = []
    for rule, bindings in sorted(first.values(), key=lambda c: (_CLASH_RANK[c[0]], c[1])):
        names = {var: _show(term, shorten) for var, term in bindings}
        sentences.append(_CLASH_MESSAGES[rule].format(**names) + f" [{rule}]")
    return sentences


def _show(term: str, shorten: Callable[[str], str]) -> str:
    """A term for a message: a prefixed name, a number or a quoted string."""
    if term.startswith("<"):
        return shorten(term[1:-1])
    if term.startswith('"'):
        lexical, datatype, language = _split_literal(term)
        if datatype in _NUMERIC or datatype == f"<{_XSD}boolean>":
            return lexical
        if language:
            return f'"{lexical}"@{language}'
        if datatype == _XSD_STRING:
            return f'"{lexical}"'
        return f'"{lexical}"^^{shorten(datatype[1:-1])}'
    return term
