"""The Protégé-readiness lint of kg.validation agrees with the OWL API on every fixture.

The OWL API (Debian's libowlapi-java 5, the library Protégé is built on) is the reference. Its load
checker, tests/owlapi/ProtegeLoadCheck.java (compiled once by the ``checker`` fixture of
tests/test_owlapi.py), reports what it finds in each file as JSON records; ``owlapi_findings`` turns
them into ``(check, IRI)`` pairs named like the lint's checks, and the test asks for the same pairs from
``kg.validation.validate(file, ontology=False)``.

Where the two differ on purpose:

* kg is stricter on labels and definitions (the ``label`` and ``definition`` checks): the OWL API does
  not look at annotations, but a term without a label shows as a bare IRI in Protégé, and the house
  style wants a definition for every term. Those findings are left out of the comparison.
* Legal punning (a class that is also an individual) is listed by the checker's ``punning`` record but
  is allowed by OWL 2 DL, and the OWL API neither logs nor flags it: kg does not report it either
  (the GenAI house check ``checks/punning-violation`` does, for its own namespace).
* Undeclared *individuals* are listed by the checker but are no OWL 2 DL violation (the OWL API's DL
  profile checker does not flag them) and Protégé loads them silently: kg does not report them.
* An undeclared datatype outside the OWL 2 datatype map (``xsd:date``) that is used only in annotation
  values is listed by the checker's ``undeclared`` record, but the OWL API's DL profile check does not
  flag it and HermiT loads it (``validation/date-annotation.ttl``): kg does not report it either.
* When all its RDF parsers fail, the OWL API reads the text as OBO and "loads" whatever that parser
  salvages; for an RDF file that is a syntax error, and compared as one.

Without Java or the OWL API jars the tests skip, and fail under CI=true.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kg.validation import validate
from tests.helpers import DATA, ONTOLOGY, ROOT
from tests.test_owlapi import Checker, checker  # noqa: F401 - the compiled OWL API checker, a fixture

pytestmark = pytest.mark.java

#: The lint checks the OWL API can be compared with (label and definition are kg's own).
COMPARED = {
    "syntax", "ontology-iri", "version-iri", "undeclared", "undeclared-annotation-property", "punning",
    "datatype", "class-expression", "non-simple-property",
}  # fmt: skip

FIXTURES = sorted(
    [
        *(DATA / "validation").glob("*.ttl"),
        *(DATA / "reasoning").glob("*.ttl"),
        *(DATA / "checks").glob("*.ttl"),
        *(ROOT / "tests" / "owlapi" / "fixtures").iterdir(),
        *DATA.glob("bad-syntax.*"),
        ONTOLOGY,
    ]
)


def owlapi_findings(records: list[dict[str, Any]], path: Path) -> set[tuple[str, str | None]]:
    """The OWL API checker's records as (check, IRI) pairs in the lint's terms."""
    found: set[tuple[str, str | None]] = set()
    # the IRIs a profile violation names: an undeclared datatype is a problem only in a logical axiom
    profiled = {iri for r in records if r["record"] == "profile" for iri in r["iris"]}
    for r in records:
        kind = r["record"]
        if kind == "load":
            if not r["ok"] or (r["format"] == "OBO Format" and path.suffix != ".obo"):
                return {("syntax", None)}  # not read as the RDF it is meant to be
            if r["ontologyIri"] is None:
                found.add(("ontology-iri", None))
            elif r["versionIri"] is None:
                found.add(("version-iri", r["ontologyIri"]))
        elif kind in ("undeclared", "guessed"):
            for entity in [r["kind"]] if "kind" in r else r["kinds"]:
                if entity == "NamedIndividual" or "owlapi/error#" in r["iri"]:
                    continue  # individuals need no declaration; error#N stands for a broken expression
                if entity == "Datatype" and r["iri"] not in profiled:
                    continue  # only in annotation values, which may have any datatype (no violation)
                check = {"Datatype": "datatype", "AnnotationProperty": "undeclared-annotation-property"}
                found.add((check.get(entity, "undeclared"), r["iri"]))
        elif kind == "profile":
            violation = r["kind"]
            for iri in r["iris"]:
                if "owlapi/error#" in iri or violation == "InsufficientOperands":
                    # a class expression the parser could not read: the class of the axiom it is in
                    owner = re.search(r"\[\w+\(<([^>]+)>", r["message"])
                    found.add(("class-expression", owner.group(1) if owner else None))
                elif violation == "IllegalPunning":
                    found.add(("punning", iri))
                elif "Datatype" in violation:
                    found.add(("datatype", iri))
                elif violation == "UseOfUndeclaredAnnotationProperty":
                    found.add(("undeclared-annotation-property", iri))
                elif violation.startswith("UseOfUndeclared"):
                    found.add(("undeclared", iri))
                elif violation.startswith("UseOfNonSimpleProperty"):
                    found.add(("non-simple-property", iri))
                else:
                    found.add((f"profile {violation}", iri))  # not matched by the lint: the test fails
        elif kind == "parser-log":
            punned = re.search(r"reuse of entity (\S+) in punning not allowed", r["message"])
            if punned:
                found.add(("punning", punned.group(1)))
            elif "Entity not properly recognized" not in r["message"]:  # that one comes with error#N
                found.add(("parser-log", r["message"]))
        elif kind == "unparsed":
            found.add(("unparsed", r["triple"]))
    return found


def lint_findings(path: Path) -> set[tuple[str, str | None]]:
    """What kg's lint (and syntax check) finds in the file alone, as (check, IRI) pairs."""
    report = validate(path, ontology=False, shacl=False, checks=False)
    out: set[tuple[str, str | None]] = set()
    for f in report.findings:
        if f.check not in COMPARED:
            continue
        # the OWL API names the datatype; kg names the term that uses it (and the datatype as value)
        out.add(
            ("datatype", f.value)
            if f.check == "datatype"
            else (f.check, None if f.check == "syntax" else f.focus)
        )
    return out


@pytest.fixture(scope="module")
def owlapi_records(checker: Checker) -> dict[str, list[dict[str, Any]]]:  # noqa: F811
    """The checker's records of every fixture, from one run of the JVM."""
    _status, records = checker(*FIXTURES)
    return records


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_lint_agrees_with_the_owlapi(owlapi_records: dict[str, list[dict[str, Any]]], path: Path) -> None:
    assert lint_findings(path) == owlapi_findings(owlapi_records[str(path)], path)


def test_the_comparison_covers_every_kind_of_finding() -> None:
    """So that no check of the lint goes without its OWL API counterpart."""
    kinds = {check for path in FIXTURES for check, _ in lint_findings(path)}
    assert kinds == COMPARED


def test_where_kg_is_stricter_it_is_on_purpose() -> None:
    report = validate(DATA / "validation" / "missing-labels.ttl", ontology=False)
    assert {f.check for f in report.findings} == {"label", "definition"}  # the OWL API finds nothing here
