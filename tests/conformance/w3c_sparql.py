"""Run the W3C SPARQL 1.1 query test manifests through ``kg.load(...).query(...)``.

Usage: ``python tests/conformance/w3c_sparql.py PATH [--engine kg|pyoxigraph|both] [--verbose]``

Every ``manifest.ttl`` below PATH is read; its query evaluation, CSV result and syntax tests are run
through the public API (``KnowledgeGraph.add`` for data, ``KnowledgeGraph.query`` with the query file)
and compared with the expected results. Tests the SPARQL working group approved
(``dawgt:approval dawgt:Approved``) are also counted apart: the others were added to the suite later.
Solutions are compared as multisets with blank nodes matched
up to renaming (row order is not checked) and numeric literals (xsd:integer, decimal, float, double)
and booleans compared by value within their datatype ("1.0"^^xsd:decimal equals "1"^^xsd:decimal:
Oxigraph keeps such literals in canonical form); graphs are compared for isomorphism. The script prints
passed/failed per folder, every failing test with its reason, and the total. It exits 0 whatever the
score: it measures, it does not gate. With ``--engine both`` (the default) the same tests also run
straight on pyoxigraph, the engine underneath, so the two scores can be compared in one run.
"""

from __future__ import annotations

import argparse
import collections
import decimal
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

import kg
from kg.errors import KGError, QueryError

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}


class Failure(Exception):
    """A test did not give the expected outcome."""


def _path(node: rdflib.term.Node | None) -> Path:
    assert node is not None, "the manifest names no file here"
    return Path(url2pathname(urlparse(str(node)).path))


_NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double")}


def _key(term: Any) -> str:
    """How a term is compared: blank nodes alike, numbers by value within their datatype."""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return f"{decimal.Decimal(term.value).normalize()}^^{term.datatype.value}"
        except decimal.InvalidOperation:
            return str(term)
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value == XSD + "boolean"
        and term.value in ("0", "1", "true", "false")
    ):
        return f"{term.value in ('1', 'true')}^^{term.datatype.value}"
    return str(term)


def _rows(solutions: Iterable[Any], variables: list[str]) -> list[tuple[tuple[str, str], ...]]:
    rows = []
    for solution in solutions:
        row = []
        for v in variables:
            term = solution[v]
            if term is not None:
                row.append((v, _key(term), term))
        rows.append(row)
    return rows  # type: ignore[return-value]


def _same_solutions(actual: list[Any], expected: list[Any]) -> bool:
    """Multiset equality of rows, blank nodes equal up to a consistent renaming."""

    def shape(row: list[Any]) -> tuple[Any, ...]:
        return tuple(sorted((v, s) for v, s, _ in row))

    if collections.Counter(map(shape, actual)) != collections.Counter(map(shape, expected)):
        return False
    if not any(isinstance(t, ox.BlankNode) for row in expected for _, _, t in row):
        return True

    # match rows one by one, keeping a consistent blank node mapping (backtracking; results are small)
    def bnodes(row: list[Any]) -> dict[str, Any]:
        return {v: t for v, _, t in row}

    expected_rows = [bnodes(r) for r in expected]
    actual_rows = [bnodes(r) for r in actual]

    def compatible(a: dict[str, Any], e: dict[str, Any], mapping: dict[str, str]) -> dict[str, str] | None:
        if a.keys() != e.keys():
            return None
        new = dict(mapping)
        for v, term in e.items():
            other = a[v]
            if isinstance(term, ox.BlankNode) and isinstance(other, ox.BlankNode):
                if new.get(term.value, other.value) != other.value:
                    return None
                if term.value not in new and other.value in new.values():
                    return None
                new[term.value] = other.value
            elif _key(term) != _key(other):
                return None
        return new

    def search(i: int, used: set[int], mapping: dict[str, str]) -> bool:
        if i == len(expected_rows):
            return True
        for j, row in enumerate(actual_rows):
            if j in used:
                continue
            new = compatible(row, expected_rows[i], mapping)
            if new is not None and search(i + 1, used | {j}, new):
                return True
        return False

    return search(0, set(), {})


def _expected_from_rdf(path: Path) -> tuple[str, Any]:
    """Read a result given as RDF: a result set in the rs: vocabulary, or a graph."""
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    result_set = graph.value(predicate=rdflib.RDF.type, object=RS.ResultSet)
    if result_set is None:
        return "graph", graph
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        assert isinstance(boolean, rdflib.Literal)
        return "ask", bool(boolean.toPython())
    variables = [str(v) for v in graph.objects(result_set, RS.resultVariable)]
    rows = []
    for solution in graph.objects(result_set, RS.solution):
        row = {}
        for binding in graph.objects(solution, RS.binding):
            row[str(graph.value(binding, RS.variable))] = kg.terms.to_oxigraph(graph.value(binding, RS.value))
        rows.append({v: row.get(v) for v in variables})
    return "select", (variables, rows)


def _load(graph: kg.KnowledgeGraph, action: rdflib.term.Node, manifest: rdflib.Graph) -> None:
    for data in manifest.objects(action, QT.data):
        graph.add(_path(data), base_iri=str(data))
    for named in manifest.objects(action, QT.graphData):
        source = manifest.value(named, QT.graph) or named
        name = manifest.value(named, rdflib.RDFS.label) or source
        graph.add(_path(source), base_iri=str(source), graph=str(name))


class RawResult:
    """The few parts of :class:`kg.Result` the comparison reads, over a raw pyoxigraph answer."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.boolean = bool(raw) if isinstance(raw, ox.QueryBoolean) else None
        self.kind = (
            "ask" if self.boolean is not None else "select" if isinstance(raw, ox.QuerySolutions) else "graph"
        )
        self.vars = [v.value for v in raw.variables] if self.kind == "select" else []

    def raw(self) -> Any:
        return self._raw

    def serialize(self, fmt: str) -> str:
        if self.kind == "graph":
            written = ox.serialize(self._raw, format=ox.RdfFormat.N_TRIPLES)
            assert written is not None  # (no output given: the bytes are returned)
            return written.decode()
        text: str = self._raw.serialize(format=ox.QueryResultsFormat.CSV).decode()
        return text


def _run_raw(action: rdflib.term.Node, manifest: rdflib.Graph, query_file: Path) -> RawResult:
    """The baseline: the same test straight on pyoxigraph, without kg."""
    store = ox.Store()
    for data in manifest.objects(action, QT.data):
        store.load(path=str(_path(data)), base_iri=str(data))
    for named in manifest.objects(action, QT.graphData):
        source = manifest.value(named, QT.graph) or named
        name = manifest.value(named, rdflib.RDFS.label) or source
        store.load(path=str(_path(source)), base_iri=str(source), to_graph=ox.NamedNode(str(name)))
    try:
        return RawResult(store.query(query_file.read_text(encoding="utf-8"), base_iri=query_file.as_uri()))
    except (SyntaxError, OSError, RuntimeError, ValueError) as e:
        raise Failure(f"error: {e}") from e


def run_evaluation(
    test: rdflib.term.Node, manifest: rdflib.Graph, *, csv: bool = False, engine: str = "kg"
) -> None:
    """Run one query evaluation test; raise :class:`Failure` with the reason when it fails."""
    action = manifest.value(test, MF.action)
    assert action is not None, f"{test} has no action"
    query_file = _path(manifest.value(action, QT.query))
    result_node = manifest.value(test, MF.result)
    result: Any
    if engine == "pyoxigraph":
        result = _run_raw(action, manifest, query_file)
    else:
        graph = kg.load(ontology=False)
        _load(graph, action, manifest)
        try:
            result = graph.query(query_file)
        except KGError as e:
            raise Failure(f"error: {e}") from e
    expected_path = _path(result_node)
    suffix = expected_path.suffix
    try:
        if csv:
            actual_csv = result.serialize("csv") or ""
            expected_csv = expected_path.read_text(encoding="utf-8")
            if _norm_csv(actual_csv) != _norm_csv(expected_csv):
                raise Failure(f"CSV differs:\n{actual_csv!r}\nexpected\n{expected_csv!r}")
            return
        if suffix in RESULT_FORMATS:
            expected = ox.parse_query_results(path=str(expected_path), format=RESULT_FORMATS[suffix])
            if isinstance(expected, ox.QueryBoolean):
                if result.kind != "ask" or result.boolean != bool(expected):
                    raise Failure(f"expected ASK {bool(expected)}, got {result.kind} {result.boolean}")
                return
            variables = [v.value for v in expected.variables]
            expected_rows = _rows(expected, variables)
            if result.kind != "select":
                raise Failure(f"expected SELECT results, got {result.kind}")
            actual_rows = _rows(result.raw(), variables)
            if set(result.vars) != set(variables):
                raise Failure(f"variables {result.vars} != expected {variables}")
            if not _same_solutions(actual_rows, expected_rows):
                raise Failure(f"{len(actual_rows)} rows differ from the {len(expected_rows)} expected")
            return
        kind, expected_value = _expected_from_rdf(expected_path)
        if kind == "graph":
            if result.kind != "graph":
                raise Failure(f"expected a graph, got {result.kind}")
            actual = rdflib.Graph().parse(data=result.serialize("nt") or "", format="nt")
            if not isomorphic(actual, expected_value):
                raise Failure(
                    f"graph of {len(actual)} triples not isomorphic to the {len(expected_value)} expected"
                )
        elif kind == "ask":
            if result.boolean != expected_value:
                raise Failure(f"expected ASK {expected_value}, got {result.boolean}")
        else:
            variables, rows = expected_value
            if not _same_solutions(_rows(result.raw(), variables), _rows(rows, variables)):
                raise Failure("rows differ from the expected result set")
    except KGError as e:
        raise Failure(f"error: {e}") from e


def _norm_csv(text: str) -> list[str]:
    # line ends as written; blank node labels are arbitrary, so only their pattern of reuse counts
    labels: dict[str, str] = {}

    def relabel(match: re.Match[str]) -> str:
        return labels.setdefault(match.group(0), f"_:b{len(labels)}")

    return [
        re.sub(r"_:[A-Za-z0-9]+", relabel, line) for line in text.replace("\r\n", "\n").split("\n") if line
    ]


def run_syntax(test: rdflib.term.Node, manifest: rdflib.Graph, *, positive: bool, engine: str = "kg") -> None:
    """Run one syntax test: the query must (or must not) parse.

    The query is prepared and run on an empty graph; an error that is not a syntax error (an
    unsupported function, say) still counts as a rejection.
    """
    query_file = _path(manifest.value(test, MF.action))
    try:
        if engine == "pyoxigraph":
            try:
                raw = ox.Store().query(query_file.read_text(encoding="utf-8"), base_iri=query_file.as_uri())
                list(raw) if not isinstance(raw, ox.QueryBoolean) else None
            except (SyntaxError, OSError, RuntimeError, ValueError) as e:
                raise QueryError(str(e)) from e
        else:
            result = kg.load(ontology=False).query(query_file)
            if result.kind != "ask":
                len(result)
    except QueryError as e:
        if positive:
            raise Failure(f"rejected: {e}") from e
        return
    if not positive:
        raise Failure("accepted a query that must be rejected")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="a folder with W3C test manifests (e.g. rdf-tests/sparql/sparql11)"
    )
    parser.add_argument("--verbose", action="store_true", help="print every test")
    parser.add_argument(
        "--engine",
        choices=["kg", "pyoxigraph", "both"],
        default="both",
        help="run through kg (the default) and raw pyoxigraph, the baseline, in the same run",
    )
    args = parser.parse_args(argv)
    engines = ["kg", "pyoxigraph"] if args.engine == "both" else [args.engine]
    status = 0
    for engine in engines:
        print(f"\n== {engine} ==")
        status |= run_all(args.path, engine, verbose=args.verbose)
    return status


def run_all(path: Path, engine: str, *, verbose: bool = False) -> int:
    """Run every manifest under ``path`` with one engine and print the report."""
    args = argparse.Namespace(path=path, verbose=verbose)
    totals: collections.Counter[str] = collections.Counter()
    failures: list[tuple[str, str, str]] = []
    root_path = args.path.resolve()
    manifests = sorted(p for p in root_path.rglob("manifest.ttl"))
    print(f"{'folder':<24} {'passed':>7} {'failed':>7}")
    for manifest_path in manifests:
        manifest = rdflib.Graph().parse(manifest_path, format="turtle", publicID=manifest_path.as_uri())
        root = manifest.value(predicate=rdflib.RDF.type, object=MF.Manifest)
        entries_node = manifest.value(root, MF.entries)
        if entries_node is None:
            continue
        folder = manifest_path.parent.relative_to(root_path).as_posix()
        passed = failed = 0
        for test in Collection(manifest, entries_node):
            kind = manifest.value(test, rdflib.RDF.type)
            name = str(manifest.value(test, MF.name) or test)
            approved = manifest.value(test, DAWGT.approval) == DAWGT.Approved
            try:
                if kind == MF.QueryEvaluationTest:
                    run_evaluation(test, manifest, engine=engine)
                elif kind == MF.CSVResultFormatTest:
                    run_evaluation(test, manifest, csv=True, engine=engine)
                elif kind in (MF.PositiveSyntaxTest11, MF.PositiveSyntaxTest):
                    run_syntax(test, manifest, positive=True, engine=engine)
                elif kind in (MF.NegativeSyntaxTest11, MF.NegativeSyntaxTest):
                    run_syntax(test, manifest, positive=False, engine=engine)
                else:
                    continue
                passed += 1
                totals["approved passed"] += approved
                if args.verbose:
                    print(f"  pass {folder}: {name}")
            except Failure as e:
                failed += 1
                totals["approved failed"] += approved
                failures.append((folder, name + ("" if approved else " [not approved]"), str(e)))
            except Exception as e:  # a crash is a failure of this test, not of the run
                failed += 1
                totals["approved failed"] += approved
                failures.append(
                    (
                        folder,
                        name + ("" if approved else " [not approved]"),
                        f"crash: {type(e).__name__}: {e}",
                    )
                )
        totals["passed"] += passed
        totals["failed"] += failed
        print(f"{folder:<24} {passed:>7} {failed:>7}")
    run = totals["passed"] + totals["failed"]
    share = 100 * totals["passed"] / run if run else 0.0
    print(f"{'total':<24} {totals['passed']:>7} {totals['failed']:>7}   {share:.1f}% of {run} tests passed")
    approved_run = totals["approved passed"] + totals["approved failed"]
    if approved_run:
        approved_share = 100 * totals["approved passed"] / approved_run
        print(
            f"{'approved by the WG':<24} {totals['approved passed']:>7} {totals['approved failed']:>7}   "
            f"{approved_share:.1f}% of {approved_run} tests passed"
        )
    if failures:
        print("\nfailing tests:")
        for folder, name, reason in failures:
            print(f"- {folder}: {name}: {reason.splitlines()[0][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
