"""The commands `kg reason`, `kg validate` and `kg query --reason`: exact messages and exit codes.

Exit codes: 0 all is well · 1 a check found problems (inconsistent, unsatisfiable classes, findings) ·
2 bad input or usage (also: Java missing for HermiT).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib

from tests.helpers import DATA, GAI, ONTOLOGY, need, run_kg

REASONING = DATA / "reasoning"
VALIDATION = DATA / "validation"
INCONSISTENT = str(REASONING / "inconsistent.ttl")
UNSATISFIABLE = str(REASONING / "unsatisfiable.ttl")


def java() -> None:
    need(shutil.which("java") is not None, "Java is needed to run HermiT")


GPT3 = "https://w3id.org/genai-kg/model/gpt-3-175b-davinci"


# ---------------------------------------------------------------------------------------------------
# kg reason


def test_reason_rl_on_the_ontology_exits_0_and_writes_the_inferred_triples(tmp_path: Path) -> None:
    out = tmp_path / "inferred.ttl"
    result = run_kg("reason", "--profile", "rl", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout.startswith("OWL 2 RL (kg OWL 2 RL rules): consistent, 53 inferred triples (")
    assert f"  <{GPT3}> a gai:GenerativeAI\n" in result.stdout
    # an inferred literal value (gai:reportedParameterCount is a sub-property of gai:parameterCount)
    assert f'  <{GPT3}> gai:parameterCount "175000000000"^^xsd:integer\n' in result.stdout
    assert result.stderr == f"{out}: 53 inferred triples\n"
    inferred = rdflib.Graph().parse(out)
    assert len(inferred) == 53
    assert (rdflib.URIRef(GPT3), rdflib.RDF.type, rdflib.URIRef(GAI + "GenerativeAI")) in inferred
    # the OWL RL rules never derive a large language model from a parameter count
    assert (rdflib.URIRef(GPT3), rdflib.RDF.type, rdflib.URIRef(GAI + "LargeLanguageModel")) not in inferred


def test_reason_rl_names_the_individual_and_classes_of_an_inconsistency() -> None:
    result = run_kg("reason", "--no-ontology", "--profile", "rl", INCONSISTENT)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "Why:",
        "  ex:nessie is a member of both ex:Fish and ex:Bird, which are disjoint classes [cax-dw]",
    ]
    assert result.stderr == (
        "Error: the ontology is inconsistent: ex:nessie is a member of both ex:Fish and ex:Bird, which are "
        "disjoint classes [cax-dw]\n"
    )


@pytest.mark.java
def test_reason_dl_names_the_unsatisfiable_class_of_an_inconsistency() -> None:
    java()
    result = run_kg("reason", "--no-ontology", INCONSISTENT)
    assert result.exit_code == 1
    assert "INCONSISTENT" in result.stdout.splitlines()[0]
    assert result.stderr == (
        "Error: the ontology is inconsistent: ex:nessie is asserted to be a ex:FlyingFish, a class that can "
        "have no member (unsatisfiable) (and 1 more)\n"
    )


@pytest.mark.java
def test_reason_dl_names_unsatisfiable_classes_and_exits_1() -> None:
    java()
    result = run_kg("reason", "--no-ontology", UNSATISFIABLE)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        result.stdout.splitlines()[0],
        "Unsatisfiable classes (they can have no member):",
        "  ex:FlyingFish",
        "  why: ex:FlyingFish: any member would be a member of both ex:Fish and ex:Bird, which are disjoint "
        "classes [cax-dw]",
    ]
    assert result.stdout.startswith("OWL 2 DL (HermiT (owlready2 ")
    assert "consistent, 1 unsatisfiable class, 6 inferred triples" in result.stdout.splitlines()[0]
    assert result.stderr == "Error: 1 unsatisfiable class: ex:FlyingFish\n"


@pytest.mark.java
def test_reason_dl_on_the_ontology_exits_0() -> None:
    java()
    result = run_kg("reason")
    assert result.exit_code == 0 and result.stderr == ""
    assert "consistent, 55 inferred triples" in result.stdout.splitlines()[0]
    assert f"  <{GPT3}> a gai:LargeLanguageModel\n" in result.stdout  # only DL derives it


def test_reason_without_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-here")
    result = run_kg("reason")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "Error: OWL 2 DL reasoning runs HermiT, which needs Java, and no `no-such-java-here` was found; "
        "install a Java runtime 11 or newer (e.g. `apt-get install default-jre-headless`), or reason with "
        "the OWL 2 RL profile `rl`, which needs no Java\n"
    )


def test_reason_refuses_an_unknown_profile() -> None:
    result = run_kg("reason", "--profile", "pellet")
    assert result.exit_code == 2
    assert "Invalid value for '--profile': 'pellet' is not one of 'dl', 'rl'." in result.stderr


def test_reason_reports_a_syntax_error_with_its_position() -> None:
    result = run_kg("reason", "--profile", "rl", str(VALIDATION / "syntax-error.ttl"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {VALIDATION / 'syntax-error.ttl'}:9:1: A dot is expected at the end of statements\n"
    )


# ---------------------------------------------------------------------------------------------------
# kg validate


def test_validate_the_ontology_exits_0() -> None:
    result = run_kg("validate")
    assert result.exit_code == 0
    assert result.stdout == f"{ONTOLOGY}: no problems found\n"


def test_validate_reports_each_problem_and_exits_1() -> None:
    path = VALIDATION / "gyear.ttl"
    result = run_kg("validate", "--no-ontology", str(path))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("ex:rex"))
    assert result.stdout == (
        f'{path}:{line}: error [datatype] ex:rex: the value "2020"^^xsd:gYear of ex:birthYear has the '
        "datatype xsd:gYear, which is not in the OWL 2 datatype map: Protégé and HermiT reject it; use e.g. "
        "xsd:integer, xsd:string or xsd:dateTime\n"
        "1 problem found (1 datatype)\n"
    )


def test_validate_a_turtle_syntax_error() -> None:
    path = VALIDATION / "syntax-error.ttl"
    result = run_kg("validate", "--no-ontology", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:9:1: error [syntax]: A dot is expected at the end of statements\n"
        "1 problem found (1 syntax)\n"
    )


def test_validate_shacl_as_json_and_as_the_report_graph() -> None:
    path = str(VALIDATION / "bad-model.ttl")
    as_json = run_kg("validate", path, "--format", "json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    # one finding per bad value; the SHACL report graph below keeps pySHACL's two results
    assert data["conforms"] is False and data["counts"] == {"shacl": 1}
    assert [f["constraint"] for f in data["findings"]] == ["datatype"]
    as_turtle = run_kg("validate", path, "-f", "turtle")
    assert as_turtle.exit_code == 1
    graph = rdflib.Graph().parse(data=as_turtle.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) == 2


def test_validate_with_user_shapes(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/lint#> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "  sh:property [ sh:path ex:birthYear ; sh:minCount 1 ;\n"
        '    sh:message "a person needs a birth year" ] .\n'
    )
    result = run_kg("validate", "--no-ontology", "--shapes", str(shapes), str(VALIDATION / "clean.ttl"))
    assert result.exit_code == 1
    assert "error [shacl: minCount] ex:ann ex:birthYear: a person needs a birth year\n" in result.stdout
    missing = run_kg("validate", "--shapes", str(tmp_path / "absent.ttl"))
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'absent.ttl'}: no such shapes file\n"


def test_validate_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = run_kg("validate", str(tmp_path / "absent.ttl"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'absent.ttl'}: no such file\n"


def test_validate_refuses_an_unknown_format() -> None:
    result = run_kg("validate", "--format", "yaml")
    assert result.exit_code == 2
    assert (
        "Invalid value for '-f' / '--format': 'yaml' is not one of 'text', 'json', 'turtle'." in result.stderr
    )


# ---------------------------------------------------------------------------------------------------
# kg query --reason, and queries that ask for reasoning


def test_query_with_reason_rl_reads_the_inferred_triples() -> None:
    ask = f"ASK {{ <{GPT3}> a <{GAI}GenerativeAI> }}"
    assert run_kg("query", "-e", ask).stdout == "false\n"
    result = run_kg("query", "-e", ask, "--reason", "rl")
    assert result.exit_code == 0 and result.stdout == "true\n" and result.stderr == ""


def test_a_query_whose_header_asks_for_reasoning_reasons_first() -> None:
    # --reason rl chooses the profile (and needs no Java); no note, as the user asked
    result = run_kg("query", "cq13-gpt3-after-reasoning", "--reason", "rl", "-f", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 1 + 7
    assert f"type,{GAI}GenerativeAI,Generative AI,true" in result.stdout
    assert "LargeLanguageModel" not in result.stdout  # OWL RL derives no LLM from a figure


@pytest.mark.java
def test_cq13_reasons_with_hermit_and_says_so() -> None:
    java()
    result = run_kg("query", "cq13-gpt3-after-reasoning", "-f", "csv")
    assert result.exit_code == 0
    assert (
        result.stderr
        == "cq13-gpt3-after-reasoning asks for reasoning: reasoning first (dl; --reason to choose)\n"
    )
    rows = result.stdout.splitlines()
    assert rows[0] == "aspect,value,label,inferred" and len(rows) == 1 + 9  # the rows reasoning gave marked
    assert f"type,{GAI}LargeLanguageModel,Large language model,true" in rows
    assert "developer,https://w3id.org/genai-kg/org/openai,OpenAI,false" in rows


def test_query_on_an_inconsistent_graph_exits_1() -> None:
    result = run_kg("query", "--no-ontology", "-d", INCONSISTENT, "-e", "ASK {}", "--reason", "rl")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "Error: the ontology is inconsistent: ex:nessie is a member of both ex:Fish and ex:Bird, which are "
        "disjoint classes [cax-dw]; run `kg reason` for details\n"
    )


def test_reason_needs_loaded_files() -> None:
    result = run_kg("query", "-e", "ASK {}", "--reason", "rl", "--endpoint", "http://127.0.0.1:9/sparql")
    assert result.exit_code == 2
    assert "--reason needs RDF files, not --endpoint or --store" in result.stderr
