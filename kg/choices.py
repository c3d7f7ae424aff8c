"""The names the library accepts where a caller chooses (profiles, views, formats …), defined once.

This module imports nothing, so that the command line can offer the choices in ``--help`` without
loading the engines; the modules that check a choice take it from here (``kg.reasoning.PROFILES`` is
:data:`PROFILES`, ``kg.network.VIEWS`` is :data:`VIEWS` …).

>>> "rl" in PROFILES and "summary" in VIEWS
True
"""

from __future__ import annotations

__all__ = [
    "DIFF_FORMATS",
    "DRAWN_VIEWS",
    "ENGINES",
    "FAIL_ON",
    "GRAPH_RESULT_FORMATS",
    "PROFILES",
    "REPORT_FORMATS",
    "ROW_RESULT_FORMATS",
    "SCHEMA_LAYOUTS",
    "VIEWS",
]

#: The reasoning profiles: ``dl`` (OWL 2 DL with HermiT) and ``rl`` (OWL 2 RL rules).
PROFILES = ("dl", "rl")

#: The views of a graph that :func:`kg.network.to_networkx` builds.
VIEWS = ("schema", "instances", "full", "neighbourhood", "summary", "query")
#: The views drawn of a whole graph (``kg viz --view``); the neighbourhood and query views are drawn
#: around a node or of a query's answer instead.
DRAWN_VIEWS = ("schema", "instances", "full", "summary")
#: The layouts of the schema view (:func:`kg.schema_view.schema_view`, ``kg viz --layout``): ``tree``
#: (each branch of the class tree in a block of its own), ``force`` (physics) or ``auto`` (by size).
SCHEMA_LAYOUTS = ("auto", "tree", "force")

#: The output formats of a validation report: plain text, JSON, or the SHACL report graph in Turtle.
REPORT_FORMATS = ("text", "json", "turtle")
#: The thresholds of ``kg validate --fail-on``: the least severe finding that makes it exit 1.
FAIL_ON = ("error", "warning")

#: The output formats of an ontology difference (:meth:`kg.diff.OntologyDiff.serialize`).
DIFF_FORMATS = ("text", "markdown", "json")

#: The formats of SELECT and ASK answers (SPARQL 1.1 results); ``kg.sparql.RESULT_FORMATS`` maps them
#: to the engine's.
ROW_RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: The formats of CONSTRUCT and DESCRIBE answers; ``kg.sparql.GRAPH_FORMATS`` maps them to the engine's.
GRAPH_RESULT_FORMATS = ("turtle", "nt", "xml", "json-ld")

#: The profiles of remote engines (``--engine``); :data:`kg.remote.engines.ENGINES` holds one per name.
ENGINES = ("generic", "oxigraph", "virtuoso")
