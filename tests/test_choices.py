"""kg.choices: every choice the library accepts is named once, and the command line offers exactly those."""

from __future__ import annotations

import click
import pytest

from kg import choices
from kg.remote.engines import ENGINES


def test_the_library_checks_the_choices_it_names() -> None:
    from kg import diff, network, reasoning, sparql, validation

    assert reasoning.PROFILES is choices.PROFILES
    assert network.VIEWS is choices.VIEWS
    assert validation.FORMATS is choices.REPORT_FORMATS
    assert validation.report.FAIL_ON is choices.FAIL_ON
    assert diff.FORMATS is choices.DIFF_FORMATS
    assert tuple(sorted(ENGINES)) == choices.ENGINES
    # the engine's formats are mapped in kg.sparql: the same names
    assert sorted(sparql.RESULT_FORMATS) == sorted(choices.ROW_RESULT_FORMATS)
    assert sorted(sparql.GRAPH_FORMATS) == sorted(choices.GRAPH_RESULT_FORMATS)
    assert set(choices.DRAWN_VIEWS) < set(choices.VIEWS)
    from kg import schema_view

    assert schema_view.LAYOUTS is choices.SCHEMA_LAYOUTS


def _choices(command: str, option: str) -> list[str]:
    from kg.cli import main

    for param in main.commands[command].params:
        if param.name == option and isinstance(param.type, click.Choice):
            return list(param.type.choices)
    raise AssertionError(f"kg {command} has no option {option} with choices")


@pytest.mark.parametrize(
    ("command", "option", "expected"),
    [
        ("query", "reason_profile", choices.PROFILES),
        ("reason", "profile", choices.PROFILES),
        ("push", "reason", choices.PROFILES),
        ("viz", "reason_profile", choices.PROFILES),
        ("viz", "view", choices.DRAWN_VIEWS),
        ("viz", "layout", choices.SCHEMA_LAYOUTS),
        ("validate", "fmt", choices.REPORT_FORMATS),
        ("validate", "fail_on", choices.FAIL_ON),
        ("diff", "fmt", choices.DIFF_FORMATS),
    ],
)
def test_the_command_line_offers_the_library_choices(
    command: str, option: str, expected: tuple[str, ...]
) -> None:
    assert _choices(command, option) == list(expected)


def test_a_view_the_library_does_not_know_is_refused_by_both() -> None:
    import kg
    from kg.errors import UnknownNameError
    from tests.helpers import run_kg

    with pytest.raises(UnknownNameError, match="unknown view 'map'"):
        kg.load().to_networkx("map")
    result = run_kg("viz", "--view", "map")
    assert (
        result.exit_code == 2
        and "'map' is not one of 'schema', 'instances', 'full', 'summary'" in result.stderr
    )
