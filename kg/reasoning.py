"""Reasoning: what follows from a graph, and whether it is consistent.

Two profiles:

``dl``
    OWL 2 DL with HermiT, the reasoner Protégé ships, run through owlready2 (which bundles its jar).
    It needs Java 11 or newer; :func:`java_version` finds it before anything else is done. HermiT
    classifies the classes and properties, checks consistency, names the unsatisfiable classes and
    realises the individuals (their types and object property values). Its answers are direct ones
    (the most specific types, the nearest superclasses); they are written out up the inferred
    hierarchies, so that a query for ``?x a gai:AIModel`` finds every model. Pellet, owlready2's
    other reasoner, is not offered: the Jena jar of owlready2 0.51 is built for Java 25 and fails on
    older runtimes.

``rl``
    OWL 2 RL, without Java: the rules of the OWL 2 RL/RDF rule set (OWL 2 Profiles, section 4.3)
    applied forward to a fixpoint by a small rule engine of this module. Each rule is written below
    as triple patterns; it is compiled to nested Python loops over hash indexes, once per join order,
    and evaluated semi-naively (every round joins only with what the previous round found). That
    closes a million-triple catalogue in about 6 s (16 s with reading the triples out and storing
    what was inferred; tests/bench/bench_reasoning.py), where the rdflib-based ``owlrl`` takes two
    minutes for 100k triples. Running the rules as SPARQL updates inside Oxigraph, tried first, took
    some 25 s a round for seven rules at a million triples, with three or four rounds to go.
    The rules that conclude ``false`` report inconsistencies with the individual and classes
    involved. Datatype reasoning (the ``dt-*`` rules) is left out apart from checking that a
    functional or max-1 data property has one value.

Either way the inferred triples go to the graph's named graph :data:`~kg.graph.INFERRED`, apart from
the asserted ones, and a :class:`ReasoningReport` says what was found. Trivial consequences (every
class is a subclass of itself and of ``owl:Thing``, reflexive ``owl:sameAs`` …) and triples about the
blank nodes of class expressions are not kept.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kg.errors import ReasonerError, ToolMissingError, UnknownNameError

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "PROFILES",
    "ReasoningReport",
    "java_version",
    "ntriples",
    "reason",
    "requested_profile",
    "rl_closure",
    "write_inferred",
]

#: The reasoning profiles, by the names the API and the command line accept.
PROFILES = ("dl", "rl")

#: The oldest Java that runs the HermiT of owlready2.
MIN_JAVA = 11

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NS = {"rdf": _RDF, "rdfs": _RDFS, "owl": _OWL, "xsd": _XSD, "kg": "urn:x-kg:"}

# Terms are handled in their N-Triples form: "<iri>", "_:id" or a quoted literal.
TYPE = f"<{_RDF}type>"
SUBCLASS = f"<{_RDFS}subClassOf>"
SUBPROPERTY = f"<{_RDFS}subPropertyOf>"
EQUIVALENT_CLASS = f"<{_OWL}equivalentClass>"
EQUIVALENT_PROPERTY = f"<{_OWL}equivalentProperty>"
SAME_AS = f"<{_OWL}sameAs>"
THING = f"<{_OWL}Thing>"
NOTHING = f"<{_OWL}Nothing>"
OWL_CLASS = f"<{_OWL}Class>"
#: The pseudo-property that relates an RDF list (and each of its tails) to its members.
MEMBER = "<urn:x-kg:member>"
_FIRST = f"<{_RDF}first>"
_REST = f"<{_RDF}rest>"
_NIL = f"<{_RDF}nil>"
_DOMAIN = f"<{_RDFS}domain>"
_RANGE = f"<{_RDFS}range>"

# ---------------------------------------------------------------------------------------------------
# The OWL 2 RL/RDF rules: premises, optional filters after "|", conclusions after "=>" ("false" for an
# inconsistency); a rule goes on over indented lines. Rules whose conclusions are implied by their
# premises when two variables are equal carry a "?a != ?b" filter: it changes nothing but saves work.
# eq-diff0 stands for eq-ref followed by eq-diff1, as reflexive owl:sameAs triples are not made. eq-ref,
# prp-ap, cls-thing, cls-nothing1 and the dt-* rules only add trivial or datatype triples and are left
# out; cls-int1, prp-spo2 and prp-key quantify over whole lists and are written in Python
# (_special_rules). The "-lit" rules check that a functional or max-1 data property has one value;
# "alive", "dead" and "wanted" are explained at _CLASS_USES.

_RULES = """
eq-sym       ?x owl:sameAs ?y | ?x != ?y => ?y owl:sameAs ?x
eq-trans     ?x owl:sameAs ?y . ?y owl:sameAs ?z | ?x != ?z => ?x owl:sameAs ?z
eq-rep-s     ?s owl:sameAs ?t . ?s ?p ?o | ?s != ?t => ?t ?p ?o
eq-rep-p     ?p owl:sameAs ?q . ?s ?p ?o | ?p != ?q => ?s ?q ?o
eq-rep-o     ?o owl:sameAs ?n . ?s ?p ?o | ?o != ?n => ?s ?p ?n
eq-diff0     ?x owl:differentFrom ?x => false
eq-diff1     ?x owl:sameAs ?y . ?x owl:differentFrom ?y | ?x != ?y => false
eq-diff2     ?a rdf:type owl:AllDifferent . ?a owl:members ?l . ?l kg:member ?x . ?l kg:member ?y .
             ?x owl:sameAs ?y | ?x != ?y => false
eq-diff3     ?a rdf:type owl:AllDifferent . ?a owl:distinctMembers ?l . ?l kg:member ?x .
             ?l kg:member ?y . ?x owl:sameAs ?y | ?x != ?y => false

prp-dom      ?p rdfs:domain ?c . ?x ?p ?y | wanted(?c) => ?x rdf:type ?c
prp-rng      ?p rdfs:range ?c . ?x ?p ?y | wanted(?c), resource(?y) => ?y rdf:type ?c
prp-fp       ?p rdf:type owl:FunctionalProperty . ?x ?p ?y . ?x ?p ?z |
             ?y != ?z, resource(?y), resource(?z) => ?y owl:sameAs ?z
prp-fp-lit   ?p rdf:type owl:FunctionalProperty . ?x ?p ?y . ?x ?p ?z | ?y < ?z, differ(?y, ?z) => false
prp-ifp      ?p rdf:type owl:InverseFunctionalProperty . ?x ?p ?z . ?y ?p ?z | ?x != ?y =>
             ?x owl:sameAs ?y
prp-irp      ?p rdf:type owl:IrreflexiveProperty . ?x ?p ?x => false
prp-symp     ?p rdf:type owl:SymmetricProperty . ?x ?p ?y => ?y ?p ?x
prp-asyp     ?p rdf:type owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x => false
prp-trp      ?p rdf:type owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z => ?x ?p ?z
prp-spo1     ?p rdfs:subPropertyOf ?q . ?x ?p ?y | ?p != ?q => ?x ?q ?y
prp-eqp1     ?p owl:equivalentProperty ?q . ?x ?p ?y | ?p != ?q => ?x ?q ?y
prp-eqp2     ?p owl:equivalentProperty ?q . ?x ?q ?y | ?p != ?q => ?x ?p ?y
prp-pdw      ?p owl:propertyDisjointWith ?q . ?x ?p ?y . ?x ?q ?y => false
prp-adp      ?a rdf:type owl:AllDisjointProperties . ?a owl:members ?l . ?l kg:member ?p .
             ?l kg:member ?q . ?x ?p ?y . ?x ?q ?y | ?p != ?q => false
prp-inv1     ?p owl:inverseOf ?q . ?x ?p ?y => ?y ?q ?x
prp-inv2     ?p owl:inverseOf ?q . ?x ?q ?y => ?y ?p ?x
prp-npa1     ?n owl:sourceIndividual ?i . ?n owl:assertionProperty ?p . ?n owl:targetIndividual ?j .
             ?i ?p ?j => false
prp-npa2     ?n owl:sourceIndividual ?i . ?n owl:assertionProperty ?p . ?n owl:targetValue ?j .
             ?i ?p ?j => false

cls-nothing2 ?x rdf:type owl:Nothing => false
cls-int2     ?c owl:intersectionOf ?l . ?l kg:member ?d . ?x rdf:type ?c | wanted(?d) => ?x rdf:type ?d
cls-uni      ?c owl:unionOf ?l . ?l kg:member ?d . ?x rdf:type ?d => ?x rdf:type ?c
cls-com      ?c owl:complementOf ?d . ?x rdf:type ?c . ?x rdf:type ?d => false
cls-svf1     ?r owl:someValuesFrom ?c . ?r owl:onProperty ?p . ?x ?p ?y . ?y rdf:type ?c | alive(?r) =>
             ?x rdf:type ?r
cls-svf1-lit ?r owl:someValuesFrom ?c . ?r owl:onProperty ?p . ?x ?p ?y | alive(?r), typed(?y, ?c) =>
             ?x rdf:type ?r
cls-svf2     ?r owl:someValuesFrom owl:Thing . ?r owl:onProperty ?p . ?x ?p ?y | alive(?r) =>
             ?x rdf:type ?r
cls-avf      ?r owl:allValuesFrom ?c . ?r owl:onProperty ?p . ?x rdf:type ?r . ?x ?p ?y |
             wanted(?c), resource(?y) => ?y rdf:type ?c
cls-hv1      ?r owl:hasValue ?v . ?r owl:onProperty ?p . ?x rdf:type ?r => ?x ?p ?v
cls-hv1-sco  ?c rdfs:subClassOf ?r . ?r owl:hasValue ?v . ?r owl:onProperty ?p . ?x rdf:type ?c |
             ?c != ?r, dead(?r) => ?x ?p ?v
cls-hv2      ?r owl:hasValue ?v . ?r owl:onProperty ?p . ?x ?p ?v | alive(?r) => ?x rdf:type ?r
cls-maxc1    ?r owl:maxCardinality ?n . ?r owl:onProperty ?p . ?x rdf:type ?r . ?x ?p ?y |
             zero(?n) => false
cls-maxc2    ?r owl:maxCardinality ?n . ?r owl:onProperty ?p . ?x rdf:type ?r . ?x ?p ?y . ?x ?p ?z |
             one(?n), ?y != ?z, resource(?y), resource(?z) => ?y owl:sameAs ?z
cls-maxc2-lit ?r owl:maxCardinality ?n . ?r owl:onProperty ?p . ?x rdf:type ?r . ?x ?p ?y .
             ?x ?p ?z | one(?n), ?y < ?z, differ(?y, ?z) => false
cls-maxqc1   ?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass ?c .
             ?x rdf:type ?r . ?x ?p ?y . ?y rdf:type ?c | zero(?n) => false
cls-maxqc2   ?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass owl:Thing .
             ?x rdf:type ?r . ?x ?p ?y | zero(?n) => false
cls-maxqc3   ?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass ?c .
             ?x rdf:type ?r . ?x ?p ?y . ?y rdf:type ?c . ?x ?p ?z . ?z rdf:type ?c |
             one(?n), ?y != ?z, resource(?y), resource(?z) => ?y owl:sameAs ?z
cls-maxqc4   ?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass owl:Thing .
             ?x rdf:type ?r . ?x ?p ?y . ?x ?p ?z | one(?n), ?y != ?z, resource(?y), resource(?z) =>
             ?y owl:sameAs ?z
cls-oo       ?c owl:oneOf ?l . ?l kg:member ?x => ?x rdf:type ?c

cax-sco      ?c rdfs:subClassOf ?d . ?x rdf:type ?c | ?c != ?d, wanted(?d) => ?x rdf:type ?d
cax-eqc1     ?c owl:equivalentClass ?d . ?x rdf:type ?c | ?c != ?d, wanted(?d) => ?x rdf:type ?d
cax-eqc2     ?c owl:equivalentClass ?d . ?x rdf:type ?d | ?c != ?d, wanted(?c) => ?x rdf:type ?c
cax-dw       ?c owl:disjointWith ?d . ?x rdf:type ?c . ?x rdf:type ?d => false
cax-adc      ?a rdf:type owl:AllDisjointClasses . ?a owl:members ?l . ?l kg:member ?c . ?l kg:member ?d .
             ?x rdf:type ?c . ?x rdf:type ?d | ?c != ?d => false

scm-cls      ?c rdf:type owl:Class => ?c rdfs:subClassOf ?c . ?c owl:equivalentClass ?c .
             ?c rdfs:subClassOf owl:Thing . owl:Nothing rdfs:subClassOf ?c
scm-sco      ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c | ?a != ?b, ?b != ?c => ?a rdfs:subClassOf ?c
scm-eqc1     ?a owl:equivalentClass ?b | ?a != ?b => ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?a
scm-eqc2     ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?a | ?a != ?b => ?a owl:equivalentClass ?b
scm-op       ?p rdf:type owl:ObjectProperty => ?p rdfs:subPropertyOf ?p . ?p owl:equivalentProperty ?p
scm-dp       ?p rdf:type owl:DatatypeProperty => ?p rdfs:subPropertyOf ?p . ?p owl:equivalentProperty ?p
scm-spo      ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?c | ?a != ?b, ?b != ?c =>
             ?a rdfs:subPropertyOf ?c
scm-eqp1     ?a owl:equivalentProperty ?b | ?a != ?b => ?a rdfs:subPropertyOf ?b .
             ?b rdfs:subPropertyOf ?a
scm-eqp2     ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?a | ?a != ?b =>
             ?a owl:equivalentProperty ?b
scm-dom1     ?p rdfs:domain ?c . ?c rdfs:subClassOf ?d | ?c != ?d => ?p rdfs:domain ?d
scm-dom2     ?q rdfs:domain ?c . ?p rdfs:subPropertyOf ?q | ?p != ?q => ?p rdfs:domain ?c
scm-rng1     ?p rdfs:range ?c . ?c rdfs:subClassOf ?d | ?c != ?d => ?p rdfs:range ?d
scm-rng2     ?q rdfs:range ?c . ?p rdfs:subPropertyOf ?q | ?p != ?q => ?p rdfs:range ?c
scm-hv       ?c owl:hasValue ?i . ?c owl:onProperty ?p . ?d owl:hasValue ?i . ?d owl:onProperty ?q .
             ?p rdfs:subPropertyOf ?q | ?c != ?d => ?c rdfs:subClassOf ?d
scm-svf1     ?c owl:someValuesFrom ?x . ?c owl:onProperty ?p . ?d owl:someValuesFrom ?y .
             ?d owl:onProperty ?p . ?x rdfs:subClassOf ?y | ?c != ?d => ?c rdfs:subClassOf ?d
scm-svf2     ?c owl:someValuesFrom ?x . ?c owl:onProperty ?p . ?d owl:someValuesFrom ?x .
             ?d owl:onProperty ?q . ?p rdfs:subPropertyOf ?q | ?c != ?d => ?c rdfs:subClassOf ?d
scm-avf1     ?c owl:allValuesFrom ?x . ?c owl:onProperty ?p . ?d owl:allValuesFrom ?y .
             ?d owl:onProperty ?p . ?x rdfs:subClassOf ?y | ?c != ?d => ?c rdfs:subClassOf ?d
scm-avf2     ?c owl:allValuesFrom ?x . ?c owl:onProperty ?p . ?d owl:allValuesFrom ?x .
             ?d owl:onProperty ?q . ?p rdfs:subPropertyOf ?q | ?c != ?d => ?d rdfs:subClassOf ?c
scm-int      ?c owl:intersectionOf ?l . ?l kg:member ?d => ?c rdfs:subClassOf ?d
scm-uni      ?c owl:unionOf ?l . ?l kg:member ?d => ?d rdfs:subClassOf ?c
"""

#: The rules that only follow the class and property hierarchies: used to write out HermiT's answers.
_HIERARCHY_RULES = frozenset(
    {"eq-sym", "cax-sco", "cax-eqc1", "cax-eqc2", "scm-sco", "scm-eqc1", "scm-spo", "scm-eqp1",
     "prp-spo1", "prp-eqp1", "prp-eqp2", "prp-inv1", "prp-inv2", "prp-symp"}
)  # fmt: skip

#: What each rule that concludes ``false`` means, with the names of its variables; the most telling
#: first, as only the first clash found on an individual is reported.
_CLASH_MESSAGES = {
    "cls-nothing2": "{x} is a member of owl:Nothing",
    "cax-dw": "{x} is a member of both {c} and {d}, which are disjoint classes",
    "cax-adc": "{x} is a member of both {c} and {d}, which are disjoint classes",
    "cls-com": "{x} is a member of both {c} and its complement {d}",
    "prp-fp-lit": "{x} has two values for the functional property {p}: {y} and {z}",
    "cls-maxc1": "{x} has a value for {p} ({y}) but may have none",
    "cls-maxc2-lit": "{x} has two values for {p} ({y} and {z}) but may have at most one",
    "cls-maxqc1": "{x} has a value for {p} in {c} ({y}) but may have none",
    "cls-maxqc2": "{x} has a value for {p} ({y}) but may have none",
    "prp-irp": "{x} is related to itself by {p}, which is irreflexive",
    "prp-asyp": "{x} and {y} are related both ways by {p}, which is asymmetric",
    "prp-pdw": "{x} is related to {y} by both {p} and {q}, which are disjoint properties",
    "prp-adp": "{x} is related to {y} by both {p} and {q}, which are disjoint properties",
    "prp-npa1": "{i} {p} {j} is asserted and also denied by a negative property assertion",
    "prp-npa2": "{i} {p} {j} is asserted and also denied by a negative property assertion",
    "eq-diff1": "{x} and {y} are said to be the same and to be different",
    "eq-diff2": "{x} and {y} are the same individual but are listed in an owl:AllDifferent",
    "eq-diff3": "{x} and {y} are the same individual but are listed in an owl:AllDifferent",
    "eq-diff0": "{x} is said to be different from itself",
}
_CLASH_RANK = {rule: rank for rank, rule in enumerate(_CLASH_MESSAGES)}

#: A clash: the rule and the values of its variables.
Clash = tuple[str, tuple[tuple[str, str], ...]]


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
            [f"{short(s)} {short(p)} {short(o)}" for s, p, o in self.property_values],
        )
        return "\n".join(lines) + "\n"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


def _named(*terms: str) -> bool:
    return all(t.startswith("<") for t in terms)


def _is_vocabulary(term: str) -> bool:
    return term.startswith((f"<{_RDF}", f"<{_RDFS}", f"<{_OWL}", f"<{_XSD}"))


# ---------------------------------------------------------------------------------------------------
# entry point


def reason(graph: KnowledgeGraph, profile: str = "dl") -> ReasoningReport:
    """Reason over a graph and store what follows in its named graph of inferred triples.

    Args:
        graph: the graph; its asserted triples are read, its inferred ones replaced.
        profile: ``"dl"`` (OWL 2 DL with HermiT; needs Java 11+) or ``"rl"`` (OWL 2 RL rules; no Java).

    Returns:
        The :class:`ReasoningReport`. An inconsistent graph gets no inferred triples.

    Raises:
        UnknownNameError: for an unknown profile.
        ToolMissingError: for ``dl`` without Java 11 or newer.
        ReasonerError: when HermiT fails for another reason than the input.

    >>> import kg
    >>> graph = kg.load()
    >>> report = reason(graph, "rl")
    >>> gai = "https://w3id.org/genai-kg/ontology#"
    >>> report.consistent, (gai + "GPT3", gai + "GenerativeAI") in report.types
    (True, True)
    >>> graph.query(f"ASK {{ <{gai}GPT3> <{gai}generatesModality> <{gai}Text> }}").boolean
    True
    """
    if profile not in PROFILES:
        raise UnknownNameError("profile", profile, PROFILES)
    started = time.perf_counter()
    if profile == "dl":
        java_version()  # before any work: a missing Java is the most likely failure
    asserted = ntriples(graph)
    if profile == "rl":
        closure = _Closure(asserted)
        closure.run()
        report = ReasoningReport("rl", "kg OWL 2 RL rules", consistent=not closure.clashes)
        report.explanations = _explain(closure.clashes, graph.shorten)
        kept = [] if closure.clashes else _keep(closure.inferred, closure.all)
    else:
        report, kept = _hermit(graph, asserted)
    report.inferred = _store(graph, kept, profile)
    report._triples = kept
    report._shorten = graph.shorten
    report.seconds = time.perf_counter() - started
    return report


def requested_profile(query: str) -> str | None:
    """The reasoning a query asks for in its header (a ``# reasoning: dl`` or ``rl`` line), if any.

    >>> requested_profile("# title: GPT-3\\n# reasoning: dl\\nSELECT * {}")
    'dl'
    >>> requested_profile("SELECT * {}") is None
    True
    """
    for line in query.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*reasoning\s*:\s*(\w+)", line)
        if match and match.group(1).lower() in PROFILES:
            return match.group(1).lower()
    return None


def write_inferred(
    graph: KnowledgeGraph, destination: str | os.PathLike[str], format: str | None = None
) -> int:
    """Write the inferred triples of a reasoned graph to a file (atomically).

    Args:
        graph: a graph after :func:`reason`.
        destination: the file.
        format: an RDF format name; by default told from the file name, else Turtle.

    Returns:
        The number of triples written.

    >>> import kg, tempfile, pathlib
    >>> graph = kg.load()
    >>> _ = graph.reason("rl")
    >>> write_inferred(graph, pathlib.Path(tempfile.mkdtemp()) / "inferred.ttl") > 50
    True
    """
    import pyoxigraph as ox

    from kg.files import atomic_write
    from kg.formats import RDF_FORMATS, format_from_name, rdf_format
    from kg.graph import INFERRED

    name = rdf_format(format) if format else (format_from_name(Path(destination)) or "turtle")
    fmt = RDF_FORMATS[name]
    triples: list[Any] = sorted(graph.triples(inferred=True), key=str)  # the same file for the same graph
    if fmt.supports_datasets:  # N-Quads, TriG: in the named graph of inferred triples
        triples = [ox.Quad(t.subject, t.predicate, t.object, INFERRED) for t in triples]
    prefixes = graph.prefixes if name in ("turtle", "trig", "n3", "xml") else None
    with atomic_write(destination) as handle:
        ox.serialize(triples, handle, fmt, prefixes=prefixes)
    return len(triples)


def ntriples(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """The asserted triples of a graph (of every graph but the inferred one), as N-Triples terms.

    Terms are ``<iri>``, ``_:id`` or a literal as N-Triples writes it; equal terms are one string.

    >>> import kg
    >>> ntriples(kg.load("<urn:a> <urn:b> 'c' .", format="turtle", ontology=False))
    [('<urn:a>', '<urn:b>', '"c"')]
    """
    text = graph.serialize("nt") or ""
    triples = []
    intern: dict[str, str] = {}
    for line in text.split("\n"):
        if line:
            s, p, o = line[:-2].split(" ", 2)
            triples.append((intern.setdefault(s, s), intern.setdefault(p, p), intern.setdefault(o, o)))
    return triples


def _store(graph: KnowledgeGraph, triples: Sequence[tuple[str, str, str]], profile: str) -> int:
    # the closures keep only what they derived: nothing here is asserted already
    data = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode("utf-8")
    return graph.set_inferred(data, profile, assume_new=True)


def _keep(inferred: Iterable[tuple[str, str, str]], index: _Index) -> list[tuple[str, str, str]]:
    """Drop trivial consequences and triples about the blank nodes of class expressions and lists."""
    structural = _structural_nodes(index)
    kept = []
    for t in inferred:
        s, p, o = t
        if s == o and p in (SUBCLASS, EQUIVALENT_CLASS, SUBPROPERTY, EQUIVALENT_PROPERTY, SAME_AS):
            continue
        if (p == SUBCLASS and (o == THING or s == NOTHING)) or (p == TYPE and o == THING) or p == MEMBER:
            continue
        if o == THING and p in (_DOMAIN, _RANGE):
            continue
        if s in structural or o in structural:
            continue
        kept.append(t)
    return kept


_STRUCTURE = {f"<{_OWL}{name}>" for name in (
    "onProperty", "intersectionOf", "unionOf", "complementOf", "oneOf", "members", "distinctMembers",
    "propertyChainAxiom", "hasKey", "sourceIndividual", "annotatedSource", "onProperties", "withRestrictions",
    "datatypeComplementOf", "inverseOf")} | {_FIRST, _REST}  # fmt: skip
_STRUCTURE_TYPES = {f"<{_OWL}{name}>" for name in (
    "Restriction", "Class", "AllDifferent", "AllDisjointClasses", "AllDisjointProperties",
    "NegativePropertyAssertion", "Axiom", "Annotation")}  # fmt: skip
_STRUCTURE_TYPES |= {f"<{_RDFS}Datatype>", f"<{_RDF}List>"}
_LIST_VALUED = (_REST, f"<{_OWL}intersectionOf>", f"<{_OWL}unionOf>", f"<{_OWL}oneOf>")


def _structural_nodes(index: _Index) -> set[str]:
    """Blank nodes that stand for class expressions, lists and axioms, not for individuals."""
    found: set[str] = set()
    for p in _STRUCTURE:
        found.update(s for s in index.fwd.get(p, _EMPTY_INDEX) if s.startswith("_:"))
    members = index.back(TYPE)
    for o in _STRUCTURE_TYPES:
        found.update(s for s in members.get(o, _EMPTY) if s.startswith("_:"))
    for p in _LIST_VALUED:
        found.update(
            o for objects in index.fwd.get(p, _EMPTY_INDEX).values() for o in objects if o.startswith("_:")
        )
    return found


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


# ---------------------------------------------------------------------------------------------------
# the OWL 2 RL engine


@dataclass(frozen=True)
class _Rule:
    name: str
    premises: tuple[tuple[str, str, str], ...]
    filters: tuple[tuple[str, ...], ...]
    conclusions: tuple[tuple[str, str, str], ...] | None  # None: the rule concludes false
    variables: tuple[str, ...]


_FILTER = re.compile(r"^\?(\w+) (!=|<) \?(\w+)$|^(\w+)\(\?(\w+)(?:, \?(\w+))?\)$")


def _term(text: str) -> str:
    if text.startswith("?"):
        return text
    prefix, _, local = text.partition(":")
    return f"<{_NS[prefix]}{local}>"


def _parse_rules(text: str) -> list[_Rule]:
    rules = []
    # a rule goes on over the indented lines below its name
    for line in re.split(r"\n(?! )", text.strip()):
        if not line.strip():
            continue
        name, body = " ".join(line.split()).split(None, 1)
        lhs, _, rhs = body.partition("=>")
        patterns, _, filters = lhs.partition("|")

        def triples(part: str) -> tuple[tuple[str, str, str], ...]:
            out = []
            for pattern in part.split(" . "):
                s, p, o = (_term(t) for t in pattern.split())
                out.append((s, p, o))
            return tuple(out)

        parsed_filters = []
        for f in filter(None, (x.strip() for x in re.split(r",(?![^()]*\))", filters))):
            match = _FILTER.match(f)
            if match is None:
                raise ValueError(f"bad filter {f!r} in rule {name}")
            a, op, b, fn, x, y = match.groups()
            parsed_filters.append((op, a, b) if op else (fn, x) if y is None else (fn, x, y))
        premises = triples(patterns.strip())
        variables = tuple(dict.fromkeys(t[1:] for pattern in premises for t in pattern if t.startswith("?")))
        conclusions = None if rhs.strip() == "false" else triples(rhs.strip())
        rules.append(_Rule(name, premises, tuple(parsed_filters), conclusions, variables))
    return rules


class _Index:
    """Triples by predicate: ``fwd[p][s]`` is the set of objects, ``back(p)[o]`` the set of subjects."""

    __slots__ = ("bwd", "count", "fwd")

    def __init__(self, triples: Iterable[tuple[str, str, str]] = ()) -> None:
        self.fwd: dict[str, dict[str, set[str]]] = {}
        self.bwd: dict[str, dict[str, set[str]]] = {}
        self.count: dict[str, int] = {}
        self.add(triples)

    def add(self, triples: Iterable[tuple[str, str, str]]) -> None:
        fwd, bwd, count = self.fwd, self.bwd, self.count
        for s, p, o in triples:
            by_subject = fwd.get(p)
            if by_subject is None:
                by_subject = fwd[p] = {}
            objects = by_subject.get(s)
            if objects is None:
                by_subject[s] = {o}
            elif o in objects:
                continue
            else:
                objects.add(o)
            count[p] = count.get(p, 0) + 1
            by_object = bwd.get(p)
            if by_object is not None:
                subjects = by_object.get(o)
                if subjects is None:
                    by_object[o] = {s}
                else:
                    subjects.add(s)

    def back(self, p: str) -> dict[str, set[str]]:
        """The subjects by object for one predicate, built on first use and kept up to date."""
        by_object = self.bwd.get(p)
        if by_object is None:
            by_object = self.bwd[p] = {}
            for s, objects in self.fwd.get(p, {}).items():
                for o in objects:
                    subjects = by_object.get(o)
                    if subjects is None:
                        by_object[o] = {s}
                    else:
                        subjects.add(s)
        return by_object

    def total(self) -> int:
        return sum(self.count.values())


_EMPTY: frozenset[str] = frozenset()
_EMPTY_INDEX: dict[str, set[str]] = {}


def _card(term: str) -> int | None:
    if not term.startswith('"'):
        return None
    lexical = term[1 : term.rfind('"')]
    try:
        return int(lexical.strip())
    except ValueError:
        return None


_NUMERIC = {f"<{_XSD}{name}>" for name in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")} | {
    f"<{_OWL}real>", f"<{_OWL}rational>"}  # fmt: skip
_XSD_STRING = f"<{_XSD}string>"
_LANG_STRING = f"<{_RDF}langString>"
_LITERAL = re.compile(r'^"(.*)"(?:@([^ ]+)|\^\^(<[^>]*>))?$', re.S)


def _split_literal(term: str) -> tuple[str, str, str | None]:
    """``(lexical form, datatype, language)`` of an N-Triples literal."""
    match = _LITERAL.match(term)
    if match is None:
        return term, _XSD_STRING, None
    lexical, language, datatype = match.groups()
    return lexical, datatype or (_LANG_STRING if language else _XSD_STRING), language


def _differ(a: str, b: str) -> bool:
    """Whether two terms are certainly different values (two literals with different values)."""
    if not (a.startswith('"') and b.startswith('"')):
        return False
    la, da, ga = _split_literal(a)
    lb, db, gb = _split_literal(b)
    if da in _NUMERIC and db in _NUMERIC:
        try:
            return Decimal(la.strip()) != Decimal(lb.strip())
        except InvalidOperation:
            return a != b
    return (la, da, (ga or "").lower()) != (lb, db, (gb or "").lower())


def _typed(term: str, datatype: str) -> bool:
    """Whether a literal belongs to a datatype (for data someValuesFrom restrictions)."""
    if not term.startswith('"'):
        return False
    if datatype == f"<{_RDFS}Literal>":
        return True
    _, dt, _ = _split_literal(term)
    if dt == datatype:
        return True
    if datatype in (f"<{_XSD}decimal>", f"<{_OWL}real>", f"<{_OWL}rational>"):
        return dt in _NUMERIC and dt not in (f"<{_OWL}real>", f"<{_OWL}rational>")
    if datatype == f"<{_XSD}integer>":
        return dt in _NUMERIC and dt not in (f"<{_XSD}decimal>", f"<{_OWL}real>", f"<{_OWL}rational>")
    if datatype == f"<{_RDF}PlainLiteral>":
        return dt in (_XSD_STRING, _LANG_STRING)
    return False


def _var(name: str) -> str:
    return f"v_{name.lstrip('?')}"


def _is_var(term: str) -> bool:
    return term.startswith("?")


def _compile(rule: _Rule, order: tuple[int, ...], delta: int | None) -> Callable[..., None]:
    """Generate the nested loops of one rule for one join order.

    Premise number ``delta`` is read from the last round's new triples (``D``), the others from all
    triples (``A``); with ``delta=None`` every premise is read from ``A`` (the first round). Variables
    that nothing later uses are not enumerated, a lookup followed by a membership test on the same
    subject becomes a set intersection, and an innermost loop that makes one conclusion subtracts what
    is known already instead of testing each triple.
    """
    constants: dict[str, str] = {}

    def const(term: str) -> str:
        if term not in constants:
            constants[term] = f"K{len(constants)}"
        return constants[term]

    def expr(term: str) -> str:
        return _var(term) if _is_var(term) else const(term)

    def source(i: int) -> str:
        return "D" if i == delta else "A"

    head = ["def run(A, D, new, clashes, dead, unwanted):", "    Af = A.fwd"]
    body: list[str] = []
    bound: set[str] = set()
    placed: set[int] = set()
    depth = 1
    loop: tuple[int, str, str] | None = None  # (body line, variable, set expression) of the last loop

    def line(text: str) -> None:
        body.append("    " * depth + text)

    # give up at once when a premise with a fixed predicate has nothing to match
    for i, (_, p, _) in enumerate(rule.premises):
        if not _is_var(p):
            head.append(f"    if {const(p)} not in {source(i)}.fwd: return")

    # which variables each step must bind for what comes after it
    later: list[set[str]] = []
    for k in range(len(order)):
        used = {t for i in order[k + 1 :] for t in rule.premises[i] if _is_var(t)}
        used |= {f"?{name}" for f in rule.filters for name in f[1:]}
        if rule.conclusions is None:
            used |= {f"?{v}" for v in rule.variables}
        else:
            used |= {t for c in rule.conclusions for t in c if _is_var(t)}
        later.append(used)

    def filters() -> None:
        nonlocal depth
        for k, f in enumerate(rule.filters):
            if k in placed or not all(f"?{n}" in bound for n in f[1:]):
                continue
            placed.add(k)
            a = _var(f[1])
            b = _var(f[2]) if len(f) > 2 else ""
            test = {
                "!=": f"{a} != {b}",
                "<": f"{a} < {b}",
                "resource": f"{a}[0] != '\"'",
                "zero": f"_card({a}) == 0",
                "one": f"_card({a}) == 1",
                "differ": f"_differ({a}, {b})",
                "typed": f"_typed({a}, {b})",
                "alive": f"{a} not in dead",
                "dead": f"{a} in dead",
                "wanted": f"{a} not in unwanted",
            }[f[0]]
            line(f"if {test}:")
            depth += 1

    def known(term: str) -> bool:
        return not _is_var(term) or term in bound

    def iterate(var: str, collection: str) -> None:
        nonlocal depth, loop
        line(f"for {_var(var)} in {collection}:")
        loop = (len(body) - 1, var, collection)
        depth += 1

    steps = list(order)
    k = 0
    while k < len(steps):
        i = steps[k]
        s, p, o = rule.premises[i]
        src = source(i)
        ix = f"_i{k}"
        need = later[k]
        if _is_var(p) and p not in bound:
            if known(s) or not known(o):
                line(f"for {_var(p)}, {ix} in {src}.fwd.items():")
                depth += 1
                bound.add(p)
            else:
                line(f"for {_var(p)} in list({src}.fwd):")
                depth += 1
                bound.add(p)
                iterate(s, f"{src}.back({_var(p)}).get({expr(o)}, _E)")
                bound.add(s)
                filters()
                k += 1
                continue
        else:
            line(f"{ix} = {src}.fwd.get({expr(p)}, _EI)")
        if known(s) and known(o):
            line(f"if {expr(o)} in {ix}.get({expr(s)}, _E):")
            depth += 1
        elif known(s):
            if o in need:
                iterate(o, f"{ix}.get({expr(s)}, _E)")
            else:
                line(f"if {ix}.get({expr(s)}):")
                depth += 1
        elif known(o):
            collection = f"{src}.back({expr(p)}).get({expr(o)}, _E)"
            # a membership test on the same subject next: intersect the two sets instead
            if k + 1 < len(steps):
                s2, p2, o2 = rule.premises[steps[k + 1]]
                if s2 == s and not _is_var(p2) and known(o2):
                    collection += f" & {source(steps[k + 1])}.back({expr(p2)}).get({expr(o2)}, _E)"
                    k += 1
                    need = later[k]
            if s in need:
                iterate(s, collection)
            else:
                line(f"if {collection}:")
                depth += 1
        elif s == o:
            line(f"for {_var(s)}, _o{k} in {ix}.items():")
            depth += 1
            line(f"if {_var(s)} in _o{k}:")
            depth += 1
        elif s in need and o in need:
            line(f"for {_var(s)}, _o{k} in {ix}.items():")
            depth += 1
            iterate(o, f"_o{k}")
        elif s in need:
            iterate(s, f"{ix}.keys()")
        elif o in need:
            iterate(o, f"{src}.back({expr(p)}).keys()")
        else:
            line(f"if {ix}:")
            depth += 1
        bound.update(t for t in (s, o) if _is_var(t))
        filters()
        k += 1

    if rule.conclusions is None:
        values = ", ".join(f"({v!r}, {_var(v)})" for v in rule.variables)
        line(f"clashes.add(({rule.name!r}, ({values},)))")
    else:
        single = len(rule.conclusions) == 1 and loop is not None and loop[0] == len(body) - 1
        for cs, cp, co in rule.conclusions:
            tests = [f"{expr(cs)}[0] != '\"'"] if _is_var(cs) else []  # no literal as a subject
            if single and loop is not None and (cs == loop[1]) != (co == loop[1]) and cp != loop[1]:
                # the innermost loop makes this conclusion alone: subtract what is known in one go
                index, var, collection = loop
                have = (f"A.back({expr(cp)}).get({expr(co)}, _E)" if cs == var
                        else f"Af.get({expr(cp)}, _EI).get({expr(cs)}, _E)")  # fmt: skip
                body[index] = body[index].replace(f" in {collection}:", f" in ({collection}) - {have}:")
            else:
                tests.append(f"{expr(co)} not in Af.get({expr(cp)}, _EI).get({expr(cs)}, _E)")
            line(f"if {' and '.join(tests) or 'True'}:")
            line(f"    new.add(({expr(cs)}, {expr(cp)}, {expr(co)}))")
    source_text = "\n".join(head + body) + "\n"
    namespace: dict[str, Any] = {
        "_E": _EMPTY,
        "_EI": _EMPTY_INDEX,
        "_card": _card,
        "_differ": _differ,
        "_typed": _typed,
    }
    namespace.update({name: term for term, name in constants.items()})
    exec(compile(source_text, f"<rule {rule.name}>", "exec"), namespace)  # our own rule text, not input
    function: Callable[..., None] = namespace["run"]
    return function


#: Where a class must occur for its members to matter to some rule (besides the rules of restrictions
#: of their own). A hasValue or someValuesFrom restriction that occurs nowhere of these is "dead": types
#: to it are not made (by cls-hv2, cls-svf1, cax-sco), as nothing would use them but cls-hv1, which
#: cls-hv1-sco does without them. This spares a type per model and restriction on large data graphs
#: (the restrictions of an ontology are mostly superclasses and nothing else). owl:Thing likewise.
_CLASS_USES = (
    (SUBCLASS, "s"), (EQUIVALENT_CLASS, "s"), (EQUIVALENT_CLASS, "o"), (f"<{_OWL}disjointWith>", "s"),
    (f"<{_OWL}disjointWith>", "o"), (f"<{_OWL}complementOf>", "s"), (f"<{_OWL}complementOf>", "o"),
    (MEMBER, "o"), (f"<{_OWL}hasKey>", "s"), (SAME_AS, "s"), (SAME_AS, "o"),
    (f"<{_OWL}someValuesFrom>", "o"), (f"<{_OWL}allValuesFrom>", "o"), (f"<{_OWL}onClass>", "o"),
    (f"<{_RDFS}domain>", "o"), (f"<{_RDFS}range>", "o"),
)  # fmt: skip
#: What makes a restriction matter by itself: the rules that start from its members.
_FORWARD = {f"<{_OWL}{name}>" for name in (
    "allValuesFrom", "maxCardinality", "maxQualifiedCardinality", "cardinality", "qualifiedCardinality",
)}  # fmt: skip
_SCHEMA_CHANGES = {p for p, _ in _CLASS_USES} | _FORWARD | {TYPE}


class _Closure:
    """The OWL 2 RL closure of a set of triples, computed semi-naively."""

    _rules: ClassVar[list[_Rule]] = _parse_rules(_RULES)
    #: compiled rules by name, join order and delta premise, shared by all closures
    _compiled: ClassVar[dict[tuple[str, tuple[int, ...], int | None], Callable[..., None]]] = {}

    def __init__(self, triples: Iterable[tuple[str, str, str]], rules: frozenset[str] | None = None) -> None:
        self.all = _Index(triples)
        self.all.add(_list_members(self.all))
        self.rules = [r for r in self._rules if rules is None or r.name in rules]
        self.special = rules is None
        self.inferred: list[tuple[str, str, str]] = []
        self.clashes: set[Clash] = set()
        self.rounds = 0

    def run(self) -> None:
        delta: _Index | None = None  # None: the first round, over everything
        dead, unwanted = self._useless()
        while True:
            self.rounds += 1
            new: set[tuple[str, str, str]] = set()
            for rule in self.rules:
                for i in range(len(rule.premises)) if delta is not None else (None,):
                    order = self._plan(rule, i, delta or self.all)
                    if order is None:
                        continue
                    key = (rule.name, order, i)
                    function = self._compiled.get(key)
                    if function is None:
                        function = self._compiled[key] = _compile(rule, order, i)
                    function(self.all, delta or self.all, new, self.clashes, dead, unwanted)
            if self.special:
                _special_rules(self.all, new)
            if not new:
                return
            self.inferred.extend(new)
            self.all.add(new)
            delta = _Index(new)
            if not _SCHEMA_CHANGES.isdisjoint(delta.fwd):
                still_dead, still_unwanted = self._useless()
                if still_dead < dead or still_unwanted < unwanted:
                    delta = None  # a class came into use: run the next round over everything again
                dead, unwanted = still_dead, still_unwanted

    def _useless(self) -> tuple[set[str], set[str]]:
        """Restrictions whose members matter to no rule, and {owl:Thing} when its members matter to none."""
        fwd = self.all.fwd
        used: set[str] = set()
        for p, end in _CLASS_USES:
            index = fwd.get(p)
            if index:
                used.update(index if end == "s" else self.all.back(p))
        restrictions = set(fwd.get(f"<{_OWL}hasValue>", {})) | set(fwd.get(f"<{_OWL}someValuesFrom>", {}))
        forward = {r for p in _FORWARD for r in fwd.get(p, {})}
        dead = {r for r in restrictions if r.startswith("_:") and r not in used and r not in forward}
        return dead, dead | (set() if THING in used else {THING})

    def _plan(self, rule: _Rule, delta_at: int | None, delta: _Index) -> tuple[int, ...] | None:
        """A join order: greedily the premise with the fewest expected matches given what is bound."""
        sizes = []
        for i, (_, p, _) in enumerate(rule.premises):
            source = delta if i == delta_at else self.all
            if not _is_var(p):
                n = source.count.get(p, 0)
                if n == 0:
                    return None  # nothing can match
                sizes.append(n)
            else:
                sizes.append(source.total() or 1)
        left = list(range(len(rule.premises)))
        bound: set[str] = set()
        order = []
        while left:
            best, best_cost = left[0], float("inf")
            for i in left:
                s, p, o = rule.premises[i]
                p_known = not _is_var(p) or p in bound
                ends = sum(1 for t in (s, o) if not _is_var(t) or t in bound)
                size = sizes[i] if not _is_var(p) else (sizes[i] if not p_known else max(1, sizes[i] // 50))
                cost = 1.0 if ends == 2 else size**0.5 if ends == 1 else float(size)
                if not p_known:
                    cost *= 10 if ends else 1000
                if cost < best_cost:
                    best, best_cost = i, cost
            order.append(best)
            left.remove(best)
            bound.update(t for t in rule.premises[best] if _is_var(t))
        return tuple(order)


def _list_members(index: _Index) -> list[tuple[str, str, str]]:
    """``(list node, kg:member, item)`` for every node of every RDF list, for the rules over lists."""
    firsts = index.fwd.get(_FIRST, {})
    rests = index.fwd.get(_REST, {})
    out = []
    for node in firsts:
        seen = set()
        current: str | None = node
        while current is not None and current != _NIL and current not in seen:
            seen.add(current)
            for item in firsts.get(current, ()):
                out.append((node, MEMBER, item))
            nxt = rests.get(current)
            current = next(iter(nxt)) if nxt else None
    return out


def _items(index: _Index, head: str) -> list[str]:
    """The items of an RDF list, in order."""
    firsts = index.fwd.get(_FIRST, {})
    rests = index.fwd.get(_REST, {})
    items, seen = [], set()
    current: str | None = head
    while current is not None and current != _NIL and current not in seen:
        seen.add(current)
        first = firsts.get(current)
        if not first:
            break
        items.append(next(iter(first)))
        nxt = rests.get(current)
        current = next(iter(nxt)) if nxt else None
    return items


def _special_rules(index: _Index, new: set[tuple[str, str, str]]) -> None:
    """The rules that quantify over every item of a list: cls-int1, prp-spo2 and prp-key."""
    fwd = index.fwd

    def emit(s: str, p: str, o: str) -> None:
        if not s.startswith('"') and o not in fwd.get(p, _EMPTY_INDEX).get(s, _EMPTY):
            new.add((s, p, o))

    # cls-int1: a member of every class of an intersection is a member of the intersection
    for c, lists in fwd.get(f"<{_OWL}intersectionOf>", {}).items():
        for head in lists:
            classes = _items(index, head)
            if not classes:
                continue
            members = index.back(TYPE)
            candidates = set(members.get(classes[0], _EMPTY))
            for other in classes[1:]:
                candidates &= members.get(other, _EMPTY)
            for x in candidates:
                emit(x, TYPE, c)
    # prp-spo2: property chains
    for p, lists in fwd.get(f"<{_OWL}propertyChainAxiom>", {}).items():
        for head in lists:
            chain = _items(index, head)
            if not chain:
                continue
            pairs = {(x, y) for x, ys in fwd.get(chain[0], {}).items() for y in ys}
            for link in chain[1:]:
                step = fwd.get(link, {})
                pairs = {(x, z) for x, y in pairs for z in step.get(y, _EMPTY)}
                if not pairs:
                    break
            for x, z in pairs:
                emit(x, p, z)
    # prp-key: members of a class with the same values for all its key properties are the same
    for c, lists in fwd.get(f"<{_OWL}hasKey>", {}).items():
        for head in lists:
            keys = _items(index, head)
            if not keys:
                continue
            by_key: dict[tuple[str, ...], list[str]] = {}
            for x in index.back(TYPE).get(c, _EMPTY):
                combos: list[tuple[str, ...]] = [()]
                for key in keys:
                    values = fwd.get(key, {}).get(x, _EMPTY)
                    combos = [(*combo, v) for combo in combos for v in values]
                for combo in combos:
                    by_key.setdefault(combo, []).append(x)
            for xs in by_key.values():
                for a in xs:
                    for b in xs:
                        if a != b:
                            emit(a, SAME_AS, b)


def rl_closure(
    triples: Iterable[tuple[str, str, str]],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, dict[str, str]]]]:
    """The OWL 2 RL closure of triples given in N-Triples syntax, trivial consequences included.

    Args:
        triples: ``(subject, predicate, object)`` in N-Triples syntax (``<iri>``, ``_:b``, ``"lit"^^<dt>``).

    Returns:
        The inferred triples (not those given), and the clashes (inconsistencies) as the name of the
        rule and the values of its variables, sorted.

    >>> A, B, x = "<urn:A>", "<urn:B>", "<urn:x>"
    >>> inferred, clashes = rl_closure([(A, SUBCLASS, B), (x, TYPE, A)])
    >>> (x, TYPE, B) in inferred, clashes
    (True, [])
    >>> rl_closure([(x, "<http://www.w3.org/2002/07/owl#differentFrom>", x)])[1]
    [('eq-diff0', {'x': '<urn:x>'})]
    """
    closure = _Closure(triples)
    closure.run()
    inferred = [t for t in closure.inferred if t[1] != MEMBER]
    return inferred, [(rule, dict(bindings)) for rule, bindings in sorted(closure.clashes)]


# ---------------------------------------------------------------------------------------------------
# OWL 2 DL with HermiT


def java_version() -> int:
    """The major version of the ``java`` that owlready2 runs, checked to be recent enough for HermiT.

    Returns:
        The major version, e.g. ``17``.

    Raises:
        ToolMissingError: when there is no Java, or it is older than Java 11; the message says what to
            install (or to use the ``rl`` profile, which needs no Java).

    >>> try:
    ...     recent = java_version() >= 11
    ... except ToolMissingError as missing:  # no Java here: the message says what to install
    ...     recent = "install a Java runtime" in str(missing)
    >>> recent
    True
    """
    import owlready2

    install = ("install a Java runtime 11 or newer (e.g. `apt-get install default-jre-headless`), "
               "or reason with the OWL 2 RL profile `rl`, which needs no Java")  # fmt: skip
    java = shutil.which(owlready2.JAVA_EXE)
    if java is None:
        raise ToolMissingError(
            f"OWL 2 DL reasoning runs HermiT, which needs Java, and no `{owlready2.JAVA_EXE}` was found; "
            + install
        )
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise ToolMissingError(f"cannot run {java} ({e}); {install}") from e
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if match is None:
        raise ToolMissingError(f"cannot tell the version of {java}; {install}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" is Java 8
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise ToolMissingError(
            f"HermiT needs Java {MIN_JAVA} or newer, and {java} is Java {major}; {install}"
        )
    return major


_IMPORTS = f"<{_OWL}imports>"


def _hermit(
    graph: KnowledgeGraph, asserted: list[tuple[str, str, str]]
) -> tuple[ReasoningReport, list[tuple[str, str, str]]]:
    """Run HermiT through owlready2; write its answers out along the hierarchies."""
    import owlready2

    reasoner = f"HermiT (owlready2 {owlready2.VERSION})"
    report = ReasoningReport("dl", reasoner, consistent=True)
    if any(p == _IMPORTS for _, p, _ in asserted):
        report.warnings.append("owl:imports are not followed: only the loaded sources are reasoned over")
    outcome = _run_hermit([t for t in asserted if t[1] != _IMPORTS], report)
    if outcome is None:
        report.consistent = False
        report.explanations = _explain_inconsistency(graph, asserted)
        return report, []
    new, unsatisfiable = outcome
    report.unsatisfiable = unsatisfiable
    # HermiT answers with the most specific types and the nearest superclasses; write them out.
    closure = _Closure([*asserted, *new], rules=_HIERARCHY_RULES)
    closure.run()
    kept = _keep([*new, *closure.inferred], closure.all)
    report.explanations = _explain_unsatisfiable(asserted, unsatisfiable, graph.shorten)
    return report, kept


def _run_hermit(
    triples: Sequence[tuple[str, str, str]], report: ReasoningReport | None = None
) -> tuple[list[tuple[str, str, str]], list[str]] | None:
    """HermiT's new triples and unsatisfiable classes, or ``None`` when the triples are inconsistent."""
    import owlready2

    handle, path = tempfile.mkstemp(prefix="kg-hermit-", suffix=".nt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(f"{s} {p} {o} .\n" for s, p, o in triples)
        world = owlready2.World()
        noise = io.StringIO()
        with contextlib.redirect_stderr(noise), contextlib.redirect_stdout(noise):
            try:
                world.get_ontology("file://" + path).load(format="ntriples")
            except Exception as e:  # owlready2's parser raises bare exceptions
                raise ReasonerError(f"owlready2 cannot read the graph for HermiT: {e}") from e
            ignore = False
            for _attempt in range(2):
                try:
                    owlready2.sync_reasoner_hermit(
                        world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=ignore
                    )
                    break
                except owlready2.OwlReadyInconsistentOntologyError:
                    return None
                except owlready2.OwlReadyJavaError as e:
                    message = str(e)
                    datatype = re.search(
                        r"The datatype '([^']+)' is not part of the OWL 2 datatype map", message
                    )
                    if datatype and not ignore:
                        if report is not None:
                            report.warnings.append(
                                f"HermiT does not support the datatype <{datatype.group(1)}>: literals "
                                "outside the OWL 2 datatype map were ignored (see `kg validate`)"
                            )
                        ignore = True
                        continue
                    detail = next(
                        (x.strip() for x in message.splitlines() if "Exception" in x), message.strip()
                    )
                    raise ReasonerError(f"HermiT failed: {detail[:500]}") from e
        inferred = world.get_ontology("http://inferrences/")
        buffer = io.BytesIO()
        inferred.save(buffer, format="ntriples")
        new = []
        for text in buffer.getvalue().decode("utf-8").split("\n"):
            if text and not text.startswith("<http://inferrences"):
                s, p, o = text[:-2].split(" ", 2)
                new.append((s, p, o))
        unsatisfiable = sorted(
            c.iri
            for c in world.inconsistent_classes()
            if getattr(c, "iri", None) and c.iri != f"{_OWL}Nothing"
        )
        return new, unsatisfiable
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _abox(triples: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The assertions about individuals: their types and property values, sameAs and differentFrom."""
    triples = list(triples)
    properties = {
        s
        for s, p, o in triples
        if p == TYPE and o in (f"<{_OWL}ObjectProperty>", f"<{_OWL}DatatypeProperty>")
    }
    out = set()
    for t in triples:
        s, p, o = t
        individual_type = p == TYPE and not _is_vocabulary(o) and not s.startswith("_:")
        if individual_type or p in properties or p in (SAME_AS, f"<{_OWL}differentFrom>"):
            out.add(t)
    return out


def _explain_inconsistency(graph: KnowledgeGraph, asserted: list[tuple[str, str, str]]) -> list[str]:
    """Why HermiT found the graph inconsistent, as far as simple means can tell.

    First the OWL 2 RL rules, which name the individual and the classes of a clash; then HermiT on
    the classes alone (without the assertions about individuals): an individual asserted to be in
    an unsatisfiable class is named with that class.
    """
    closure = _Closure(asserted)
    closure.run()
    sentences = _explain(closure.clashes, graph.shorten)
    abox = _abox(asserted)
    tbox = [t for t in asserted if t not in abox and t[1] != _IMPORTS]
    outcome = _run_hermit(tbox)
    if outcome is not None:
        _, unsatisfiable = outcome
        bad = {f"<{c}>" for c in unsatisfiable}
        for s, p, o in sorted(abox):
            if p == TYPE and o in bad:
                individual, cls = _show(s, graph.shorten), _show(o, graph.shorten)
                sentences.insert(
                    0,
                    f"{individual} is asserted to be a {cls}, a class that can have no member "
                    "(unsatisfiable)",
                )
    return sentences


def _explain_unsatisfiable(
    asserted: list[tuple[str, str, str]], classes: list[str], shorten: Callable[[str], str]
) -> list[str]:
    """For each unsatisfiable class (up to 20), the clash the OWL 2 RL rules find on a made-up member."""
    if not classes:
        return []
    abox = _abox(asserted)
    tbox = [t for t in asserted if t not in abox]
    sentences = []
    for iri in classes[:20]:
        probe = "<urn:x-kg:probe>"
        closure = _Closure([*tbox, (probe, TYPE, f"<{iri}>")])
        closure.run()
        found = sorted(
            (c for c in closure.clashes if probe in dict(c[1]).values()), key=lambda c: _CLASH_RANK[c[0]]
        )
        if found:
            rule, bindings = found[0]
            names = {var: ("\0" if term == probe else _show(term, shorten)) for var, term in bindings}
            sentence = _CLASH_MESSAGES[rule].format(**names)
            for mine, ours in (
                ("\0 is", "any member would be"),
                ("\0 has", "any member would have"),
                ("\0", "any member"),
            ):
                sentence = sentence.replace(mine, ours)
            sentences.append(f"{shorten(iri)}: {sentence} [{rule}]")
    return sentences
