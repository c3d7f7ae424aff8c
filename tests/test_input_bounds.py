"""Hostile RDF files: bounded in time and memory, refused with the file, line and column, never a
traceback (issue 10, items 7, 8, 9, 10, 11 and the byte-order mark of 17). Each load runs in its own
process so that its peak memory can be read."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MEASURE = """
import resource, sys
from kg.cli import main
try:
    main(sys.argv[1:], prog_name="kg")
except SystemExit as e:
    code = e.code
# VmHWM is this program's own peak: ru_maxrss may start from the parent's size when the child was
# spawned with vfork (as subprocess does), i.e. from the size of the test process itself
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("peak-kib", peak, file=sys.stderr)
sys.exit(code)
"""


def load(*args: str) -> tuple[int, list[str], int]:
    """Exit code, the lines on stderr, and the peak memory in MiB of `kg info --no-ontology ARGS`."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "info", "--no-ontology", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = done.stderr.splitlines()
    peak = int(lines.pop().split()[1]) // 1024
    return done.returncode, lines, peak


def statements(count: int) -> str:
    items = "".join(
        f'  <rdf:Description rdf:about="urn:s{i}"><rdf:value>{i}</rdf:value></rdf:Description>\n'
        for i in range(count)
    )
    return f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}">\n{items}</rdf:RDF>\n'


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    document = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(entities)}\n]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="urn:a"><rdf:value>&lol9;</rdf:value>'
        "</rdf:Description></rdf:RDF>\n"
    )
    path = tmp_path / "laughs.rdf"
    path.write_text(document)
    code, lines, peak = load(str(path))
    assert code == 2
    assert lines == [
        f"Error: {path}:4:15: entity 'lol1' is made of other entities; nested entities are not read"
    ]
    print(f"\nbillion laughs: refused, peak {peak} MiB")


def test_flat_entities_as_protege_writes_them_load(tmp_path: Path) -> None:
    path = tmp_path / "entities.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ex "urn:example:">]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="&ex;a"><rdf:value>1</rdf:value>'
        "</rdf:Description></rdf:RDF>\n"
    )
    code, lines, _ = load(str(path))
    assert code == 0, lines


def test_external_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="urn:a"><rdf:value>&x;</rdf:value>'
        "</rdf:Description></rdf:RDF>\n"
    )
    code, lines, _ = load(str(path))
    assert code == 2 and lines[0].endswith("entity 'x' is external; external entities are not read")


@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_truncated_rdfxml_is_an_error(tmp_path: Path, cut: float) -> None:
    document = statements(100)
    path = tmp_path / "cut.rdf"
    path.write_text(document[: int(len(document) * cut)])
    code, lines, _ = load(str(path))
    assert code == 2
    (line,) = lines
    assert line.startswith(f"Error: {path}:") and "the document ends before its elements are closed" in line


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    depth = 1_000_000
    path = tmp_path / "deep.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}">'
        + "<rdf:Description><rdf:value rdf:parseType='Resource'>" * (depth // 2)
        + "</rdf:value></rdf:Description>" * (depth // 2)
        + "</rdf:RDF>\n"
    )
    code, lines, _ = load(str(path))
    assert code == 2 and lines[0].endswith("elements are nested more than 1000 deep")


@pytest.mark.parametrize("suffix", [".rdf.gz", ".jsonld.gz"])
def test_error_at_the_end_of_a_gzip_bomb_is_found_in_bounded_memory(tmp_path: Path, suffix: str) -> None:
    size = 256 * 2**20  # inflated; the file is about 256 KB
    path = tmp_path / f"bomb{suffix}"
    if suffix == ".rdf.gz":
        head, tail = f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}">', "<oops></rdf:RDF>\n"
    else:
        head, tail = '{"@id": "urn:a"', ', "urn:p": }\n'
    with gzip.open(path, "wb", compresslevel=1) as packed:
        packed.write(head.encode())
        block = b" " * 2**20
        for _ in range(size // len(block)):
            packed.write(block)
        packed.write(tail.encode())
    code, lines, peak = load(str(path))
    assert code == 2 and len(lines) == 1, (code, lines, peak)
    assert lines[0].startswith(f"Error: {path}")
    print(f"\n{suffix}: 256 MiB inflated, error found with a peak of {peak} MiB")
    assert peak < 200  # reading it whole to locate the error (as before) takes more than 512 MiB


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_a_literal_over_16_mib_is_one_line(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    path.write_text('<urn:a> <urn:b> "' + "x" * (17 * 2**20) + '" .\n')
    code, lines, _ = load(str(path))
    assert code == 2
    assert lines == [
        f"Error: {path}: a literal or IRI is longer than the engine's limit of 16 MiB; split the text or "
        "keep it in a file of its own (Reached the buffer maximal size of 16777216)"
    ]


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".ttl", "<urn:a> <urn:b> <urn:c> .\n"),
        (".nt", "<urn:a> <urn:b> <urn:c> .\n"),
        (".rdf", statements(1)),
    ],
)
def test_a_byte_order_mark_is_skipped(tmp_path: Path, suffix: str, text: str) -> None:
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    done = subprocess.run(
        [sys.executable, "-m", "kg", "info", "--no-ontology", "--json", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triples"] == 1
