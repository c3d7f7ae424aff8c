"""Validation (kg.validation): syntax errors, SHACL, the Protégé-readiness lint and the ontology checks.

Each fixture of tests/data/validation/ is clean.ttl with one mistake; the tests pin what is reported
about it: the check, the offending IRI and the line of the file where that IRI is defined.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

import kg
from kg.errors import SourceError, UnknownNameError
from kg.validation import MAX_PER_CHECK, Finding, ValidationReport, validate
from tests.helpers import DATA, GAI, ONTOLOGY, SYNTAX_ERRORS

VALIDATION = DATA / "validation"
LINT = "https://example.org/lint"
EX = LINT + "#"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def found(
    path: Path, *, shacl: bool = True, lint: bool = True, checks: bool = True
) -> list[tuple[str, str | None, int | None]]:
    """(check, offending IRI, line) of every finding on one file, validated on its own."""
    report = validate(path, ontology=False, shacl=shacl, lint=lint, checks=checks)
    return [(f.check, f.focus, f.line) for f in report.findings]


def line_of(path: Path, start: str) -> int:
    """The number of the first line of a file that starts with ``start``."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text.startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r} in {path}")


# ---------------------------------------------------------------------------------------------------
# the GenAI ontology and the clean fixture pass everything


def test_the_genai_ontology_passes_every_check() -> None:
    report = validate()
    assert report.conforms, report.text()
    assert report.findings == [] and report.sources == [str(ONTOLOGY)]
    assert validate(ONTOLOGY, ontology=False).conforms
    assert report.text() == f"{ONTOLOGY}: no problems found\n"


def test_the_clean_fixture_passes_every_check() -> None:
    assert found(VALIDATION / "clean.ttl") == []


# ---------------------------------------------------------------------------------------------------
# the lint: each fixture, its finding, its line


@pytest.mark.parametrize(
    ("name", "check", "focus", "starts"),
    [
        ("no-version-iri.ttl", "version-iri", LINT, "<https://example.org/lint>"),
        ("punned.ttl", "punning", EX + "hasOwner", "ex:hasOwner"),
        ("undeclared-property.ttl", "undeclared-annotation-property", EX + "hasOwner", "    ex:hasOwner "),
        ("undeclared-annotation-property.ttl", "undeclared-annotation-property",
         "http://www.w3.org/2004/02/skos/core#definition", "    skos:definition"),
        ("undeclared-class.ttl", "undeclared", EX + "Pet", "    a owl:NamedIndividual , ex:Dog , ex:Pet"),
        ("gyear.ttl", "datatype", EX + "rex", "ex:rex"),
        ("missing-labels.ttl", "label", EX + "Person", "ex:Person"),
        ("empty-class-expression.ttl", "class-expression", EX + "Dog", "ex:Dog"),
    ],
)  # fmt: skip
def test_each_mistake_is_found_with_its_iri_and_line(name: str, check: str, focus: str, starts: str) -> None:
    path = VALIDATION / name
    findings = found(path, shacl=False, checks=False)
    assert (check, focus, line_of(path, starts)) in findings
    assert {c for c, _, _ in findings} <= {check, "definition"}  # nothing else is wrong with the fixture


def test_missing_labels_are_reported_once_each() -> None:
    path = VALIDATION / "missing-labels.ttl"
    line = line_of(path, "ex:Person")
    assert found(path) == [("label", EX + "Person", line), ("definition", EX + "Person", line)]


def test_lint_messages_say_what_to_do() -> None:
    report = validate([VALIDATION / "gyear.ttl", VALIDATION / "undeclared-class.ttl"], ontology=False)
    text = report.text()
    gyear = VALIDATION / "gyear.ttl"
    assert (
        f"{gyear}:{line_of(gyear, 'ex:rex')}: error [datatype] ex:rex: the value "
        '"2020"^^xsd:gYear of ex:birthYear has the datatype xsd:gYear, which is not in the OWL 2 '
        "datatype map: Protégé and HermiT reject it; use e.g. xsd:integer, xsd:string or xsd:dateTime"
    ) in text.splitlines()
    assert "error [undeclared] ex:Pet: used as a class but not declared; add `ex:Pet a owl:Class`" in text


def test_a_punned_iri_is_illegal_only_between_property_kinds_or_class_and_datatype() -> None:
    # (terms outside the ontology's namespace, so that they need no label)
    legal = "@prefix ex: <https://example.org/other#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    ontology = "<https://example.org/p> a owl:Ontology ; owl:versionIRI <https://example.org/p/1> .\n"
    both = legal + ontology + "ex:C a owl:Class , owl:NamedIndividual .\n"
    assert [f.check for f in validate(both, ontology=False, checks=False).findings] == []
    illegal = legal + ontology + "ex:C a owl:ObjectProperty , owl:AnnotationProperty .\n"
    assert [(f.check, f.focus) for f in validate(illegal, ontology=False, checks=False).findings] == [
        ("punning", "https://example.org/other#C")
    ]


def test_no_ontology_iri() -> None:
    data = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n[] a owl:Ontology .\n"
    assert [(f.check, f.focus) for f in validate(data, ontology=False, checks=False).findings] == [
        ("ontology-iri", None)
    ]


def test_lint_findings_are_capped_per_check() -> None:
    head = "@prefix ex: <https://example.org/many#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    head += "<https://example.org/many> a owl:Ontology ; owl:versionIRI <https://example.org/many/1> .\n"
    data = head + "".join(f"ex:i{n} a ex:C{n} .\n" for n in range(MAX_PER_CHECK + 20))
    findings = [f for f in validate(data, ontology=False, checks=False).findings if f.check == "undeclared"]
    assert len(findings) == MAX_PER_CHECK + 1
    assert findings[-1].message == "… and 20 more like these" and findings[-1].focus is None


# ---------------------------------------------------------------------------------------------------
# SHACL


def test_a_shacl_violation_in_instance_data() -> None:
    path = VALIDATION / "bad-model.ttl"
    report = validate(path)  # with the embedded ontology, so the shapes know LargeLanguageModel ⊑ AIModel
    # one finding for the one bad value (not datatype and minExclusive with the same text), at the line
    # of the offending triple, not of the model's first line (issue 13, item 8)
    line = line_of(path, '    gai:parameterCount "175B"')
    assert line > line_of(path, "ex:MyModel")
    shacl = [f for f in report.findings if f.check == "shacl"]
    assert [(f.focus, f.path, f.value, f.severity, f.line, f.constraint) for f in shacl] == [
        ("https://example.org/models#MyModel", GAI + "parameterCount", '"175B"', "error", line, "datatype"),
    ]
    assert report.findings == shacl
    assert shacl[0].message.startswith("gai:parameterCount is given at most once, as a positive xsd:integer")
    assert (
        f"{path}:{line}: error [shacl: datatype] ex:MyModel gai:parameterCount: gai:parameterCount is "
        'given at most once, as a positive xsd:integer (e.g. 175000000000, not "175B"). (value: "175B")'
    ) in report.text().splitlines()


def test_the_shacl_report_graph_is_standard() -> None:
    report = validate(VALIDATION / "bad-model.ttl")
    graph = rdflib.Graph().parse(data=report.serialize("turtle"), format="turtle")
    (result_report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(result_report, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(result_report, SH.result))
    assert len(results) == 2
    for result in results:
        assert graph.value(result, SH.focusNode) == rdflib.URIRef("https://example.org/models#MyModel")
        assert graph.value(result, SH.resultSeverity) == SH.Violation
    assert report.shacl_graph is not None and len(report.shacl_graph) > 0


def test_lint_findings_join_the_shacl_report_graph() -> None:
    report = validate(VALIDATION / "undeclared-class.ttl", ontology=False)
    graph = report.to_graph()
    (result,) = graph.objects(None, SH.result)
    assert graph.value(result, SH.focusNode) == rdflib.URIRef(EX + "Pet")
    assert graph.value(result, SH.sourceConstraintComponent) == rdflib.URIRef(
        "https://w3id.org/genai-kg/validation#undeclared"
    )
    assert graph.value(result, SH.resultSeverity) == SH.Violation


def test_user_shapes_replace_the_embedded_ones(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/lint#> .\n"
        "ex:DogShape a sh:NodeShape ; sh:targetClass ex:Dog ;\n"
        '  sh:property [ sh:path ex:hasOwner ; sh:minCount 2 ; sh:message "a dog needs two owners" ] .\n'
    )
    report = validate(VALIDATION / "clean.ttl", ontology=False, shapes=shapes)
    assert [(f.check, f.focus, f.message) for f in report.findings] == [
        ("shacl", EX + "rex", "a dog needs two owners")
    ]
    with pytest.raises(SourceError, match="no such shapes file"):
        validate(VALIDATION / "clean.ttl", shapes=tmp_path / "absent.ttl")


# ---------------------------------------------------------------------------------------------------
# the checks of queries/checks


def test_check_queries_are_run() -> None:
    path = DATA / "checks" / "multiple-labels.ttl"
    findings = [f for f in validate(path, ontology=False, shacl=False).findings]
    assert [(f.check, f.focus, f.line) for f in findings] == [
        ("checks/multiple-labels-violation", GAI + "Text", line_of(path, "gai:Text"))
    ]
    assert findings[0].message == "Text has 2 English labels; keep one and make the others skos:altLabel"


def test_a_check_that_repeats_a_lint_finding_is_not_listed_twice() -> None:
    path = DATA / "checks" / "missing-definition.ttl"
    findings = validate(path, ontology=False, shacl=False).findings
    assert [(f.check, f.focus) for f in findings] == [("definition", GAI + "Modality")]


# ---------------------------------------------------------------------------------------------------
# syntax errors: file, line and column, and the other sources are still checked


def test_a_turtle_syntax_error_with_line_and_column() -> None:
    path = VALIDATION / "syntax-error.ttl"
    report = validate(path, ontology=False)
    assert report.findings == [
        Finding(
            "syntax",
            "error",
            "A dot is expected at the end of statements",
            source=str(path),
            line=9,
            column=1,
        )
    ]
    assert path.read_text().splitlines()[8].startswith("ex:Cat")
    assert report.text().startswith(
        f"{path}:9:1: error [syntax]: A dot is expected at the end of statements\n"
    )


@pytest.mark.parametrize(("name", "line", "column"), SYNTAX_ERRORS)
def test_syntax_errors_of_every_format(name: str, line: int, column: int) -> None:
    (finding,) = validate(DATA / name, ontology=False).findings
    assert (finding.check, finding.source, finding.line, finding.column) == (
        "syntax",
        str(DATA / name),
        line,
        column,
    )


@pytest.mark.parametrize(
    ("text", "suffix", "line", "column"),
    [
        # well-formed XML, but not RDF/XML: rdflib's parser points at the element
        ('<rdf:Description rdf:about="https://example.org/a">\n  <ex:f rdf:nodeID="1bad"/>\n'
         "</rdf:Description>", ".rdf", 5, 3),
        # an IRI with a space: the quoted IRI is found in the document
        ('<rdf:Description rdf:about="https://example.org/a">\n'
         '  <ex:d rdf:resource="https://ex ample.org/b"/>\n</rdf:Description>', ".rdf", 5, 23),
        # JSON-LD keyword with a value of the wrong kind
        ('{\n  "@id": "https://example.org/a",\n  "https://example.org/b": {"@value": "c", "@type": 5}\n}',
         ".jsonld", 3, 53),
    ],
)  # fmt: skip
def test_positions_of_rdfxml_and_jsonld_errors_in_well_formed_documents(
    tmp_path: Path, text: str, suffix: str, line: int, column: int
) -> None:
    if suffix == ".rdf":
        text = (
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
            '         xmlns:ex="https://example.org/">\n' + text + "\n</rdf:RDF>\n"
        )
    path = tmp_path / f"bad{suffix}"
    path.write_text(text)
    (finding,) = validate(path, ontology=False).findings
    assert (finding.check, finding.line, finding.column) == ("syntax", line, column), finding


def test_other_sources_are_checked_after_a_syntax_error() -> None:
    bad, gyear = VALIDATION / "syntax-error.ttl", VALIDATION / "gyear.ttl"
    report = validate([bad, gyear], ontology=False)
    assert [(f.check, f.source) for f in report.findings] == [("syntax", str(bad)), ("datatype", str(gyear))]
    assert report.sources == [str(bad), str(gyear)]


def test_a_missing_file_is_an_error_not_a_finding(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        validate(tmp_path / "absent.ttl")


# ---------------------------------------------------------------------------------------------------
# the report


def test_json_report() -> None:
    report = validate(VALIDATION / "undeclared-class.ttl", ontology=False)
    data = json.loads(report.serialize("json"))
    assert data["conforms"] is False and data["counts"] == {"undeclared": 1}
    (finding,) = data["findings"]
    assert (
        finding["check"] == "undeclared" and finding["focus"] == EX + "Pet" and finding["severity"] == "error"
    )
    assert finding["source"] == str(VALIDATION / "undeclared-class.ttl") and isinstance(finding["line"], int)


def test_unknown_report_format() -> None:
    with pytest.raises(UnknownNameError, match="unknown format 'yaml'; known: json, text, turtle"):
        ValidationReport([]).serialize("yaml")


def test_a_loaded_graph_can_be_validated() -> None:
    graph = kg.load(VALIDATION / "bad-model.ttl")
    report = validate(graph)
    assert report.counts() == {"shacl": 1} and report.sources == graph.sources
    assert kg.validate is validate


def test_the_terms_of_an_obo_style_ontology_need_labels_too() -> None:
    # an ontology IRI naming a file (as OBO ontologies do): its terms live in the folder of that file
    data = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/obo/thing.owl> a owl:Ontology ;\n"
        "    owl:versionIRI <https://example.org/obo/1/thing.owl> .\n"
        "<https://example.org/obo/Thing_1> a owl:Class .\n"
        "<https://example.org/elsewhere/Other> a owl:Class .\n"
    )
    findings = validate(data.encode(), ontology=False, checks=False).findings
    assert [(f.check, f.focus) for f in findings] == [
        ("label", "https://example.org/obo/Thing_1"),
        ("definition", "https://example.org/obo/Thing_1"),
    ]
