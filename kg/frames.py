"""Query results as tables for people: pandas data frames with typed columns, and HTML for Jupyter.

A column gets the type its values share: XSD integers become pandas' nullable ``Int64``, decimals and
floating-point numbers ``float64``, booleans ``boolean``, ``xsd:date`` and ``xsd:dateTime`` datetimes,
``xsd:gYear`` integers; anything else (or a mix) stays text. IRIs are strings, in full or, with
``iris="short"``, as prefixed names. pandas is an optional extra (``pip install genai-kg[data]``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import vocab
from kg.errors import KGError, ToolMissingError

if TYPE_CHECKING:
    from kg.sparql import Result

__all__ = ["HTML_ROWS", "result_html", "to_df"]

#: The most rows a result shows as HTML in a notebook (``to_df()`` has them all).
HTML_ROWS = 50

_XSD = vocab.XSD
_INTEGERS = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
        "gYear",
    )
}
_FLOATS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_DATES = {_XSD + "date", _XSD + "dateTime", _XSD + "dateTimeStamp"}
_BOOLEAN = _XSD + "boolean"


def _kind(term: Any) -> str:
    """The column kind one value asks for: ``int``, ``float``, ``date``, ``bool``, or ``text``."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGERS:
            return "int"
        if datatype in _FLOATS:
            return "float"
        if datatype in _DATES:
            return "date"
        if datatype == _BOOLEAN:
            return "bool"
    return "text"


def _text(term: Any, prefixes: Mapping[str, str] | None) -> str:
    if isinstance(term, ox.NamedNode):
        return _short(term.value, prefixes) if prefixes is not None else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def _short(iri: str, prefixes: Mapping[str, str]) -> str:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def _column(values: Sequence[Any], prefixes: Mapping[str, str] | None) -> Any:
    import pandas as pd

    kinds = {_kind(v) for v in values if v is not None}
    if kinds == {"float", "int"}:
        kinds = {"float"}
    kind = kinds.pop() if len(kinds) == 1 else "text"
    try:
        if kind == "int":
            return pd.array([None if v is None else _integer(v) for v in values], dtype="Int64")
        if kind == "float":
            return pd.array([None if v is None else float(v.value) for v in values], dtype="float64")
        if kind == "bool":
            truth = [None if v is None else v.value in ("true", "1") for v in values]
            return pd.array(truth, dtype="boolean")
        if kind == "date":
            dates = pd.Series([None if v is None else v.value for v in values])
            return pd.to_datetime(dates, format="ISO8601").array
    except (ValueError, TypeError):
        pass  # a value that is not what its datatype says: the column stays text
    return pd.array([None if v is None else _text(v, prefixes) for v in values], dtype="object")


def _integer(term: Any) -> int:
    """An integer literal's value; a year's (``xsd:gYear`` "2020", "-0044", "2020Z") as a number."""
    text = str(term.value)
    if term.datatype.value == _XSD + "gYear":
        sign = -1 if text.startswith("-") else 1
        return sign * int(text.lstrip("-")[:4])
    return int(text)


def to_df(result: Result, *, iris: str = "full", inferred: bool = True) -> Any:
    """A ``pandas.DataFrame`` of a SELECT result, one typed column per variable (see the module).

    Args:
        result: the SELECT result.
        iris: ``"full"`` (the IRI) or ``"short"`` (a prefixed name where a prefix covers it).
        inferred: add the ``inferred`` column the result has when it was marked (see
            :meth:`~kg.sparql.Result.mark_inferred`).

    Raises:
        QueryError: for an ASK or graph result.
        ToolMissingError: when pandas is not installed.

    >>> import kg
    >>> df = kg.load().query("cq10-example-models").to_df(iris="short")
    >>> df.loc[0, "modelLabel"], int(df.loc[0, "releaseYear"]), str(df["releaseYear"].dtype)
    ('BERT-Large', 2018, 'Int64')
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ToolMissingError("pandas is needed for to_df(): pip install 'genai-kg[data]'") from e
    if result.kind != "select":
        raise KGError(f"a {result.kind.upper()} result has no rows for a data frame; use SELECT")
    if iris not in ("full", "short"):
        raise KGError(f"iris must be 'full' or 'short', not {iris!r}")
    prefixes = result.prefixes if iris == "short" else None
    rows = list(result.raw())
    frame = pd.DataFrame(
        {var: _column([row[var] for row in rows], prefixes) for var in result.vars}, columns=result.vars
    )
    marks = result.inferred_rows
    if inferred and marks is not None:
        frame["inferred"] = pd.array(marks, dtype="boolean")
    return frame


def result_html(result: Result, *, max_rows: int = HTML_ROWS) -> str:
    """An HTML table of a result (at most ``max_rows`` rows, then how many more), for Jupyter.

    >>> import kg
    >>> print(result_html(kg.load().query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"), max_rows=2))
    ... # doctest: +ELLIPSIS
    <table class='kg-result'>
    <thead><tr>
    <th>x</th>
    </tr></thead><tbody>
    <tr><td>1</td></tr>
    <tr><td>2</td></tr>
    </tbody></table>
    <p><small>3 rows, the first 2 shown (to_df() has them all)</small></p>
    """
    if result.kind == "ask":
        return f"<p><b>ASK</b>: {'true' if result.boolean else 'false'}</p>"
    if result.kind == "graph":
        head = ["subject", "predicate", "object"]
        cells = [[_text(term, result.prefixes) for term in t] for t in result.raw()]
        marks = None
    else:
        head = list(result.vars)
        cells = [
            ["" if row[v] is None else _text(row[v], result.prefixes) for v in result.vars]
            for row in result.raw()
        ]
        marks = result.inferred_rows
        if marks is not None:
            head.append("inferred")
            cells = [[*row, "yes" if mark else ""] for row, mark in zip(cells, marks, strict=True)]
    shown = cells[:max_rows]
    lines = ["<table class='kg-result'>", "<thead><tr>"]
    lines += [f"<th>{html.escape(h)}</th>" for h in head]
    lines.append("</tr></thead><tbody>")
    for row in shown:
        lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    lines.append("</tbody></table>")
    more = len(cells) - len(shown)
    note = f"{len(cells)} rows" + (f", the first {len(shown)} shown (to_df() has them all)" if more else "")
    lines.append(f"<p><small>{html.escape(note)}</small></p>")
    return "\n".join(lines)
