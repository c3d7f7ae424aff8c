"""kg.vocab: namespaces declared once, one meaning of "label" and "definition", one label lookup."""

from __future__ import annotations

import ast
from pathlib import Path

import kg
from kg import vocab
from kg.display import labels_for

PACKAGE = Path(kg.__file__).parent


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (docstrings and their doctests aside), with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_namespace_iris_are_written_only_in_vocab() -> None:
    namespaces = {*vocab.NAMESPACES.values(), vocab.GENAI_KG, vocab.KG}
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {namespace}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "vocab.py"
        for line, text in _code_strings(path)
        for namespace in namespaces
        if namespace in text
    ]
    assert found == [], "namespace IRIs belong in kg/vocab.py:\n" + "\n".join(found)


def test_the_grep_finds_a_namespace_written_in_code(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(f'"""Doc: {vocab.OWL} is fine here."""\nOWL = "{vocab.OWL}"\n', encoding="utf-8")
    assert _code_strings(module) == [(2, vocab.OWL)]


def test_the_views_and_the_lint_share_one_meaning_of_definition() -> None:
    """The views took 4 predicates for a definition and the lint 5; both now read vocab.DEFINITIONS."""
    from kg import network
    from kg.validation import lint

    assert vars(network)["_DEFINITIONS"] is vocab.DEFINITIONS
    assert vars(lint)["_DEFINITIONS"] is vocab.DEFINITIONS
    assert vocab.DC + "description" in vocab.DEFINITIONS


def test_a_dc_description_is_a_definition_in_the_views_too() -> None:
    from kg.network import to_networkx

    graph = kg.load(
        f"""@prefix owl: <{vocab.OWL}> . @prefix dc: <{vocab.DC}> .
        <urn:ex:C> a owl:Class ; dc:description "What C is." .""",
        format="turtle",
        ontology=False,
    )
    view = to_networkx(graph, "schema")
    assert view.nodes["urn:ex:C"]["definition"] == "What C is."


def test_one_label_lookup_english_first() -> None:
    graph = kg.load(
        f"""@prefix rdfs: <{vocab.RDFS}> .
        <urn:ex:a> rdfs:label "A (de)"@de, "A"@en .
        <urn:ex:b> rdfs:label "B" .""",
        format="turtle",
        ontology=False,
    )
    expected = {"urn:ex:a": "A", "urn:ex:b": "B"}
    assert vocab.labels(graph.store, ["urn:ex:a", "urn:ex:b", "urn:ex:none"]) == expected
    assert labels_for(graph, ["urn:ex:a", "urn:ex:b"]) == expected
    assert graph.label("urn:ex:a") == "A" and graph.label("urn:ex:none") is None


def test_inferred_graph_and_prefixes_come_from_vocab() -> None:
    from kg.graph import DEFAULT_PREFIXES, INFERRED

    assert INFERRED.value == vocab.INFERRED_IRI
    assert DEFAULT_PREFIXES == vocab.DEFAULT_PREFIXES
