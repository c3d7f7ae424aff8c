"""Persistent stores: a graph built once on disk, then opened read-only in milliseconds.

``kg load SOURCES --store DIR`` (:func:`build_store`) parses the sources once into an Oxigraph
(RocksDB) database in ``DIR``; ``kg query/info/export --store DIR`` and :func:`open_store` (or
``kg.load(store=DIR)``) open it read-only, without parsing anything, in a few milliseconds.

Layout of ``DIR``::

    kg-store.json        the commit point: which generation is current, its triple count, sources, prefixes
    gen-XXXXXXXX/        one Oxigraph database per build ("generation")
    gen-XXXXXXXX.lock    readers of that generation hold a shared lock on it
    .kg-build.lock       a build holds it exclusively: one build at a time

How a build stays atomic. A build never writes into the database readers use: it creates a new
generation directory, bulk-loads the sources into it, closes it, syncs its files to disk, and only then
replaces ``kg-store.json`` with a new version naming it, by an atomic rename (:func:`kg.files.atomic_write`,
then a sync of ``DIR``). Until that rename, ``kg-store.json`` names the previous generation, which no
build touches; after it, the new one. So whatever stops a build, a syntax error, Ctrl-C, a crash or a
SIGKILL, the store holds either all of the old content or all of the new, never part of either. (A rename
cannot replace a non-empty directory, so swapping whole directories would leave an instant with no store
at all; renaming a small file over another can.) A failed build removes its generation; one killed
before it could is removed by the next build.

Why readers are safe. A generation is never written once published, and Oxigraph opens it read-only,
so any number of processes can read it at once. Each reader holds a shared ``flock`` on its
generation's ``.lock`` file while its graph is open; after publishing, a build removes only the old
generations it can lock exclusively, that is, those no process still reads. A reader that started
opening a generation as it was being removed notices (the generation is no longer current once the
lock is held) and opens the current one instead. Where ``fcntl`` is missing (Windows) there are no
such locks; there, an old generation is removed only if its directory can be renamed, which Windows
refuses while a process has a file in it open.

A directory written by Oxigraph itself (``oxigraph load --location DIR``, pyoxigraph's ``Store(DIR)``)
opens too, read-only, as long as no other process writes to it.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.files import atomic_write
from kg.graph import KnowledgeGraph, ProgressCallback, Source

__all__ = ["STORE_FILE", "build_store", "is_store", "open_store"]

#: The file of a store directory that names its current generation.
STORE_FILE = "kg-store.json"
_FORMAT = "genai-kg store"
_VERSION = 1
_BUILD_LOCK = ".kg-build.lock"
_PREFIX = "gen-"

try:
    import fcntl
except ImportError:  # Windows: no advisory locks (see the module's docstring)
    fcntl = None  # type: ignore[assignment]


def is_store(directory: str | os.PathLike[str]) -> bool:
    """Whether a directory holds a store that :func:`open_store` can open (kg's, or Oxigraph's own).

    >>> import tempfile
    >>> is_store(tempfile.mkdtemp())
    False
    """
    root = Path(directory)
    return (root / STORE_FILE).is_file() or _is_oxigraph_dir(root)


def open_store(directory: str | os.PathLike[str]) -> KnowledgeGraph:
    """Open a persistent store read-only.

    Nothing is parsed: the graph answers queries from the files on disk at once. Its ``prefixes``
    and ``sources`` are those of the build. It cannot be changed (:meth:`KnowledgeGraph.add` and the
    like raise :class:`~kg.errors.StoreError`); build it again with :func:`build_store`. Call
    :meth:`KnowledgeGraph.close` (or use ``with``) to let a later build remove these files before the
    process ends.

    Args:
        directory: the store's directory, as given to :func:`build_store` (or an Oxigraph database).

    Returns:
        The read-only graph; its ``location`` is ``directory``.

    Raises:
        StoreError: when there is no store in ``directory`` or it cannot be opened.

    >>> import tempfile, kg
    >>> directory = tempfile.mkdtemp()
    >>> _ = build_store(directory, "<urn:a> <urn:b> <urn:c> .", ontology=False, format="nt")
    >>> with open_store(directory) as graph:
    ...     graph.query("ASK { <urn:a> <urn:b> <urn:c> }").boolean
    True
    """
    root = Path(directory)
    if not (root / STORE_FILE).is_file():
        if _is_oxigraph_dir(root):
            return _graph(_open_read_only(root, root), root, None, {})
        what = "no such directory" if not root.exists() else "there is no store here"
        raise StoreError(f"{root}: {what}; build one with `kg load SOURCES --store {root}`")
    for _ in range(20):  # each turn is a build that finished while we were opening: more is absurd
        info = _read_info(root)
        generation = root / info["generation"]
        lease = _Lease.shared(generation)
        if lease is None:
            continue  # removed meanwhile: the store has a newer generation
        if _read_info(root)["generation"] == info["generation"] and generation.is_dir():
            return _graph(_open_read_only(generation, root), root, lease, info)
        lease.release()
    raise StoreError(f"{root}: the store keeps changing while it is opened; try again")


def build_store(
    directory: str | os.PathLike[str],
    *sources: Source,
    ontology: bool = True,
    format: str | None = None,
    base_iri: str | None = None,
    progress: ProgressCallback | None = None,
    catalogue: bool = False,
) -> KnowledgeGraph:
    """Build a persistent store from sources, replacing what it held, atomically.

    The sources are bulk-loaded into a new generation of the store; readers keep the previous one
    until the build is complete (see the module's docstring). If anything fails or interrupts the
    build, the store keeps its previous content, and a directory created for it is removed.

    Args:
        directory: the store's directory: new, empty, or a store built before.
        *sources: file paths (``.gz`` is read through), RDF strings or bytes (give ``format``), rdflib
            graphs.
        ontology: load the embedded GenAI ontology first.
        format: the format of every source given as text, or of files whose name does not tell it.
        base_iri: the base IRI for relative IRIs in the sources.
        progress: called with a :class:`~kg.graph.LoadProgress` as the sources are read.
        catalogue: load the embedded Epoch AI catalogue after the ontology.

    Returns:
        The new store, opened read-only (as :func:`open_store` opens it).

    Raises:
        SourceError: for a source that cannot be read or parsed (with file, line and column).
        StoreError: when ``directory`` is not a store and not empty, or another build is running.

    >>> import tempfile
    >>> len(build_store(tempfile.mkdtemp(), "<urn:a> <urn:b> <urn:c> .", ontology=False, format="nt"))
    1
    """
    # Long for its docstring; the code is one transaction (a new generation, loaded, then swapped in).
    root = Path(directory)
    created = _prepare(root)
    try:
        with _build_lock(root):
            _collect(root)  # what builds that were killed left behind
            name = f"{_PREFIX}{secrets.token_hex(4)}"
            generation = root / name
            (root / f"{name}.lock").touch()
            graph: KnowledgeGraph | None = None
            try:
                graph = KnowledgeGraph(_new_store(generation))
                graph._bulk = True
                graph._add_all(
                    sources,
                    ontology=ontology,
                    format=format,
                    base_iri=base_iri,
                    progress=progress,
                    catalogue=catalogue,
                )
                info = {
                    "format": _FORMAT,
                    "version": _VERSION,
                    "generation": name,
                    "triples": len(graph),
                    "sources": graph.sources,
                    "prefixes": graph.prefixes,
                    "built": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                    "oxigraph": ox.__version__,
                }
                graph.store.flush()
                _drop(graph)
                graph = None
                _sync(generation)
                with atomic_write(root / STORE_FILE) as handle:
                    handle.write(json.dumps(info, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
                _sync_directory(root)
            except BaseException:
                if graph is not None:
                    _drop(graph)
                _remove(root, name)
                raise
            _collect(root)  # the generations no reader holds any more
    except BaseException:
        if created and not (root / STORE_FILE).exists():
            shutil.rmtree(root, ignore_errors=True)
        raise
    return open_store(root)


# ---------------------------------------------------------------------------------------------------
# helpers


class _Lease:
    """A shared lock on a generation's lock file, held while a graph reads that generation."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @classmethod
    def shared(cls, generation: Path) -> _Lease | None:
        """Lock a generation shared, waiting while a build removes it; ``None`` once it is removed."""
        path = generation.with_name(f"{generation.name}.lock")
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            if not generation.is_dir():
                return None  # removed by a build: the store has a newer generation
            try:  # a store copied without its lock files
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError:
                return cls(None)
        except OSError:  # not ours to lock (a store of another user, read-only): read without a lock
            return cls(None)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_SH)
        return cls(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file lets go of its lock
            self._fd = None

    def __del__(self) -> None:
        self.release()


def _graph(store: ox.Store, root: Path, lease: _Lease | None, info: dict[str, Any]) -> KnowledgeGraph:
    graph = KnowledgeGraph(store)
    graph.location = root
    graph._lease = lease
    graph.sources = list(info.get("sources", []))
    graph.prefixes.update(info.get("prefixes", {}))
    if isinstance(info.get("triples"), int):
        graph._length = info["triples"]
    return graph


def _read_info(root: Path) -> dict[str, Any]:
    path = root / STORE_FILE
    try:
        info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"{path}: cannot be read ({e}); build the store again with `kg load`") from e
    ours = isinstance(info, dict) and info.get("format") == _FORMAT
    if not ours or not isinstance(info.get("generation"), str):
        raise StoreError(f"{path}: not a genai-kg store file; build the store again with `kg load`")
    if info.get("version", 0) > _VERSION:
        raise StoreError(
            f"{root}: built by a newer genai-kg (store version {info['version']}); upgrade genai-kg"
        )
    return info


def _open_read_only(path: Path, root: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise StoreError(f"{root}: cannot open the store ({e})") from e
    except RuntimeError as e:  # RocksDB's "Corruption: block checksum mismatch …"
        raise StoreError(f"{root}: {damaged(e)}") from e


def damaged(error: BaseException) -> str:
    """What to say of a store whose files are damaged: the engine's first words, and what to do.

    >>> damaged(RuntimeError("Corruption: block checksum mismatch: stored = 1 in 000009.sst"))[:58]
    'the store is damaged (Corruption: block checksum mismatch)'
    """
    first = ":".join(str(error).split(":")[:2]).strip()
    return f"the store is damaged ({first}); build it again with `kg load SOURCES --store DIR`"


def _new_store(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot create a store ({e})") from e


def _is_oxigraph_dir(root: Path) -> bool:
    return (root / "CURRENT").is_file() and any(root.glob("OPTIONS-*"))


def _prepare(root: Path) -> bool:
    """Make sure ``root`` can hold a store; return whether it was created for it."""
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root}: is a file; give a directory for the store")
    if not root.exists():
        try:
            root.mkdir(parents=True)
        except OSError as e:
            raise StoreError(f"{root}: cannot create the directory ({e.strerror or e})") from e
        return True
    if (root / STORE_FILE).exists():
        return False
    ours = all(p.name == _BUILD_LOCK or p.name.startswith(_PREFIX) for p in root.iterdir())
    if not ours:
        # kg removes only what it wrote: never build into a directory of other files
        raise StoreError(f"{root}: is not empty and holds no kg store; give a new or empty directory")
    return False


@contextlib.contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    fd = os.open(root / _BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as e:
                raise StoreError(
                    f"{root}: another `kg load` is building this store; wait for it to finish"
                ) from e
        yield
    finally:
        os.close(fd)


def _collect(root: Path) -> None:
    """Remove the generations that are not current and that no reader holds."""
    current = None
    if (root / STORE_FILE).exists():
        with contextlib.suppress(StoreError):
            current = _read_info(root)["generation"]
    names = {p.name.removesuffix(".lock").removesuffix(".trash") for p in root.glob(f"{_PREFIX}*")}
    for name in sorted(names - {current}):
        if fcntl is None:
            # no locks (Windows), but a directory with a file some process has open cannot be renamed
            trash = root / f"{name}.trash"
            with contextlib.suppress(OSError):
                if (root / name).exists():
                    os.rename(root / name, trash)
                shutil.rmtree(trash, ignore_errors=True)
                _remove(root, name)
            continue
        try:
            fd = os.open(root / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader still uses it: a later build removes it
            _remove(root, name)
        finally:
            os.close(fd)


def _remove(root: Path, name: str) -> None:
    shutil.rmtree(root / name, ignore_errors=True)
    if not (root / name).exists():
        with contextlib.suppress(OSError):
            (root / f"{name}.lock").unlink()


def _drop(graph: KnowledgeGraph) -> None:
    """Close a graph's store now: Oxigraph closes a database when its last reference goes."""
    graph._store = None  # type: ignore[assignment]
    gc.collect()


def _sync(directory: Path) -> None:
    """Write a generation's files to disk before ``kg-store.json`` names it."""
    for folder, _, files in os.walk(directory):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _sync_directory(Path(folder))


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its renames are durable without it
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
