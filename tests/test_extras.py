"""What `pip install .` gives, and the extras: the web server of `kg serve` is optional."""

from __future__ import annotations

import re
import sys
from importlib.metadata import requires

import pytest

import kg
from kg.server import ServerConfig, create_app


def test_serve_without_its_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    with pytest.raises(kg.ToolMissingError, match=r"needs uvicorn.*pip install 'genai-kg\[serve\]'"):
        create_app(ServerConfig())


def test_the_extras_hold_the_optional_parts() -> None:
    """The installed metadata (from pyproject.toml): what each extra adds, and what every install has."""
    by_extra: dict[str, set[str]] = {}
    for requirement in requires("genai-kg") or []:
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower()
        extra = re.search(r"extra\s*==\s*['\"]([\w-]+)['\"]", requirement)
        by_extra.setdefault(extra.group(1) if extra else "", set()).add(name)
    assert {"starlette", "uvicorn", "owlrl"}.isdisjoint(by_extra[""])
    assert {"rdflib", "pyoxigraph", "networkx", "pyvis", "owlready2", "pyshacl", "click", "rich"} <= by_extra[
        ""
    ]
    assert {"starlette", "uvicorn"} <= by_extra["serve"]
    assert {"starlette", "uvicorn", "owlrl"} <= by_extra["test"]  # the tests run kg serve and owlrl
