"""The vocabularies kg speaks, declared once: every namespace IRI, and the terms kg gives a meaning to.

Every other module takes its IRIs from here (tests/test_vocab.py fails on a namespace IRI written
anywhere else in ``kg/``), so that what counts as a label or a definition, or where inferred triples
go, is decided in one place.

>>> RDFS + "label" == LABEL
True
>>> DEFINITIONS[0] == SKOS + "definition"
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyoxigraph as ox

__all__ = [
    "CATALOGUE",
    "DC",
    "DCTERMS",
    "DEFAULT_PREFIXES",
    "DEFINITIONS",
    "FORMATS",
    "GAI",
    "GENAI_KG",
    "INFERRED_IRI",
    "KG",
    "KGV",
    "LABEL",
    "LABELS",
    "NAMESPACES",
    "OBO",
    "OWL",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SCHEMA_NAMESPACES",
    "SD",
    "SH",
    "SKOS",
    "VANN",
    "XSD",
    "labels",
    "sparql_prefixes",
]

# -- the W3C and community vocabularies
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
DCTERMS = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
VANN = "http://purl.org/vocab/vann/"
#: The OBO Foundry's IRIs (IAO_0000115 is the definition annotation of the Information Artifact Ontology).
OBO = "http://purl.obolibrary.org/obo/"
#: schema.org, under the IRI it publishes today and the one it published first (both are in use).
SCHEMA = "https://schema.org/"
SCHEMA_NAMESPACES = (SCHEMA, "http://schema.org/")
#: SPARQL 1.1 Service Description, and the W3C's IRIs of the RDF and result formats.
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"

# -- ours
#: Where every IRI of the project lives (the ontology, the catalogue, the validation vocabulary).
GENAI_KG = "https://w3id.org/genai-kg/"
#: The GenAI ontology's terms.
GAI = GENAI_KG + "ontology#"
#: The generated catalogue's resources (``kg generate``).
CATALOGUE = GENAI_KG + "catalogue/"
#: The constraint components of the lint and the checks in a SHACL report graph.
KGV = GENAI_KG + "validation#"
#: kg's own names, never published: the named graph of inferred triples, the list-member pseudo-property.
KG = "urn:x-kg:"
#: The named graph that holds inferred triples.
INFERRED_IRI = KG + "inferred"

#: Every namespace above, by its usual prefix.
NAMESPACES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "sh": SH,
    "dcterms": DCTERMS,
    "dc": DC,
    "vann": VANN,
    "obo": OBO,
    "sd": SD,
    "formats": FORMATS,
    "gai": GAI,
    "kgv": KGV,
}

#: Prefixes every graph knows; sources add their own (the order is the order of a written file).
DEFAULT_PREFIXES: dict[str, str] = {
    "gai": GAI,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "sh": SH,
}

#: The predicate of a term's name.
LABEL = RDFS + "label"
#: What names a term, best first: the views fall back to ``skos:prefLabel``.
LABELS = (LABEL, SKOS + "prefLabel")
#: What defines a term, best first: the lint asks for one of them on every term of an ontology, and the
#: views and pages show the first one found.
DEFINITIONS = (
    SKOS + "definition",
    OBO + "IAO_0000115",
    RDFS + "comment",
    DCTERMS + "description",
    DC + "description",
)


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for a SPARQL query, one per prefix of :data:`NAMESPACES`.

    >>> print(sparql_prefixes("owl", "rdfs"), end="")
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {name}: <{NAMESPACES[name]}>\n" for name in names)


def labels(store: ox.Store, iris: Iterable[str], *, chunk: int = 500) -> dict[str, str]:
    """The ``rdfs:label`` of each IRI that has one, English or untagged first: the one label lookup.

    Args:
        store: the Oxigraph store (every graph of it is searched, the inferred one included).
        iris: the IRIs (bare); IRIs that cannot be written in SPARQL are skipped.
        chunk: how many IRIs to ask for in one query.

    >>> import kg
    >>> labels(kg.load().store, ["https://w3id.org/genai-kg/model/gpt-3-175b-davinci", "urn:nothing"])
    {'https://w3id.org/genai-kg/model/gpt-3-175b-davinci': 'GPT-3 175B (davinci)'}
    """

    wanted = sorted(set(iris))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), chunk):
        values = " ".join(f"<{iri}>" for iri in wanted[start : start + chunk] if ">" not in iri)
        if not values:
            continue
        query = (
            f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x <{LABEL}> ?l }} "
            "ORDER BY ?x DESC(langMatches(lang(?l), 'en')) DESC(lang(?l) = '') ?l"
        )
        for row in cast("ox.QuerySolutions", store.query(query, use_default_graph_as_union=True)):
            found.setdefault(row["x"].value, row["l"].value)
    return found
