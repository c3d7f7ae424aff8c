"""The public API is pinned: ``kg.__all__`` and the signature of every public function and method.

A change to tests/data/public-api.txt is a change to the API: it goes in CHANGELOG.md, and a name is
never removed or renamed without an alias. After a deliberate change, write the file anew with::

    KG_UPDATE_API_SNAPSHOT=1 pytest tests/test_public_api.py
"""

from __future__ import annotations

import importlib
import inspect
import os
from pathlib import Path

import pytest

import kg

SNAPSHOT = Path(__file__).parent / "data" / "public-api.txt"


def _public_members(cls: type) -> list[str]:
    lines = []
    for name, member in sorted(vars(cls).items()):
        if name.startswith("_") and name not in ("__init__", "__len__", "__enter__", "__exit__"):
            continue
        if isinstance(member, (staticmethod, classmethod)):
            member = member.__func__
        if isinstance(member, property):
            lines.append(f"    {name}: property -> {inspect.signature(member.fget).return_annotation}")  # type: ignore[arg-type]
        elif inspect.isfunction(member):
            lines.append(f"    {name}{inspect.signature(member)}")
    return lines


def api_text() -> str:
    """``kg.__all__`` and, for each of its names, what it is and its signature."""
    lines = ["kg.__all__ = " + ", ".join(kg.__all__)]
    for name in kg.__all__:
        if name == "__version__":
            continue
        # from the defining module: `import kg.build` (the module) shadows the function kg.build
        value = getattr(importlib.import_module(kg._EXPORTS[name]), name)
        if inspect.isclass(value):
            bases = ", ".join(base.__name__ for base in value.__bases__)
            lines.append(f"class {name}({bases})")
            lines.extend(_public_members(value))
        elif inspect.isfunction(value):
            lines.append(f"def {name}{inspect.signature(value)}")
        else:
            lines.append(f"{name}: {type(value).__name__}")
    return "\n".join(lines) + "\n"


def test_public_api_matches_the_snapshot() -> None:
    text = api_text()
    if os.environ.get("KG_UPDATE_API_SNAPSHOT"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "the public API changed; if on purpose, note it in CHANGELOG.md and run "
        "KG_UPDATE_API_SNAPSHOT=1 pytest tests/test_public_api.py"
    )


def test_the_snapshot_names_every_export() -> None:
    text = SNAPSHOT.read_text(encoding="utf-8")
    for name in kg.__all__:
        assert name in text


def test_text_given_as_data_is_never_taken_for_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-line string is a path when given as a source; as data= it is RDF, even if such a file exists."""
    line = "<urn:a> <urn:b> <urn:c> ."
    monkeypatch.chdir(tmp_path)
    (tmp_path / line).write_text("<urn:x> <urn:y> <urn:z> .", encoding="utf-8")
    from_data = kg.load(data=line, format="nt", ontology=False)
    assert [str(t.subject) for t in from_data.triples()] == ["<urn:a>"]
    from_file = kg.load(line, format="nt", ontology=False)  # a positional string names a file when one exists
    assert [str(t.subject) for t in from_file.triples()] == ["<urn:x>"]
    graph = kg.KnowledgeGraph().add(data=line.encode(), format="nt")
    assert len(graph) == 1


def test_misuse_raises_usage_error() -> None:
    graph = kg.load()
    with pytest.raises(kg.UsageError, match="not both"):
        kg.KnowledgeGraph().add("x.ttl", data="<urn:a> <urn:b> <urn:c> .")
    with pytest.raises(kg.UsageError, match="give a source"):
        kg.KnowledgeGraph().add()
    with pytest.raises(kg.UsageError, match="needs a node"):
        graph.to_networkx("neighbourhood")
    with pytest.raises(kg.UsageError, match="not both"):
        kg.render(graph, query="cq01-llm-is-generative-ai", around="gai:GPT3")
    error = kg.UsageError("x")
    assert isinstance(error, kg.KGError) and isinstance(error, ValueError) and error.exit_code == 2


def test_serialize_is_typed_by_its_destination(tmp_path: Path) -> None:
    graph = kg.load(data="<urn:a> <urn:b> <urn:c> .", format="nt", ontology=False)
    text: str = graph.serialize("nt")  # mypy checks the overloads: no `or ""` needed
    assert text == "<urn:a> <urn:b> <urn:c> .\n"
    written: None = graph.serialize("nt", tmp_path / "g.nt")
    assert written is None and (tmp_path / "g.nt").read_text(encoding="utf-8") == text
