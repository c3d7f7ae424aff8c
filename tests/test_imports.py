"""kg's imports are a one-way street: no module imports, even inside a function, one that imports it back.

Imports under ``if TYPE_CHECKING:`` are for annotations only and do not count. The graph's convenience
methods reach the layers above it through the table ``kg.graph._SERVICES`` (see ARCHITECTURE.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg

PACKAGE = Path(kg.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The kg module an imported name lives in (``kg.x.y`` for a name of module ``kg.x.y``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    """The kg modules a module imports at run time, at module level or inside functions."""
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


def test_no_import_cycle_in_kg() -> None:
    graph = {module: imports(module) for module in MODULES}
    found = cycle(graph)
    assert found is None, "import cycle: " + " -> ".join(found or [])


def test_the_graph_imports_nothing_that_imports_it() -> None:
    """The old loop: graph imported reasoning, store, network and catalogue back inside its methods."""
    assert imports("kg.graph").isdisjoint({"kg.reasoning", "kg.store", "kg.network", "kg.catalogue"})


def test_the_graph_services_name_real_functions() -> None:
    from kg import graph

    for name in graph._SERVICES:
        assert callable(graph._service(name)), name


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
