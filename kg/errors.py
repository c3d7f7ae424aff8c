"""The exceptions raised by :mod:`kg`.

Every error the library raises on purpose is a :class:`KGError`; the command line prints its message
after ``Error:`` and exits with its :attr:`~KGError.exit_code`. Anything else is a bug and keeps its
traceback. ::

    KGError                      base class; exit code 2 (bad input, query or usage)
    ├── SourceError              RDF that cannot be read or parsed: path, line, column
    ├── QueryError               SPARQL that cannot be parsed or run: source, line, column
    │   └── UnsafeQueryError     the query would reach outside (SERVICE, LOAD) and that was not allowed
    ├── UnknownNameError         an unknown query, format, view or profile: lists the known ones
    ├── UsageError               arguments that do not go together, or one that is missing
    ├── ToolMissingError         an external tool (Java, Chromium …) is not installed: says what to install
    ├── ReasonerError            the reasoner failed for a reason other than the input
    ├── StoreError               a persistent store cannot be opened or written
    ├── ArgumentError            a Python value of the wrong type given to the API (also a TypeError)
    └── RemoteError              a remote SPARQL endpoint failed or cannot be reached

Positions (``line``, ``column``) are 1-based, like editors show them.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ArgumentError",
    "KGError",
    "KGWarning",
    "QueryError",
    "ReasonerError",
    "RemoteError",
    "SourceError",
    "StoreError",
    "ToolMissingError",
    "UnknownNameError",
    "UnsafeQueryError",
    "UsageError",
    "expect",
    "one_line",
]


_CONTROL = {code: f"\\x{code:02x}" for code in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t", 127: "\\x7f"}


def one_line(text: str) -> str:
    """A message as one line: line breaks and other control characters (quoted from bad input) escaped.

    >>> one_line("'\\n' is not allowed")
    "'\\\\n' is not allowed"
    """
    return text.translate(_CONTROL)


def _where(origin: str | None, line: int | None, column: int | None) -> str:
    parts = [p for p in (origin, line, column) if p is not None]
    return ":".join(str(p) for p in parts)


class KGWarning(UserWarning):
    """Something the library did that its user should know, without failing (``warnings.warn``); the
    command line shows it as one ``Warning:`` line on stderr."""


class KGError(Exception):
    """Base class of every error raised on purpose by :mod:`kg`.

    >>> str(KGError("something is wrong"))
    'something is wrong'
    """

    #: The exit code the command line uses for this error.
    exit_code: int = 2


class SourceError(KGError):
    """An RDF source that cannot be read or parsed.

    Args:
        message: what is wrong.
        path: the file (or ``<string>`` for data given as text).
        line: 1-based line of the problem, when known.
        column: 1-based column of the problem, when known.

    >>> str(SourceError("unexpected end of file", path="a.ttl", line=3, column=9))
    'a.ttl:3:9: unexpected end of file'
    """

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        message = one_line(message)
        self.message, self.path, self.line, self.column = message, path, line, column
        where = _where(path, line, column)
        super().__init__(f"{where}: {message}" if where else message)


class QueryError(KGError):
    """A SPARQL query or update that cannot be parsed or evaluated.

    Args:
        message: what is wrong.
        source: where the query comes from: a file path, a named query, or ``<query>`` for text.
        line: 1-based line in the query text, when known.
        column: 1-based column in the query text, when known.

    >>> str(QueryError("expected one of IF, OPTIONAL", source="q.rq", line=3, column=10))
    'q.rq:3:10: expected one of IF, OPTIONAL'
    """

    def __init__(
        self, message: str, *, source: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        message = one_line(message)
        self.message, self.source, self.line, self.column = message, source, line, column
        where = _where(source, line, column)
        super().__init__(f"{where}: {message}" if where else message)


class UnsafeQueryError(QueryError):
    """A query that would fetch from the network or files (``SERVICE``, ``LOAD``) without permission.

    >>> isinstance(UnsafeQueryError("SERVICE is not allowed"), QueryError)
    True
    """


class UnknownNameError(KGError):
    """A name (of a query, format, view …) that is not known; the message lists the known ones.

    Args:
        kind: what was looked up, e.g. ``"query"`` or ``"format"``.
        name: the name given.
        known: the names that would have worked.

    >>> str(UnknownNameError("format", "yaml", ["json", "csv"]))
    "unknown format 'yaml'; known: csv, json"
    """

    def __init__(self, kind: str, name: str, known: Iterable[str]) -> None:
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(f"unknown {kind} '{name}'; known: {', '.join(self.known) or '(none)'}")


class UsageError(KGError, ValueError):
    """The library was called with arguments that do not go together, or without one it needs.

    It is also a :class:`ValueError`, as Python code that misuses a function expects.

    >>> error = UsageError("give either a query or a node to draw around, not both")
    >>> error.exit_code, isinstance(error, ValueError)
    (2, True)
    """


class ToolMissingError(KGError):
    """An external program the operation needs (Java for HermiT, Chromium …) is not available.

    >>> ToolMissingError("Java 11+ is needed").exit_code
    2
    """


class ReasonerError(KGError):
    """The reasoner failed for a reason other than the input being inconsistent.

    >>> issubclass(ReasonerError, KGError)
    True
    """


class StoreError(KGError):
    """A persistent store cannot be created, opened or written.

    >>> issubclass(StoreError, KGError)
    True
    """


class RemoteError(KGError):
    """A remote SPARQL endpoint answered with an error or cannot be reached.

    >>> issubclass(RemoteError, KGError)
    True
    """


class ArgumentError(KGError, TypeError):
    """A value of the wrong type given to the Python API; a ``TypeError`` too, for code that catches one.

    >>> print(expect(3, str, "the query"))
    the query must be a str, not int: 3
    """


def expect(value: object, types: type | tuple[type, ...], what: str) -> ArgumentError:
    """The error for ``value`` when it is not one of ``types`` (built to be raised by the caller).

    >>> isinstance(expect(None, (str, bytes), "a source"), TypeError)
    True
    """
    names = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
    return ArgumentError(f"{what} must be a {names}, not {type(value).__name__}: {str(value)[:60]}")
