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

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kg.errors import UnknownNameError

__all__ = [
    "ENGINES",
    "Endpoints",
    "Engine",
    "detect",
    "engine",
    "group_keys_selected",
    "inline_data_first",
    "integral_decimals_as_integers",
    "isolate_closures",
]


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
    #: Rewrites a query into a form the engine answers correctly (its known bugs), or ``None``.
    adapt: Callable[[str], str] | None = None
    #: Rewrites a SPARQL JSON results body back to what was stored, or ``None``.
    adapt_results: Callable[[bytes], bytes] | None = None
    #: A 5xx answer whose body matches this is the query's fault, not a passing failure: not retried.
    permanent_error: re.Pattern[bytes] | None = None

    def adapt_query(self, text: str) -> str:
        """The query as this engine should get it."""
        return self.adapt(text) if self.adapt is not None else text

    def store_path(self, *, authenticated: bool) -> str | None:
        """The Graph Store Protocol path to use, with or without credentials."""
        return (self.store_auth if authenticated else None) or self.store

    def update_path(self, *, authenticated: bool) -> str | None:
        """The update path to use, with or without credentials."""
        return (self.update_auth if authenticated else None) or self.update


_TERM = r"(?:[?$]\w+|<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*)"
_PATH_TRIPLE = re.compile(
    rf"(?P<s>{_TERM})\s+(?P<p>[^\s{{}};,]*[:>][^\s{{}};,]*[*+])\s+(?P<o>{_TERM})\s*(?P<end>[.;}}])"
)


def isolate_closures(text: str) -> str:
    """Each triple pattern with a ``*`` or ``+`` path in a subquery of its own.

    Virtuoso 7 drops or mixes up solutions when such a path is joined with a ``UNION`` or a ``FILTER``
    in the same group (cq03 gives one of its three answers; cq02 fails to compile); alone in a
    subquery it is right.

    >>> isolate_closures("SELECT ?c WHERE { ?c rdfs:subClassOf* gai:A . ?c a ?t }")
    'SELECT ?c WHERE { { SELECT ?c WHERE { ?c rdfs:subClassOf* gai:A } } ?c a ?t }'
    """

    def rewrite(match: re.Match[str]) -> str:
        before = re.sub(r"#[^\n<>\"]*$", "", text[: match.start()], flags=re.M).rstrip()  # comments out
        if before and before[-1] not in "{.}":  # not at the start of a triple pattern
            return match.group(0)
        s, p, o, end = match.group("s", "p", "o", "end")
        names = [t for t in (s, o) if t[0] in "?$"]
        projection = " ".join(dict.fromkeys(names)) if names else "*"
        block = f"{{ SELECT {projection} WHERE {{ {s} {p} {o} }} }}"
        if end == ";":  # the subject goes on with more predicates
            return f"{block} {s}"
        return f"{block} }}" if end == "}" else block

    return _PATH_TRIPLE.sub(rewrite, text)


_INLINE_DATA = re.compile(r"VALUES\s+(?P<var>[?$]\w+)\s*\{(?P<values>[^{}]*)\}")


def inline_data_first(text: str) -> str:
    """Each one-variable ``VALUES`` block moved to the start of its group.

    Virtuoso 7 crashes (the server process dies) on a ``VALUES`` block that follows a ``BIND`` and a
    ``UNION`` in the same group, which is where the graph views put the nodes they focus on. Where the
    group binds the variable itself (``BIND(… AS ?v)``), the block becomes a ``FILTER(?v IN (…))``.

    >>> inline_data_first("SELECT * WHERE { ?s ?p ?o . BIND(1 AS ?x) VALUES ?s { <a> <b> } }")
    'SELECT * WHERE { VALUES ?s { <a> <b> } ?s ?p ?o . BIND(1 AS ?x)  }'
    >>> inline_data_first("SELECT * WHERE { ?s ?p ?f BIND(?f AS ?o) VALUES ?o { <a> <b> } }")
    'SELECT * WHERE { ?s ?p ?f BIND(?f AS ?o) FILTER(?o IN (<a>, <b>)) }'
    """
    while True:
        match = next(
            (
                m
                for m in _INLINE_DATA.finditer(text)
                if not _group_start(text, m.start()).endswith("{ VALUES")
            ),
            None,
        )
        if match is None:
            return text
        var, values = match.group("var"), match.group("values").split()
        start = _enclosing_brace(text, match.start())
        if start is None:
            return text
        if re.search(rf"\bAS\s+\{var}\s*\)", text[start : match.start()], re.I):
            return text[: match.start()] + f"FILTER({var} IN ({', '.join(values)}))" + text[match.end() :]
        block = match.group(0)
        text = text[: match.start()] + text[match.end() :]
        text = text[: start + 1] + f" {block}" + text[start + 1 :]


def _enclosing_brace(text: str, position: int) -> int | None:
    depth = 0
    for i in range(position - 1, -1, -1):
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth == 0:
                return i
            depth -= 1
    return None


def _group_start(text: str, position: int) -> str:
    """``"{ VALUES"`` when only other blocks of inline data come before ``position`` in its group."""
    start = _enclosing_brace(text, position)
    if start is None:
        return ""
    return "{ VALUES" if _ONLY_DATA.fullmatch(text[start + 1 : position]) else ""


_ONLY_DATA = re.compile(r"(?:\s*VALUES\s+[?$]\w+\s*\{[^{}]*\})*\s*")


_GROUP_ALIAS = re.compile(r"GROUP\s+BY\s*\((?P<expr>.+?)\s+AS\s+(?P<var>[?$]\w+)\s*\)", re.I | re.S)


def group_keys_selected(text: str) -> str:
    """``GROUP BY (expr AS ?v)`` with ``?v`` selected, as ``SELECT (expr AS ?v) … GROUP BY expr``.

    Virtuoso 7 refuses the first form ("Alias ?v is defined twice"), which SPARQL 1.1 allows.

    >>> group_keys_selected("SELECT ?y (COUNT(*) AS ?n) WHERE { ?s ?p ?d } GROUP BY (YEAR(?d) AS ?y)")
    'SELECT (YEAR(?d) AS ?y) (COUNT(*) AS ?n) WHERE { ?s ?p ?d } GROUP BY YEAR(?d)'
    """
    for match in reversed(list(_GROUP_ALIAS.finditer(text))):
        expr, var = match.group("expr"), match.group("var")
        select = text.rfind("SELECT", 0, match.start())
        where = text.find("WHERE", select)
        if select < 0 or where < 0:
            continue
        head = re.sub(rf"(?<![\w(]){re.escape(var)}(?!\w)", f"({expr} AS {var})", text[select:where], count=1)
        text = text[:select] + head + text[where : match.start()] + f"GROUP BY {expr}" + text[match.end() :]
    return text


def _virtuoso_query(text: str) -> str:
    return inline_data_first(isolate_closures(group_keys_selected(text)))


_INTEGRAL_DECIMAL = re.compile(
    rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#)decimal("\s*,\s*"value"\s*:\s*"-?\d+")'
)


def integral_decimals_as_integers(body: bytes) -> bytes:
    """SPARQL JSON results with decimals written without a point read as integers.

    Virtuoso's loader stores an ``xsd:integer`` above 2^31 as an ``xsd:decimal`` (GPT-3's
    175000000000 parameters come back as ``"175000000000"^^xsd:decimal``); its decimals that were
    decimals keep their point (``1.5``), so the integers can be told apart.

    >>> integral_decimals_as_integers(b'"datatype": "http://www.w3.org/2001/XMLSchema#decimal", "value": "7"')
    b'"datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "7"'
    """
    return _INTEGRAL_DECIMAL.sub(rb"\1integer\2", body)


_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')


def virtuoso_results(body: bytes) -> bytes:
    """Virtuoso's SPARQL JSON results made readable: integral decimals as integers
    (:func:`integral_decimals_as_integers`), and its blank nodes (``nodeID://b10006``, which is not a
    blank node label) by the label after ``nodeID://``.

    >>> virtuoso_results(b'{"type": "bnode", "value": "nodeID://b10006"}')
    b'{"type": "bnode", "value": "b10006"}'
    """
    return _VIRTUOSO_BNODE.sub(rb"\1", integral_decimals_as_integers(body))


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
        adapt=_virtuoso_query,
        adapt_results=virtuoso_results,
        # its SPARQL compiler's errors come as 500 "SPARQL Request Failed"; asking again changes nothing
        permanent_error=re.compile(rb"Virtuoso \w+ Error (SP|SQ|TR|37000)"),
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
