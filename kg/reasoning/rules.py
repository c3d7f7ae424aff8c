"""The OWL 2 RL/RDF rules as text, the N-Triples terms they use, and what their clashes mean."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.vocab import KG
from kg.vocab import OWL as _OWL
from kg.vocab import RDF as _RDF
from kg.vocab import RDFS as _RDFS
from kg.vocab import XSD as _XSD

if TYPE_CHECKING:
    pass


_NS = {"rdf": _RDF, "rdfs": _RDFS, "owl": _OWL, "xsd": _XSD, "kg": KG}

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
MEMBER = f"<{KG}member>"
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
# (kg.reasoning.rl._special_rules). The "-lit" rules check that a functional or max-1 data property has
# one value; "alive", "dead" and "wanted" are explained at kg.reasoning.rl._CLASS_USES. "named(?c)" in
# cls-svf1-lit leaves out data ranges that are blank nodes (datatype restrictions, which no literal is
# checked against here) before their property's values are read.

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
cls-svf1-lit ?r owl:someValuesFrom ?c . ?r owl:onProperty ?p . ?x ?p ?y | alive(?r), named(?c),
             typed(?y, ?c) => ?x rdf:type ?r
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


def _is_vocabulary(term: str) -> bool:
    return term.startswith((f"<{_RDF}", f"<{_RDFS}", f"<{_OWL}", f"<{_XSD}"))
