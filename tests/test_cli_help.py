"""The help of every command ends with an example, and its choices are the library's own constants."""

from __future__ import annotations

import click
import pytest

from kg.cli import main
from kg.reasoning import PROFILES
from kg.validation import FORMATS
from tests.helpers import run_kg


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: " ".join(c) or "kg")
def test_every_command_help_has_an_example(command: tuple[str, ...]) -> None:
    result = run_kg(*command, "--help")
    assert result.exit_code == 0
    assert "Example: kg" in result.output, f"kg {' '.join(command)} --help has no Example: line"


def _choices(command: tuple[str, ...], option: str) -> list[str]:
    target: click.Command = main
    for name in command:
        assert isinstance(target, click.Group)
        target = target.commands[name]
    (param,) = [p for p in target.params if option in getattr(p, "opts", ())]
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_choices_come_from_the_library() -> None:
    for command in (("query",), ("reason",), ("push",)):
        option = "--profile" if command == ("reason",) else "--reason"
        assert _choices(command, option) == list(PROFILES)
    assert _choices(("validate",), "--format") == list(FORMATS)
