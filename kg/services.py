"""The functions of the layers above the graph that the graph and its results call, by name.

``graph.reason()``, ``graph.to_networkx()``, ``load(store=…)``, ``load(catalogue=True)`` and
``Result.to_networkx()`` are conveniences over modules that stand above :mod:`kg.graph` and
:mod:`kg.sparql` (each of them imports the graph). Those lower modules name what they call here
instead of importing it, so that every import in ``kg/`` points down (tests/test_imports.py); each
module is loaded on first use. See ARCHITECTURE.md.

>>> service("reason").__module__
'kg.reasoning'
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["SERVICES", "service"]

#: What is called, by name: "module:function".
SERVICES = {
    "reason": "kg.reasoning:reason",
    "to_networkx": "kg.network:to_networkx",
    "result_to_networkx": "kg.network:result_to_networkx",
    "flatten": "kg.bridges:flatten",
    "to_pyvis": "kg.bridges:to_pyvis",
    "to_owlready": "kg.bridges:to_owlready",
    "open_store": "kg.store:open_store",
    "build_store": "kg.store:build_store",
    "catalogue_text": "kg.catalogue:catalogue_text",
    "snapshot_file": "kg.catalogue:snapshot_file",
}


def service(name: str) -> Any:
    """The function :data:`SERVICES` names, its module imported on first use.

    >>> service("open_store").__name__
    'open_store'
    """
    module, _, function = SERVICES[name].partition(":")
    return getattr(importlib.import_module(module), function)
