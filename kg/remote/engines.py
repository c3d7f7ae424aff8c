"""What differs between SPARQL engines, in one place: a named profile per engine.

Everything else is the standard SPARQL 1.1 Protocol and Graph Store Protocol. A profile says where an
engine serves queries, updates and the Graph Store Protocol (given any one of its URLs), whether its
default graph is the union of all graphs, and how large a request body it takes. The engine is told
from the ``Server`` header of its answers (``Virtuoso/07.20…``, ``Oxigraph/0.5…``) or chosen with
``--engine``.

============  =====================================  ==========================================
engine        Virtuoso 7                             Oxigraph server
============  =====================================  ==========================================
query         ``/sparql``                            ``/query``
update        ``/sparql-auth`` (digest) when         ``/update``
              credentials are given, else ``/sparql``
graph store   ``/sparql-graph-crud-auth`` (digest);  ``/store``
              the open ``/sparql-graph-crud`` is 403
default graph the union of every graph, system        its own graph
              graphs included: writes need --graph
============  =====================================  ==========================================
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kg.errors import UnknownNameError

__all__ = ["ENGINES", "Endpoints", "Engine", "detect", "engine"]


@dataclass(frozen=True)
class Engine:
    """The profile of one SPARQL engine.

    >>> ENGINES["virtuoso"].store_path(authenticated=True)
    '/sparql-graph-crud-auth'
    """

    #: The profile's name (``--engine``).
    name: str
    #: The start of the ``Server`` header the engine sends.
    server: str | None
    #: Paths of its services, relative to the server's root; ``None``: the URL given is used.
    query: str | None
    update: str | None
    store: str | None
    #: Services that need credentials, where they differ from the open ones.
    update_auth: str | None = None
    store_auth: str | None = None
    #: Its default graph is the union of every graph (so a named graph cannot be told apart in it).
    union_default_graph: bool = False
    #: The size of one upload's body by default, in bytes.
    chunk_bytes: int = 4 * 1024 * 1024
    #: URL parameters of the Graph Store uploads of chunks that may be sent again (no blank nodes).
    bulk_parameters: str = ""

    def store_path(self, *, authenticated: bool) -> str | None:
        """The Graph Store Protocol path to use, with or without credentials."""
        return (self.store_auth if authenticated else None) or self.store

    def update_path(self, *, authenticated: bool) -> str | None:
        """The update path to use, with or without credentials."""
        return (self.update_auth if authenticated else None) or self.update


ENGINES: dict[str, Engine] = {
    "virtuoso": Engine(
        "virtuoso",
        "Virtuoso/",
        query="/sparql",
        update="/sparql",
        store="/sparql-graph-crud",
        update_auth="/sparql-auth",
        store_auth="/sparql-graph-crud-auth",
        union_default_graph=True,
        # Virtuoso parses each upload in one transaction; a few MB keep its memory and locks small
        chunk_bytes=4 * 1024 * 1024,
    ),
    "oxigraph": Engine(
        "oxigraph",
        "Oxigraph/",
        query="/query",
        update="/update",
        store="/store",
        # its bulk loader instead of a transaction per upload (2-4x faster): safe for chunks that can be
        # sent again, and lenient because the triples were parsed (so checked) by Oxigraph on our side
        chunk_bytes=16 * 1024 * 1024,
        bulk_parameters="no_transaction&lenient",
    ),
    "generic": Engine("generic", None, query=None, update=None, store=None),
}


def engine(name: str) -> Engine:
    """The profile of that name.

    Raises:
        UnknownNameError: listing the profiles.

    >>> engine("oxigraph").query
    '/query'
    """
    if name.lower() not in ENGINES:
        raise UnknownNameError("engine", name, ENGINES)
    return ENGINES[name.lower()]


def detect(server_header: str | None) -> Engine:
    """The profile of the engine that sent this ``Server`` header; ``generic`` when it is not known.

    >>> detect("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu").name, detect("nginx").name
    ('virtuoso', 'generic')
    """
    for profile in ENGINES.values():
        if profile.server and (server_header or "").startswith(profile.server):
            return profile
    return ENGINES["generic"]


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one server's services, as a profile derives them from any one of them.

    >>> e = Endpoints.of("http://127.0.0.1:7878/query", ENGINES["oxigraph"])
    >>> e.query, e.update, e.store
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    """

    query: str
    update: str
    store: str
    engine: Engine

    @classmethod
    def of(cls, url: str, profile: Engine, *, authenticated: bool = False) -> Endpoints:
        """The services of the server at ``url`` (any of its service URLs, or its root)."""
        parts = urlsplit(url)
        known = [
            p
            for p in (profile.query, profile.update, profile.store, profile.update_auth, profile.store_auth)
            if p
        ]
        path = parts.path.rstrip("/")
        root = path
        for p in sorted(known, key=len, reverse=True):
            if path.endswith(p):
                root = path[: -len(p)]
                break

        def at(service: str | None) -> str:
            if service is None:  # generic: the URL as given
                return url
            return urlunsplit((parts.scheme, parts.netloc, root + service, "", ""))

        return cls(
            query=at(profile.query),
            update=at(profile.update_path(authenticated=authenticated)),
            store=at(profile.store_path(authenticated=authenticated)),
            engine=profile,
        )
