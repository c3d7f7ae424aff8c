"""genai-kg: a knowledge-graph and ontology toolkit.

Load the embedded GenAI ontology and your own RDF, ask SPARQL questions, reason, validate, and draw
the graph::

    >>> import kg
    >>> graph = kg.load()
    >>> graph.query("cq01-llm-is-generative-ai").boolean
    True

The public names below are imported on first use, so that ``kg --help`` and ``import kg`` stay quick
(rdflib, Oxigraph, owlready2 and pyvis are loaded only by the code that needs them).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.catalogue import import_epoch
    from kg.errors import (
        KGError,
        QueryError,
        ReasonerError,
        RemoteError,
        SourceError,
        StoreError,
        ToolMissingError,
        UnknownNameError,
        UnsafeQueryError,
        UsageError,
    )
    from kg.graph import INFERRED, KnowledgeGraph, LoadProgress, Summary, load
    from kg.pages import render
    from kg.release import build
    from kg.remote import connect
    from kg.sparql import NamedQuery, Result, queries
    from kg.store import build_store, open_store
    from kg.validation import validate

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "INFERRED": "kg.graph",
    "KGError": "kg.errors",
    "KnowledgeGraph": "kg.graph",
    "LoadProgress": "kg.graph",
    "NamedQuery": "kg.sparql",
    "QueryError": "kg.errors",
    "ReasonerError": "kg.errors",
    "RemoteError": "kg.errors",
    "Result": "kg.sparql",
    "SourceError": "kg.errors",
    "StoreError": "kg.errors",
    "Summary": "kg.graph",
    "ToolMissingError": "kg.errors",
    "UnknownNameError": "kg.errors",
    "UnsafeQueryError": "kg.errors",
    "UsageError": "kg.errors",
    "build": "kg.release",
    "build_store": "kg.store",
    "connect": "kg.remote",
    "import_epoch": "kg.catalogue",
    "load": "kg.graph",
    "open_store": "kg.store",
    "queries": "kg.sparql",
    "render": "kg.pages",
    "validate": "kg.validation",
}

# the same names, written out for tools that read __all__ without running the module (a test compares)
__all__ = [
    "INFERRED",
    "KGError",
    "KnowledgeGraph",
    "LoadProgress",
    "NamedQuery",
    "QueryError",
    "ReasonerError",
    "RemoteError",
    "Result",
    "SourceError",
    "StoreError",
    "Summary",
    "ToolMissingError",
    "UnknownNameError",
    "UnsafeQueryError",
    "UsageError",
    "__version__",
    "build",
    "build_store",
    "connect",
    "import_epoch",
    "load",
    "open_store",
    "queries",
    "render",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("genai-kg")
        except PackageNotFoundError:  # running from a checkout that was never installed
            value = "0+unknown"
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif importlib.util.find_spec(f"kg.{name}") is not None:
        value = importlib.import_module(f"kg.{name}")  # kg.graph.DEFAULT_PREFIXES before any kg.load()
    else:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
