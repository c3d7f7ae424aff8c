"""Fixtures shared by the tests; shared constants and helpers are in tests/helpers.py."""

from __future__ import annotations

# Kept for test files written before tests/helpers.py (on other branches): `from tests.conftest import …`
# still works. New tests import tests.helpers.
from tests.helpers import (  # noqa: F401
    DATA,
    GAI,
    IN_CI,
    ONTOLOGY,
    ONTOLOGY_IRI,
    QUERIES,
    RELEASE,
    ROOT,
    SYNTAX_ERRORS,
    need,
    run_kg,
)
