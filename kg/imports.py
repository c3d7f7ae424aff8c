"""``owl:imports``, followed offline: through Protégé's XML catalog, local files, and the network only
when asked.

A modular ontology names the ontologies it needs with ``owl:imports <IRI>``. Protégé finds each one
through the OASIS XML catalog ``catalog-v001.xml`` beside the importing file, which maps IRIs to local
files; the OWL API does the same. kg follows the imports of every source the same way, transitively:

1. an IRI that an ontology already in the graph has (as its IRI or version IRI) is satisfied;
2. an IRI mapped by a ``catalog-v001.xml`` in the folder of a source (or of an import loaded through a
   catalog) is loaded from that file;
3. a ``file:`` IRI (a relative import resolves against the importing file) is loaded from that file;
4. an ``http(s):`` IRI is fetched only with ``allow_remote`` (``--allow-remote``);

anything else is a *missing import*: a warning that names it and says why, never an error, as in Protégé.
The closure is kept on the graph (:attr:`kg.graph.KnowledgeGraph.imports`), shown by ``kg info`` and
reported by ``kg validate``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote, urljoin, urlparse

from kg import vocab
from kg.errors import KGError, SourceError

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

__all__ = ["CATALOG", "Import", "follow", "read_catalog"]

#: The file name Protégé gives its catalog.
CATALOG = "catalog-v001.xml"
_OASIS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_OWL = vocab.OWL
_IMPORTS = f"SELECT DISTINCT ?o ?i {{ ?o <{_OWL}imports> ?i FILTER(isIRI(?i)) }}"
_ONTOLOGY_IRIS = f"SELECT DISTINCT ?i {{ {{ ?i a <{_OWL}Ontology> }} UNION {{ ?o <{_OWL}versionIRI> ?i }} }}"
_ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.8, application/ld+json;q=0.5"
_MAX_REMOTE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Import:
    """One ``owl:imports`` of the graph and what became of it.

    Attributes:
        iri: the imported IRI.
        importer: the ontology that imports it.
        status: ``loaded`` (read from ``location``), ``present`` (an ontology already in the graph has
            that IRI) or ``missing``.
        location: the file or URL it was read from (``loaded``), else ``None``.
        via: how it was found: ``catalog``, ``file`` or ``remote`` (``loaded`` only).
        reason: why it is missing (``missing`` only).

    >>> Import("https://example.org/b", "https://example.org/a", "missing", reason="not found").warning()
    'owl:imports <https://example.org/b> (of <https://example.org/a>) not loaded: not found'
    """

    iri: str
    importer: str
    status: str
    location: str | None = None
    via: str | None = None
    reason: str | None = None

    def warning(self) -> str:
        """The one-line warning for a missing import (see the class example)."""
        return f"owl:imports <{self.iri}> (of <{self.importer}>) not loaded: {self.reason}"


def read_catalog(path: str | Path) -> dict[str, Path]:
    """The IRI → file mapping of an OASIS XML catalog (``<uri name="IRI" uri="file"/>`` entries, in
    ``<group xml:base="…">`` too), with files resolved against the catalog's folder.

    Raises:
        SourceError: for a catalog that is not well-formed XML.

    >>> import kg.resources
    >>> mapping = read_catalog(kg.resources.ontology_file().parent / "catalog-v001.xml")
    >>> mapping["https://w3id.org/genai-kg/ontology"].name
    'genai.owl'
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        line, column = e.position
        raise SourceError(
            f"not a well-formed XML catalog: {str(e).split(': line ')[0]}",
            path=str(path),
            line=line,
            column=column + 1,
        ) from e
    except OSError as e:
        raise SourceError(f"cannot read: {e.strerror or e}", path=str(path)) from e
    mapping: dict[str, Path] = {}

    def walk(element: ET.Element, base: str) -> None:
        for child in element:
            child_base = urljoin(base, child.get(_XML_BASE, ""))
            if child.tag == f"{_OASIS}uri" and child.get("name") and child.get("uri"):
                target = urljoin(child_base, cast(str, child.get("uri")))
                if urlparse(target).scheme == "file":
                    mapping.setdefault(cast(str, child.get("name")), Path(unquote(urlparse(target).path)))
            elif child.tag == f"{_OASIS}group":
                walk(child, child_base)

    walk(root, urljoin(path.resolve().as_uri(), root.get(_XML_BASE, "")))
    return mapping


def follow(graph: KnowledgeGraph, folders: Iterable[Path], *, allow_remote: bool = False) -> list[Import]:
    """Load the imports closure of the graph's ontologies into the graph (see the module documentation).

    Args:
        graph: the graph; imported ontologies are added to its default graph.
        folders: where to look for ``catalog-v001.xml`` (the folders of the sources).
        allow_remote: fetch ``http(s):`` imports that no catalog maps.

    Returns:
        Every import met, in the order met; also kept as ``graph.imports``.

    Raises:
        SourceError: when an imported file does not parse, or a catalog is not XML.

    >>> import kg
    >>> graph = kg.load(ontology=False)
    >>> _ = graph.add("<urn:x:a> a <http://www.w3.org/2002/07/owl#Ontology> ; "
    ...     "<http://www.w3.org/2002/07/owl#imports> <urn:x:b> .", format="turtle")
    >>> print(follow(graph, [])[0].reason)
    no catalog-v001.xml beside the sources maps it, and it is not a local file
    """
    catalogs: dict[str, Path] = {}
    seen_folders: set[Path] = set()

    def read_folder(folder: Path) -> None:
        folder = folder.resolve()
        if folder not in seen_folders:
            seen_folders.add(folder)
            if (folder / CATALOG).is_file():
                for iri, file in read_catalog(folder / CATALOG).items():
                    catalogs.setdefault(iri, file)

    for folder in folders:
        read_folder(folder)
    found: list[Import] = []
    done: set[str] = set()
    while True:
        present = {str(row["i"]) for row in graph.query(_ONTOLOGY_IRIS)}
        pending = [
            (str(row["o"]), str(row["i"])) for row in graph.query(_IMPORTS) if str(row["i"]) not in done
        ]
        if not pending:
            break
        for importer, iri in pending:
            if iri in done:
                continue
            done.add(iri)
            if iri in present:
                found.append(Import(iri, importer, "present"))
                continue
            imported = _load_one(graph, iri, importer, catalogs, allow_remote)
            found.append(imported)
            if imported.via in ("catalog", "file") and imported.location:
                read_folder(Path(imported.location).parent)
    graph.imports = found
    return found


def _load_one(
    graph: KnowledgeGraph, iri: str, importer: str, catalogs: dict[str, Path], allow_remote: bool
) -> Import:
    mapped = catalogs.get(iri)
    if mapped is not None:
        if not mapped.is_file():
            return Import(
                iri, importer, "missing", reason=f"the catalog maps it to {mapped}, which does not exist"
            )
        graph.add(mapped)
        return Import(iri, importer, "loaded", str(mapped), "catalog")
    scheme = urlparse(iri).scheme
    if scheme == "file":
        path = Path(unquote(urlparse(iri).path))
        if path.is_file():
            graph.add(path)
            return Import(iri, importer, "loaded", str(path), "file")
        return Import(iri, importer, "missing", reason=f"no such file: {path}")
    if scheme in ("http", "https"):
        if not allow_remote:
            return Import(
                iri, importer, "missing",
                reason=f"no {CATALOG} beside the sources maps it; give --allow-remote to fetch it",
            )  # fmt: skip
        return _fetch(graph, iri, importer)
    return Import(
        iri,
        importer,
        "missing",
        reason=f"no {CATALOG} beside the sources maps it, and it is not a local file",
    )


def _fetch(graph: KnowledgeGraph, iri: str, importer: str) -> Import:
    """Fetch an import over HTTP (asked for with allow_remote), bounded in size and time."""
    import httpx

    try:
        with httpx.stream(
            "GET", iri, headers={"Accept": _ACCEPT}, follow_redirects=True, timeout=30.0
        ) as answer:
            if answer.status_code != 200:
                return Import(
                    iri, importer, "missing", reason=f"fetching it answered HTTP {answer.status_code}"
                )
            body = b""
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > _MAX_REMOTE_BYTES:
                    return Import(iri, importer, "missing", reason="fetching it gave more than 64 MiB")
    except httpx.HTTPError as e:
        return Import(iri, importer, "missing", reason=f"fetching it failed: {e}")
    try:
        graph.add(body, base_iri=iri)
    except KGError as e:
        raise SourceError(f"the import {iri} does not parse: {e}", path=iri) from e
    graph.sources[-1] = iri
    return Import(iri, importer, "loaded", iri, "remote")
