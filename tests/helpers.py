"""Shared paths, IRIs and helpers of the test suite (fixtures are in conftest.py)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg import vocab

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
RELEASE = ROOT / "ontology" / "genai.owl"
QUERIES = ROOT / "queries"
PACKAGE = ROOT / "kg"
GAI = vocab.GAI
ONTOLOGY_IRI = vocab.GENAI_KG + "ontology"
#: The broken files of tests/data and where their first syntax error is: (file, line, column).
SYNTAX_ERRORS = [
    ("bad-syntax.ttl", 4, 11),
    ("bad-syntax.nt", 2, 73),
    ("bad-syntax.rdf", 5, 17),
    ("bad-syntax.jsonld", 3, 35),
]
#: Under CI a test that needs a missing tool fails instead of skipping.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, why: str) -> None:
    """Skip when a tool is missing; fail instead under CI, where everything must be installed."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} (CI=true: every tool the tests need must be installed by .ci/run)")
        pytest.skip(why)


def run_kg(*args: str, input: str | None = None) -> Result:
    """Run the ``kg`` command in-process and return click's result (stdout and stderr apart)."""
    from kg.cli import main

    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# -- the modules of kg/ and what they import (tests/test_imports.py, tests/test_architecture.py)


def module_name(path: Path) -> str:
    """``kg/reasoning/rl.py`` → ``kg.reasoning.rl``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module of kg/, by name.
MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The kg module an imported name lives in (``kg.x.y`` for a name of module ``kg.x.y``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    """The kg modules a module imports at run time, at module level or inside functions.

    Imports under ``if TYPE_CHECKING:`` are for annotations only and are left out; so is ``kg`` itself
    (``from kg import files`` imports ``kg.files``; the package's own names are loaded lazily).
    """
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package
                    for _ in range(child.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                names = [f"{base}.{alias.name}" for alias in child.names]
            for name in names:
                target = _resolve(name) if name.split(".")[0] == "kg" else None
                if target and target != module and target != "kg":
                    found.add(target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of a directed graph, as the list of its nodes (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None
