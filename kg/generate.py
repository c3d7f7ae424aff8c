"""A deterministic generator of AI-model catalogues on top of the GenAI ontology.

Tests and benchmarks need realistic instance data of any size: models typed with the ontology's
classes, with modalities, use cases, training data, developers, parameter counts and years. The same
``models`` and ``seed`` always give the same triples, byte for byte. About 11.5 triples are written per
model, so ``models=87_000`` gives roughly a million triples.

Lines are written as N-Triples (or Turtle) text directly: building a term object per triple would make
generation of a million triples several times slower, and the output is parsed by the engine anyway.
"""

from __future__ import annotations

import gzip
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from kg.vocab import CATALOGUE as CATALOGUE
from kg.vocab import GAI, LABEL, RDF, RDFS, XSD

__all__ = ["CATALOGUE", "catalogue_lines", "write_catalogue"]

_RDF_TYPE = f"<{RDF}type>"
_LABEL = f"<{LABEL}>"
_XSD_INTEGER = f"<{XSD}integer>"

# (class, share of models, generated modality, processed modalities, use cases, typical parameter range)
_KINDS = [
    (
        "LargeLanguageModel",
        0.55,
        "Text",
        ["Text"],
        [
            "Translation",
            "Summarization",
            "WritingAssistance",
            "ContentGeneration",
            "NaturalLanguageUnderstanding",
        ],
        (1e9, 1e12),
    ),
    (
        "ImageGenerationModel",
        0.25,
        "Image",
        ["Text", "Image"],
        ["ArtGeneration", "FaceGeneration"],
        (1e7, 2e10),
    ),
    ("MusicGenerationModel", 0.10, "Music", ["Text", "Music"], ["MusicGeneration"], (1e7, 1e10)),
    (
        "GenerativeAI",
        0.10,
        "Text",
        ["Text", "Image"],
        ["ContentGeneration", "NaturalLanguageProcessing"],
        (1e6, 1e9),
    ),
]
_STEMS = [
    "Aurora",
    "Basalt",
    "Cirrus",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Helix",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Onyx",
    "Prism",
    "Quartz",
    "Raven",
    "Sable",
    "Tundra",
    "Umbra",
    "Vesper",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zephyr",
]
_ORG_WORDS = ["Labs", "AI", "Research", "Systems", "Institute", "Works", "Collective", "Foundry"]
_DATA_WORDS = ["web text", "curated collection"]


def _iri(local: str) -> str:
    return f"<{CATALOGUE}{local}>"


def _gai(local: str) -> str:
    return f"<{GAI}{local}>"


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalogue_lines(models: int, *, seed: int = 0) -> Iterator[str]:
    """Yield the N-Triples lines of a generated catalogue (without the ontology).

    Args:
        models: how many models.
        seed: the random seed; the same seed gives the same lines.

    >>> lines = list(catalogue_lines(3, seed=1))
    >>> lines == list(catalogue_lines(3, seed=1)) and len(lines) > 30
    True
    """
    rng = random.Random(seed)
    organisations = max(2, models // 40)
    datasets = max(2, models // 25)
    for o in range(organisations):
        name = f"{rng.choice(_STEMS)} {rng.choice(_ORG_WORDS)} {o}"
        yield f"{_iri(f'org/{o}')} {_RDF_TYPE} {_gai('Organization')} ."
        yield f"{_iri(f'org/{o}')} {_LABEL} {_literal(name)} ."
    for d in range(datasets):
        words = _DATA_WORDS[d % 2]
        yield f"{_iri(f'data/{d}')} {_RDF_TYPE} {_gai('TrainingData')} ."
        yield f"{_iri(f'data/{d}')} {_LABEL} {_literal(f'{words} {d}')} ."
    cumulative = []
    total = 0.0
    for entry in _KINDS:
        total += entry[1]
        cumulative.append(total)
    for m in range(models):
        pick = rng.random() * total
        cls, _, generated, processed, uses, (low, high) = next(
            k for k, c in zip(_KINDS, cumulative, strict=True) if pick <= c
        )
        model = _iri(f"model/{m}")
        params = int(10 ** rng.uniform(_log10(low), _log10(high)))
        yield f"{model} {_RDF_TYPE} {_gai(cls)} ."
        yield f"{model} {_LABEL} {_literal(f'{rng.choice(_STEMS)}-{m}')} ."
        yield f"{model} {_gai('developedBy')} {_iri(f'org/{rng.randrange(organisations)}')} ."
        yield f'{model} {_gai("parameterCount")} "{params}"^^{_XSD_INTEGER} .'
        yield f'{model} {_gai("releaseYear")} "{rng.randint(2014, 2025)}"^^{_XSD_INTEGER} .'
        yield f"{model} {_gai('generatesModality')} {_gai(generated)} ."
        for modality in rng.sample(processed, rng.randint(1, len(processed))):
            yield f"{model} {_gai('processesModality')} {_gai(modality)} ."
        for use in rng.sample(uses, min(len(uses), rng.randint(1, 3))):
            yield f"{model} {_gai('hasUseCase')} {_gai(use)} ."
        data = rng.randrange(datasets)
        yield f"{model} {_gai('trainedOn')} {_iri(f'data/{data}')} ."
        yield f"{model} {_gai('hasScale')} {_gai('LargeScale' if params >= 1e9 else 'ModerateScale')} ."
        if rng.random() < 0.3:
            yield f"{model} {_gai('reliesOn')} {_gai(rng.choice(['DeepLearning', 'NeuralNetwork']))} ."


def _log10(x: float) -> float:
    import math

    return math.log10(x)


def write_catalogue(models: int, destination: str | Path | None = None, *, seed: int = 0) -> int:
    """Write a generated catalogue as N-Triples (``.nt``, the default) or Turtle (``.ttl``), gzipped
    when the name ends in ``.gz`` (``catalogue.nt.gz``).

    Args:
        models: how many models.
        destination: the file (written atomically); standard output when ``None``.
        seed: the random seed.

    Returns:
        The number of triples written.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.ttl"
    >>> write_catalogue(2, path) > 20 and path.read_text().startswith("@prefix")
    True
    """
    suffixes = [x.lower() for x in Path(destination).suffixes] if destination is not None else []
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    turtle = (suffixes[:-1] if compressed else suffixes)[-1:] in ([".ttl"], [".turtle"])
    count = 0

    def emit(out: IO[str]) -> None:
        nonlocal count
        if turtle:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _TURTLE_PREFIXES.items()) + "\n")
        for line in catalogue_lines(models, seed=seed):
            count += 1
            out.write((_shorten(line) if turtle else line) + "\n")

    if destination is None:
        emit(sys.stdout)
        return count
    import io

    from kg.files import atomic_write

    with atomic_write(destination) as handle:
        # mtime=0: the same catalogue gives the same bytes, compressed or not
        binary: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)) if compressed else handle
        )
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        emit(text)
        text.flush()
        text.detach()  # the file stays open for atomic_write to sync and move
        if compressed:
            binary.close()  # writes the gzip trailer; the file itself stays open
    return count


_TURTLE_PREFIXES = {
    "gai": GAI,
    "model": CATALOGUE + "model/",
    "org": CATALOGUE + "org/",
    "data": CATALOGUE + "data/",
    "rdfs": RDFS,
    "xsd": XSD,
}
_IRI = re.compile(r"<([^>]*)>")


def _shorten(line: str) -> str:
    """The same triple with prefixed names (every local name we generate is a valid one)."""

    def short(match: re.Match[str]) -> str:
        iri = match.group(1)
        if iri == _RDF_TYPE[1:-1]:
            return "a"
        for prefix, namespace in _TURTLE_PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return match.group(0)

    return _IRI.sub(short, line)
