"""Tests about the project itself: query headers, documented commands, documented public functions."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import kg
from kg.sparql import queries
from tests.helpers import QUERIES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", sorted(QUERIES.rglob("*.rq")), ids=lambda p: p.relative_to(QUERIES).as_posix()
)
def test_every_query_has_a_title_and_a_question(path: object) -> None:
    named = [q for q in queries() + queries(checks=True) if q.path == path]
    assert named, path
    assert named[0].title and named[0].question


def test_every_command_is_in_the_readme() -> None:
    from kg.cli import main

    for name in main.commands:
        assert re.search(rf"\bkg {name}\b", README), f"`kg {name}` is not in the README"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert blocks, "README has no command block"
    commands = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert "kg tour" in commands[0] and "pytest" in commands[1]
    # CI runs exactly the README's test command
    assert commands[1].strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _library_modules() -> list[str]:
    # the command line (kg.cli, kg.__main__) is documented by --help, tested in test_cli.py
    names = (
        m.name for m in pkgutil.iter_modules(kg.__path__, "kg.") if not m.name.split(".")[-1].startswith("_")
    )
    return sorted(n for n in names if n != "kg.cli")


@pytest.mark.parametrize("module_name", _library_modules())
def test_public_functions_have_docstrings_with_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__, module_name
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            doc = inspect.getdoc(obj) or ""
            assert doc, f"{module_name}.{name} has no docstring"
            if inspect.isfunction(obj):
                assert ">>>" in doc, f"{module_name}.{name} has no example"


def test_all_of_the_package_is_complete() -> None:
    # every name a module exports that users need is reachable from `kg` itself
    for required in (
        "load",
        "KnowledgeGraph",
        "Result",
        "NamedQuery",
        "queries",
        "build",
        "KGError",
        "SourceError",
        "QueryError",
        "UnknownNameError",
        "render",
        "validate",
    ):
        assert required in kg.__all__, required
