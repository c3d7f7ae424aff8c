"""The OWL syntaxes that are not RDF: OWL/XML, functional syntax and Manchester syntax, in and out.

Protégé saves all three beside RDF/XML and Turtle. kg keeps its graphs as RDF, so a document in one of
them is converted to RDF/XML on the way in, and RDF/XML is converted to it on the way out (``kg export
--format owx|ofn|omn``). Two engines can convert:

- ``owlapi``: the OWL API, the library Protégé itself is built on, as it ships inside owlready2's
  ``HermiT.jar`` (version 3.4), driven by the small ``java/OwlSyntax.java`` (compiled once with ``javac``
  into the user's cache). It reads and writes all three syntaxes as Protégé does. Used when a JDK is
  present.
- ``horned``: py-horned-owl, a Rust OWL library with Python bindings, which needs no Java and starts in
  milliseconds. Used when there is no JDK, for OWL/XML and functional syntax only: its Manchester
  writer produced documents the OWL API 5 cannot parse (Pizza, AIO) or reads as empty (genai), so
  Manchester syntax needs the OWL API.

``engine="auto"`` (the default) picks the OWL API when ``java`` and ``javac`` are found, else
py-horned-owl; the environment variable ``KG_OWL_ENGINE`` (``owlapi`` or ``horned``) overrides it. Both
are compared with the OWL API 5 checker by the tests (logical axiom counts after round trips).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from kg.errors import KGError, KGWarning, SourceError, ToolMissingError, UnknownNameError
from kg.vocab import KG

__all__ = ["ENGINES", "OWL_SYNTAXES", "convert", "engine", "owl_syntax"]

#: The OWL syntaxes that are not RDF, by the names the API and the CLI accept (Protégé's extensions).
OWL_SYNTAXES: dict[str, str] = {
    "owx": "OWL/XML",
    "ofn": "OWL functional syntax",
    "omn": "OWL Manchester syntax",
}
_ALIASES = {
    "owl/xml": "owx",
    "owlxml": "owx",
    "functional": "ofn",
    "fss": "ofn",
    "manchester": "omn",
}
#: The conversion engines (see the module documentation).
ENGINES = ("owlapi", "horned")

_JAVA_SOURCE = Path(__file__).parent / "java" / "OwlSyntax.java"
_TIMEOUT = 600  # seconds for one conversion: the OWL API parses Pizza in about one
_POSITION = re.compile(r"^(\d+):(\d+): ")


def owl_syntax(name: str) -> str | None:
    """The canonical name of an OWL syntax that is not RDF, or ``None`` for any other name.

    >>> owl_syntax("OWL/XML"), owl_syntax("manchester"), owl_syntax("turtle")
    ('owx', 'omn', None)
    """
    key = _ALIASES.get(name.lower(), name.lower())
    return key if key in OWL_SYNTAXES else None


def engine(name: str = "auto") -> str:
    """The engine that converts: ``name`` itself, or for ``auto`` the ``KG_OWL_ENGINE`` environment
    variable, else ``owlapi`` when a JDK is found, else ``horned``.

    Raises:
        UnknownNameError: for another name.

    >>> engine("horned")
    'horned'
    """
    if name == "auto":
        name = os.environ.get("KG_OWL_ENGINE", "") or "auto"
    if name == "auto":
        return "owlapi" if shutil.which("java") and shutil.which("javac") else "horned"
    if name not in ENGINES:
        raise UnknownNameError("OWL syntax engine", name, ENGINES)
    return name


def convert(
    data: bytes, source: str, target: str, *, base_iri: str | None = None, origin: str = "<string>",
    engine_name: str = "auto",
) -> bytes:  # fmt: skip
    """Convert an ontology document between OWL syntaxes.

    Args:
        data: the document.
        source: its syntax: ``owx``, ``ofn``, ``omn`` or ``xml`` (RDF/XML).
        target: the syntax to write: ``owx``, ``ofn``, ``omn``, ``xml`` (RDF/XML) or ``turtle``.
        base_iri: the document's IRI, for relative IRIs.
        origin: the file name, for error messages.
        engine_name: ``auto``, ``owlapi`` or ``horned`` (see :func:`engine`).

    Returns:
        The converted document. Imports are kept as ``owl:imports``, never loaded (see
        :mod:`kg.imports` for following them).

    Raises:
        SourceError: when the document does not parse (with its line and column when known).
        ToolMissingError: when the engine cannot run.

    >>> ofn = b"Prefix(:=<https://example.org/>) Ontology(<https://example.org/o> SubClassOf(:A :B))"
    >>> b"subClassOf" in convert(ofn, "ofn", "xml", engine_name="horned")
    True
    """
    chosen = engine(engine_name)
    if chosen == "owlapi":
        return _owlapi(data, source, target, base_iri or KG + "document", origin)
    return _horned(data, source, target, origin)


# ---------------------------------------------------------------------------------------------------
# the OWL API in HermiT.jar


def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


def _compiled() -> Path:
    """The directory holding ``OwlSyntax.class``, compiled once per source and jar into the cache."""
    javac = shutil.which("javac")
    if javac is None:
        raise ToolMissingError(
            "reading and writing OWL/XML, functional and Manchester syntax with the OWL API needs a JDK "
            "(`javac`; e.g. `apt-get install default-jdk-headless`); "
            "or use py-horned-owl (KG_OWL_ENGINE=horned)"
        )
    jar = _hermit_jar()
    key = hashlib.sha256(_JAVA_SOURCE.read_bytes() + str(jar.stat().st_size).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "genai-kg" / f"owlsyntax-{key}"
    if (cache / "OwlSyntax.class").is_file():
        return cache
    cache.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=cache.parent, prefix=".owlsyntax-"))
    done = subprocess.run(
        [javac, "-nowarn", "-encoding", "UTF-8", "-d", str(building), "-cp", str(jar), str(_JAVA_SOURCE)],
        capture_output=True, text=True, timeout=_TIMEOUT, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise ToolMissingError(
            f"cannot compile {_JAVA_SOURCE.name} against {jar}: {done.stderr.strip()[:300]}"
        )
    try:
        building.rename(cache)  # atomic: another process may have won the race, which is as good
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    return cache


def _owlapi(data: bytes, source: str, target: str, base_iri: str, origin: str) -> bytes:
    java = shutil.which("java")
    if java is None:
        raise ToolMissingError(
            "reading and writing OWL/XML, functional and Manchester syntax with the OWL API needs Java "
            "(e.g. `apt-get install default-jdk-headless`); or use py-horned-owl (KG_OWL_ENGINE=horned)"
        )
    names = {"xml": "rdfxml", "turtle": "ttl"}
    classpath = os.pathsep.join([str(_compiled()), str(_hermit_jar())])
    command = [java, "-cp", classpath, "OwlSyntax"]
    command += [names.get(source, source), names.get(target, target), base_iri]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as e:
        raise KGError(f"{origin}: the OWL API took more than {_TIMEOUT} s to convert it") from e
    if done.returncode == 2:
        lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise _parse_error(lines[-1] if lines else "does not parse", source, origin)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise KGError(f"{origin}: the OWL API failed: {message[-1] if message else done.returncode}")
    lost = re.search(rb"^kg-lost-general-class-axioms (\d+)$", done.stderr, re.M)
    if lost:
        count = int(lost.group(1))
        warnings.warn(
            KGWarning(
                f"{origin}: Manchester syntax has no frame for a general class axiom (a subclass axiom whose "
                f"subclass is a class expression): {count} left out of the {OWL_SYNTAXES[target]} copy; keep "
                "the ontology in Turtle, RDF/XML, OWL/XML or functional syntax"
            ),
            stacklevel=3,
        )
    return done.stdout


def _parse_error(message: str, source: str, origin: str) -> SourceError:
    """A one-line parser message (``LINE:COLUMN: text`` when the parser knows where) as a SourceError."""
    found = _POSITION.match(message)
    what = f"not valid {OWL_SYNTAXES.get(source, 'RDF/XML')}"
    if found is None:
        return SourceError(f"{what}: {message}", path=origin)
    # the position once is enough, and the parser's list of expected tokens does not fit on a line
    text = re.sub(r",? at line \d+,? column \d+\.?|\s*Expected one of:.*$", "", message[found.end() :])
    return SourceError(f"{what}: {text}", path=origin, line=int(found.group(1)), column=int(found.group(2)))


# ---------------------------------------------------------------------------------------------------
# py-horned-owl


def _horned(data: bytes, source: str, target: str, origin: str) -> bytes:
    try:
        import pyhornedowl
    except ImportError as e:  # pragma: no cover - a dependency
        raise ToolMissingError("py-horned-owl is not installed (`pip install py-horned-owl`)") from e
    if "omn" in (source, target):
        raise ToolMissingError(
            "Manchester syntax is read and written with the OWL API, which needs Java and a JDK (`javac`; "
            "e.g. `apt-get install default-jdk-headless`); py-horned-owl's Manchester support is not "
            "reliable enough"
        )
    names = {"xml": "owl"}
    if target == "turtle":
        target = "xml"  # py-horned-owl writes no Turtle: RDF/XML, which kg reads as well
    try:
        ontology = pyhornedowl.open_ontology_from_string(
            data.decode("utf-8"),
            names.get(source, source),  # type: ignore[arg-type]
        )
    except (ValueError, UnicodeDecodeError) as e:
        raise _parse_error(_horned_message(str(e), data), source, origin) from e
    return ontology.save_to_string(names.get(target, target)).encode("utf-8")  # type: ignore[arg-type]


def _horned_message(message: str, data: bytes) -> str:
    """py-horned-owl's error as ``LINE:COLUMN: text`` where it gives a position.

    >>> _horned_message('Failed: ParserError(x, line_col: Pos((3, 15)), y)', b"")
    '3:15: ParserError'
    >>> _horned_message('Failed: ValidityError("Unexpected EoF", BytePosition(5))', b"ab\\ncdef")
    '2:3: Unexpected EoF'
    """
    kind = re.search(r"(\w+Error)\(", message)
    said = re.search(r'\("([^"]+)"', message)
    text = said.group(1) if said else kind.group(1) if kind else message.split("\n")[0][:300]
    pos = re.search(r"line_col: Pos\(\((\d+), (\d+)\)\)", message)
    if pos:
        return f"{pos.group(1)}:{pos.group(2)}: {text}"
    byte = re.search(r"BytePosition\((\d+)\)", message)
    if byte:
        offset = min(int(byte.group(1)), len(data))
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        return f"{line}:{column}: {text}"
    return text
