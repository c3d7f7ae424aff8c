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
from kg.vocab import RDF

__all__ = [
    "ENGINES",
    "Edges",
    "Endpoints",
    "Engine",
    "blank_node_labels",
    "detect",
    "engine",
    "group_keys_selected",
    "inline_closures",
    "inline_data_first",
    "integral_decimals_as_integers",
    "isolate_closures",
]

#: Reads the direct edges of a property (``<IRI>``) as pairs of SPARQL terms, or ``None`` when there are
#: more than an inlined closure may hold.
Edges = Callable[[str], "list[tuple[str, str]] | None"]


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
    #: How many chunks of an upload may be on their way at once by default.
    parallel_uploads: int = 1
    #: Rewrites a query into a form the engine answers correctly (its known bugs), or ``None``.
    adapt: Callable[[str], str] | None = None
    #: Rewrites a SPARQL JSON results body back to what was stored, or ``None``.
    adapt_results: Callable[[bytes], bytes] | None = None
    #: A 5xx answer whose body matches this is the query's fault, not a passing failure: not retried.
    permanent_error: re.Pattern[bytes] | None = None
    #: Its closures (``p*``, ``p+``) are computed by kg and sent as the terms they reach (see
    #: :func:`inline_closures`), because the engine gets them wrong when they are joined.
    closures_inlined: bool = False
    #: How a query names a blank node of an earlier answer (``{}``: its label), or ``None`` if it cannot.
    blank_node_iri: str | None = None

    def adapt_query(self, text: str, edges: Edges | None = None) -> str:
        """The query as this engine should get it; ``edges`` reads a property's edges for closures."""
        if self.closures_inlined and edges is not None:
            text = inline_closures(text, edges)
        return self.adapt(text) if self.adapt is not None else text

    def term(self, term: str, *, blank: bool) -> str | None:
        """A term of an answer (``<IRI>``, a literal, or a blank node's label) as a query writes it."""
        if not blank:
            return term
        return f"<{self.blank_node_iri.format(term)}>" if self.blank_node_iri else None

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
        if not _at_pattern_start(text, match.start()):
            return match.group(0)
        s, p, o, end = match.group("s", "p", "o", "end")
        names = [t for t in (s, o) if t[0] in "?$"]
        projection = " ".join(dict.fromkeys(names)) if names else "*"
        block = f"{{ SELECT {projection} WHERE {{ {s} {p} {o} }} }}"
        if end == ";":  # the subject goes on with more predicates
            return f"{block} {s}"
        return f"{block} }}" if end == "}" else block

    return _PATH_TRIPLE.sub(rewrite, text)


#: Most terms an inlined closure may hold, and most edges read to compute it (beyond: left to the engine).
CLOSURE_TERMS = 2_000
CLOSURE_EDGES = 50_000

_RDF_TYPE = f"<{RDF}type>"
_IRI = r"(?:<[^<>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*|a(?=[\s/*+]))"
_CLOSURE = re.compile(
    rf"(?P<s>{_TERM})\s+(?:(?P<first>{_IRI})\s*/\s*)?(?P<inverse>\^)?(?P<p>{_IRI})(?P<mod>[*+])"
    rf"\s+(?P<o>{_TERM})\s*(?P<end>[.;}}])"
)
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^<>\s]*)>", re.I)
_OTHER_DATA = re.compile(r"\b(?:FROM|GRAPH|SERVICE)\b", re.I)
_STAR = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.I)


def inline_closures(text: str, edges: Edges) -> str:
    """Each closure (``?c rdfs:subClassOf* gai:A``, ``?m a/rdfs:subClassOf* gai:A``, ``?n p+ ?c``) replaced
    by the terms it reaches, computed from the property's edges.

    Virtuoso 7 answers such patterns alone, but joined with other patterns, under ``FILTER NOT EXISTS``
    or next to a second closure it drops or keeps rows it should not (cq06, cq10, cq11). The edges of
    the property are read with one plain query and the closure is followed here; the pattern becomes a
    ``VALUES`` block (a ``FILTER(… IN …)`` inside ``EXISTS``, whose outer variables are bound). Closures
    over more than :data:`CLOSURE_EDGES` edges or reaching more than :data:`CLOSURE_TERMS` terms, ``?x p*
    ?y`` (every node reaches itself) and queries reading other graphs (``FROM``, ``GRAPH``) are left
    to the engine.

    >>> edges = lambda p: [("<B>", "<A>"), ("<C>", "<B>")]
    >>> inline_closures("SELECT ?c WHERE { ?c <sub>* <A> . ?c <p> ?v }", edges)
    'SELECT ?c WHERE { VALUES ?c { <A> <B> <C> } ?c <p> ?v }'
    >>> inline_closures("SELECT ?m WHERE { ?m <p> ?v FILTER NOT EXISTS { ?m a/<sub>+ <A> } }", edges)
    'SELECT ?m WHERE { ?m <p> ?v FILTER NOT EXISTS { ?m a ?kgClosure1 . FILTER(?kgClosure1 IN (<B>, <C>)) } }'
    """
    if _OTHER_DATA.search(_without_comments(text)):
        return text
    prefixes = dict(_PREFIX.findall(text))
    fresh_allowed = not _STAR.search(text)
    based = re.search(r"\bBASE\s*<", text, re.I) is not None
    read: dict[str, list[tuple[str, str]] | None] = {}
    counter = 0

    def cached(predicate: str) -> list[tuple[str, str]] | None:
        if predicate not in read:
            read[predicate] = edges(predicate)
        return read[predicate]

    def expand(term: str) -> str | None:
        if term == "a":
            return _RDF_TYPE
        if term.startswith("<"):
            return term if ":" in term or not based else None  # (a relative IRI is resolved by the engine)
        prefix, _, local = term.partition(":")
        return f"<{prefixes[prefix]}{local}>" if prefix in prefixes else None

    def rewrite(match: re.Match[str]) -> str:
        nonlocal counter
        if not _at_pattern_start(text, match.start()):
            return match.group(0)
        s, first, p, mod, o, end = match.group("s", "first", "p", "mod", "o", "end")
        predicate = expand(p)
        if predicate is None or (first is not None and not fresh_allowed):
            return match.group(0)
        pairs = cached(predicate)
        if pairs is None:
            return match.group(0)
        if match.group("inverse"):
            pairs = [(b, a) for a, b in pairs]
        in_exists = _inside_exists(text, match.start())
        head = ""
        if first is not None:
            counter += 1
            head, s = f"{s} {first} ?kgClosure{counter} . ", f"?kgClosure{counter}"
        constraint = _closure_constraint(s, o, mod == "*", pairs, expand, in_exists, text, match)
        if constraint is None:
            return match.group(0)
        body = head + constraint
        if end == ";":
            return f"{body} {match.group('s')}"
        return f"{body} }}" if end == "}" else body

    return _inline_compound_closures(_CLOSURE.sub(rewrite, text), cached, expand)


_COMPOUND = re.compile(
    rf"(?P<s>{_TERM})\s+(?P<path>[^\s{{}};,]*[(|][^\s{{}};,]*)\s+(?P<o>{_TERM})\s*(?P<end>[.;}}])"
)


def _inline_compound_closures(text: str, edges: Edges, expand: Callable[[str], str | None]) -> str:
    """Each closure over a compound path (``gai:A (rdfs:subClassOf|owl:equivalentClass/…/rdf:first)* ?c``)
    with a constant end replaced by the terms it reaches, followed by :func:`kg.remote.paths.follow`.

    >>> edges = {"<sub>": [("<B>", "<A>")], "<eq>": [("<C>", "<B>")]}.get
    >>> _inline_compound_closures("SELECT ?c WHERE { ?c (<sub>|<eq>)* <A> . }", edges, lambda t: t)
    'SELECT ?c WHERE { VALUES ?c { <A> <B> <C> } }'
    """
    from kg.remote.paths import follow, parse_path

    def rewrite(match: re.Match[str]) -> str:
        if not _at_pattern_start(text, match.start()):
            return match.group(0)
        s, written, o, end = match.group("s", "path", "o", "end")
        path = parse_path(written, expand)
        variables = [t for t in (s, o) if t[0] in "?$"]
        if path is None or not re.search(r"[*+]", written) or len(variables) == 2:
            return match.group(0)
        known = [expand(t) for t in (s, o) if t[0] not in "?$"]
        if any(k is None for k in known):
            return match.group(0)
        forward = s not in variables  # from the subject when it is known (both known: to the object)
        reached = follow(path, {str(known[0])}, edges, forward=forward, limit=CLOSURE_TERMS)
        if reached is None:
            return match.group(0)
        if not variables:
            body = "" if known[1] in reached else "FILTER(false)"
        else:
            in_exists = _inside_exists(text, match.start())
            if in_exists and not _bound_elsewhere(text, match, variables[0]):
                return match.group(0)  # a FILTER does not bind: the variable must be bound elsewhere
            constraint = _one_of(variables[0], sorted(reached), in_exists)
            if constraint is None:
                return match.group(0)
            body = constraint
        if end == ";":
            return f"{body} {s}"
        return f"{body} }}" if end == "}" else body

    return _COMPOUND.sub(rewrite, text)


def _closure_constraint(
    s: str,
    o: str,
    reflexive: bool,
    pairs: list[tuple[str, str]],
    expand: Callable[[str], str | None],
    in_exists: bool,
    text: str,
    match: re.Match[str],
) -> str | None:
    """The VALUES block or FILTER that stands for ``s p* o`` (``p+`` unless ``reflexive``), or ``None``."""
    variables = [t for t in (s, o) if t[0] in "?$"]
    if in_exists:
        # a FILTER does not bind: the variables must be bound elsewhere (outside, or in the block)
        unbound = [v for v in variables if not _bound_elsewhere(text, match, v)]
        if any("kgClosure" not in v for v in unbound):
            return None
    if len(variables) == 2:
        if reflexive:
            return None  # every node of the graph reaches itself: too many to name
        following = _following(pairs)
        reached = [(a, b) for a in sorted(following) for b in sorted(_reach(following, a))]
        if s == o:
            return _one_of(s, [a for a, b in reached if a == b], in_exists)
        if len(reached) > CLOSURE_TERMS:
            return None
        if in_exists:
            # (= rather than sameTerm: Virtuoso 7 gets a disjunction of sameTerm() wrong)
            either = " || ".join(f"({s} = {a} && {o} = {b})" for a, b in reached)
            return f"FILTER({either or 'false'})"
        return f"VALUES ({s} {o}) {{ {' '.join(f'({a} {b})' for a, b in reached)} }}"
    if not variables:
        start, goal = expand(s), expand(o)
        if start is None or goal is None:
            return None
        reachable = (reflexive and start == goal) or goal in _reach(_following(pairs), start)
        return "" if reachable else "FILTER(false)"
    known = expand(o if s in variables else s)
    if known is None:
        return None
    backwards = [(b, a) for a, b in pairs] if s in variables else pairs
    terms = _reach(_following(backwards), known) | ({known} if reflexive else set())
    return _one_of(variables[0], sorted(terms), in_exists)


def _one_of(variable: str, terms: list[str], in_exists: bool) -> str | None:
    if len(terms) > CLOSURE_TERMS:
        return None
    if in_exists:
        return f"FILTER({variable} IN ({', '.join(terms)}))"
    return f"VALUES {variable} {{ {' '.join(terms)} }}"


def _following(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    following: dict[str, list[str]] = {}
    for a, b in pairs:
        following.setdefault(a, []).append(b)
    return following


def _reach(following: dict[str, list[str]], start: str) -> set[str]:
    """The terms reached from ``start`` by one edge or more."""
    reached: set[str] = set()
    todo = list(following.get(start, ()))
    while todo:
        term = todo.pop()
        if term not in reached:
            reached.add(term)
            todo.extend(following.get(term, ()))
    return reached


def _inside_exists(text: str, position: int) -> bool:
    """Whether ``position`` is inside an ``EXISTS { … }`` block (whose outer variables are bound)."""
    start = _enclosing_brace(text, position)
    while start is not None:
        if re.search(r"\bEXISTS\s*$", text[:start], re.I):
            return True
        start = _enclosing_brace(text, start)
    return False


def _bound_elsewhere(text: str, match: re.Match[str], variable: str) -> bool:
    """Whether ``variable`` appears in ``text`` outside the pattern ``match`` found."""
    rest = text[: match.start()] + text[match.end() :]
    return re.search(rf"[?$]{re.escape(variable[1:])}(?!\w)", rest) is not None


def _at_pattern_start(text: str, position: int) -> bool:
    """Whether a triple pattern starts at ``position`` (not a path's object, say)."""
    before = _without_comments(text[:position]).rstrip()
    return not before or before[-1] in "{.}"


def _without_comments(text: str) -> str:
    return re.sub(r"#[^\n<>\"]*$", "", text, flags=re.M)


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


_VIRTUOSO_BLANK = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')


def blank_node_labels(body: bytes) -> bytes:
    """SPARQL JSON results with Virtuoso's blank nodes (``nodeID://b10142``) as plain labels (``b10142``).

    Its labels are not valid blank node labels, so no parser reads them as they are.

    >>> blank_node_labels(b'{ "type": "bnode", "value": "nodeID://b10142" }')
    b'{ "type": "bnode", "value": "b10142" }'
    """
    return _VIRTUOSO_BLANK.sub(rb"\1", body)


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
        # it parses concurrent uploads in parallel: two at once load 1M triples in 3.6-3.9 s against
        # 6.7 s one after the other, three or four no faster on 2 cores (measured with raw POSTs)
        parallel_uploads=2,
        adapt=_virtuoso_query,
        adapt_results=lambda body: blank_node_labels(integral_decimals_as_integers(body)),
        closures_inlined=True,
        # a blank node of an answer, nodeID://b10142, is named so in later queries
        blank_node_iri="nodeID://{}",
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
