"""kg's imports are a one-way street: no module imports, even inside a function, one that imports it back.

Imports under ``if TYPE_CHECKING:`` are for annotations only and do not count. The graph's convenience
methods reach the layers above it through the table ``kg.graph._SERVICES`` (see ARCHITECTURE.md).
"""

from __future__ import annotations

from tests.helpers import MODULES, cycle, imports


def test_no_import_cycle_in_kg() -> None:
    graph = {module: imports(module) for module in MODULES}
    found = cycle(graph)
    assert found is None, "import cycle: " + " -> ".join(found or [])


def test_the_graph_imports_nothing_that_imports_it() -> None:
    """The old loop: graph imported reasoning, store, network and catalogue back inside its methods."""
    assert imports("kg.graph").isdisjoint({"kg.reasoning", "kg.store", "kg.network", "kg.catalogue"})
    assert "kg.graph" in imports("kg.store")  # the walk sees imports at all


def test_the_graph_services_name_real_functions() -> None:
    from kg import graph

    for name in graph._SERVICES:
        assert callable(graph._service(name)), name


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
