"""The Epoch AI catalogue of notable AI models, turned into RDF under the GenAI ontology.

Epoch AI publishes *Data on Notable AI Models* (https://epoch.ai/data/notable-ai-models) as one CSV file
under CC BY 4.0; a snapshot ships in ``ontology/catalogue/`` with its notice. :func:`import_epoch` reads
such a file (that one, or a newer download) and returns the triples and a report of everything in the file
it could not take as it is. What becomes what is not written here but in two tables readable without
Python:

- ``ontology/catalogue/epoch-ai-columns.csv``: each known column, the property it fills and how its
  cells are read (a number, a date, a list of organisations, concepts …); columns not in it are reported;
- ``ontology/mappings/epoch-ai.csv``: each value of the ``Domain``, ``Task``, ``Model accessibility`` and
  ``Organization categorization`` columns, the concept it stands for and the modality it implies a model
  generates; values not in it are reported.

Every model, organisation, country and training dataset gets an IRI made from its name by :func:`slug`,
so the same model has the same IRI in every snapshot.

>>> result = import_epoch(snapshot_file(), snapshot_date=SNAPSHOT_DATE)
>>> result.report.models
976
>>> gpt3 = model_iri("GPT-3 175B (davinci)")
>>> gpt3
'https://w3id.org/genai-kg/model/gpt-3-175b-davinci'
>>> [str(t.object) for t in result.triples
...  if t.subject.value == gpt3 and t.predicate.value == PARAMETER_COUNT]
['"174600000000"^^<http://www.w3.org/2001/XMLSchema#integer>']
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg import resources, vocab
from kg.errors import SourceError
from kg.release import BuildResult

__all__ = [
    "CATALOGUE_IRI",
    "SNAPSHOT_DATE",
    "CatalogueImport",
    "ImportReport",
    "build_release",
    "catalogue_text",
    "columns_file",
    "import_epoch",
    "mapping_file",
    "model_iri",
    "release_file",
    "render_release",
    "slug",
    "snapshot_file",
]

GAI = vocab.GAI
BASE = vocab.GENAI_KG
ONTOLOGY_IRI = BASE + "ontology"
#: The catalogue's own ontology header: the dataset node that carries licence, attribution and date.
CATALOGUE_IRI = BASE + "catalogue/epoch-ai"
#: The date the embedded snapshot was downloaded (see ontology/catalogue/README.md).
SNAPSHOT_DATE = datetime.date(2026, 1, 26)
EPOCH_PAGE = "https://epoch.ai/data/notable-ai-models"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Data: Epoch AI (epoch.ai)"

RDF_TYPE = vocab.RDF + "type"
RDFS = vocab.RDFS
OWL = vocab.OWL
XSD = vocab.XSD
DCTERMS = vocab.DCTERMS
PARAMETER_COUNT = GAI + "parameterCount"

PREFIXES = {
    "gai": GAI,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "model": BASE + "model/",
    "org": BASE + "org/",
    "country": BASE + "country/",
    "dataset": BASE + "dataset/",
}

# the columns whose values go through the mapping table (the contract of issue 12)
_MAPPED_KINDS = ("concepts", "organisation-concepts")
_KINDS = (
    "label",
    "integer",
    "double",
    "date",
    "iri",
    "organisations",
    "organisation-country",
    "organisation-concepts",
    "concepts",
    "models",
    "datasets",
    "not-imported",
)
_LINK = re.compile(r"https?://[^\s,]+")


def slug(name: str) -> str:
    """The IRI-safe key of a name: ASCII, lower case, other runs one ``-`` (other non-ASCII is dropped).

    >>> slug("GPT-3 175B (davinci)"), slug("DALL-E"), slug("  Solar Open 100B\\n"), slug("Ñandú·Net")
    ('gpt-3-175b-davinci', 'dall-e', 'solar-open-100b', 'nandunet')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.decode("ascii").lower()).strip("-")


def model_iri(name: str) -> str:
    """The IRI of a catalogue model (before any collision is resolved: see :class:`ImportReport`).

    >>> model_iri("DALL-E")
    'https://w3id.org/genai-kg/model/dall-e'
    """
    return f"{BASE}model/{slug(name)}"


def snapshot_file() -> Path:
    """The embedded snapshot of the Epoch AI catalogue (CC BY 4.0, ``Data: Epoch AI (epoch.ai)``).

    >>> snapshot_file().name
    'notable-ai-models.csv'
    """
    return resources.content_dir("ontology") / "catalogue" / "notable-ai-models.csv"


def columns_file() -> Path:
    """The table of known columns: what each one becomes.

    >>> columns_file().name
    'epoch-ai-columns.csv'
    """
    return resources.content_dir("ontology") / "catalogue" / "epoch-ai-columns.csv"


def mapping_file() -> Path:
    """The table of catalogue values (domains, tasks, accessibility, organisation categories) -> concepts.

    >>> mapping_file().name
    'epoch-ai.csv'
    """
    return resources.content_dir("ontology") / "mappings" / "epoch-ai.csv"


@dataclass
class ImportReport:
    """What an import found in the file beyond what it could take as it is.

    Attributes:
        source: the CSV file.
        models: the number of models (rows) imported.
        organisations, countries, datasets: how many distinct ones.
        unknown_columns: columns not in the columns table (their cells are not imported).
        unknown_values: per column, values not in the mapping table, with how many rows use them.
        collisions: names whose slugs collide, each with the IRI it was given.
        absent_base_models: base model names that match no row, with the models naming them.
        multiple_base_models: models that name more than one base model.
        trimmed_names: model names that carried spaces or newlines around them.
        rounded_numbers: cells written with a fraction, rounded to an integer (cell, column, value).
        bad_cells: cells that could not be read at all (row, column, value, reason); they are left out.
        unaligned_organisations: models whose country or category list does not pair with its organisations.
        links_with_words: link cells with words besides the links ("or", "(LINK BROKEN)"): the links are kept.
        merged_names: organisations, countries or datasets spelt differently but with one slug, so one node.
        empty_cells: per imported column, how many rows leave it empty.
    """

    source: str
    models: int = 0
    organisations: int = 0
    countries: int = 0
    datasets: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    unknown_values: dict[str, Counter[str]] = field(default_factory=dict)
    collisions: dict[str, str] = field(default_factory=dict)
    absent_base_models: dict[str, list[str]] = field(default_factory=dict)
    multiple_base_models: list[str] = field(default_factory=list)
    trimmed_names: list[str] = field(default_factory=list)
    rounded_numbers: list[tuple[str, str, str]] = field(default_factory=list)
    bad_cells: list[tuple[int, str, str, str]] = field(default_factory=list)
    unaligned_organisations: list[str] = field(default_factory=list)
    merged_names: dict[str, list[str]] = field(default_factory=dict)
    links_with_words: list[tuple[str, str]] = field(default_factory=list)
    empty_cells: dict[str, int] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """One line per thing the user should know: unknown columns or values, collisions, bad cells.

        (Rounded numbers, trimmed names, absent base models and empty cells are expected in this
        catalogue: they are in :meth:`text` but are not warnings.)
        """
        lines = [f"unknown column {name!r}: not imported" for name in self.unknown_columns]
        for column, values in sorted(self.unknown_values.items()):
            for value, count in sorted(values.items()):
                lines.append(f"unknown value {value!r} in column {column!r} ({count} rows): no concept")
        lines += [f"names collide on slug: {name!r} -> {iri}" for name, iri in self.collisions.items()]
        lines += [f"spellings merged into {iri}: {', '.join(map(repr, names))}"
                  for iri, names in self.merged_names.items()]  # fmt: skip
        lines += [f"row {row}: column {col!r}: {value!r}: {why}" for row, col, value, why in self.bad_cells]
        return lines

    def text(self) -> str:
        """The summary printed by ``kg import epoch``."""
        lines = [
            f"{self.source}: {self.models} models, {self.organisations} organisations, "
            f"{self.countries} countries, {self.datasets} training datasets",
            f"names trimmed of spaces or newlines: {len(self.trimmed_names)}",
            f"numbers written with a fraction, rounded to an integer: {len(self.rounded_numbers)}",
            f"base models named but absent from the file: {len(self.absent_base_models)} "
            f"(named by {sum(len(v) for v in self.absent_base_models.values())} models; kept as comments)",
            f"link cells with words besides the links (only the links kept): {len(self.links_with_words)}",
            f"models naming more than one base model: {len(self.multiple_base_models)}",
            f"models whose country or category list does not pair with its organisations: "
            f"{len(self.unaligned_organisations)}",
            "empty cells: "
            + ", ".join(f"{col} {n}" for col, n in sorted(self.empty_cells.items()) if n)
            + "",
        ]
        warnings = self.warnings
        lines.append(f"warnings: {len(warnings)}")
        lines += [f"warning: {w}" for w in warnings]
        return "\n".join(lines) + "\n"


@dataclass
class CatalogueImport:
    """The triples of an imported catalogue and the :class:`ImportReport`."""

    triples: list[ox.Triple]
    report: ImportReport

    def serialize(self, format: str = "turtle") -> bytes:
        """The triples as ``turtle``, ``nt`` or ``xml`` (RDF/XML), sorted: same input, same bytes."""
        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}
        triples = sorted(self.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        prefixes = PREFIXES if format != "nt" else None
        data = ox.serialize(triples, format=formats[format], prefixes=prefixes)
        assert data is not None
        return data


@dataclass(frozen=True)
class _Column:
    name: str
    property: str
    kind: str
    target: str


@dataclass(frozen=True)
class _Concept:
    concept: str
    generates: str


def _expand(curie: str, where: str) -> str:
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in PREFIXES:
        raise SourceError(f"{curie!r} is not a CURIE with a known prefix ({', '.join(PREFIXES)})", path=where)
    return PREFIXES[prefix] + local


def _read_table(path: Path, header: list[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in header if name not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(f"the header lacks {', '.join(missing)}", path=str(path), line=1)
            return list(reader)
    except OSError as e:
        raise SourceError(e.strerror or str(e), path=str(path)) from e
    except (UnicodeDecodeError, csv.Error) as e:
        raise SourceError(str(e), path=str(path)) from e


def _read_columns(path: Path) -> dict[str, _Column]:
    columns = {}
    for line, row in enumerate(_read_table(path, ["column", "property", "kind", "target"]), start=2):
        kind = row["kind"].strip()
        if kind not in _KINDS:
            raise SourceError(f"unknown kind {kind!r}; known: {', '.join(_KINDS)}", path=str(path), line=line)
        prop = _expand(row["property"].strip(), f"{path}:{line}") if kind != "not-imported" else ""
        target = _expand(row["target"].strip(), f"{path}:{line}") if row["target"].strip() else ""
        columns[row["column"].strip()] = _Column(row["column"].strip(), prop, kind, target)
    if not any(c.kind == "label" for c in columns.values()):
        raise SourceError("no column of kind 'label' (the model's name)", path=str(path))
    return columns


def _read_mapping(path: Path) -> dict[tuple[str, str], _Concept]:
    if not path.is_file():  # no table yet: every value is reported as unknown
        return {}
    mapping = {}
    for line, row in enumerate(_read_table(path, ["column", "value", "concept", "generates"]), start=2):
        where = f"{path}:{line}"
        concept = _expand(row["concept"].strip(), where) if row["concept"].strip() else ""
        generates = _expand(row["generates"].strip(), where) if row["generates"].strip() else ""
        mapping[(row["column"].strip(), row["value"].strip())] = _Concept(concept, generates)
    return mapping


def _cells(text: str) -> list[str]:
    """The values of a comma-separated cell, trimmed, empty ones dropped."""
    return [v.strip() for v in text.split(",") if v.strip()]


def _integer(text: str) -> tuple[int, bool]:
    """An integer written as an integer or a float; and whether it had a fraction that was rounded.

    >>> _integer("175000000000.0"), _integer("256999999.99999997"), _integer("1.5e9")
    ((175000000000, False), (257000000, True), (1500000000, False))
    """
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation(text)
    whole = value.to_integral_value(rounding=ROUND_HALF_EVEN)
    return int(whole), whole != value


class _Importer:
    """One import: reads rows, builds triples, fills the report."""

    def __init__(self, source: str, columns: dict[str, _Column], mapping: dict[tuple[str, str], _Concept]):
        self.columns, self.mapping = columns, mapping
        self.report = ImportReport(source)
        self.triples: list[ox.Triple] = []
        self.labelled: dict[str, str] = {}

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o))

    def entity(self, kind: str, cls: str, name: str) -> str:
        iri = f"{BASE}{kind}/{slug(name)}"
        if iri in self.labelled:
            if self.labelled[iri] != name:
                merged = self.report.merged_names.setdefault(iri, [self.labelled[iri]])
                if name not in merged:
                    merged.append(name)
        else:
            self.labelled[iri] = name
            self.add(iri, RDF_TYPE, ox.NamedNode(cls))
            self.add(iri, RDF_TYPE, ox.NamedNode(OWL + "NamedIndividual"))
            self.add(iri, RDFS + "label", ox.Literal(name))
        return iri

    def concept(self, column: str, value: str) -> _Concept | None:
        found = self.mapping.get((column, value))
        if found is None or not found.concept:
            self.report.unknown_values.setdefault(column, Counter())[value] += 1
            return None
        return found

    def run(self, rows: list[dict[str, str]], header: list[str]) -> None:
        label = next(c.name for c in self.columns.values() if c.kind == "label")
        if label not in header:
            raise SourceError(
                f"no {label!r} column; the columns are: {', '.join(header)}", path=self.report.source
            )
        self.report.unknown_columns = [name for name in header if name not in self.columns]
        iris = self.model_iris(rows, label)
        by_name = {row[label].strip(): iri for row, iri in zip(rows, iris, strict=True)}
        imported = [c for c in self.columns.values() if c.kind != "not-imported" and c.name in header]
        self.report.empty_cells = {c.name: 0 for c in imported}
        for number, (row, iri) in enumerate(zip(rows, iris, strict=True), start=2):
            self.add(iri, RDF_TYPE, ox.NamedNode(GAI + "AIModel"))
            self.add(iri, RDF_TYPE, ox.NamedNode(OWL + "NamedIndividual"))
            self.add(iri, RDFS + "isDefinedBy", ox.NamedNode(CATALOGUE_IRI))
            organisations: list[str] = []
            for column in imported:
                cell = row.get(column.name) or ""
                if not cell.strip():
                    self.report.empty_cells[column.name] += 1
                    continue
                if column.kind == "organisations":
                    organisations = [self.entity("org", column.target, v) for v in _cells(cell)]
            for column in imported:
                cell = row.get(column.name) or ""
                if cell.strip() and column.kind != "organisations":
                    self.cell(number, iri, row[label].strip(), column, cell, organisations, by_name)
            for org in organisations:
                self.add(iri, column_property(self.columns, "organisations"), ox.NamedNode(org))
        self.report.models = len(rows)
        self.report.organisations = sum(1 for i in self.labelled if i.startswith(BASE + "org/"))
        self.report.countries = sum(1 for i in self.labelled if i.startswith(BASE + "country/"))
        self.report.datasets = sum(1 for i in self.labelled if i.startswith(BASE + "dataset/"))

    def model_iris(self, rows: list[dict[str, str]], label: str) -> list[str]:
        """One IRI per row; rows whose names share a slug: the earliest (by date, then name) keeps it,
        the others get ``-2``, ``-3`` … in that order (reported)."""
        groups: dict[str, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            raw = row[label]
            if raw != raw.strip():
                self.report.trimmed_names.append(raw.strip())
            groups[slug(raw)].append(index)
        iris = [""] * len(rows)
        date_column = next((c.name for c in self.columns.values() if c.kind == "date"), "")
        for key, members in groups.items():
            if not key:
                raise SourceError(f"row {members[0] + 2}: a model name without letters or digits",
                                  path=self.report.source)  # fmt: skip
            members.sort(key=lambda i: (rows[i].get(date_column, ""), rows[i][label].strip()))
            for rank, index in enumerate(members, start=1):
                iris[index] = f"{BASE}model/{key}" + (f"-{rank}" if rank > 1 else "")
                if len(members) > 1:
                    self.report.collisions[rows[index][label].strip()] = iris[index]
        return iris

    def cell(
        self,
        number: int,
        iri: str,
        name: str,
        column: _Column,
        cell: str,
        organisations: list[str],
        by_name: dict[str, str],
    ) -> None:
        kind, prop, text = column.kind, column.property, cell.strip()
        try:
            if kind == "label":
                self.add(iri, prop, ox.Literal(text))
            elif kind == "integer":
                whole, rounded = _integer(text)
                if rounded:
                    self.report.rounded_numbers.append((name, column.name, text))
                self.add(iri, prop, ox.Literal(str(whole), datatype=ox.NamedNode(XSD + "integer")))
            elif kind == "double":
                value_f = float(text)
                if value_f != value_f or value_f in (float("inf"), float("-inf")):
                    raise ValueError("not a finite number")
                self.add(iri, prop, ox.Literal(repr(value_f), datatype=ox.NamedNode(XSD + "double")))
            elif kind == "date":
                date = datetime.date.fromisoformat(text)
                self.add(iri, prop, ox.Literal(date.isoformat(), datatype=ox.NamedNode(XSD + "date")))
            elif kind == "iri":
                links = _LINK.findall(text)
                if not links:
                    raise ValueError("no web link (http:// or https://) in it")
                if _LINK.sub("", text).strip(" \n,;"):
                    self.report.links_with_words.append((name, text))
                for link in links:
                    self.add(iri, prop, ox.NamedNode(link))
            elif kind == "concepts":
                for value in _cells(text):
                    found = self.concept(column.name, value)
                    if found is not None:
                        self.add(iri, prop, ox.NamedNode(found.concept))
                        if found.generates:
                            self.add(iri, GAI + "generatesModality", ox.NamedNode(found.generates))
            elif kind in ("organisation-country", "organisation-concepts"):
                self.organisation_cell(name, column, _cells(text), organisations)
            elif kind == "datasets":
                for value in _cells(text):
                    self.add(iri, prop, ox.NamedNode(self.entity("dataset", column.target, value)))
            elif kind == "models":
                bases = _cells(text)
                if len(bases) > 1:
                    self.report.multiple_base_models.append(name)
                for base in bases:
                    if base in by_name:
                        self.add(iri, prop, ox.NamedNode(by_name[base]))
                    else:
                        self.report.absent_base_models.setdefault(base, []).append(name)
                        note = f"Base model named in the catalogue but absent from the snapshot: {base}"
                        self.add(iri, RDFS + "comment", ox.Literal(note, language="en"))
        except (ValueError, InvalidOperation) as e:
            reason = str(e) if kind == "iri" else f"not a valid {kind}"
            self.report.bad_cells.append((number, column.name, text, reason))

    def organisation_cell(
        self, name: str, column: _Column, values: list[str], organisations: list[str]
    ) -> None:
        """Countries and categories are listed one per organisation, in order; a list that does not pair
        (one value for several organisations pairs with each; several values for one organisation all
        belong to it) is reported, and not attached."""
        if len(values) == 1:
            pairs = [(org, values[0]) for org in organisations]
        elif len(organisations) == 1:  # one organisation in several countries (Google DeepMind: US, UK)
            pairs = [(organisations[0], value) for value in values]
        elif len(values) == len(organisations):
            pairs = list(zip(organisations, values, strict=True))
        else:
            if name not in self.report.unaligned_organisations:
                self.report.unaligned_organisations.append(name)
            if column.kind == "organisation-concepts":  # still check the values against the table
                for value in values:
                    self.concept(column.name, value)
            return
        for org, value in pairs:
            if column.kind == "organisation-country":
                self.add(org, column.property, ox.NamedNode(self.entity("country", column.target, value)))
            else:
                found = self.concept(column.name, value)
                if found is not None:
                    self.add(org, column.property, ox.NamedNode(found.concept))


def column_property(columns: dict[str, _Column], kind: str) -> str:
    return next(c.property for c in columns.values() if c.kind == kind)


def _header_triples(snapshot_date: datetime.date | None, source_name: str) -> list[ox.Triple]:
    """The catalogue's ontology header: it imports the GenAI ontology and is the dataset node."""
    s = ox.NamedNode(CATALOGUE_IRI)
    date = snapshot_date.isoformat() if snapshot_date else None
    triples: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE, ox.NamedNode(OWL + "Ontology")),
        (OWL + "imports", ox.NamedNode(ONTOLOGY_IRI)),
        (RDFS + "label", ox.Literal("Epoch AI: Notable AI Models" + (f" (snapshot {date})" if date else ""))),
        (DCTERMS + "title", ox.Literal("Data on Notable AI Models", language="en")),
        (DCTERMS + "publisher", ox.Literal("Epoch AI")),
        (DCTERMS + "source", ox.NamedNode(EPOCH_PAGE)),
        (DCTERMS + "license", ox.NamedNode(LICENCE)),
        (DCTERMS + "bibliographicCitation", ox.Literal(ATTRIBUTION)),
        (RDFS + "comment", ox.Literal(
            f"Imported by genai-kg (kg import epoch) from {source_name}. {ATTRIBUTION}, {EPOCH_PAGE}, "
            "licensed CC BY 4.0; names, figures and links as Epoch AI recorded them.", language="en")),
    ]  # fmt: skip
    if date:
        triples.append((DCTERMS + "issued", ox.Literal(date, datatype=ox.NamedNode(XSD + "date"))))
        triples.append((OWL + "versionIRI", ox.NamedNode(f"{CATALOGUE_IRI}/{date}")))
        triples.append((OWL + "versionInfo", ox.Literal(f"snapshot {date}")))
    # annotation properties this file uses that OWL does not build in (declared so OWL tools are content)
    used = ["publisher", "source", "license", "bibliographicCitation", "issued", "title"]
    declarations = [
        ox.Triple(ox.NamedNode(DCTERMS + p), ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL + "AnnotationProperty"))
        for p in used
    ]
    return [ox.Triple(s, ox.NamedNode(p), o) for p, o in triples] + declarations


def import_epoch(
    source: str | os.PathLike[str] | None = None,
    *,
    snapshot_date: datetime.date | None = None,
    columns: str | os.PathLike[str] | None = None,
    mapping: str | os.PathLike[str] | None = None,
) -> CatalogueImport:
    """Import an Epoch AI *Notable AI Models* CSV file.

    Args:
        source: the CSV file; by default the embedded snapshot (with its date).
        snapshot_date: when the file was downloaded; by default the embedded snapshot's date for it,
            else the file's modification date.
        columns: the columns table; by default :func:`columns_file`.
        mapping: the values table; by default :func:`mapping_file`.

    Returns:
        The triples (the catalogue header first) and the report.

    Raises:
        SourceError: a file that cannot be read, a CSV without the name column, a broken table.

    >>> import tempfile, pathlib
    >>> csv_file = pathlib.Path(tempfile.mkdtemp()) / "models.csv"
    >>> _ = csv_file.write_text('Model,Parameters,Colour\\n"Tiny LM\\n",1.2e+08,blue\\n', encoding="utf-8")
    >>> result = import_epoch(csv_file, snapshot_date=datetime.date(2026, 3, 1))
    >>> result.report.models, result.report.trimmed_names, result.report.unknown_columns
    (1, ['Tiny LM'], ['Colour'])
    >>> print(result.serialize("turtle").decode().splitlines()[-1].strip())
    gai:parameterCount 120000000 .
    """
    path = Path(source) if source is not None else snapshot_file()
    if snapshot_date is None:
        if source is None or path.resolve() == snapshot_file().resolve():
            snapshot_date = SNAPSHOT_DATE
        elif path.is_file():
            snapshot_date = datetime.date.fromtimestamp(path.stat().st_mtime)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(e.strerror or str(e), path=str(path)) from e
    try:
        text = data.decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    except UnicodeDecodeError as e:
        raise SourceError(f"not UTF-8 text: {e.reason} at byte {e.start}", path=str(path)) from e
    except csv.Error as e:
        raise SourceError(str(e), path=str(path)) from e
    if not header:
        raise SourceError("an empty file: no header row", path=str(path), line=1)
    importer = _Importer(
        str(path),
        _read_columns(Path(columns) if columns else columns_file()),
        _read_mapping(Path(mapping) if mapping else mapping_file()),
    )
    importer.run(rows, header)
    return CatalogueImport(_header_triples(snapshot_date, path.name) + importer.triples, importer.report)


_CACHE: dict[str, bytes] = {}


def catalogue_text() -> bytes:
    """The embedded snapshot as Turtle, imported once per process (what ``kg.load(catalogue=True)`` adds).

    >>> catalogue_text().count(b"gai:AIModel") >= 976
    True
    """
    if "embedded" not in _CACHE:
        result = import_epoch()
        # the ontology is loaded already: without its owl:imports, reasoners are not told to fetch it
        result.triples = [t for t in result.triples if t.predicate.value != OWL + "imports"]
        _CACHE["embedded"] = result.serialize("turtle")
    return _CACHE["embedded"]


_RELEASE_HEADER = (
    "<!--\n"
    "  Generated by `kg build` from notable-ai-models.csv (Data: Epoch AI (epoch.ai), CC BY 4.0,\n"
    "  https://epoch.ai/data/notable-ai-models). Do not edit: edit the tables beside it, run `kg build`.\n"
    "  The Epoch AI catalogue under the GenAI ontology, for Protégé: it imports the ontology, which\n"
    "  catalog-v001.xml in this folder resolves to ../genai.owl, so it opens offline.\n"
    "-->\n"
)


def release_file() -> Path:
    """The Protégé release of the embedded catalogue: RDF/XML importing ``genai.owl``.

    >>> release_file().name
    'epoch-ai.owl'
    """
    return resources.content_dir("ontology") / "catalogue" / "epoch-ai.owl"


def render_release() -> bytes:
    """The RDF/XML release of the embedded snapshot, deterministic (same input, same bytes).

    >>> render_release().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\\n<!--')
    True
    """
    body = import_epoch().serialize("xml")
    declaration, rest = body.split(b"\n", 1)
    return declaration + b"\n" + _RELEASE_HEADER.encode("utf-8") + rest


def build_release(*, check: bool = False) -> BuildResult:
    """Regenerate :func:`release_file`, or only check that it is up to date (``kg build`` does both files).

    >>> build_release(check=True).changed
    False
    """
    from kg.files import write_bytes

    out = release_file()
    data = render_release()
    changed = not out.is_file() or out.read_bytes() != data
    if check or not changed:
        return BuildResult(out, changed, False)
    write_bytes(out, data)
    return BuildResult(out, changed, True)
