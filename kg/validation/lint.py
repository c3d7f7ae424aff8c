"""The Protégé-readiness lint: what the OWL API (and so Protégé) would complain about, on the RDF.

Each check is one function of :class:`_Facts` (the asserted triples, indexed once) that yields its
findings; :data:`LINT_CHECKS` lists them in the order of the report. To add a check: write the function,
put it in the list, name it in the docstring of :class:`~kg.validation.Finding`, and test it in
tests/test_validation.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from kg.validation.report import Finding, _literal_text
from kg.vocab import DEFINITIONS as _DEFINITIONS
from kg.vocab import OWL as _OWL
from kg.vocab import RDF as _RDF
from kg.vocab import RDFS as _RDFS
from kg.vocab import VANN
from kg.vocab import XSD as _XSD

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): the datatypes OWL 2 DL tools
# know. xsd:date, xsd:time, xsd:gYear, xsd:duration … are not among them.
OWL2_DATATYPES = frozenset(
    [f"{_RDF}{n}" for n in ("PlainLiteral", "XMLLiteral", "langString")]
    + [f"{_RDFS}Literal", f"{_OWL}real", f"{_OWL}rational"]
    + [f"{_XSD}{n}" for n in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")]
)  # fmt: skip

# IRIs every OWL tool knows without a declaration.
_BUILT_IN = frozenset(
    [f"{_OWL}{n}" for n in ("Thing", "Nothing", "topObjectProperty", "bottomObjectProperty",
                            "topDataProperty", "bottomDataProperty")]
    + [f"{_RDFS}{n}" for n in ("label", "comment", "seeAlso", "isDefinedBy")]
    + [f"{_OWL}{n}" for n in ("versionInfo", "deprecated", "priorVersion", "backwardCompatibleWith",
                              "incompatibleWith")]
) | OWL2_DATATYPES  # fmt: skip
_RESERVED = (_RDF, _RDFS, _OWL, _XSD)

_DECLARATIONS = {
    f"{_OWL}Class": "class",
    f"{_RDFS}Datatype": "datatype",
    f"{_OWL}ObjectProperty": "object property",
    f"{_OWL}DatatypeProperty": "datatype property",
    f"{_OWL}AnnotationProperty": "annotation property",
    f"{_OWL}NamedIndividual": "individual",
}
# Property characteristics that only object properties can have: the OWL API takes them for a
# declaration. (owl:FunctionalProperty may be either kind, so it declares nothing.)
_OBJECT_CHARACTERISTICS = {f"{_OWL}{n}" for n in (
    "TransitiveProperty", "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty",
    "IrreflexiveProperty", "InverseFunctionalProperty")}  # fmt: skip
_PROPERTY_KINDS = {"object property", "datatype property", "annotation property"}
_ILLEGAL_PUNS = [({"object property", "datatype property"}), ({"object property", "annotation property"}),
                 ({"datatype property", "annotation property"}), ({"class", "datatype"})]  # fmt: skip
_CARDINALITIES = {f"{_OWL}{n}" for n in (
    "cardinality", "minCardinality", "maxCardinality", "qualifiedCardinality", "minQualifiedCardinality",
    "maxQualifiedCardinality")}  # fmt: skip
_RESTRICTION_FACETS = _CARDINALITIES | {f"{_OWL}{n}" for n in (
    "someValuesFrom", "allValuesFrom", "hasValue", "hasSelf")}  # fmt: skip
_CLASS_FORMS = {f"{_OWL}{n}" for n in ("intersectionOf", "unionOf", "complementOf", "oneOf")}
# What the lint says (a finding names the offending IRI, so the messages do not).
_NO_ONTOLOGY_IRI = (
    "no owl:Ontology with an IRI: Protégé shows the ontology as anonymous; add `<https://…> a owl:Ontology`"
)
_NO_VERSION_IRI = "the ontology has no owl:versionIRI; add one so that releases can be told apart"
_PUNNING = "declared both {}, which OWL 2 DL forbids; give each meaning its own IRI"
_NOT_IN_MAP = (
    "not in the OWL 2 datatype map: Protégé and HermiT reject it; use a datatype of the map "
    "(e.g. xsd:integer, xsd:string, xsd:dateTime)"
)
_LITERAL_NOT_IN_MAP = (
    "{} has the datatype {}, which is not in the OWL 2 datatype map: Protégé and HermiT reject it; "
    "use e.g. xsd:integer, xsd:string or xsd:dateTime"
)
_UNDECLARED_PREDICATE = (
    "used as a property but declared nowhere, so OWL tools take it for an annotation property; declare it "
    "(owl:AnnotationProperty, owl:ObjectProperty or owl:DatatypeProperty)"
)
_UNDECLARED_PROPERTY = (
    "used as a property but not declared; declare it owl:ObjectProperty or owl:DatatypeProperty"
)
_UNDECLARED = "used as a {} but not declared; add `{}`"
_NO_LABEL = "no rdfs:label: Protégé shows the IRI instead of a name"
_NO_DEFINITION = "no definition (skos:definition, IAO:0000115 or rdfs:comment)"
_NON_SIMPLE = "transitive or built from a chain, so OWL 2 DL does not allow it in {}"
_NO_FILLER = (
    "a restriction with a property but no filler (owl:someValuesFrom, owl:allValuesFrom, owl:hasValue "
    "or a cardinality): OWL tools cannot read it"
)

#: At most this many findings of one lint check are listed; the rest are counted in one more.
MAX_PER_CHECK = 100

_T = tuple[str, str, str]


def _iri(term: str) -> str | None:
    return term[1:-1] if term.startswith("<") else None


class _Facts:
    """What every lint check reads: the asserted triples in N-Triples form, indexed once."""

    def __init__(self, triples: list[_T], shorten: Callable[[str], str]) -> None:
        self.triples = triples
        self.shorten = shorten
        self.by_sp: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            self.by_sp.setdefault(s, {}).setdefault(p, []).append(o)
        #: what each IRI is declared as ("class", "object property" …)
        self.declared: dict[str, set[str]] = {}
        for s, p, o in triples:
            if p == f"<{_RDF}type>" and s.startswith("<"):
                kind = _DECLARATIONS.get(o[1:-1]) or (
                    "object property" if o[1:-1] in _OBJECT_CHARACTERISTICS else None
                )
                if kind:
                    self.declared.setdefault(s[1:-1], set()).add(kind)
        ontologies = [s for s, p, o in triples if p == f"<{_RDF}type>" and o == f"<{_OWL}Ontology>"]
        #: the IRIs of the named ontologies
        self.ontologies = [s[1:-1] for s in ontologies if s.startswith("<")]

    def values(self, s: str, p: str) -> list[str]:
        """The objects of subject ``s`` (N-Triples) and predicate ``p`` (a bare IRI)."""
        return self.by_sp.get(s, {}).get(f"<{p}>", [])

    @cached_property
    def undeclared(self) -> list[tuple[str, str]]:
        """``(IRI, kind)`` for each use of an IRI as a kind it is not declared as, in IRI order."""
        out = []
        for iri, kinds in sorted(_uses(self.triples, self.by_sp, self.declared).items()):
            if iri in _BUILT_IN or (iri.startswith(_RESERVED) and not iri.startswith(_XSD)):
                continue
            have = self.declared.get(iri, set())
            for kind in sorted(kinds):
                if kind == "datatype":
                    missing = iri not in OWL2_DATATYPES and "datatype" not in have
                elif kind in ("predicate", "property"):
                    missing = not have & _PROPERTY_KINDS
                else:
                    missing = kind not in have and not (kind == "class" and "datatype" in have)
                if missing:
                    out.append((iri, kind))
        return out


# The lint checks, one function each; each yields the findings of its own kind.


def _ontology_iri(facts: _Facts) -> Iterator[Finding]:
    if not facts.ontologies:
        yield Finding("ontology-iri", "error", _NO_ONTOLOGY_IRI)


def _version_iri(facts: _Facts) -> Iterator[Finding]:
    for iri in facts.ontologies:
        if not facts.values(f"<{iri}>", f"{_OWL}versionIRI"):
            yield Finding("version-iri", "warning", _NO_VERSION_IRI, focus=iri)


def _undeclared(facts: _Facts) -> Iterator[Finding]:
    for iri, kind in facts.undeclared:
        if kind == "property":
            yield Finding("undeclared", "error", _UNDECLARED_PROPERTY, focus=iri)
        elif kind not in ("datatype", "predicate"):
            declaration = {"class": "owl:Class", "datatype": "rdfs:Datatype"}.get(kind, kind)
            message = _UNDECLARED.format(kind, f"{facts.shorten(iri)} a {declaration}")
            yield Finding("undeclared", "error", message, focus=iri)


def _undeclared_annotation_property(facts: _Facts) -> Iterator[Finding]:
    for iri, kind in facts.undeclared:
        if kind == "predicate":
            yield Finding("undeclared-annotation-property", "error", _UNDECLARED_PREDICATE, focus=iri)


def _punning(facts: _Facts) -> Iterator[Finding]:
    for iri, kinds in sorted(facts.declared.items()):
        for pun in _ILLEGAL_PUNS:
            if pun <= kinds:
                yield Finding("punning", "error", _PUNNING.format(" and ".join(sorted(pun))), focus=iri)


def _datatype(facts: _Facts) -> Iterator[Finding]:
    """Datatypes outside the OWL 2 datatype map: used as such, then as the datatype of a literal in a
    logical axiom. The value of an annotation (``dcterms:created "2026-01-01"^^xsd:date``) may have any
    datatype: the OWL API's OWL 2 DL profile check accepts it, Protégé shows it and HermiT ignores
    annotations, so it is not reported."""
    for iri, kind in facts.undeclared:
        if kind == "datatype":
            yield Finding("datatype", "error", _NOT_IN_MAP, focus=iri, value=iri)
    short = facts.shorten
    reported: set[tuple[str, str]] = set()
    for s, p, o in facts.triples:
        if o.startswith('"') and "^^<" in o and not _is_annotation(p[1:-1], facts):
            datatype = o[o.rindex("^^<") + 3 : -1]
            if datatype not in OWL2_DATATYPES and "datatype" not in facts.declared.get(datatype, set()):
                subject = s[1:-1] if s.startswith("<") else s
                if (subject, datatype) not in reported:
                    reported.add((subject, datatype))
                    value = f"the value {_literal_text(o, short)} of {short(p[1:-1])}"
                    message = _LITERAL_NOT_IN_MAP.format(value, short(datatype))
                    yield Finding("datatype", "error", message, focus=subject, value=datatype)


#: The annotation properties OWL 2 builds in (Structural Specification, section 5.5).
_BUILT_IN_ANNOTATIONS = frozenset(
    [f"{_RDFS}{n}" for n in ("label", "comment", "seeAlso", "isDefinedBy")]
    + [f"{_OWL}{n}" for n in ("versionInfo", "deprecated", "priorVersion", "backwardCompatibleWith",
                              "incompatibleWith")]
)  # fmt: skip


def _is_annotation(predicate: str, facts: _Facts) -> bool:
    """Whether triples with this predicate are annotations: a built-in annotation property, one declared
    so, or an undeclared predicate outside the RDF, RDFS and OWL vocabularies (which the OWL API reads
    as an annotation property)."""
    if predicate in _BUILT_IN_ANNOTATIONS:
        return True
    kinds = facts.declared.get(predicate, set())
    if kinds:
        return "annotation property" in kinds and not kinds & {"object property", "datatype property"}
    return not predicate.startswith((_RDF, _RDFS, _OWL))


def _class_expression(facts: _Facts) -> Iterator[Finding]:
    bad = _bad_expressions(facts.by_sp)
    parents = _parents(facts.triples) if bad else {}
    for node, problem in bad:
        yield Finding("class-expression", "error", problem, focus=_owner(node, parents) or node)


def _non_simple_property(facts: _Facts) -> Iterator[Finding]:
    for prop, where in _non_simple_uses(facts.triples, facts.by_sp):
        yield Finding("non-simple-property", "error", _NON_SIMPLE.format(where), focus=prop)


def _own_terms(facts: _Facts) -> Iterator[str]:
    """The declared terms of the ontology's own namespaces, in order."""
    namespaces = tuple(_own_namespaces(facts.ontologies, facts.values))
    if namespaces:
        yield from (iri for iri in sorted(facts.declared) if iri.startswith(namespaces))


def _label(facts: _Facts) -> Iterator[Finding]:
    for iri in _own_terms(facts):
        if not facts.values(f"<{iri}>", f"{_RDFS}label"):
            yield Finding("label", "warning", _NO_LABEL, focus=iri)


def _definition(facts: _Facts) -> Iterator[Finding]:
    for iri in _own_terms(facts):
        if not any(facts.values(f"<{iri}>", d) for d in _DEFINITIONS):
            yield Finding("definition", "warning", _NO_DEFINITION, focus=iri)


#: The lint checks, in the order of the report.
LINT_CHECKS: tuple[Callable[[_Facts], Iterable[Finding]], ...] = (
    _ontology_iri,
    _version_iri,
    _undeclared,
    _undeclared_annotation_property,
    _punning,
    _datatype,
    _class_expression,
    _non_simple_property,
    _label,
    _definition,
)


def _lint(graph: KnowledgeGraph) -> list[Finding]:
    """The Protégé-readiness checks over the asserted triples (see :mod:`kg.validation`)."""
    from kg.reasoning import ntriples

    facts = _Facts(ntriples(graph), graph.shorten)
    out: list[Finding] = []
    for check in LINT_CHECKS:
        found = list(check(facts))
        out.extend(found[:MAX_PER_CHECK])
        if len(found) > MAX_PER_CHECK:
            more = f"… and {len(found) - MAX_PER_CHECK} more like these"
            out.append(Finding(found[0].check, found[0].severity, more))
    return out


def _own_namespaces(ontologies: list[str], values: Callable[[str, str], list[str]]) -> set[str]:
    """Where an ontology's own terms live: below its IRI (``…#``, ``…/``), in the namespace it names
    with ``vann:preferredNamespaceUri``, and, for an IRI of a file (``https://w3id.org/aio/aio.owl``),
    in the folder of that file (``https://w3id.org/aio/``)."""
    found: set[str] = set()
    for iri in ontologies:
        found.update(iri.rstrip("#/") + end for end in "#/")
        found.update(_literal_value(v) for v in values(f"<{iri}>", VANN + "preferredNamespaceUri"))
        folder, _, last = iri.rpartition("/")
        if re.fullmatch(r"[\w.-]+\.(owl|ttl|rdf|obo|owx|ofn|omn|nt|jsonld)", last) and "://" in folder:
            found.add(folder + "/")
    return {n for n in found if n}


def _literal_value(term: str) -> str:
    return term[1 : term.rfind('"')] if term.startswith('"') else term.strip("<>")


def _uses(
    triples: list[_T], by_sp: dict[str, dict[str, list[str]]], declared: dict[str, set[str]]
) -> dict[str, set[str]]:
    """What each IRI is used as, following the OWL 2 mapping from RDF: class, property, datatype,
    predicate (of a triple, so an annotation property unless declared otherwise)."""
    used: dict[str, set[str]] = {}

    def use(term: str, kind: str) -> None:
        if term.startswith("<"):
            used.setdefault(term[1:-1], set()).add(kind)

    def is_datatype(term: str) -> bool:
        iri = _iri(term)
        if iri is None:
            return bool(by_sp.get(term, {}).get(f"<{_RDF}type>", []) == [f"<{_RDFS}Datatype>"])
        return iri.startswith(_XSD) or iri in OWL2_DATATYPES or "datatype" in declared.get(iri, set())

    def is_data_property(term: str) -> bool:
        kinds = declared.get(_iri(term) or "", set())
        return "datatype property" in kinds and "object property" not in kinds

    def members(head: str) -> list[str]:
        items, seen = [], set()
        while head.startswith("_:") and head not in seen:
            seen.add(head)
            first = by_sp.get(head, {}).get(f"<{_RDF}first>")
            if not first:
                break
            items.append(first[0])
            rest = by_sp.get(head, {}).get(f"<{_RDF}rest>")
            head = rest[0] if rest else ""
        return items

    type_ = f"<{_RDF}type>"
    for s, p, o in triples:
        iri = p[1:-1]
        if p == type_:
            target = o[1:-1]
            if o.startswith("<") and not target.startswith(_RESERVED):
                use(o, "class")
        elif iri in (f"{_RDFS}subClassOf", f"{_OWL}equivalentClass", f"{_OWL}disjointWith"):
            if not (is_datatype(s) or is_datatype(o)):
                use(s, "class")
                use(o, "class")
        elif iri in (f"{_OWL}complementOf", f"{_OWL}onClass", f"{_RDFS}domain"):
            use(o, "class")
            if iri == f"{_RDFS}domain":
                use(s, "property")
        elif iri == f"{_RDFS}range":
            use(s, "property")
            use(o, "datatype" if is_datatype(o) or is_data_property(s) else "class")
        elif iri in (f"{_OWL}someValuesFrom", f"{_OWL}allValuesFrom"):
            on = by_sp.get(s, {}).get(f"<{_OWL}onProperty>", [""])[0]
            use(o, "datatype" if is_datatype(o) or is_data_property(on) else "class")
        elif iri == f"{_OWL}onDataRange":
            use(o, "datatype")
        elif iri in (f"{_OWL}onProperty", f"{_RDFS}subPropertyOf", f"{_OWL}equivalentProperty",
                     f"{_OWL}inverseOf", f"{_OWL}propertyDisjointWith"):  # fmt: skip
            use(o, "property")
            if iri != f"{_OWL}onProperty":
                use(s, "property")
        elif iri in (f"{_OWL}intersectionOf", f"{_OWL}unionOf"):
            datatypes = is_datatype(s)
            for item in members(o):
                use(item, "datatype" if datatypes or is_datatype(item) else "class")
        elif iri in (f"{_OWL}propertyChainAxiom", f"{_OWL}hasKey"):
            for item in members(o):
                use(item, "property")
            if iri == f"{_OWL}hasKey":
                use(s, "class")
        elif iri == f"{_OWL}members" and f"<{_OWL}AllDisjointClasses>" in by_sp.get(s, {}).get(type_, []):
            for item in members(o):
                use(item, "class")
        elif not iri.startswith(_RESERVED):
            use(p, "predicate")
    return used


def _bad_expressions(by_sp: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """Blank-node class expressions that say nothing, or combine fewer than two classes."""
    type_ = f"<{_RDF}type>"
    out = []
    for node, props in by_sp.items():
        types = props.get(type_, [])
        facets = {p[1:-1] for p in props}
        if not node.startswith("_:"):
            pass  # a named class is declared, not described: only its lists are checked below
        elif f"<{_OWL}Restriction>" in types:
            if f"{_OWL}onProperty" not in facets and f"{_OWL}onProperties" not in facets:
                out.append((node, "a restriction with no owl:onProperty: OWL tools cannot read it"))
            elif not facets & _RESTRICTION_FACETS:
                out.append((node, _NO_FILLER))
        elif f"<{_OWL}Class>" in types and not facets & _CLASS_FORMS:
            out.append((node, "an anonymous owl:Class that says nothing (no owl:intersectionOf, owl:unionOf, "
                              "owl:complementOf or owl:oneOf): OWL tools cannot read it"))  # fmt: skip
        for form in ("intersectionOf", "unionOf", "oneOf"):
            for head in props.get(f"<{_OWL}{form}>", []):
                count = 0
                current = head
                while current.startswith("_:") and count < 3:
                    count += 1
                    rest = by_sp.get(current, {}).get(f"<{_RDF}rest>")
                    current = rest[0] if rest else ""
                if head == f"<{_RDF}nil>" or count == 0:
                    out.append((node, f"an empty owl:{form} list: OWL tools cannot read it"))
                elif count == 1 and form != "oneOf":
                    out.append((node, f"an owl:{form} of a single class: OWL 2 needs at least two"))
    return out


def _parents(triples: list[_T]) -> dict[str, str]:
    """For each blank node, a subject of a triple it is the object of."""
    parents: dict[str, str] = {}
    for s, _, o in triples:
        if o.startswith("_:") and o not in parents:
            parents[o] = s
    return parents


def _owner(node: str, parents: dict[str, str]) -> str | None:
    """The named resource a blank node belongs to (through lists and nested expressions)."""
    seen = set()
    current = node
    while current.startswith("_:") and current in parents and current not in seen:
        seen.add(current)
        current = parents[current]
    return current[1:-1] if current.startswith("<") else None


def _non_simple_uses(triples: list[_T], by_sp: dict[str, dict[str, list[str]]]) -> list[tuple[str, str]]:
    """Non-simple properties (transitive, with a chain, or above such) where OWL 2 DL wants simple ones."""
    type_ = f"<{_RDF}type>"
    transitive = {s for s, p, o in triples if p == type_ and o == f"<{_OWL}TransitiveProperty>"}
    chains = {s for s, p, o in triples if p == f"<{_OWL}propertyChainAxiom>"}
    non_simple = transitive | chains
    subs: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == f"<{_RDFS}subPropertyOf>":
            subs.setdefault(o, set()).add(s)
        elif p == f"<{_OWL}inverseOf>":
            subs.setdefault(o, set()).add(s)
            subs.setdefault(s, set()).add(o)
    changed = True
    while changed:  # a property with a non-simple sub-property (or inverse) is not simple either
        changed = False
        for sup, below in subs.items():
            if sup not in non_simple and below & non_simple:
                non_simple.add(sup)
                changed = True
    out = []
    for props in by_sp.values():
        if {p[1:-1] for p in props} & _CARDINALITIES:
            for prop in props.get(f"<{_OWL}onProperty>", []):
                if prop in non_simple and prop.startswith("<"):
                    out.append((prop[1:-1], "a cardinality restriction"))
    for s, p, o in triples:
        if p == type_ and s in non_simple and s.startswith("<") and o[1:-1] in (
                f"{_OWL}FunctionalProperty", f"{_OWL}InverseFunctionalProperty", f"{_OWL}IrreflexiveProperty",
                f"{_OWL}AsymmetricProperty"):  # fmt: skip
            out.append((s[1:-1], f"an {o[1:-1].rsplit('#', 1)[-1]} axiom"))
    return sorted(set(out))
