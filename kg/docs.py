"""An offline documentation site for any ontology (``kg docs``), in the spirit of pyLODE and ontospy.

The site has the ontology's header metadata, then one section per class, property, individual and
concept scheme: its label, definition and other annotations, its axioms written in a Manchester-like
text, what a reasoner infers about it (HermiT, when Java is present), where it is used, the properties
it is in the domain or range of (``rdfs:domain``/``range`` and schema.org's
``schema:domainIncludes``/``rangeIncludes``), inverse properties, and a small interactive diagram of
its neighbourhood. A search box filters the terms.

A small ontology is one page (``index.html``); a large one (more than :data:`SINGLE_PAGE_TERMS` terms)
is an index page plus one page per term in ``terms/``, so that the index of schema.org draws at once.
Everything the pages need is written beside them (``assets/``): the diagrams are drawn by the copy of
vis-network that our graph pages inline (:func:`kg.pages.vis_network_js`), coloured as they are
(:func:`kg.pages.colour_of`); nothing is fetched, and a Content-Security-Policy forbids any connection.
Every text from the ontology is HTML-escaped, or JSON inside a data block that scripts read with
``textContent``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import resources, vocab
from kg.files import write_bytes

__all__ = ["SINGLE_PAGE_TERMS", "DocsResult", "Term", "collect", "write_docs"]

#: Ontologies with at most this many terms get one page; larger ones one page per term.
SINGLE_PAGE_TERMS = 300
#: The most edges a term's diagram draws (the rest are listed in its section).
DIAGRAM_EDGES = 40

_RDF_TYPE = URIRef(vocab.RDF + "type")
_FIRST, _REST = URIRef(vocab.RDF + "first"), URIRef(vocab.RDF + "rest")
_OWL = {name: URIRef(vocab.OWL + name) for name in (
    "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual", "Ontology",
    "Restriction", "onProperty", "someValuesFrom", "allValuesFrom", "hasValue", "hasSelf", "onClass",
    "onDataRange", "cardinality", "minCardinality", "maxCardinality", "qualifiedCardinality",
    "minQualifiedCardinality", "maxQualifiedCardinality", "unionOf", "intersectionOf", "complementOf",
    "oneOf", "inverseOf", "equivalentClass", "disjointWith", "equivalentProperty", "propertyDisjointWith",
    "FunctionalProperty", "InverseFunctionalProperty", "TransitiveProperty", "SymmetricProperty",
    "AsymmetricProperty", "ReflexiveProperty", "IrreflexiveProperty", "propertyChainAxiom", "sameAs",
    "differentFrom", "versionIRI", "versionInfo", "imports", "deprecated", "onDatatype",
    "withRestrictions", "AllDisjointClasses", "members", "disjointUnionOf", "Thing",
)}  # fmt: skip
_RDFS = {name: URIRef(vocab.RDFS + name) for name in (
    "Class", "subClassOf", "subPropertyOf", "domain", "range", "label", "comment", "Datatype",
)}  # fmt: skip
_RDF_PROPERTY = URIRef(vocab.RDF + "Property")
_SKOS = {name: URIRef(vocab.SKOS + name) for name in (
    "ConceptScheme", "Concept", "inScheme", "topConceptOf", "hasTopConcept", "broader", "narrower",
)}  # fmt: skip
_SCHEMA_DOMAIN = tuple(URIRef(ns + "domainIncludes") for ns in vocab.SCHEMA_NAMESPACES)
_SCHEMA_RANGE = tuple(URIRef(ns + "rangeIncludes") for ns in vocab.SCHEMA_NAMESPACES)
_LABELS = tuple(URIRef(p) for p in vocab.LABELS)
_DEFINITIONS = tuple(URIRef(p) for p in vocab.DEFINITIONS)

#: The kinds of terms, in the order the site lists them, with the types that make a term one.
KINDS: dict[str, tuple[URIRef, ...]] = {
    "class": (_OWL["Class"], _RDFS["Class"]),
    "object property": (_OWL["ObjectProperty"],),
    "datatype property": (_OWL["DatatypeProperty"],),
    "annotation property": (_OWL["AnnotationProperty"],),
    "property": (_RDF_PROPERTY,),
    "individual": (_OWL["NamedIndividual"],),
    "concept scheme": (_SKOS["ConceptScheme"],),
    "concept": (_SKOS["Concept"],),
}
_PLURAL = {
    "class": "Classes",
    "object property": "Object properties",
    "datatype property": "Datatype properties",
    "annotation property": "Annotation properties",
    "property": "Properties",
    "individual": "Individuals",
    "concept scheme": "Concept schemes",
    "concept": "Concepts",
}
_CHARACTERISTICS = {
    _OWL[n]: n.removesuffix("Property")
    for n in (
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
    )
}
_CARDINALITY = {
    _OWL["cardinality"]: "exactly",
    _OWL["qualifiedCardinality"]: "exactly",
    _OWL["minCardinality"]: "min",
    _OWL["minQualifiedCardinality"]: "min",
    _OWL["maxCardinality"]: "max",
    _OWL["maxQualifiedCardinality"]: "max",
}
#: Predicates shown as axioms, not as annotations.
_LOGICAL = frozenset(
    {
        _RDF_TYPE,
        _RDFS["subClassOf"],
        _RDFS["subPropertyOf"],
        _RDFS["domain"],
        _RDFS["range"],
        *(_OWL[n] for n in ("equivalentClass", "disjointWith", "equivalentProperty", "propertyDisjointWith")),
        *(_OWL[n] for n in ("inverseOf", "propertyChainAxiom", "sameAs", "differentFrom", "disjointUnionOf")),
        *_SCHEMA_DOMAIN,
        *_SCHEMA_RANGE,
    }
)


@dataclass
class Term:
    """One documented term: what its section shows (texts are HTML, escaped and linked)."""

    iri: str
    kind: str
    name: str
    label: str
    slug: str
    definition: str = ""
    deprecated: bool = False
    annotations: list[tuple[str, str]] = field(default_factory=list)
    axioms: list[tuple[str, str]] = field(default_factory=list)
    inferred: list[tuple[str, str]] = field(default_factory=list)
    usage: list[str] = field(default_factory=list)
    in_domain_of: list[str] = field(default_factory=list)
    in_range_of: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    diagram: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocsResult:
    """What :func:`write_docs` wrote.

    Attributes:
        index: the page to open.
        pages: how many HTML pages.
        terms: how many terms are documented.
        single_page: whether the site is one page.
        reasoned: ``"HermiT"`` when inferred axioms are shown, else why not.
        seconds: how long it took.
    """

    index: Path
    pages: int
    terms: int
    single_page: bool
    reasoned: str
    seconds: float


# ---------------------------------------------------------------------------------------------------
# collecting


class _Names:
    """Short names, labels and links of IRIs."""

    def __init__(self, graph: Graph, prefixes: dict[str, str]) -> None:
        self.graph = graph
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.slugs: dict[Node, str] = {}
        self.base = "#"

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 (one _Names per site, short-lived)
    def short(self, iri: str) -> str:
        for prefix, namespace in self._prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and re.fullmatch(r"[\w.-]+", local):
                return f"{prefix}:{local}"
        return iri

    def label(self, node: Node) -> str | None:
        for predicate in _LABELS:
            values = list(self.graph.objects(node, predicate))
            english = [v for v in values if isinstance(v, Literal) and (v.language or "en").startswith("en")]
            if english or values:
                return str((english or values)[0])
        return None

    def is_property(self, node: Node) -> bool:
        """Whether a predicate is an object or datatype property (its triples are facts, not annotations)."""
        return any(
            (node, _RDF_TYPE, kind) in self.graph
            for kind in (_OWL["ObjectProperty"], _OWL["DatatypeProperty"])
        )

    def link(self, node: Node) -> str:
        """An IRI as HTML: a link to its section when documented, else its short name."""
        text = html.escape(self.short(str(node)))
        if node in self.slugs:
            title = html.escape(self.label(node) or "", quote=True)
            return f'<a href="{self.base}{self.slugs[node]}" title="{title}">{text}</a>'
        return f"<code>{text}</code>"


def _literal(value: Literal) -> str:
    text = html.escape(str(value))
    if value.language:
        return f'"{text}"@{html.escape(value.language)}'
    return f'"{text}"'


def _list(graph: Graph, node: Node) -> list[Node]:
    items: list[Node] = []
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        first = graph.value(node, _FIRST)
        if first is not None:
            items.append(first)
        node = graph.value(node, _REST)  # type: ignore[assignment]
    return items


def manchester(graph: Graph, node: Node, name: Callable[[Node], str], depth: int = 0) -> str:
    """A class expression (or any node) in a Manchester-like text; ``name`` writes the named ones.

    >>> g = Graph().parse(format="turtle", data='''@prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... <urn:A> <urn:sub> [ a owl:Restriction ; owl:onProperty <urn:p> ; owl:someValuesFrom <urn:B> ] .''')
    >>> manchester(g, g.value(URIRef("urn:A"), URIRef("urn:sub")), str)
    'urn:p some urn:B'
    """
    if isinstance(node, Literal):
        return _literal(node)
    if not isinstance(node, BNode):
        return name(node)
    if depth > 12:
        return "…"

    def inner(n: Node) -> str:
        text = manchester(graph, n, name, depth + 1)
        return f"({text})" if isinstance(n, BNode) and " " in text and not text.startswith("{") else text

    g = graph
    prop = g.value(node, _OWL["onProperty"])
    if prop is not None:
        p = inner(prop)
        if isinstance(prop, BNode) and g.value(prop, _OWL["inverseOf"]) is not None:
            p = f"inverse {inner(g.value(prop, _OWL['inverseOf']))}"  # type: ignore[arg-type]
        for predicate, word in ((_OWL["someValuesFrom"], "some"), (_OWL["allValuesFrom"], "only")):
            target = g.value(node, predicate)
            if target is not None:
                return f"{p} {word} {inner(target)}"
        value = g.value(node, _OWL["hasValue"])
        if value is not None:
            return f"{p} value {inner(value)}"
        if g.value(node, _OWL["hasSelf"]) is not None:
            return f"{p} Self"
        for predicate, word in _CARDINALITY.items():
            count = g.value(node, predicate)
            if count is not None:
                qualifier = g.value(node, _OWL["onClass"]) or g.value(node, _OWL["onDataRange"])
                return f"{p} {word} {count}" + (f" {inner(qualifier)}" if qualifier is not None else "")
    for predicate, word in ((_OWL["unionOf"], " or "), (_OWL["intersectionOf"], " and ")):
        members = g.value(node, predicate)
        if members is not None:
            return word.join(inner(m) for m in _list(g, members))
    complement = g.value(node, _OWL["complementOf"])
    if complement is not None:
        return f"not {inner(complement)}"
    one_of = g.value(node, _OWL["oneOf"])
    if one_of is not None:
        return "{" + ", ".join(inner(m) for m in _list(g, one_of)) + "}"
    inverse = g.value(node, _OWL["inverseOf"])
    if inverse is not None:
        return f"inverse {inner(inverse)}"
    datatype = g.value(node, _OWL["onDatatype"])
    if datatype is not None:
        facets = []
        for facet in _list(g, g.value(node, _OWL["withRestrictions"]) or BNode()):
            for facet_name, bound in g.predicate_objects(facet):
                facets.append(f"{html.escape(str(facet_name).rsplit('#', 1)[-1])} {inner(bound)}")
        return f"{inner(datatype)}[{', '.join(facets)}]"
    if (node, _FIRST, None) in g:
        return "(" + ", ".join(inner(m) for m in _list(g, node)) + ")"
    return "[…]"


def _slug(iri: str, short: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", short.replace(":", "-")).strip("-")[:60] or "term"
    slug = base
    if slug.lower() in taken:
        slug = f"{base}-{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:8]}"
    taken.add(slug.lower())
    return slug


def _kind(graph: Graph, node: URIRef, classes: set[Node]) -> str | None:
    types = set(graph.objects(node, _RDF_TYPE))
    for kind, marks in KINDS.items():
        if types & set(marks):
            return kind
    if types & classes:
        return "individual"
    return None


def collect(
    graph: Graph, prefixes: dict[str, str] | None = None, inferred: Graph | None = None
) -> tuple[dict[str, Any], list[Term]]:
    """The header metadata and the documented terms of an ontology graph.

    Args:
        graph: the ontology (rdflib).
        prefixes: prefixes to write short names with.
        inferred: what a reasoner inferred, to show apart.

    Returns:
        The header (title, IRI, version, annotations as HTML pairs, counts) and the terms, sorted by
        kind and label.

    >>> g = Graph().parse(format="turtle", data='''@prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <urn:A> a owl:Class ; rdfs:label "A" . <urn:B> a owl:Class ; rdfs:subClassOf <urn:A> .''')
    >>> header, terms = collect(g)
    >>> [(t.kind, t.name, t.label) for t in terms], len(terms[0].usage)
    ([('class', 'urn:A', 'A'), ('class', 'urn:B', '')], 1)
    """
    names = _Names(graph, {**vocab.DEFAULT_PREFIXES, **(prefixes or {})})
    classes = {s for s in graph.subjects(_RDF_TYPE, _OWL["Class"])} | set(
        graph.subjects(_RDF_TYPE, _RDFS["Class"])
    )
    found: list[tuple[str, URIRef]] = []
    for subject in set(graph.subjects(_RDF_TYPE)):
        if isinstance(subject, URIRef) and subject not in (_OWL["Thing"],):
            kind = _kind(graph, subject, classes)
            if kind is not None and (subject, _RDF_TYPE, _OWL["Ontology"]) not in graph:
                found.append((kind, subject))
    taken: set[str] = set()
    order = list(KINDS)
    found.sort(
        key=lambda item: (order.index(item[0]), (names.label(item[1]) or names.short(str(item[1]))).lower())
    )
    for _, subject in found:
        names.slugs[subject] = _slug(str(subject), names.short(str(subject)), taken)
    owners = _owners(graph)
    usage: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
    for s, p, o in graph:
        if (isinstance(o, URIRef) and o in names.slugs and p != _RDF_TYPE) or (
            p == _RDF_TYPE and o in classes
        ):
            owner = owners.get(s, s) if isinstance(s, BNode) else s
            if owner is not None and owner != o and isinstance(owner, URIRef):
                usage[o].add((owner, p))
    domains, ranges = _domains_ranges(graph)
    terms = [_term(graph, kind, subject, names, usage, domains, ranges, inferred) for kind, subject in found]
    return _header(graph, names, terms), terms


def _owners(graph: Graph) -> dict[Node, Node]:
    """For each blank node, the named subject whose axiom it is part of."""
    parent: dict[Node, Node] = {}
    for s, _, o in graph:
        if isinstance(o, BNode) and o not in parent:
            parent[o] = s
    owners: dict[Node, Node] = {}
    for node in parent:
        top, hops = node, 0
        while isinstance(top, BNode) and top in parent and hops < 1000:
            top, hops = parent[top], hops + 1
        owners[node] = top
    return owners


def _named_members(graph: Graph, node: Node) -> list[Node]:
    """A class, or the named classes of a union (``rdfs:domain [ owl:unionOf (A B) ]``)."""
    if isinstance(node, URIRef):
        return [node]
    union = graph.value(node, _OWL["unionOf"])
    return [m for m in _list(graph, union) if isinstance(m, URIRef)] if union is not None else []


def _domains_ranges(graph: Graph) -> tuple[dict[Node, set[Node]], dict[Node, set[Node]]]:
    domains: dict[Node, set[Node]] = defaultdict(set)
    ranges: dict[Node, set[Node]] = defaultdict(set)
    for predicates, into in (
        ((_RDFS["domain"], *_SCHEMA_DOMAIN), domains),
        ((_RDFS["range"], *_SCHEMA_RANGE), ranges),
    ):
        for predicate in predicates:
            for prop, target in graph.subject_objects(predicate):
                for member in _named_members(graph, target):
                    into[member].add(prop)
    return domains, ranges


def _term(
    graph: Graph,
    kind: str,
    node: URIRef,
    names: _Names,
    usage: dict[Node, set[tuple[Node, Node]]],
    domains: dict[Node, set[Node]],
    ranges: dict[Node, set[Node]],
    inferred: Graph | None,
) -> Term:
    label = names.label(node) or ""
    term = Term(str(node), kind, names.short(str(node)), label, names.slugs[node])

    def expression(n: Node) -> str:
        return manchester(graph, n, names.link)

    defined_by: Node | None = None
    for predicate in _DEFINITIONS:
        definition = graph.value(node, predicate)
        if definition is not None:
            term.definition, defined_by = html.escape(str(definition)), predicate
            break
    term.deprecated = any(str(v).lower() in ("true", "1") for v in graph.objects(node, _OWL["deprecated"]))
    axioms: list[tuple[str, str]] = []
    for p, o in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if p in _LOGICAL:
            keyword = _keyword(p, o)
            if keyword is not None:
                axioms.append((keyword, expression(o)))
        elif not (isinstance(o, Literal) and p in _LABELS[:1] and str(o) == label) and p != defined_by:
            value = _literal(o) if isinstance(o, Literal) else expression(o)
            if names.is_property(p):  # an assertion of an object or datatype property: a fact
                axioms.append(("Facts", f"{names.link(p)} {value}"))
            else:
                term.annotations.append((names.link(p), value))
    for o in graph.subjects(_OWL["inverseOf"], node):
        axioms.append(("InverseOf", expression(o)))
    characteristics = [
        _CHARACTERISTICS[t]
        for t in graph.objects(node, _RDF_TYPE)
        if isinstance(t, URIRef) and t in _CHARACTERISTICS
    ]
    if characteristics:
        axioms.append(("Characteristics", html.escape(", ".join(sorted(characteristics)))))
    term.axioms = axioms
    if inferred is not None:
        for p, o in sorted(inferred.predicate_objects(node), key=lambda po: str(po[1])):
            if (node, p, o) not in graph and isinstance(o, URIRef) and o != node and o != _OWL["Thing"]:
                keyword = _keyword(p, o)
                if keyword in ("SubClassOf", "Types", "EquivalentTo", "SubPropertyOf"):
                    term.inferred.append((keyword, expression(o)))
    term.usage = sorted(
        f"{names.link(s)} ({html.escape(names.short(str(p)))})" for s, p in usage.get(node, ())
    )
    term.in_domain_of = sorted(names.link(p) for p in domains.get(node, ()))
    term.in_range_of = sorted(names.link(p) for p in ranges.get(node, ()))
    if kind == "concept scheme":
        members = set(graph.subjects(_SKOS["inScheme"], node)) | set(
            graph.subjects(_SKOS["topConceptOf"], node)
        )
        term.members = sorted(names.link(m) for m in members)
    term.diagram = _diagram(graph, node, names, domains, ranges)
    return term


def _keyword(predicate: Node, value: Node) -> str | None:
    if predicate == _RDF_TYPE:
        if value in _CHARACTERISTICS or any(value in marks for marks in KINDS.values()):
            return None
        return "Types"
    words = {
        _RDFS["subClassOf"]: "SubClassOf",
        _RDFS["subPropertyOf"]: "SubPropertyOf",
        _RDFS["domain"]: "Domain",
        _RDFS["range"]: "Range",
        _OWL["equivalentClass"]: "EquivalentTo",
        _OWL["equivalentProperty"]: "EquivalentTo",
        _OWL["disjointWith"]: "DisjointWith",
        _OWL["propertyDisjointWith"]: "DisjointWith",
        _OWL["inverseOf"]: "InverseOf",
        _OWL["propertyChainAxiom"]: "SubPropertyChain",
        _OWL["sameAs"]: "SameAs",
        _OWL["differentFrom"]: "DifferentFrom",
        _OWL["disjointUnionOf"]: "DisjointUnionOf",
    }
    if predicate in _SCHEMA_DOMAIN:
        return "DomainIncludes"
    if predicate in _SCHEMA_RANGE:
        return "RangeIncludes"
    return words.get(predicate) if isinstance(predicate, URIRef) else None


def _diagram(
    graph: Graph, node: URIRef, names: _Names, domains: dict[Node, set[Node]], ranges: dict[Node, set[Node]]
) -> dict[str, Any]:
    """The term's neighbourhood: named neighbours one step away, restrictions as labelled edges."""
    edges: list[tuple[Node, str, Node]] = []
    for p, o in graph.predicate_objects(node):
        if (
            isinstance(o, URIRef)
            and p in _LOGICAL
            and o not in _CHARACTERISTICS
            and not any(o in m for m in KINDS.values())
        ) or (isinstance(o, URIRef) and isinstance(p, URIRef) and p not in _LOGICAL and (o in names.slugs)):
            edges.append((node, names.short(str(p)), o))
        elif isinstance(o, BNode) and p in (_RDFS["subClassOf"], _OWL["equivalentClass"]):
            prop = graph.value(o, _OWL["onProperty"])
            for restriction, word in (
                (_OWL["someValuesFrom"], "some"),
                (_OWL["allValuesFrom"], "only"),
                (_OWL["hasValue"], "value"),
            ):
                target = graph.value(o, restriction)
                if isinstance(prop, URIRef) and isinstance(target, URIRef):
                    edges.append((node, f"{names.short(str(prop))} ({word})", target))
    for s, p in graph.subject_predicates(node):
        if (
            isinstance(s, URIRef)
            and s != node
            and p in (_RDFS["subClassOf"], _RDF_TYPE, _RDFS["subPropertyOf"])
        ):
            edges.append((s, names.short(str(p)), node))
    for prop in sorted(domains.get(node, ()), key=str)[:10]:
        edges.append((node, "in domain of", prop))
    for prop in sorted(ranges.get(node, ()), key=str)[:10]:
        edges.append((prop, "in range of", node))
    edges = edges[:DIAGRAM_EDGES]
    from kg.pages import colour_of

    ids: dict[Node, int] = {node: 0}
    for s, _, o in edges:
        for n in (s, o):
            ids.setdefault(n, len(ids))
    return {
        "nodes": [
            {
                "id": i,
                "label": names.label(n) or names.short(str(n)),
                "href": names.slugs.get(n),
                "color": "#d62728" if n == node else colour_of(str(n)),
            }
            for n, i in ids.items()
        ],
        "edges": [{"from": ids[s], "to": ids[o], "label": label} for s, label, o in edges],
    }


def _header(graph: Graph, names: _Names, terms: Sequence[Term]) -> dict[str, Any]:
    ontology = next(iter(graph.subjects(_RDF_TYPE, _OWL["Ontology"])), None)
    counts: dict[str, int] = defaultdict(int)
    for term in terms:
        counts[term.kind] += 1
    header: dict[str, Any] = {"iri": "", "title": "Ontology", "annotations": [], "counts": dict(counts)}
    if ontology is None:
        return header
    header["iri"] = str(ontology) if isinstance(ontology, URIRef) else ""
    title_predicates = (URIRef(vocab.DCTERMS + "title"), URIRef(vocab.DC + "title"), *_LABELS)
    title = next((graph.value(ontology, p) for p in title_predicates if graph.value(ontology, p)), None)
    header["title"] = str(title) if title is not None else names.short(header["iri"]) or "Ontology"
    for p, o in sorted(graph.predicate_objects(ontology), key=lambda po: (str(po[0]), str(po[1]))):
        if p != _RDF_TYPE:
            value = _literal(o) if isinstance(o, Literal) else manchester(graph, o, names.link)
            header["annotations"].append((names.link(p), value))
    return header


# ---------------------------------------------------------------------------------------------------
# writing


def write_docs(
    sources: Sequence[str | Path] | Any,
    directory: str | Path,
    *,
    reason: bool | None = None,
    single_page: bool | None = None,
) -> DocsResult:
    """Write the documentation site of an ontology into ``directory``.

    Args:
        sources: the ontology's files (any syntax :func:`kg.load` reads), or a loaded
            :class:`~kg.graph.KnowledgeGraph`; an empty list documents the embedded GenAI ontology.
        directory: where to write (created if needed); ``index.html`` is the page to open.
        reason: show what HermiT infers (needs Java); by default when Java is present. A reasoner that
            fails or finds the ontology inconsistent is said in the page, never an error.
        single_page: one page, or one page per term; by default one page up to
            :data:`SINGLE_PAGE_TERMS` terms.

    Returns:
        A :class:`DocsResult`.

    Raises:
        SourceError: for a source that cannot be read.

    >>> import tempfile
    >>> result = write_docs([], tempfile.mkdtemp(), reason=False)
    >>> result.single_page, result.index.name, result.terms > 20
    (True, 'index.html', True)
    """
    from kg.graph import KnowledgeGraph, load

    started = time.perf_counter()
    if isinstance(sources, KnowledgeGraph):
        kgraph = sources
    else:
        paths = list(sources)
        kgraph = load(*paths, ontology=not paths)
    graph = kgraph.to_rdflib()
    reasoned, inferred = "not asked for", None
    if reason is None:
        reason = shutil.which("java") is not None
        reasoned = "no Java found"
    if reason:
        reasoned, inferred = _reason(kgraph)
    header, terms = collect(graph, dict(kgraph.prefixes), inferred)
    header["reasoned"] = reasoned
    single = single_page if single_page is not None else len(terms) <= SINGLE_PAGE_TERMS
    folder = Path(directory)
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    _write_assets(folder / "assets")
    # the search index, once for every page: a script, since a page opened from a file may fetch nothing
    index = [{"label": t.label or t.name, "name": t.name, "kind": t.kind, "slug": t.slug} for t in terms]
    script = "window.KG_DOCS_TERMS = " + _script_json(index) + ";\n"
    write_bytes(folder / "assets" / "terms.js", script.encode("utf-8"))
    pages = 1
    if single:
        write_bytes(folder / "index.html", _page(header, terms, terms, "", single=True).encode("utf-8"))
    else:
        # thousands of pages: written plainly into a fresh folder that then replaces terms/ whole (one
        # fsync per page took 27 s of 51 for schema.org); the index is written last, atomically
        fresh = Path(tempfile.mkdtemp(prefix=".terms-", dir=folder))
        for term in terms:
            text = _page(header, terms, [term], "../", single=False)
            (fresh / f"{term.slug}.html").write_text(text, encoding="utf-8")
            pages += 1
        old = folder / "terms"
        if old.is_dir():
            old = old.rename(folder / f".terms-old-{os.getpid()}")
        fresh.chmod(0o755)
        fresh.rename(folder / "terms")
        if old.name != "terms":
            shutil.rmtree(old, ignore_errors=True)
        write_bytes(folder / "index.html", _page(header, terms, [], "", single=False).encode("utf-8"))
    return DocsResult(
        folder / "index.html", pages, len(terms), single, reasoned, time.perf_counter() - started
    )


def _reason(kgraph: Any) -> tuple[str, Graph | None]:
    from kg.errors import KGError

    try:
        report = kgraph.reason("dl")
    except KGError as e:
        return f"HermiT failed: {e}", None
    if not report.consistent:
        return "HermiT: the ontology is inconsistent, nothing inferred", None
    return "HermiT", kgraph.to_rdflib(inferred=True)


def _write_assets(folder: Path) -> None:
    from kg.pages import vis_network_js

    write_bytes(folder / "vis-network.min.js", vis_network_js().encode("utf-8"))
    for name in ("docs.js", "docs.css"):
        write_bytes(folder / name, (resources.viz_dir() / name).read_bytes())


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` data block (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_CSP = (
    "default-src 'none'; script-src 'self' file:; style-src 'self' file: 'unsafe-inline'; "
    "img-src data: blob:; connect-src 'none'; font-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)


def _page(
    header: dict[str, Any], terms: Sequence[Term], shown: Sequence[Term], root: str, *, single: bool
) -> str:
    title = html.escape(header["title"])
    if shown and not single:
        title = f"{html.escape(shown[0].label or shown[0].name)} — {title}"
    href = (lambda t: f"#{t.slug}") if single else (lambda t: f"{root}terms/{t.slug}.html")
    diagrams = {t.slug: t.diagram for t in shown}
    links = {"base": "#" if single else f"{root}terms/", "suffix": "" if single else ".html"}
    body: list[str] = [f'<header><h1><a href="{root}index.html">{html.escape(header["title"])}</a></h1>']
    body.append(
        '<input id="search" type="search" placeholder="Search terms…" autocomplete="off" '
        'aria-label="Search terms">'
    )
    body.append('<ol id="results" hidden></ol></header><main>')
    if single or not shown:
        body.append(_header_html(header))
        body.append(_contents(terms, href))
    for term in shown:
        body.append(_section(term))
    body.append("</main>")
    data = _script_json({"diagrams": diagrams, "links": links, "root": root})
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(_CSP, quote=True)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="genai-kg kg docs">\n<title>{title}</title>\n'
        f'<link rel="stylesheet" href="{root}assets/docs.css">\n</head><body>\n'
        + "\n".join(body)
        + f'\n<script type="application/json" id="kg-docs-data">{data}</script>\n'
        f'<script src="{root}assets/terms.js"></script>\n'
        f'<script src="{root}assets/vis-network.min.js"></script>\n'
        f'<script src="{root}assets/docs.js"></script>\n'
        "</body></html>\n"
    )


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in pairs)


def _header_html(header: dict[str, Any]) -> str:
    counts = ", ".join(
        f"{n} {kind}{'' if n == 1 else ('es' if kind.endswith('s') else 's')}"
        for kind, n in header["counts"].items()
    )
    iri = html.escape(header["iri"])
    return (
        f'<section id="ontology" class="ontology"><h2>{html.escape(header["title"])}</h2>'
        f'<p class="iri">{iri}</p><p>{html.escape(counts)}. '
        f"Inferred axioms: {html.escape(header['reasoned'])}.</p>"
        f'<table class="annotations">{_rows(header["annotations"])}</table></section>'
    )


def _contents(terms: Sequence[Term], href: Callable[[Term], str]) -> str:
    parts = ['<nav id="contents"><h2>Contents</h2>']
    for kind in KINDS:
        these = [t for t in terms if t.kind == kind]
        if these:
            items = "".join(
                f'<li><a href="{href(t)}">{html.escape(t.label or t.name)}</a></li>' for t in these
            )
            parts.append(f'<h3>{_PLURAL[kind]} ({len(these)})</h3><ul class="terms">{items}</ul>')
    parts.append("</nav>")
    return "".join(parts)


def _section(term: Term) -> str:
    parts = [
        f'<section class="term" id="{term.slug}" data-kind="{html.escape(term.kind)}">',
        f'<h2>{html.escape(term.label or term.name)} <span class="kind">{html.escape(term.kind)}</span>'
        + (' <span class="deprecated">deprecated</span>' if term.deprecated else "")
        + "</h2>",
        f'<p class="iri">{html.escape(term.iri)}</p>',
    ]
    if term.definition:
        parts.append(f'<p class="definition">{term.definition}</p>')
    lists = [
        ("Axioms", _rows(term.axioms)),
        ("Inferred", _rows(term.inferred)),
        ("Annotations", _rows(term.annotations)),
    ]
    for heading, rows in lists:
        if rows:
            parts.append(f'<h3>{heading}</h3><table class="{heading.lower()}">{rows}</table>')
    for heading, items in (
        ("In domain of", term.in_domain_of),
        ("In range of", term.in_range_of),
        ("Members", term.members),
        ("Used by", term.usage),
    ):
        if items:
            parts.append(f'<h3>{heading}</h3><p class="links">{", ".join(items)}</p>')
    parts.append(f'<h3>Neighbourhood</h3><div class="diagram" data-term="{term.slug}"></div></section>')
    return "".join(parts)
