"""Nodes named by people: ``gai:GPT3``, ``<https://…>`` or a bare IRI, resolved strictly.

A name with an unknown prefix, or an IRI the graph never mentions, is an error that says what would
work (the known prefixes, the closest labels), never a silent empty answer. ``kg viz --around`` and
``kg query --bind`` use the same rules, and a named query's ``# parameters:`` must all be bound.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kg.bindings import BindingError, parse_binding, unknown_prefix
from kg.errors import KGError
from kg.vocab import LABEL as _LABEL

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = [
    "NodeNotFoundError",
    "check_present",
    "closest_labels",
    "expand",
    "query_parameters",
    "resolve",
    "resolve_bindings",
]

_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)\Z")
_PARAMETER = re.compile(r"([A-Za-z_]\w*)\s*(\(optional[^)]*\))?\s*(?:—|--|-|:)")
#: How many labels are read to suggest the closest ones (a bound on a huge or remote graph).
_MAX_LABELS = 200_000


class NodeNotFoundError(KGError):
    """A node the graph does not mention, with the closest labels it has."""


def expand(text: str, prefixes: Mapping[str, str]) -> str:
    """The IRI ``text`` names: ``<IRI>``, a prefixed name with a known prefix, or an absolute IRI.

    Raises:
        BindingError: for a prefixed name whose prefix is not known.

    >>> expand("gai:GPT3", {"gai": "https://w3id.org/genai-kg/ontology#"})
    'https://w3id.org/genai-kg/ontology#GPT3'
    >>> expand("ex:X", {"gai": "https://w3id.org/genai-kg/ontology#"})
    Traceback (most recent call last):
    ...
    kg.bindings.BindingError: unknown prefix 'ex:' in ex:X (no file loaded declares it); known prefixes: ...
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    match = _PNAME.match(text)
    if match is not None:
        prefix = match.group(1) or ""
        if prefix not in prefixes:
            raise BindingError(unknown_prefix(prefix, prefixes, text))
        return prefixes[prefix] + match.group(2)
    return text


def _mentioned(graph: KnowledgeGraph, iri: str) -> bool:
    node = f"<{iri}>"
    ask = f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} UNION {{ ?s {node} ?o }} }}"
    try:
        return bool(graph.query(ask, inferred=True).boolean)
    except KGError:  # not an IRI the engine accepts
        return False


def closest_labels(graph: KnowledgeGraph, wanted: str, count: int = 3) -> list[str]:
    """The ``count`` labels (or local names) of the graph closest to ``wanted``, as ``label (short IRI)``.

    >>> import kg
    >>> closest_labels(kg.load(), "gai:GTP3", 1)
    ['GPT-3 (v1 name) (gai:GPT3)']
    """
    local = re.split(r"[#/:]", wanted.strip("<>"))[-1].lower()
    rows = graph.query(
        f"SELECT DISTINCT ?x ?l WHERE {{ ?x <{_LABEL}> ?l FILTER isIRI(?x) }} LIMIT {_MAX_LABELS}"
    )
    names: dict[str, str] = {}
    for row in rows.raw():
        iri, label = row["x"].value, row["l"].value
        names.setdefault(label.lower(), f"{label} ({graph.shorten(iri)})")
        short = re.split(r"[#/:]", iri)[-1].lower()
        names.setdefault(short, f"{label} ({graph.shorten(iri)})")
    found: list[str] = []
    for key in difflib.get_close_matches(local, list(names), n=count * 3, cutoff=0.5):
        if names[key] not in found:
            found.append(names[key])
    return found[:count]


def check_present(graph: KnowledgeGraph, iri: str, written: str, what: str = "the node") -> None:
    """Refuse an IRI the graph never mentions (as subject, property or object), naming the closest labels.

    Raises:
        NodeNotFoundError: when no triple mentions ``iri``.

    >>> import kg
    >>> check_present(kg.load(), "https://w3id.org/genai-kg/ontology#GTP3", "gai:GTP3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.nodes.NodeNotFoundError: the node gai:GTP3 is not in the graph; closest: GPT-3 (v1 name) (gai:GPT3)...
    """
    if _mentioned(graph, iri):
        return
    close = closest_labels(graph, iri)
    hint = f"closest: {', '.join(close)}" if close else "give an IRI or a prefixed name it uses"
    loaded = f" (loaded: {', '.join(graph.sources)})" if graph.sources else ""
    raise NodeNotFoundError(f"{what} {written} is not in the graph{loaded if not close else ''}; {hint}")


def resolve(graph: KnowledgeGraph, text: str, what: str = "the node") -> str:
    """Expand a node's name (see :func:`expand`) and check the graph mentions it.

    >>> import kg
    >>> resolve(kg.load(), "gai:GPT3")
    'https://w3id.org/genai-kg/ontology#GPT3'
    """
    iri = expand(text, graph.prefixes)
    check_present(graph, iri, text, what)
    return iri


def resolve_bindings(graph: KnowledgeGraph, items: Iterable[str]) -> dict[str, Any]:
    """Values of query variables written ``NAME=VALUE`` (``kg query --bind``), resolved strictly: a
    prefixed name needs a known prefix, and an IRI must be one the graph mentions.

    Raises:
        BindingError: for an item that is not ``NAME=VALUE``, or a value that cannot be read.
        NodeNotFoundError: for an IRI the graph never mentions.

    >>> import kg
    >>> resolve_bindings(kg.load(), ["m=gai:GPT3", "n=3"])["m"]
    rdflib.term.URIRef('https://w3id.org/genai-kg/ontology#GPT3')
    """
    from rdflib import URIRef

    values: dict[str, Any] = {}
    for item in items:
        name, value = parse_binding(item, graph.prefixes)
        if isinstance(value, URIRef):
            check_present(graph, str(value), f"{item.partition('=')[2].strip()} (?{name})")
        values[name] = value
    return values


def query_parameters(meta: Mapping[str, str]) -> dict[str, bool]:
    """The parameters a named query's header declares: name → whether it must be bound.

    ``# parameters: node — the IRI …; class (optional: every class) — …``: a parameter marked
    ``(optional…)`` may stay unbound.

    >>> query_parameters({"parameters": "node — the node; class (optional: all) — a class"})
    {'node': True, 'class': False}
    """
    declared = meta.get("parameters", "")
    found: dict[str, bool] = {}
    for part in declared.split(";"):
        match = _PARAMETER.match(part.strip())
        if match is not None:
            found[match.group(1)] = match.group(2) is None
    return found


def check_bound(meta: Mapping[str, str], bound: Mapping[str, Any], source: str) -> None:
    """Refuse to run a named query whose required parameters are not all bound.

    >>> check_bound({"parameters": "node — the node"}, {}, "neighbours")
    Traceback (most recent call last):
    ...
    kg.bindings.BindingError: neighbours needs a value for ?node (--bind node=VALUE: the node)
    """
    required = [name for name, needed in query_parameters(meta).items() if needed and name not in bound]
    if required:
        described = {
            m.group(1): part.split("—", 1)[-1].strip()
            for part in meta.get("parameters", "").split(";")
            if (m := _PARAMETER.match(part.strip())) is not None
        }
        listed = ", ".join(f"?{name}" for name in required)
        how = "; ".join(f"--bind {name}=VALUE: {described.get(name) or 'a value'}" for name in required)
        raise BindingError(f"{source} needs a value for {listed} ({how})")
