"""What HermiT is given: the graph, plus what certainly holds, minus what cannot matter.

HermiT decides the types of individuals by testing them one by one against the whole graph, so its
time grows with the graph times the number of tests. Two preparations, each exact (HermiT's answers
are the same as on the plain graph; tests/test_hermit_input.py compares them):

- **Hints.** A definition with a numeric datatype restriction on its left-hand side (a model that
  generates text *and* has at least 1e9 parameters is an LLM) is a disjunction for HermiT, and every
  individual it touched becomes a test. The OWL 2 RL rules, run over the graph plus the memberships
  of the datatype restrictions its literals satisfy (``x p 5e9`` puts ``x`` in ``p some
  integer[>= 1e9]``), give the class memberships that certainly hold; HermiT starts from them.
- **Inert assertions.** An object property whose only axioms are a named domain, a named range and
  super-properties of the same kind says nothing about an individual beyond those classes. Its
  assertions are left out of HermiT's graph, their domain and range memberships (from the same
  rules) are given instead, and the values of its super-properties are answered by the rules. Only
  done when nothing in the graph can make two individuals the same (sameAs, functional or
  inverse-functional object properties, maximum cardinalities, keys, enumerations), since a merge
  would carry property values HermiT is then not shown.

And one that is not exact, said in the README ("Reasoning and validation"): the data property
hierarchy is classified over the graph without the values of its data properties. HermiT tests each
pair of data properties against the whole graph, and every literal is a node of its datatype checks:
over the catalogue's 1,200 figures that took 15 s, against 1 s without them. A subsumption between
data properties that follows only from the values of individuals (possible only through nominals) is
therefore not reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.reasoning.rl import _Closure, _Index, _items
from kg.reasoning.rules import SAME_AS, SUBPROPERTY, TYPE, _is_vocabulary
from kg.vocab import OWL as _OWL
from kg.vocab import RDFS as _RDFS
from kg.vocab import XSD

__all__ = ["HermitInput", "hermit_input"]

Triple = tuple[str, str, str]


@dataclass
class HermitInput:
    """The two graphs HermiT reads, and answers the rules give in its place."""

    #: for the classes, object properties, types and property values (``-c -O -I -Y``)
    graph: list[Triple]
    #: for the data property hierarchy (``-D``): the graph without data property values
    without_values: list[Triple]
    #: property values of inert properties that the rules derived (HermiT did not see them)
    answers: list[Triple]
    #: how many values of declared data properties the graph has (none: one HermiT run does all)
    data_values: int = 0


def hermit_input(triples: Sequence[Triple]) -> HermitInput:
    """Prepare a graph for HermiT (see the module's description).

    >>> plain = [("<urn:a>", "<urn:knows>", "<urn:b>")]
    >>> given = hermit_input(plain)
    >>> given.graph == plain and given.answers == []
    True
    """
    without_values = [t for t in triples if not _is_data_value(t)]
    data_properties = {s for s, p, o in triples if p == TYPE and o == _DATATYPE_PROPERTY}
    data_values = sum(1 for t in triples if t[1] in data_properties and _is_data_value(t))
    satisfied = _datatype_restriction_members(triples)
    inert = set() if _merges_individuals(triples) else _inert_properties(triples)
    dropped = {t for t in triples if t[1] in inert and t[0].startswith("<") and t[2].startswith("<")}
    if not satisfied and not dropped:
        return HermitInput(list(triples), without_values, [], data_values)
    closure = _Closure([*triples, *satisfied])
    closure.run()
    if closure.clashes:  # HermiT will say why; nothing is prepared
        return HermitInput(list(triples), without_values, [], data_values)
    hints = [
        (s, p, o)
        for s, p, o in closure.inferred
        if p == TYPE and s.startswith("<") and o.startswith("<") and not _is_vocabulary(o)
    ]
    answers = [t for t in closure.inferred if t[1] in inert and t[0].startswith("<") and t[2].startswith("<")]
    # an individual named only in the assertions left out stays an individual of the graph
    named = {(x, TYPE, _NAMED_INDIVIDUAL) for s, _, o in dropped for x in (s, o)}
    graph = [t for t in triples if t not in dropped]
    return HermitInput([*graph, *hints, *sorted(named - set(graph))], without_values, answers, data_values)


def _is_data_value(triple: Triple) -> bool:
    """Whether a triple gives a named individual a literal value of a (non-built-in) property."""
    s, p, o = triple
    return o.startswith('"') and s.startswith("<") and not _is_vocabulary(p)


_NAMED_INDIVIDUAL = f"<{_OWL}NamedIndividual>"
_OBJECT_PROPERTY = f"<{_OWL}ObjectProperty>"
_DATATYPE_PROPERTY = f"<{_OWL}DatatypeProperty>"
_TOP = f"<{_OWL}topObjectProperty>"
_DOMAIN, _RANGE = f"<{_RDFS}domain>", f"<{_RDFS}range>"
# annotations a property may carry and stay inert
_ANNOTATIONS = {f"<{_RDFS}{n}>" for n in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    f"<{_OWL}{n}>" for n in ("deprecated", "versionInfo")
}


def _inert_properties(triples: Sequence[Triple]) -> set[str]:
    """The object properties whose assertions entail only named domain and range memberships.

    A property is inert when it is declared an object property (and nothing else), every triple about
    it is a declaration, an annotation, a domain or range that is a named class, or a sub-property
    link to an inert property (or owl:topObjectProperty), and it appears in no other axiom: no
    restriction, chain, inverse, characteristic, disjointness, key or equivalence.

    >>> owl, rdfs = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#"
    >>> rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    >>> graph = [
    ...     ("<urn:by>", f"<{rdf}type>", f"<{owl}ObjectProperty>"),
    ...     ("<urn:by>", f"<{rdfs}range>", "<urn:Org>"),
    ...     ("<urn:gen>", f"<{rdf}type>", f"<{owl}ObjectProperty>"),
    ...     ("_:r", f"<{owl}onProperty>", "<urn:gen>"),  # in a restriction: not inert
    ... ]
    >>> sorted(_inert_properties(graph))
    ['<urn:by>']
    """
    declared = {s for s, p, o in triples if p == TYPE and o == _OBJECT_PROPERTY and s.startswith("<")}
    if not declared:
        return set()
    supers: dict[str, set[str]] = {}
    candidates = set(declared)
    for s, p, o in triples:
        if s in candidates:
            if p == SUBPROPERTY:
                supers.setdefault(s, set()).add(o)
            elif not _harmless_about_property(p, o):
                candidates.discard(s)
        if o in candidates and not (p == SUBPROPERTY or (not _is_vocabulary(p) and p not in declared)):
            candidates.discard(o)  # in a list, a restriction, an inverse, a chain …
        if p == SUBPROPERTY and o in candidates and s not in declared:
            candidates.discard(o)  # a data property or anything else below it
    changed = True
    while changed:  # an inert property's super-properties must be inert too
        changed = False
        for prop in list(candidates):
            if any(up != _TOP and up not in candidates for up in supers.get(prop, ())):
                candidates.discard(prop)
                changed = True
    return candidates


def _harmless_about_property(predicate: str, value: str) -> bool:
    """Whether ``property predicate value`` leaves the property inert: a declaration, a named domain or
    range, an annotation (or a punned individual's assertion, which says nothing of the property)."""
    if predicate == TYPE:
        return value in (_OBJECT_PROPERTY, _NAMED_INDIVIDUAL)
    if predicate in (_DOMAIN, _RANGE):
        return value.startswith("<") and not _is_vocabulary(value)
    return predicate in _ANNOTATIONS or not _is_vocabulary(predicate)


_MERGING_TYPES = {f"<{_OWL}{n}>" for n in ("FunctionalProperty", "InverseFunctionalProperty")}
_MAX_CARDINALITIES = {
    f"<{_OWL}{n}>"
    for n in ("maxCardinality", "cardinality", "maxQualifiedCardinality", "qualifiedCardinality")
}
_MERGING_PREDICATES = {SAME_AS, f"<{_OWL}hasKey>", f"<{_OWL}oneOf>"}


def _merges_individuals(triples: Sequence[Triple]) -> bool:
    """Whether anything in the graph can make two named individuals the same (data properties aside)."""
    data_properties = {s for s, p, o in triples if p == TYPE and o == _DATATYPE_PROPERTY}
    restricted: dict[str, str] = {}
    cardinalities = []
    for s, p, o in triples:
        if p in _MERGING_PREDICATES:
            return True
        if p == TYPE and o in _MERGING_TYPES and s not in data_properties:
            return True
        if p == f"<{_OWL}onProperty>":
            restricted[s] = o
        elif p in _MAX_CARDINALITIES:
            cardinalities.append(s)
    return any(restricted.get(node) not in data_properties for node in cardinalities)


# ---------------------------------------------------------------------------------------------------
# Numeric datatype restrictions evaluated on literals


_INTEGERS = {f"<{XSD}{name}>" for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}  # fmt: skip
# A literal counts for a restricted datatype when its own datatype is in that datatype's value space:
# integers in every real-valued type, a double only in xsd:double (in OWL 2 the value spaces of
# xsd:double and xsd:float are disjoint from owl:real's). xsd:float is left to HermiT.
_ADMITS = {
    **{t: _INTEGERS for t in _INTEGERS},
    f"<{XSD}decimal>": _INTEGERS | {f"<{XSD}decimal>"},
    f"<{_OWL}rational>": _INTEGERS | {f"<{XSD}decimal>"},
    f"<{_OWL}real>": _INTEGERS | {f"<{XSD}decimal>"},
    f"<{XSD}double>": {f"<{XSD}double>"},
}
_FACETS: dict[str, Callable[[Decimal | float, Decimal | float], bool]] = {
    f"<{XSD}minInclusive>": lambda value, bound: value >= bound,
    f"<{XSD}minExclusive>": lambda value, bound: value > bound,
    f"<{XSD}maxInclusive>": lambda value, bound: value <= bound,
    f"<{XSD}maxExclusive>": lambda value, bound: value < bound,
}
_LITERAL = re.compile(r'^"([^"\\]*)"\^\^(<[^<>]+>)$')


def _datatype_restriction_members(triples: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``x rdf:type R`` for each restriction ``R = p some D[facets]`` a literal value of ``x`` satisfies.

    Only numeric datatypes and the four range facets are evaluated; anything else is left to HermiT.

    >>> xsd, owl = "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/2002/07/owl#"
    >>> rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    >>> graph = [
    ...     ("_:r", f"<{owl}onProperty>", "<urn:size>"), ("_:r", f"<{owl}someValuesFrom>", "_:d"),
    ...     ("_:d", f"<{owl}onDatatype>", f"<{xsd}integer>"), ("_:d", f"<{owl}withRestrictions>", "_:l"),
    ...     ("_:l", f"<{rdf}first>", "_:f"), ("_:l", f"<{rdf}rest>", f"<{rdf}nil>"),
    ...     ("_:f", f"<{xsd}minInclusive>", f'"1000"^^<{xsd}integer>'),
    ...     ("<urn:big>", "<urn:size>", f'"5000"^^<{xsd}integer>'),
    ...     ("<urn:small>", "<urn:size>", f'"5"^^<{xsd}integer>'),
    ...     ("<urn:double>", "<urn:size>", f'"5000"^^<{xsd}double>'),  # not in xsd:integer
    ... ]
    >>> _datatype_restriction_members(graph)
    [('<urn:big>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '_:r')]
    """
    index = _Index(triples)

    def one(node: str, predicate: str) -> str | None:
        found = index.fwd.get(predicate, {}).get(node, ())
        return next(iter(found)) if len(found) == 1 else None

    members = []
    for node in index.fwd.get(f"<{_OWL}someValuesFrom>", {}):
        filler, prop = one(node, f"<{_OWL}someValuesFrom>"), one(node, f"<{_OWL}onProperty>")
        if filler is None or prop is None:
            continue
        base, facets = one(filler, f"<{_OWL}onDatatype>"), one(filler, f"<{_OWL}withRestrictions>")
        if base not in _ADMITS or facets is None:
            continue
        tests = []
        for item in _items(index, facets):
            stated = [(facet, o) for facet in _FACETS for o in index.fwd.get(facet, {}).get(item, ())]
            bound = _number(stated[0][1], _ADMITS[base] | {base}) if len(stated) == 1 else None
            if bound is None:  # another facet (a pattern, a length …), or not one: left to HermiT
                break
            tests.append((_FACETS[stated[0][0]], bound))
        else:
            if not tests:
                continue
            for s, objects in index.fwd.get(prop, {}).items():
                if s.startswith("<"):
                    for o in objects:
                        value = _number(o, _ADMITS[base])
                        if value is not None and all(test(value, bound) for test, bound in tests):
                            members.append((s, TYPE, node))
    return members


def _number(literal: str, datatypes: set[str]) -> Decimal | float | None:
    """The value of a numeric literal of one of ``datatypes``, or ``None`` (other datatype, ill-typed).

    Doubles are compared as doubles (``9.9999999999999995E22`` is the double 1e23), the rest exactly.
    """
    match = _LITERAL.match(literal)
    if match is None or match.group(2) not in datatypes:
        return None
    text = match.group(1).strip()
    try:
        if match.group(2) == f"<{XSD}double>":
            number = float(text)
            return number if math.isfinite(number) else None
        exact = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return exact if exact.is_finite() else None
