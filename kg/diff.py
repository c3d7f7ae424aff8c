"""The semantic difference between two versions of an ontology (``kg diff OLD NEW``).

Two documents are compared as ontologies, not as files: each is loaded through :func:`kg.load` (so
RDF/XML, Turtle, OWL/XML, functional and Manchester syntax all compare alike) and cut into *axioms*: a
triple about a named term with its object written out structurally when it is a blank node (a
restriction, a class expression, a list), and every blank-node structure that nothing points at (an
``owl:AllDisjointClasses``, an annotated axiom) as one axiom of its own. Blank-node names never enter the
comparison, so re-serialising a document, or saving it from another tool, changes nothing.

What changed is then said in the terms users of the ontology care about:

- terms added, removed, deprecated, relabelled, and renamed (a removed term whose label now names an
  added term);
- logical axioms and annotations added and removed;
- the *breaking* changes, which may turn a user's valid data or query into an invalid or different one:
  a removed or renamed term, a narrowed domain or range, a new disjointness.

>>> old = "@prefix : <urn:x:> . @prefix owl: <http://www.w3.org/2002/07/owl#> . :A a owl:Class ."
>>> new = old + " :B a owl:Class . :A owl:disjointWith :B ."
>>> result = diff(old, new, format="turtle")
>>> result.terms_added, result.breaking
(['urn:x:B'], ['new disjointness: :A owl:disjointWith :B'])
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import choices, vocab
from kg.errors import UnknownNameError

__all__ = ["FORMATS", "Axiom", "OntologyDiff", "diff"]

#: The output formats of :meth:`OntologyDiff.serialize`.
FORMATS = choices.DIFF_FORMATS

_TYPE = URIRef(vocab.RDF + "type")
_FIRST, _REST, _NIL = (URIRef(vocab.RDF + n) for n in ("first", "rest", "nil"))
_SUBCLASS = URIRef(vocab.RDFS + "subClassOf")
_SUBPROPERTY = URIRef(vocab.RDFS + "subPropertyOf")
_DOMAIN, _RANGE = URIRef(vocab.RDFS + "domain"), URIRef(vocab.RDFS + "range")
_DEPRECATED = URIRef(vocab.OWL + "deprecated")
_LABELS = tuple(URIRef(p) for p in vocab.LABELS)
_XSD_STRING = URIRef(vocab.XSD + "string")

#: The types that make an IRI a term of the ontology.
_TERM_TYPES = frozenset(
    URIRef(t)
    for t in (
        vocab.OWL + "Class",
        vocab.RDFS + "Class",
        vocab.OWL + "ObjectProperty",
        vocab.OWL + "DatatypeProperty",
        vocab.OWL + "AnnotationProperty",
        vocab.RDF + "Property",
        vocab.OWL + "NamedIndividual",
        vocab.SKOS + "Concept",
        vocab.SKOS + "ConceptScheme",
        vocab.RDFS + "Datatype",
    )
)
#: Axioms that, added, make some individuals or assertions that were fine inconsistent.
_DISJOINTNESS = frozenset(
    URIRef(vocab.OWL + p) for p in ("disjointWith", "propertyDisjointWith", "disjointUnionOf")
)
_DISJOINT_SETS = frozenset(
    URIRef(vocab.OWL + t) for t in ("AllDisjointClasses", "AllDisjointProperties", "AllDifferent")
)
#: Predicates that are annotations whether or not the document declares them so.
_ANNOTATIONS = frozenset(
    URIRef(p)
    for p in (
        *vocab.LABELS,
        *vocab.DEFINITIONS,
        vocab.RDFS + "seeAlso",
        vocab.RDFS + "isDefinedBy",
        vocab.OWL + "versionInfo",
        vocab.OWL + "priorVersion",
        vocab.OWL + "backwardCompatibleWith",
        vocab.OWL + "incompatibleWith",
        vocab.OWL + "deprecated",
    )
)
_ANNOTATION_NAMESPACES = (vocab.SKOS, vocab.DCTERMS, vocab.DC, vocab.VANN)
_ANNOTATION_PROPERTY = URIRef(vocab.OWL + "AnnotationProperty")

#: List-valued predicates whose lists are sets: their order means nothing (property chains keep theirs).
_SETS = frozenset(
    URIRef(vocab.OWL + p)
    for p in ("unionOf", "intersectionOf", "oneOf", "members", "distinctMembers", "disjointUnionOf", "hasKey")
)
#: Predicates whose object is a number, whatever its integer datatype (tools write different ones).
_COUNTS = frozenset(
    URIRef(vocab.OWL + p)
    for p in (
        "cardinality",
        "minCardinality",
        "maxCardinality",
        "qualifiedCardinality",
        "minQualifiedCardinality",
        "maxQualifiedCardinality",
    )
)
#: Old names the OWL 2 mapping to RDF still reads, and the name tools write today.
_SYNONYMS: dict[Node, Node] = {URIRef(vocab.OWL + "distinctMembers"): URIRef(vocab.OWL + "members")}
_NAMED_INDIVIDUAL = URIRef(vocab.OWL + "NamedIndividual")
#: Symmetric axioms: ``A p B`` is ``B p A``; tools write one direction, or both.
_SYMMETRIC = frozenset(
    URIRef(vocab.OWL + p)
    for p in (
        "disjointWith",
        "equivalentClass",
        "equivalentProperty",
        "propertyDisjointWith",
        "sameAs",
        "differentFrom",
        "inverseOf",
    )
)
#: The n-ary axioms, and the pairwise predicate each means for every two members: tools write
#: ``DisjointClasses(A B)`` either way, so both are compared as pairs.
_PAIRWISE = {
    URIRef(vocab.OWL + "AllDisjointClasses"): URIRef(vocab.OWL + "disjointWith"),
    URIRef(vocab.OWL + "AllDisjointProperties"): URIRef(vocab.OWL + "propertyDisjointWith"),
    URIRef(vocab.OWL + "AllDifferent"): URIRef(vocab.OWL + "differentFrom"),
}
_MEMBERS = URIRef(vocab.OWL + "members")

#: A structure: an IRI or literal as itself, a blank node as the sorted pairs it has, a list as a tuple.
Structure = Any


@dataclass(frozen=True)
class Axiom:
    """One axiom: what it is about (an IRI, or ``None`` for a blank-node structure nothing points at),
    its predicate and its object, written without blank-node names (:meth:`text` writes it)."""

    subject: str | None
    predicate: str
    value: str

    def text(self) -> str:
        """The axiom on one line, Turtle-like."""
        if self.subject is None:
            return self.value
        return f"{self.subject} {self.predicate} {self.value}"


@dataclass
class OntologyDiff:
    """What changed between two versions of an ontology (see the module documentation).

    Term lists hold IRIs; axioms are :class:`Axiom`; ``breaking`` holds one sentence per breaking change.
    """

    old: str
    new: str
    terms_added: list[str] = field(default_factory=list)
    terms_removed: list[str] = field(default_factory=list)
    deprecated: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    relabelled: list[tuple[str, str, str]] = field(default_factory=list)
    axioms_added: list[Axiom] = field(default_factory=list)
    axioms_removed: list[Axiom] = field(default_factory=list)
    annotations_added: list[Axiom] = field(default_factory=list)
    annotations_removed: list[Axiom] = field(default_factory=list)
    breaking: list[str] = field(default_factory=list)
    #: the prefixes of both versions, to write IRIs short
    prefixes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def unchanged(self) -> bool:
        """Whether the two versions hold the same axioms (they may still differ as files)."""
        return not (
            self.axioms_added or self.axioms_removed or self.annotations_added or self.annotations_removed
        )

    def as_dict(self) -> dict[str, Any]:
        """The difference as plain data, for JSON."""
        return {
            "old": self.old,
            "new": self.new,
            "unchanged": self.unchanged,
            "breaking": self.breaking,
            "terms": {
                "added": self.terms_added,
                "removed": self.terms_removed,
                "deprecated": self.deprecated,
                "renamed": [{"old": o, "new": n} for o, n in self.renamed],
                "relabelled": [{"term": t, "old": o, "new": n} for t, o, n in self.relabelled],
            },
            "axioms": {
                "added": [a.text() for a in self.axioms_added],
                "removed": [a.text() for a in self.axioms_removed],
            },
            "annotations": {
                "added": [a.text() for a in self.annotations_added],
                "removed": [a.text() for a in self.annotations_removed],
            },
        }

    def serialize(self, format: str = "text") -> str:
        """The difference as ``text``, ``markdown`` or ``json``.

        Raises:
            UnknownNameError: for another format.
        """
        if format not in FORMATS:
            raise UnknownNameError("diff format", format, FORMATS)
        if format == "json":
            return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        return _write(self, markdown=format == "markdown")

    def summary(self) -> str:
        """One line: the counts, and how many changes break users.

        >>> OntologyDiff("a.ttl", "b.ttl").summary()
        'a.ttl → b.ttl: no difference in axioms'
        """
        if self.unchanged:
            return f"{self.old} → {self.new}: no difference in axioms"
        return (
            f"{self.old} → {self.new}: {len(self.terms_added)} terms added, "
            f"{len(self.terms_removed)} removed, "
            f"{len(self.axioms_added)} axioms added, {len(self.axioms_removed)} removed, "
            f"{len(self.annotations_added) + len(self.annotations_removed)} annotation changes, "
            f"{len(self.breaking)} breaking"
        )


def diff(old: str | Path, new: str | Path, *, format: str | None = None) -> OntologyDiff:
    """Compare two versions of an ontology.

    Args:
        old: the earlier version: a file in any syntax :func:`kg.load` reads, or the document as text.
        new: the later version, likewise.
        format: the format of versions given as text (files are recognised by name and content).

    Returns:
        An :class:`OntologyDiff`.

    Raises:
        SourceError: when a version cannot be read or parsed.

    >>> zoo = "@prefix : <urn:zoo:> . @prefix owl: <http://www.w3.org/2002/07/owl#> . :Bird a owl:Class ."
    >>> diff(zoo, "@prefix : <urn:zoo:> .", format="turtle").breaking
    ['removed term: :Bird']
    """
    from kg.graph import load

    graphs = []
    names = []
    prefixes: dict[str, str] = {}
    for version in (old, new):
        loaded = load(version, ontology=False, imports=False, format=format)
        prefixes.update({p: ns for p, ns in loaded.prefixes.items() if ns not in prefixes.values()})
        graphs.append(loaded.to_rdflib())
        names.append(str(version) if isinstance(version, Path) or format is None else "<string>")
    return _compare(graphs[0], graphs[1], names[0], names[1], _Namer(prefixes))


# ---------------------------------------------------------------------------------------------------
# comparing


class _Namer:
    """Writes IRIs as prefixed names where a prefix of either version covers them."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def iri(self, iri: str) -> str:
        for prefix, namespace in self._prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and all(c.isalnum() or c in "_-" for c in local):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def node(self, structure: Structure) -> str:
        if isinstance(structure, URIRef):
            return self.iri(str(structure))
        if isinstance(structure, Literal):
            return structure.n3()
        if isinstance(structure, tuple) and structure and structure[0] == "list":
            return "(" + " ".join(self.node(s) for s in structure[1:]) + ")"
        if isinstance(structure, tuple) and structure and structure[0] == "cycle":
            return "[…]"
        if isinstance(structure, tuple) and structure and structure[0] == "count":
            return str(structure[1])
        pairs = "; ".join(f"{self.node(p)} {self.node(o)}" for p, o in structure)
        return f"[{pairs}]"


def _normal(node: Node) -> Node:
    """A literal's value as RDF 1.1 means it: ``"x"`` and ``"x"^^xsd:string`` are the same literal."""
    if isinstance(node, Literal) and node.datatype == _XSD_STRING:
        return Literal(str(node))
    return node


def _pair(graph: Graph, predicate: Node, node: Node, seen: frozenset[Node]) -> tuple[Node, Structure]:
    """A predicate and its object, written so that what OWL means alike compares alike: a set-valued
    list in a fixed order, a cardinality as a number, an old predicate name under its current one."""
    value = _structure(graph, node, seen)
    if predicate in _SETS and isinstance(value, tuple) and value[:1] == ("list",):
        value = ("list", *sorted(value[1:], key=repr))
    if predicate in _COUNTS and isinstance(value, Literal):
        with contextlib.suppress(ValueError):
            value = ("count", int(str(value)))
    return _SYNONYMS.get(predicate, predicate), value


def _structure(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> Structure:
    """A node without blank-node names: a blank node becomes what it says, a list its members."""
    if not isinstance(node, BNode):
        return _normal(node)
    if node in seen:  # a cycle of blank nodes: not OWL, but must not loop
        return ("cycle",)
    inside = seen | {node}
    if (node, _FIRST, None) in graph:
        members: list[Structure] = ["list"]
        item: Node | None = node
        while isinstance(item, BNode) and item not in members[1:] and len(members) < 100_000:
            first = graph.value(item, _FIRST)
            members.append(_structure(graph, first, inside) if first is not None else _NIL)
            item = graph.value(item, _REST)
        return tuple(members)
    return tuple(sorted((_pair(graph, p, o, inside) for p, o in graph.predicate_objects(node)), key=repr))


def _axioms(graph: Graph) -> set[tuple[Node | None, Node, Structure]]:
    """Every axiom of a graph (see the module documentation)."""
    pointed_at = {o for o in graph.objects() if isinstance(o, BNode)}
    axioms: set[tuple[Node | None, Node, Structure]] = set()
    for s, p, o in graph:
        if isinstance(s, BNode):
            continue
        if p == _TYPE and o == _NAMED_INDIVIDUAL and any(t != o for t in graph.objects(s, _TYPE)):
            continue  # a declaration the class assertion already makes (tools differ in writing it)
        predicate, value = _pair(graph, p, o, frozenset())
        if predicate in _SYMMETRIC and isinstance(value, URIRef) and str(value) < str(s):
            s, value = value, s
        axioms.add((s, predicate, value))
    for s in set(graph.subjects()):
        if isinstance(s, BNode) and s not in pointed_at:
            structure = _structure(graph, s)
            pairs = _as_pairs(structure)
            axioms.update(pairs if pairs is not None else [(None, _TYPE, structure)])
    return axioms


def _as_pairs(structure: Structure) -> list[tuple[Node | None, Node, Structure]] | None:
    """An n-ary disjointness or difference of named members as its pairwise axioms, else ``None``."""
    kinds = [o for p, o in structure if p == _TYPE and o in _PAIRWISE]
    lists = [o for p, o in structure if p == _MEMBERS and isinstance(o, tuple)]
    if len(structure) != 2 or len(kinds) != 1 or len(lists) != 1:
        return None
    members = sorted(lists[0][1:], key=str)
    if not all(isinstance(m, URIRef) for m in members):
        return None
    predicate = _PAIRWISE[kinds[0]]
    return [(a, predicate, b) for i, a in enumerate(members) for b in members[i + 1 :]]


def _terms(graph: Graph) -> set[URIRef]:
    """The declared terms, and the individuals: what is an instance of a class of the ontology."""
    declared = {s for s, o in graph.subject_objects(_TYPE) if isinstance(s, URIRef) and o in _TERM_TYPES}
    classes = {s for s in declared if (s, _TYPE, URIRef(vocab.OWL + "Class")) in graph}
    individuals = {s for s, o in graph.subject_objects(_TYPE) if isinstance(s, URIRef) and o in classes}
    return declared | individuals


def _mentioned(graph: Graph) -> set[Node]:
    """Every IRI a graph uses, in any place."""
    return {n for triple in graph for n in triple if isinstance(n, URIRef)}


def _declares(axiom: tuple[Node | None, Node, Structure], mentioned: set[Node]) -> bool:
    """Whether an axiom only declares a term that the other version uses without declaring."""
    s, p, o = axiom
    return p == _TYPE and o in _TERM_TYPES and s in mentioned


def _is_annotation(predicate: Node, declared: set[Node]) -> bool:
    return (
        predicate in _ANNOTATIONS
        or predicate in declared
        or any(str(predicate).startswith(ns) for ns in _ANNOTATION_NAMESPACES)
    )


def _is_deprecated(graph: Graph, term: Node) -> bool:
    return any(str(v).lower() in ("true", "1") for v in graph.objects(term, _DEPRECATED))


def _label(graph: Graph, term: Node) -> str | None:
    for predicate in _LABELS:
        labels = sorted(str(label) for label in graph.objects(term, predicate))
        if labels:
            return " / ".join(labels)
    return None


def _ancestors(graph: Graph, node: Node, via: URIRef) -> set[Node]:
    found: set[Node] = set()
    todo = [node]
    while todo:
        for parent in graph.objects(todo.pop(), via):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _compare(old: Graph, new: Graph, old_name: str, new_name: str, namer: _Namer) -> OntologyDiff:
    result = OntologyDiff(old_name, new_name, prefixes=namer.prefixes)
    old_terms, new_terms = _terms(old), _terms(new)
    old_mentioned, new_mentioned = _mentioned(old), _mentioned(new)
    # a term one version declares and the other only uses is the same term: tools add declarations
    added, removed = new_terms - old_terms - old_mentioned, old_terms - new_terms - new_mentioned
    result.terms_added = sorted(str(t) for t in added)
    result.terms_removed = sorted(str(t) for t in removed)
    result.deprecated = sorted(
        str(t) for t in new_terms if _is_deprecated(new, t) and not _is_deprecated(old, t)
    )
    labels_added = {_label(new, t): t for t in added if _label(new, t)}
    for term in sorted(removed):
        label = _label(old, term)
        if label is not None and label in labels_added:
            result.renamed.append((str(term), str(labels_added[label])))
    for term in sorted(old_terms & new_terms):
        before, after = _label(old, term), _label(new, term)
        if before != after:
            result.relabelled.append((str(term), before or "", after or ""))

    declared = set(old.subjects(_TYPE, _ANNOTATION_PROPERTY)) | set(new.subjects(_TYPE, _ANNOTATION_PROPERTY))
    old_axioms = {a for a in _axioms(old) if not _declares(a, new_mentioned)}
    new_axioms = {a for a in _axioms(new) if not _declares(a, old_mentioned)}

    def write(axioms: Iterable[tuple[Node | None, Node, Structure]]) -> tuple[list[Axiom], list[Axiom]]:
        logical: list[Axiom] = []
        annotations: list[Axiom] = []
        for s, p, o in axioms:
            if s is None:
                axiom = Axiom(None, namer.node(p), namer.node(o))
            else:
                axiom = Axiom(namer.node(s), namer.node(p), namer.node(o))
            (annotations if _is_annotation(p, declared) else logical).append(axiom)
        return sorted(logical, key=Axiom.text), sorted(annotations, key=Axiom.text)

    result.axioms_added, result.annotations_added = write(new_axioms - old_axioms)
    result.axioms_removed, result.annotations_removed = write(old_axioms - new_axioms)
    result.breaking = _breaking(result, old, new, old_axioms, new_axioms, namer)
    return result


def _breaking(
    result: OntologyDiff,
    old: Graph,
    new: Graph,
    old_axioms: set[tuple[Node | None, Node, Structure]],
    new_axioms: set[tuple[Node | None, Node, Structure]],
    namer: _Namer,
) -> list[str]:
    found: list[str] = []
    renamed = dict(result.renamed)
    moved = {URIRef(o): URIRef(n) for o, n in result.renamed}
    for term in result.terms_removed:
        if term in renamed:
            found.append(f"renamed term: {namer.iri(term)} is now {namer.iri(renamed[term])}")
        else:
            found.append(f"removed term: {namer.iri(term)}")
    for s, p, o in sorted(new_axioms - old_axioms, key=repr):
        if p in _DISJOINTNESS:
            found.append(f"new disjointness: {namer.node(s)} {namer.node(p)} {namer.node(o)}")
        elif s is None and any(
            pair == (_TYPE, t) for pair in o if isinstance(pair, tuple) for t in _DISJOINT_SETS
        ):
            found.append(f"new disjointness: {namer.node(o)}")
    for prop in sorted(set(old.subjects(_DOMAIN)) | set(old.subjects(_RANGE)), key=str):
        if isinstance(prop, BNode):
            continue
        for via, name in ((_DOMAIN, "domain"), (_RANGE, "range")):
            before = {moved.get(o, o) for o in (_structure(old, o) for o in old.objects(prop, via))}
            after = {_structure(new, o) for o in new.objects(prop, via)}
            for target in sorted(after - before, key=repr):
                if not isinstance(target, URIRef) or not _widens(new, target, before):
                    found.append(f"narrowed {name}: {namer.node(prop)} rdfs:{name} {namer.node(target)}")
    return found


def _widens(graph: Graph, target: URIRef, before: set[Structure]) -> bool:
    """Whether a new domain or range is a superclass of (or equal to) one it had: then nothing narrowed."""
    return any(
        isinstance(b, URIRef) and (b == target or target in _ancestors(graph, b, _SUBCLASS)) for b in before
    )


# ---------------------------------------------------------------------------------------------------
# writing


def _write(result: OntologyDiff, *, markdown: bool) -> str:
    namer = _Namer(result.prefixes)
    lines: list[str] = []

    def section(title: str, items: list[str]) -> None:
        if not items:
            return
        lines.append(f"## {title} ({len(items)})" if markdown else f"{title} ({len(items)}):")
        lines.extend(f"- {_code(i) if markdown else i}" for i in items)
        lines.append("")

    heading = f"{result.old} → {result.new}"
    lines.append(f"# Ontology diff: {heading}" if markdown else result.summary())
    lines.append("")
    if markdown:
        lines.append(result.summary())
        lines.append("")
    if result.unchanged and not (result.terms_added or result.terms_removed):
        return "\n".join(lines)
    section("Breaking changes", result.breaking)
    section("Terms added", [namer.iri(t) for t in result.terms_added])
    section("Terms removed", [namer.iri(t) for t in result.terms_removed])
    section("Terms renamed", [f"{namer.iri(o)} → {namer.iri(n)}" for o, n in result.renamed])
    section("Terms deprecated", [namer.iri(t) for t in result.deprecated])
    section("Terms relabelled", [f"{namer.iri(t)}: {o!r} → {n!r}" for t, o, n in result.relabelled])
    section("Axioms added", [a.text() for a in result.axioms_added])
    section("Axioms removed", [a.text() for a in result.axioms_removed])
    section("Annotations added", [a.text() for a in result.annotations_added])
    section("Annotations removed", [a.text() for a in result.annotations_removed])
    return "\n".join(lines)


def _code(text: str) -> str:
    """Markdown inline code that survives backticks in the text."""
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"
