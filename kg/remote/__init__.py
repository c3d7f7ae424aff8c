"""Remote SPARQL engines: query any SPARQL 1.1 endpoint, upload through the Graph Store Protocol.

- :mod:`kg.remote.auth`: credentials from the environment, ``~/.netrc`` or a prompt; digest and basic.
- :mod:`kg.remote.engines`: what differs between Virtuoso, Oxigraph server and the rest, in one place.
- :mod:`kg.remote.client`: one connection to a server, with retries and clear errors.
- :mod:`kg.remote.store`: a remote endpoint seen as a read-only store, for queries and views.
- :mod:`kg.remote.upload`: chunked, resumable uploads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph
    from kg.remote.auth import Credentials
    from kg.remote.client import Connection
    from kg.remote.engines import ENGINES, Engine
    from kg.remote.store import RemoteStore
    from kg.remote.upload import push, stream_quads, stream_triples

# Loaded on first use: the command line reads kg.remote.engines for its --engine choices, and `kg --help`
# must not pay for httpx and pyoxigraph (tests/test_cli.py checks what it imports).
_LAZY = {
    "Credentials": "kg.remote.auth",
    "Connection": "kg.remote.client",
    "ENGINES": "kg.remote.engines",
    "Engine": "kg.remote.engines",
    "push": "kg.remote.upload",
    "stream_quads": "kg.remote.upload",
    "stream_triples": "kg.remote.upload",
    "RemoteStore": "kg.remote.store",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.remote' has no attribute {name!r}")


__all__ = [
    "ENGINES",
    "Connection",
    "Credentials",
    "Engine",
    "RemoteStore",
    "connect",
    "push",
    "stream_quads",
    "stream_triples",
]


def connect(url: str, *, graph: str | None = None, **options: Any) -> KnowledgeGraph:
    """A :class:`~kg.graph.KnowledgeGraph` whose triples live at a remote SPARQL endpoint.

    Args:
        url: the query endpoint.
        graph: read only this named graph (as the default graph).
        **options: options of :class:`~kg.remote.client.Connection` (``engine``, ``credentials``,
            ``headers``, ``timeout``, ``retries`` …).

    >>> connect("http://127.0.0.1:7878/sparql").sources
    ['http://127.0.0.1:7878/sparql']
    """
    from kg.graph import KnowledgeGraph
    from kg.remote.store import RemoteStore

    graph_view = KnowledgeGraph(store=RemoteStore(url, graph=graph, **options))  # type: ignore[arg-type]
    graph_view.sources.append(url)
    return graph_view
