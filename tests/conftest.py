"""Shared paths, IRIs and helpers of the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
ONTOLOGY = ROOT / "ontology" / "genai.ttl"
RELEASE = ROOT / "ontology" / "genai.owl"
QUERIES = ROOT / "queries"
GAI = "https://w3id.org/genai-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/genai-kg/ontology"
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
