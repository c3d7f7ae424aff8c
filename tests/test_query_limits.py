"""Queries the engine cannot take: refused before it sees them, with a position, never a crash
(issue 10, items 10 and 17). Run in a subprocess: a crash would take the test process with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PATHOLOGICAL = {
    "5000 nested groups": "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "5000 OPTIONALs": "SELECT * WHERE { ?s ?p ?o "
    + " ".join(f"OPTIONAL {{ ?s ?p ?o{i} }}" for i in range(5000))
    + " }",
    "20000 UNIONs": "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p ?o{i} }}" for i in range(20000)) + " }",
    "100000 parentheses": "SELECT * { ?s ?p ?o FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }",
    "10000 additions": "SELECT (" + "+".join(["1"] * 10_000) + " AS ?x) {}",
    "10000 path steps": "SELECT * { ?s " + "/".join(["<urn:p>"] * 10_000) + " ?o }",
}


def kg(*args: str, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_queries_are_refused_with_a_position(name: str, tmp_path: Path) -> None:
    path = tmp_path / "pathological.rq"
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    result = kg("query", "--no-ontology", str(path), text="")
    assert result.returncode == 2, result.stderr[-500:]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}:1:")
    assert "a limit that keeps the engine from crashing" in line


def test_deep_update_is_refused() -> None:
    import kg as library

    graph = library.KnowledgeGraph()
    with pytest.raises(library.QueryError, match="nested more than 200 levels"):
        graph.update("INSERT { <urn:a> <urn:b> 1 } WHERE " + "{" * 300 + "}" * 300)


def test_ordinary_large_queries_pass() -> None:
    import kg as library

    values = "SELECT ?x { VALUES ?x { " + " ".join(str(i) for i in range(20_000)) + " } }"
    assert len(library.KnowledgeGraph().query(values)) == 20_000
    nested = "SELECT * { " + "{ " * 50 + "?s ?p ?o" + " }" * 50 + " }"
    assert len(library.KnowledgeGraph().query(nested)) == 0


@pytest.mark.parametrize("update", ["DROP ALL", "PREFIX : <urn:> INSERT DATA { :a :b :c }", "CLEAR DEFAULT"])
def test_an_update_given_to_kg_query_is_named(update: str) -> None:
    from tests.helpers import run_kg

    result = run_kg("query", "--no-ontology", "-e", update)
    assert result.exit_code == 2
    word = update.split()[3] if update.startswith("PREFIX") else update.split()[0]
    assert result.stderr.startswith(f"Error: <query>: {word} makes this a SPARQL update, not a query")
