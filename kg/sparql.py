"""SPARQL: named queries, running a query on the engine, and query results.

A query is given as text, as a path to an ``.rq`` file, or as the name of a file in ``queries/``
(``cq01-llm-is-generative-ai``, ``checks/missing-label-violation``). Each named query starts with a
comment block of ``# key: value`` lines (``title``, ``question``, ``answer``, ``view``).

Queries never reach outside the graph unless the caller allows it: ``SERVICE`` (which Oxigraph would
answer by fetching the IRI over HTTP) and the update operation ``LOAD`` raise
:class:`~kg.errors.UnsafeQueryError`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, overload

import pyoxigraph as ox
from rdflib.term import Node

from kg import resources, vocab
from kg.errors import QueryError, UnknownNameError, UnsafeQueryError, expect
from kg.files import write_bytes
from kg.services import service
from kg.terms import rows_to_rdflib, to_oxigraph, triples_to_rdflib

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "NamedQuery",
    "Result",
    "named_query",
    "queries",
    "query_header",
    "query_variables",
    "resolve_query",
]

#: SPARQL 1.1 result formats for SELECT and ASK, by the names the API and the CLI accept.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: RDF formats for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_CHUNK = 256  # rows read from the engine at a time
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "jsonld": "json-ld",
}

Row = dict[str, Node | None]
Triple = tuple[Node, Node, Node]


# ---------------------------------------------------------------------------------------------------
# named queries


@dataclass(frozen=True)
class NamedQuery:
    """A query file of ``queries/`` with the metadata of its header comment.

    Attributes:
        name: the file's path below ``queries/`` without ``.rq`` (``checks/…`` for checks).
        title: a short title.
        question: the question the query answers.
        path: the file.
        meta: every ``# key: value`` of the header (``answer``, ``view`` … when present).
    """

    name: str
    title: str
    question: str
    path: Path
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The query text, header included.

        >>> named_query("classes").text.startswith("# title:")
        True
        """
        return self.path.read_text(encoding="utf-8")


_HEADER_LINE = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s?(.*)$")


def _parse_header(text: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            key = match.group(1).lower()
            meta[key] = match.group(2).strip()
        elif key is not None and line[1:].strip():
            # an indented continuation of the previous key
            meta[key] = f"{meta[key]} {line[1:].strip()}"
    return meta


def query_header(text: str) -> dict[str, str]:
    """The ``# key: value`` lines a query starts with (lower-case keys).

    >>> query_header("# title: T\\n# parameters: node — a node\\nSELECT * {}")
    {'title': 'T', 'parameters': 'node — a node'}
    """
    return _parse_header(text)


def _read_named(path: Path, root: Path) -> NamedQuery:
    meta = _parse_header(path.read_text(encoding="utf-8"))
    name = path.relative_to(root).with_suffix("").as_posix()
    return NamedQuery(name, meta.get("title", ""), meta.get("question", ""), path, meta)


def queries(*, checks: bool = False, directory: str | Path | None = None) -> list[NamedQuery]:
    """List the named queries, sorted by name.

    Args:
        checks: list the ontology checks of ``queries/checks/`` instead of the questions.
        directory: another folder of ``.rq`` files to list instead of the embedded one.

    Returns:
        One :class:`NamedQuery` per file.

    >>> "classes" in [q.name for q in queries()]
    True
    """
    root = Path(directory) if directory is not None else resources.queries_dir()
    folder = root / "checks" if checks and directory is None else root
    return [_read_named(p, root) for p in sorted(folder.glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    """Find a named query by its name (with or without ``.rq``).

    Raises:
        UnknownNameError: listing the known names.

    >>> named_query("classes").title
    'Classes'
    """
    root = resources.queries_dir()
    stem = name[:-3] if name.endswith(".rq") else name
    path = (root / f"{stem}.rq").resolve()
    if path.is_file() and root.resolve() in path.parents:
        return _read_named(path, root.resolve())
    # the checks resolve too (checks/…), but `kg queries --checks` lists them: the message stays short
    raise UnknownNameError("query", name, [q.name for q in queries()])


def resolve_query(text_or_name: str | Path) -> tuple[str, str]:
    """Turn a query text, an ``.rq`` path or a query name into ``(text, source)``.

    ``source`` is what error messages use to say where the query came from. A string with white
    space or braces is query text; otherwise an existing file, otherwise a named query.

    Raises:
        UnknownNameError: for a name that is neither a file nor a named query.

    >>> resolve_query("ASK {}")
    ('ASK {}', '<query>')
    """
    if not isinstance(text_or_name, (str, Path)):
        raise expect(text_or_name, (str, Path), "the query")
    if isinstance(text_or_name, Path):
        return _read_file(text_or_name), str(text_or_name)
    if re.search(r"[\s{}]", text_or_name):
        return text_or_name, "<query>"
    path = Path(text_or_name)
    if path.suffix == ".rq" and path.is_file():
        return _read_file(path), str(path)
    named = named_query(text_or_name)
    return named.text, named.name


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise QueryError(f"cannot read the query file: {e.strerror or e}", source=str(path)) from e


# ---------------------------------------------------------------------------------------------------
# lexical safety checks and parameter substitution

# Strings, IRIs and comments first, so that a keyword inside them is never mistaken for one.
_TOKENS = re.compile(
    r"""(?P<skip>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
         |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
         |<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)
       |(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
       |(?P<word>(?<![\w:.-])[A-Za-z]+(?![\w:-]))""",
    re.VERBOSE,
)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_safety(text: str, source: str, *, allow_remote: bool = False, update: bool = False) -> None:
    """Refuse queries that would fetch data from outside the graph.

    Args:
        text: the query or update.
        source: where it comes from, for the message.
        allow_remote: allow ``SERVICE`` and ``LOAD``.
        update: ``text`` is a SPARQL update (``LOAD`` is checked).

    Raises:
        UnsafeQueryError: naming the line and column of the keyword.

    >>> check_safety('SELECT * { ?s ?p "SERVICE" }', "<query>")
    >>> check_safety("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", "<query>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.UnsafeQueryError: <query>:1:12: SERVICE would fetch data from another endpoint; to allow it, ...
    """
    lowered = text.lower()
    if allow_remote or ("service" not in lowered and "load" not in lowered):  # most queries: no tokenising
        return
    keywords = {"SERVICE": "SERVICE would fetch data from another endpoint"}
    if update:
        keywords["LOAD"] = "LOAD would fetch a document from the network or the file system"
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word and word.upper() in keywords:
            line, column = _position(text, match.start())
            raise UnsafeQueryError(
                f"{keywords[word.upper()]}; to allow it, give --allow-remote (allow_remote=True in Python)",
                source=source,
                line=line,
                column=column,
            )


#: Limits of a query's shape, checked before the engine sees it: Oxigraph parses and plans by
#: recursion, and a query nested a few thousand levels deep (groups, parentheses) or with a chain of
#: some thousands of operators (UNION, +, ||, /) overflows its stack and kills the process
#: (measured with pyoxigraph 0.5: 3,000 nested groups, 10,000 UNIONs or 10,000 `+` crash; a tenth of
#: that parses in milliseconds). Real queries stay far below: the queries of queries/ nest 5 deep.
MAX_NESTING = 200
MAX_OPERATORS = 2000
# strings, IRIs, comments and names (prefixed names hold `-` and `.`) first, then brackets and operators
_SHAPE = re.compile(
    r"""(?P<skip>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
         |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
         |<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*|[?$]?[\w.:-]*[\w:])
       |(?P<open>[({[])|(?P<close>[)}\]])
       |(?P<operator>\|\||&&|[-+*/|^!=<>])""",
    re.VERBOSE,
)
_CHAINED = {"UNION", "OPTIONAL", "MINUS"}


def check_shape(text: str, source: str) -> None:
    """Refuse a query nested deeper than :data:`MAX_NESTING` or with more than :data:`MAX_OPERATORS`
    operators, naming the position where the limit was passed (the engine would crash on it).

    >>> check_shape("SELECT * WHERE { ?s ?p ?o }", "<query>")
    >>> check_shape("ASK " + "{" * 300 + "}" * 300, "<query>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: <query>:1:205: the query is nested more than 200 levels deep ...
    """
    if len(text) < MAX_OPERATORS and text.count("{") + text.count("(") + text.count("[") <= MAX_NESTING:
        return  # most queries: too short to pass either limit
    depth = operators = 0
    for match in _SHAPE.finditer(text):
        kind = match.lastgroup
        if kind == "skip":
            if match.group(0).upper() not in _CHAINED:
                continue
            kind = "operator"
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                line, column = _position(text, match.start())
                raise QueryError(
                    f"the query is nested more than {MAX_NESTING} levels deep (groups, parentheses, "
                    "brackets), a limit that keeps the engine from crashing",
                    source=source,
                    line=line,
                    column=column,
                )
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "operator":
            operators += 1
            if operators > MAX_OPERATORS:
                line, column = _position(text, match.start())
                raise QueryError(
                    f"the query has more than {MAX_OPERATORS} operators (UNION, OPTIONAL, MINUS, "
                    "+, ||, / …), a limit that keeps the engine from crashing",
                    source=source,
                    line=line,
                    column=column,
                )


_UPDATE_WORDS = {"INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "LOAD", "COPY", "MOVE", "ADD", "WITH"}


def _update_keyword(text: str) -> str | None:
    """The keyword of a SPARQL update, when ``text`` is one rather than a query."""
    for match in _TOKENS.finditer(text):
        if match.group("skip") or match.group("var"):
            continue
        word = (match.group("word") or "").upper()
        if word in ("PREFIX", "BASE"):
            continue
        if word:
            return word if word in _UPDATE_WORDS else None
    return None


def query_variables(text: str) -> set[str]:
    """The names of the variables a query mentions (outside strings, IRIs and comments).

    >>> sorted(query_variables('SELECT ?a WHERE { ?a <urn:p> $b . FILTER(?a != "?c") } # ?d'))
    ['a', 'b']
    """
    return {match.group("var")[1:] for match in _TOKENS.finditer(text) if match.group("var")}


def _sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    # N-Triples syntax is valid SPARQL term syntax.
    return str(term)


def _substitute_text(text: str, values: Mapping[str, Any]) -> str:
    def replace(match: re.Match[str]) -> str:
        var = match.group("var")
        if var and var[1:] in values:
            return _sparql_term(values[var[1:]])
        return match.group(0)

    return _TOKENS.sub(replace, text)


# ---------------------------------------------------------------------------------------------------
# running a query

_OX_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_PROJECTION = re.compile(r"does not contains? variable \?(\S+) in its SELECT projection")


def to_query_error(
    error: Exception, source: str, text: str | None = None, prefixes: Mapping[str, str] | None = None
) -> QueryError:
    """Turn an engine error into a :class:`QueryError` with the query's line and column.

    Oxigraph's parser reports the furthest point it reached; when that is the end of the query, the
    real mistake is usually earlier, so a second parser (rdflib's) is asked where it stopped. An
    unknown prefix is said in one line, with the prefixes that would work.

    >>> str(to_query_error(SyntaxError("error at 3:10: expected one of IF"), "q.rq"))
    'q.rq:3:10: expected one of IF'
    >>> query = "SELECT ?x WHERE { ?x a foo:Bar }"
    >>> print(to_query_error(SyntaxError("error at 1:31: expected one of Prefix not found, ['%']"),
    ...                      "<query>", query, {"gai": "https://w3id.org/genai-kg/ontology#"}))
    <query>:1:24: unknown prefix 'foo:' in foo:Bar; declare it (PREFIX foo: <…>) or use one of: gai:
    """
    message = str(error)
    match = _OX_ERROR.match(message)
    if not match:
        return QueryError(message, source=source)
    line, column, what = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in what and text is not None:
        return _unknown_prefix(text, source, line, column, prefixes or {})
    if text is not None and _at_end(text, line, column):
        earlier = _second_opinion(text)
        if earlier is not None and earlier < (line, column):
            return QueryError(
                f"the query cannot be read from here on ({what})",
                source=source,
                line=earlier[0],
                column=earlier[1],
            )
    return QueryError(what, source=source, line=line, column=column)


def _unknown_prefix(
    text: str, source: str, line: int, column: int, prefixes: Mapping[str, str]
) -> QueryError:
    """The one-line error of a prefixed name whose prefix the query does not declare."""
    lines = text.split("\n")
    before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
    found = re.search(r"([A-Za-z][\w.-]*)?:([\w.-]*)$", before)
    known = ", ".join(f"{p}:" for p in sorted(prefixes)) or "none"
    if found is None:
        return QueryError(f"unknown prefix; known prefixes: {known}", source=source, line=line, column=column)
    prefix = found.group(1) or ""
    return QueryError(
        f"unknown prefix '{prefix}:' in {found.group(0)}; declare it (PREFIX {prefix}: <…>) or use one of: "
        f"{known}",
        source=source,
        line=line,
        column=found.start() + 1,
    )


def _at_end(text: str, line: int, column: int) -> bool:
    lines = text.rstrip().split("\n")
    return line > len(lines) or (line == len(lines) and column > len(lines[-1]))


def _second_opinion(text: str) -> tuple[int, int] | None:
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        parseQuery(text)
    except Exception as e:  # rdflib raises pyparsing's ParseException, with line and column
        line, column = getattr(e, "lineno", None), getattr(e, "col", None)
        if isinstance(line, int) and isinstance(column, int):
            return line, column
    return None


def execute(
    store: Any,
    text: str,
    *,
    source: str = "<query>",
    bindings: Mapping[str, Any] | None = None,
    default_graph: Sequence[Any] | None = None,
    named_graphs: Sequence[Any] | None = None,
    allow_remote: bool = False,
    prefixes: Mapping[str, str] | None = None,
    base_iri: str | None = None,
    default_prefixes: Mapping[str, str] | None = None,
) -> Result:
    """Run a SPARQL query on a pyoxigraph store and wrap the answer in a :class:`Result`.

    Args:
        store: the engine: a pyoxigraph ``Store``, or an object with its ``query`` method
            (:class:`kg.remote.RemoteStore`).
        text: the query.
        source: where the query comes from, for messages.
        bindings: values for variables (``$class`` …), rdflib terms or Python values.
        default_graph: the graphs that make up the default graph; ``None`` for the store's default graph.
        named_graphs: the named graphs ``GRAPH`` may read; ``None`` for all of the store's.
        allow_remote: allow ``SERVICE``.
        prefixes: namespace prefixes used when the result is written as Turtle.
        base_iri: the base for relative IRIs in the query.
        default_prefixes: prefixes the query may use without declaring them (``PREFIX`` lines of the
            query win).

    Raises:
        QueryError: for syntax errors (with line and column) and errors of evaluation.
        UnsafeQueryError: for ``SERVICE`` without ``allow_remote``.
        BindingError: for a value of a variable the query does not have.

    >>> execute(ox.Store(), "ASK { ?s ?p ?o }").boolean
    False
    """
    # Long for its docstring; the code is one path: checks, bindings, the engine's answer, its Result.
    check_safety(text, source, allow_remote=allow_remote)
    check_shape(text, source)
    if bindings is not None and not isinstance(bindings, Mapping):
        raise expect(bindings, dict, "bindings")
    if bindings:
        from kg.bindings import check_names

        check_names(bindings, query_variables(text), source)
    values = {name: to_oxigraph(value) for name, value in (bindings or {}).items()}
    kwargs: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
    if default_graph is not None:
        kwargs["default_graph"] = list(default_graph)
    if named_graphs is not None:
        kwargs["named_graphs"] = list(named_graphs)
    if default_prefixes:
        kwargs["prefixes"] = dict(default_prefixes)
    textual: dict[str, Any] = {}
    while True:
        try:
            raw = store.query(
                _substitute_text(text, textual) if textual else text,
                substitutions={ox.Variable(k): v for k, v in values.items()} or None,
                **kwargs,
            )
            break
        except RuntimeError as e:
            # Oxigraph substitutes only projected variables; others are replaced in the text.
            match = _PROJECTION.search(str(e))
            if not match or match.group(1) not in values:
                raise to_query_error(e, source) from e
            textual[match.group(1)] = values.pop(match.group(1))
        except SyntaxError as e:
            keyword = _update_keyword(text)
            if keyword is not None:
                raise QueryError(
                    f"{keyword} makes this a SPARQL update, not a query; updates are run with "
                    "KnowledgeGraph.update() or sent to an endpoint started with --allow-update",
                    source=source,
                ) from e
            raise to_query_error(e, source, text, default_prefixes) from e
        except (OSError, ValueError) as e:
            raise to_query_error(e, source) from e
    if isinstance(raw, ox.QuerySolutions) and isinstance(store, ox.Store):
        reordered = _star_projection(text, [v.value for v in raw.variables])
        if reordered is not None:
            # Oxigraph lists the variables of SELECT * alphabetically; people expect the order in
            # which they appear in the query (?s ?p ?o), as other engines give it. Nothing has been
            # evaluated yet (evaluation is lazy), so asking again with the explicit list is cheap.
            return execute(
                store,
                reordered,
                source=source,
                bindings=bindings,
                default_graph=default_graph,
                named_graphs=named_graphs,
                allow_remote=allow_remote,
                prefixes=prefixes,
                base_iri=base_iri,
                default_prefixes=default_prefixes,
            )
    return Result(raw, text=text, source=source, prefixes=dict(prefixes or {}))


def _star_projection(text: str, variables: list[str]) -> str | None:
    """For ``SELECT *``, the query with its variables listed in order of appearance; else ``None``."""
    tokens = list(_TOKENS.finditer(text))
    index = next((i for i, t in enumerate(tokens) if (t.group("word") or "").upper() == "SELECT"), None)
    if index is None:
        return None
    match = tokens[index]
    rest = text[match.end() :]
    star = re.match(r"(\s*(?:DISTINCT|REDUCED)?\s*)\*", rest, re.I)
    if star is None:
        return None
    seen: list[str] = []
    for token in tokens[index + 1 :]:
        name = (token.group("var") or "")[1:]
        if name in variables and name not in seen:
            seen.append(name)
    ordered = seen + [v for v in variables if v not in seen]
    if ordered == variables:
        return None
    at = match.end() + star.end() - 1
    return text[:at] + " ".join(f"?{v}" for v in ordered) + text[at + 1 :]


class Result:
    """The answer to a SPARQL query.

    A result reads from the engine lazily and can be iterated any number of times.

    Attributes:
        kind: ``'select'``, ``'ask'`` or ``'graph'`` (CONSTRUCT and DESCRIBE).
        vars: the variable names of a SELECT, in order; empty otherwise.
        text: the query text.
        source: where the query came from.

    Iterating a SELECT result yields one ``dict`` per row mapping every variable to an rdflib term
    (``None`` when unbound); iterating a graph result yields ``(s, p, o)`` tuples of rdflib terms.

    >>> import kg
    >>> result = kg.load().query("ASK { ?c a <http://www.w3.org/2002/07/owl#Class> }")
    >>> (result.kind, result.boolean)
    ('ask', True)
    """

    def __init__(
        self,
        raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
        *,
        text: str = "",
        source: str = "<query>",
        prefixes: dict[str, str] | None = None,
    ) -> None:
        self.text, self.source = text, source
        self.prefixes: dict[str, str] = prefixes or {}
        self._live: Any = None
        self._cache: list[Any] = []
        self._serialized: dict[str, bytes] = {}
        self._pending: tuple[bytes, str] | None = None
        self.boolean: bool | None = None
        self.vars: list[str] = []
        #: For each row, whether it holds only because of inferred triples (see :meth:`mark_inferred`);
        #: ``None`` when the rows were not told apart.
        self.inferred_rows: list[bool] | None = None
        #: The knowledge graph the result came from, for labels in drawings (set by its ``query``).
        self.graph: Any = None
        if isinstance(raw, ox.QueryBoolean):
            self.kind: Literal["select", "ask", "graph"] = "ask"
            self.boolean = bool(raw)
            self._raw_boolean = raw
        elif isinstance(raw, ox.QuerySolutions):
            self.kind = "select"
            self.vars = [v.value for v in raw.variables]
            self._live = raw
        else:
            self.kind = "graph"
            self._live = raw

    # -- reading -------------------------------------------------------------------------------------

    def _raw(self) -> Iterator[Any]:
        """Iterate the engine's solutions or triples, reading from the engine only once."""
        if self._live is None and self._pending is None:
            return iter(self._cache)  # everything has been read: no generator in the way
        # chunks of a few hundred, each read from the engine in one call: the engine's speed, still lazy
        return itertools.chain.from_iterable(self._chunks())

    def _chunks(self) -> Iterator[list[Any]]:
        index = 0
        while True:
            if index < len(self._cache):
                chunk = self._cache[index:]
                index += len(chunk)
                yield chunk
                continue
            if self._live is None:
                if self._pending is None:
                    return
                # rows that were serialised before being read: read them back from that text
                data, fmt = self._pending
                self._pending = None
                parsed: Any = ox.parse_query_results(data, RESULT_FORMATS[fmt])
                self._live = iter(parsed)
            before = len(self._cache)
            try:
                self._cache.extend(itertools.islice(self._live, _CHUNK))
            except (OSError, RuntimeError, ValueError) as e:
                self._live = None
                raise to_query_error(e, self.source) from e
            if len(self._cache) == before:
                self._live = None
                return

    def _read_all(self) -> list[Any]:
        """Read what the engine still has into the cache, in one call, and return the cache."""
        if self._live is None and self._pending is not None:
            data, fmt = self._pending
            self._pending = None
            parsed: Any = ox.parse_query_results(data, RESULT_FORMATS[fmt])
            self._live = iter(parsed)
        if self._live is not None:
            live, self._live = self._live, None
            try:
                self._cache.extend(live)
            except (OSError, RuntimeError, ValueError) as e:
                raise to_query_error(e, self.source) from e
        return self._cache

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "ask":
            raise TypeError("an ASK result has no rows; read .boolean")
        if self.kind == "graph":
            return triples_to_rdflib(self._raw())
        return rows_to_rdflib(self.vars, self._raw())

    def __len__(self) -> int:
        if self.kind == "ask":
            return 1
        return len(self._read_all())

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return len(self) > 0

    @cached_property
    def rows(self) -> list[Row]:
        """All rows of a SELECT as a list (see iteration).

        >>> import kg
        >>> kg.load().query("SELECT ?x WHERE { VALUES ?x { 1 } }").rows
        [{'x': rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))}]
        """
        if self.kind != "select":
            raise TypeError(f"a {self.kind.upper()} result has no rows")
        return list(self)

    def triples(self) -> list[Triple]:
        """All triples of a CONSTRUCT or DESCRIBE result.

        >>> import kg
        >>> result = kg.load(ontology=False).query("CONSTRUCT { <urn:a> <urn:b> 1 } WHERE {}")
        >>> result.triples()[0][2].toPython()
        1
        """
        if self.kind != "graph":
            raise TypeError(f"a {self.kind.upper()} result has no triples")
        return list(self)

    def raw(self) -> Iterator[Any]:
        """Iterate the engine's own objects (``pyoxigraph.QuerySolution`` or ``Triple``), without conversion.

        >>> import kg
        >>> next(kg.load(ontology=False).query("SELECT ?x WHERE { BIND(1 AS ?x) }").raw())["x"].value
        '1'
        """
        return self._raw()

    def mark_inferred(self, asserted: Result) -> Result:
        """Tell which rows hold only thanks to inferred triples: those that ``asserted`` (the same query
        on the asserted triples alone) does not have, counting duplicates. Sets :attr:`inferred_rows`.

        >>> import kg
        >>> graph = kg.load(ontology=False).add("<urn:a> a <urn:C> .", format="turtle")
        >>> rdf_type = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
        >>> _ = graph.set_inferred(b"<urn:b> " + rdf_type + b" <urn:C> .\\n", "rl")
        >>> rows = graph.query("SELECT ?x { ?x a <urn:C> } ORDER BY ?x", mark_inferred=True)
        >>> rows.inferred_rows
        [False, True]
        """
        if self.kind != "select":
            raise TypeError(f"a {self.kind.upper()} result has no rows to mark")
        left: dict[tuple[Any, ...], int] = {}
        for solution in asserted.raw():
            key = tuple(solution[v] for v in self.vars)
            left[key] = left.get(key, 0) + 1
        marks = []
        for solution in self._read_all():
            key = tuple(solution[v] for v in self.vars)
            if left.get(key, 0) > 0:
                left[key] -= 1
                marks.append(False)
            else:
                marks.append(True)
        self.inferred_rows = marks
        return self

    def with_inferred_column(self) -> Result:
        """The rows of a marked result (see :meth:`mark_inferred`) with an ``inferred`` column of booleans, so
        that every output (table, JSON, CSV …) tells inferred rows apart; an unmarked result as it is.

        >>> import kg
        >>> graph = kg.load(ontology=False).add("<urn:a> a <urn:C> .", format="turtle")
        >>> rows = graph.query("SELECT ?x { ?x a <urn:C> }", mark_inferred=True).with_inferred_column()
        >>> rows.vars, rows.serialize("csv")
        (['x', 'inferred'], 'x,inferred\\r\\nurn:a,false\\r\\n')
        """
        if self.kind != "select" or self.inferred_rows is None:
            return self
        name = "inferred" if "inferred" not in self.vars else "inferred_"
        flags = {True: f'"true"^^<{vocab.XSD}boolean>'}
        flags[False] = flags[True].replace("true", "false", 1)
        lines = ["\t".join(f"?{v}" for v in [*self.vars, name])]
        for solution, mark in zip(self._read_all(), self.inferred_rows, strict=True):
            cells = ["" if term is None else str(term) for term in solution]
            lines.append("\t".join([*cells, flags[mark]]))
        parsed = ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), RESULT_FORMATS["tsv"])
        marked = Result(parsed, text=self.text, source=self.source, prefixes=self.prefixes)
        marked.graph = self.graph
        return marked

    # -- for notebooks and pandas --------------------------------------------------------------------

    def to_df(self, *, iris: str = "full", inferred: bool = True) -> Any:
        """A ``pandas.DataFrame`` with typed columns (integers, floats, dates, booleans); see
        :func:`kg.frames.to_df`.

        >>> import kg
        >>> graph = kg.load()
        >>> _ = graph.reason("dl")  # cq10 groups the examples by the kinds a DL reasoner derives
        >>> graph.query("cq10-example-models").to_df()["releaseYear"].tolist()
        [2018, 2021, 2018, 2020, 2020]
        """
        from kg.frames import to_df

        return to_df(self, iris=iris, inferred=inferred)

    def to_networkx(self, **options: Any) -> Any:
        """The answer as a ``networkx.MultiDiGraph`` (see :func:`kg.network.result_to_networkx`).

        >>> import kg
        >>> kg.load().query("cq10-example-models").to_networkx().number_of_nodes() >= 3
        True
        """
        options.setdefault("graph", self.graph)
        return service("result_to_networkx")(self, **options)

    def _repr_html_(self) -> str:
        from kg.frames import result_html

        return result_html(self)

    # -- writing -------------------------------------------------------------------------------------

    @property
    def formats(self) -> list[str]:
        """The formats :meth:`serialize` accepts for this result.

        >>> import kg
        >>> kg.load(ontology=False).query("ASK {}").formats
        ['csv', 'json', 'tsv', 'xml']
        """
        return sorted(GRAPH_FORMATS if self.kind == "graph" else RESULT_FORMATS)

    @overload
    def serialize(self, format: str = "json", destination: None = None) -> str: ...

    @overload
    def serialize(self, format: str, destination: str | Path) -> None: ...

    @overload
    def serialize(self, format: str = "json", *, destination: str | Path) -> None: ...

    def serialize(self, format: str = "json", destination: str | Path | None = None) -> str | None:
        """Write the result in a standard format.

        SELECT and ASK: ``json``, ``xml``, ``csv``, ``tsv`` (SPARQL 1.1 results formats).
        CONSTRUCT and DESCRIBE: ``turtle``, ``nt``, ``xml`` (RDF/XML), ``json-ld``.

        Args:
            format: the format name.
            destination: a file to write (atomically); when ``None`` the text is returned.

        Returns:
            The serialisation as text, or ``None`` when written to ``destination``.

        Raises:
            UnknownNameError: for a format this kind of result has no serialisation in.

        >>> import kg
        >>> kg.load(ontology=False).query("SELECT ?x WHERE { BIND(1 AS ?x) }").serialize("csv")
        'x\\r\\n1\\r\\n'
        """
        data = self.serialize_bytes(format)
        if destination is None:
            return data.decode("utf-8")
        write_bytes(destination, data)
        return None

    def serialize_bytes(self, format: str = "json") -> bytes:
        """Like :meth:`serialize`, returning bytes (UTF-8).

        >>> import kg
        >>> kg.load(ontology=False).query("ASK {}").serialize_bytes("json")
        b'{"head":{},"boolean":true}'
        """
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in self.formats:
            raise UnknownNameError(f"format for {self.kind.upper()} results", format, self.formats)
        if name not in self._serialized:
            self._serialized[name] = self._write(name)
        return self._serialized[name]

    def _write(self, name: str) -> bytes:
        try:
            if self.kind == "ask":
                return _written(self._raw_boolean.serialize(format=RESULT_FORMATS[name]))
            if self.kind == "graph":
                triples = list(self._raw())
                return _written(
                    ox.serialize(triples, format=GRAPH_FORMATS[name], prefixes=self._used_prefixes(triples))
                )
            if self._live is not None and not self._cache and self._pending is None:
                # Nothing read yet: the engine streams its own writer. CSV loses term types, so it
                # goes through TSV, which stays readable for a later iteration of this result.
                live, self._live = self._live, None
                first = name if name != "csv" else "tsv"
                data = _written(live.serialize(format=RESULT_FORMATS[first]))
                self._pending = (data, first)
                if name == "csv":
                    parsed = ox.parse_query_results(data, RESULT_FORMATS["tsv"])
                    data = _written(parsed.serialize(format=RESULT_FORMATS["csv"]))
                return data
            return self._from_cache(name)
        except (OSError, RuntimeError) as e:
            raise to_query_error(e, self.source) from e

    def _from_cache(self, name: str) -> bytes:
        """Serialise rows already read, through TSV (N-Triples term syntax) and the engine's writers."""
        self._read_all()
        lines = ["\t".join(f"?{v}" for v in self.vars)]
        lines += [
            "\t".join("" if term is None else str(term) for term in solution) for solution in self._cache
        ]
        tsv = ("\n".join(lines) + "\n").encode("utf-8")
        # through the engine's own writer, so the text is the same as when nothing had been read
        parsed = ox.parse_query_results(tsv, RESULT_FORMATS["tsv"])
        return _written(parsed.serialize(format=RESULT_FORMATS[name]))

    def _used_prefixes(self, triples: list[Any]) -> dict[str, str]:
        if not self.prefixes:
            return {}
        used = set()
        for t in triples:
            for term in (t.subject, t.predicate, t.object):
                if isinstance(term, ox.NamedNode):
                    used.add(term.value)
                elif isinstance(term, ox.Literal):
                    used.add(term.datatype.value)
        return {p: ns for p, ns in self.prefixes.items() if any(iri.startswith(ns) for iri in used)}

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<Result ask {self.boolean}>"
        if self.kind == "select":
            return f"<Result select vars={self.vars}>"
        return "<Result graph>"


def _written(data: bytes | None) -> bytes:
    """What an Oxigraph writer returns when given no output file: the bytes (never ``None``)."""
    assert data is not None
    return data
