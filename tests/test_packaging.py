"""The wheel: built from the checkout, installed in a new virtual environment, run from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("genai_kg-*.whl")
    return built


def test_wheel_holds_one_package_with_its_content(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"kg"}
    for needed in (
        "kg/ontology/genai.ttl",
        "kg/ontology/genai.owl",
        "kg/ontology/shapes.ttl",
        "kg/queries/cq01-llm-is-generative-ai.rq",
        "kg/queries/classes.rq",
        "kg/ontology/catalogue/notable-ai-models.csv",  # the Epoch AI snapshot, with its CC BY notice
        "kg/ontology/catalogue/README.md",
        "kg/ontology/catalogue/epoch-ai-columns.csv",
        "kg/ontology/catalogue/epoch-ai.owl",
        "kg/ontology/catalogue/catalog-v001.xml",
    ):
        assert needed in names, needed
    assert any(name.startswith("kg/queries/checks/") for name in names)
    assert any(name.startswith("kg/viz/") for name in names)


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "kg"), *args], cwd=elsewhere, env=env, capture_output=True, text=True, check=False
        )

    located = subprocess.run(
        [str(bin_dir / "python"), "-c", "import kg.resources as r; print(r.queries_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in located.stdout  # the packaged copy, not this checkout
    query = kg("query", "cq01-llm-is-generative-ai")
    assert (query.returncode, query.stdout) == (0, "true\n")
    tour = kg("tour")
    assert tour.returncode == 0, tour.stderr
    assert "Which tasks are large language models designed for?" in tour.stdout
    assert "Data: Epoch AI (epoch.ai)" in tour.stdout and "GPT-3 175B (davinci)" in tour.stdout
