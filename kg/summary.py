"""What a graph holds: the headers of its ontologies and the counts of its entities and triples
(:meth:`kg.graph.KnowledgeGraph.summary`, ``kg info``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg import vocab

__all__ = ["OntologyInfo", "Summary"]


@dataclass(frozen=True)
class OntologyInfo:
    """The header of one ontology in the graph.

    Attributes:
        iri: the ontology IRI.
        version_iri: its ``owl:versionIRI``, if any.
        version_info: its ``owl:versionInfo``, if any.
        title: its ``dcterms:title`` (or ``rdfs:label``), if any.
    """

    iri: str
    version_iri: str | None = None
    version_info: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Summary:
    """What a graph holds: its ontologies and the counts of its entities and triples."""

    ontologies: list[OntologyInfo] = field(default_factory=list)
    classes: int = 0
    object_properties: int = 0
    datatype_properties: int = 0
    annotation_properties: int = 0
    individuals: int = 0
    triples: int = 0
    inferred: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (for JSON).

        >>> Summary(triples=3).as_dict()["triples"]
        3
        """
        return {
            "ontologies": [vars(o) for o in self.ontologies],
            "classes": self.classes,
            "object_properties": self.object_properties,
            "datatype_properties": self.datatype_properties,
            "annotation_properties": self.annotation_properties,
            "individuals": self.individuals,
            "triples": self.triples,
            "inferred": self.inferred,
        }


_SUMMARY_QUERY = (
    vocab.sparql_prefixes("owl", "rdfs")
    + """SELECT
  (COUNT(DISTINCT ?class) AS ?classes) (COUNT(DISTINCT ?op) AS ?ops) (COUNT(DISTINCT ?dp) AS ?dps)
  (COUNT(DISTINCT ?ap) AS ?aps) (COUNT(DISTINCT ?ind) AS ?inds)
WHERE {
  { ?class a ?ct . VALUES ?ct { owl:Class rdfs:Class } FILTER isIRI(?class) }
  UNION { ?op a owl:ObjectProperty FILTER isIRI(?op) }
  UNION { ?dp a owl:DatatypeProperty FILTER isIRI(?dp) }
  UNION { ?ap a owl:AnnotationProperty FILTER isIRI(?ap) }
  UNION { ?ind a owl:NamedIndividual FILTER isIRI(?ind) }
  UNION { ?ind a ?c . ?c a owl:Class FILTER (isIRI(?ind) && isIRI(?c)) }
}
"""
)

_ONTOLOGY_QUERY = (
    vocab.sparql_prefixes("owl", "rdfs", "dcterms", "dc")
    + """SELECT ?o (SAMPLE(?v) AS ?version) (SAMPLE(?vi) AS ?info) (SAMPLE(?t) AS ?title) WHERE {
  ?o a owl:Ontology FILTER isIRI(?o)
  OPTIONAL { ?o owl:versionIRI ?v }
  OPTIONAL { ?o owl:versionInfo ?vi }
  OPTIONAL { ?o dcterms:title|dc:title|rdfs:label ?t }
} GROUP BY ?o ORDER BY ?o
"""
)
