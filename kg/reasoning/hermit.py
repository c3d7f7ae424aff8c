"""OWL 2 DL with HermiT, through owlready2 (Java 11 or newer)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ReasonerError
from kg.jvm import MIN_JAVA as MIN_JAVA
from kg.jvm import java_version as java_version
from kg.reasoning.hermit_input import HermitInput, hermit_input
from kg.reasoning.report import ReasoningReport, _explain, _show
from kg.reasoning.rl import _Closure, _keep
from kg.reasoning.rules import (
    _CLASH_MESSAGES,
    _CLASH_RANK,
    _HIERARCHY_RULES,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    NOTHING,
    SAME_AS,
    SUBCLASS,
    SUBPROPERTY,
    TYPE,
    _is_vocabulary,
)
from kg.vocab import KG
from kg.vocab import OWL as _OWL

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


# ---------------------------------------------------------------------------------------------------
# OWL 2 DL with HermiT


_IMPORTS = f"<{_OWL}imports>"


def _hermit(
    graph: KnowledgeGraph, asserted: list[tuple[str, str, str]]
) -> tuple[ReasoningReport, list[tuple[str, str, str]]]:
    """Run HermiT through owlready2; write its answers out along the hierarchies."""
    import owlready2

    reasoner = f"HermiT (owlready2 {owlready2.VERSION})"  # the jar owlready2 ships
    report = ReasoningReport("dl", reasoner, consistent=True)
    # the imports closure was loaded with the sources (kg.imports); say which imports it lacks
    for imported in getattr(graph, "imports", []):
        if imported.status == "missing":
            report.warnings.append(f"{imported.warning()}; reasoned without it")
    outcome = _run_hermit([t for t in asserted if t[1] != _IMPORTS], report)
    if outcome is None:
        report.consistent = False
        report.explanations = _explain_inconsistency(graph, asserted)
        return report, []
    new, unsatisfiable = outcome
    report.unsatisfiable = unsatisfiable
    # HermiT answers with the most specific types and the nearest superclasses; write them out.
    closure = _Closure([*asserted, *new], rules=_HIERARCHY_RULES)
    closure.run()
    kept = _keep([*new, *closure.inferred], closure.all)
    report.explanations = _explain_unsatisfiable(asserted, unsatisfiable, graph.shorten)
    return report, kept


def _run_hermit(
    triples: Sequence[tuple[str, str, str]], report: ReasoningReport | None = None, *, prepared: bool = True
) -> tuple[list[tuple[str, str, str]], list[str]] | None:
    """HermiT's new triples and unsatisfiable classes, or ``None`` when the triples are inconsistent.

    HermiT's own command line (the jar owlready2 ships), run twice at once on the two files
    :func:`kg.reasoning.hermit_input.hermit_input` prepares: the graph for the class and object property
    hierarchies, the types of the individuals and their property values (``-c -O -I -Y``), and the graph
    without the values of its data properties for the data property hierarchy (``-D``).
    ``prepared=False`` runs every task once on the graph as it is (the reference the tests compare with).
    """
    asserted = set(triples)
    given = hermit_input(triples) if prepared else HermitInput(list(triples), [], [])
    directory = tempfile.mkdtemp(prefix="kg-hermit-")
    try:
        full = os.path.join(directory, "graph.nt")
        schema = os.path.join(directory, "without-values.nt")
        _write_ntriples(full, given.graph)
        _write_ntriples(schema, given.without_values)
        ignore = False
        while True:
            runs = [(["-c", "-O", "-I", "-Y"], full), (["-D"], schema)]
            if not prepared or not given.data_values:  # no data property values: one JVM
                runs = [(["-c", "-O", "-D", "-I", "-Y"], full)]
            outcome = _hermit_processes(runs, directory, ignore)
            if outcome == "inconsistent":
                return None
            if isinstance(outcome, _UnsupportedDatatype) and not ignore:
                if report is not None:
                    report.warnings.append(
                        f"HermiT does not support the datatype <{outcome.iri}>: literals "
                        "outside the OWL 2 datatype map were ignored (see `kg validate`)"
                    )
                ignore = True
                continue
            if isinstance(outcome, _UnsupportedDatatype):
                raise ReasonerError(f"HermiT failed: {outcome.message[:500]}")
            break
        found, unsatisfiable = _read_answers("\n".join(outcome))
        new = dict.fromkeys(t for t in [*found, *given.answers] if t not in asserted)
        return list(new), unsatisfiable
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class _UnsupportedDatatype:
    def __init__(self, iri: str, message: str) -> None:
        self.iri, self.message = iri, message


def _hermit_processes(
    runs: Sequence[tuple[list[str], str]], directory: str, ignore_unsupported: bool
) -> list[str] | str | _UnsupportedDatatype:
    """Run HermiT once per (tasks, file), all at once.

    Their outputs, or ``"inconsistent"``, or the datatype HermiT refused.
    """
    import owlready2
    from owlready2 import reasoning as owlready_reasoning

    processes = []
    try:
        for number, (tasks, path) in enumerate(runs):
            command = [
                owlready2.JAVA_EXE,
                f"-Xmx{owlready_reasoning.JAVA_MEMORY}M",
                # IRIs read and answered in UTF-8 whatever the locale (Java 17 reads
                # sun.stdout.encoding, Java 19+ stdout.encoding)
                "-Dsun.stdout.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-Dfile.encoding=UTF-8",
                "-cp",
                owlready_reasoning._HERMIT_CLASSPATH,
                "org.semanticweb.HermiT.cli.CommandLine",
                *tasks,
                *(["--ignoreUnsupportedDatatypes"] if ignore_unsupported else []),
                Path(path).as_uri(),
            ]
            # a file, not a pipe: the answers of a large graph would fill a pipe nobody reads yet
            output = open(os.path.join(directory, f"answer-{number}.txt"), "w+b")  # noqa: SIM115
            processes.append((subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT), output))
        texts = []
        for process, output in processes:
            code = process.wait()
            output.seek(0)
            text = output.read().decode("utf-8", "replace").replace("\r", "")
            if code != 0:
                if "Inconsistent ontology" in text or "InconsistentOntologyException" in text:
                    return "inconsistent"
                datatype = re.search(r"The datatype '([^']+)' is not part of the OWL 2 datatype map", text)
                if datatype:
                    return _UnsupportedDatatype(datatype.group(1), text)
                detail = next((x.strip() for x in text.splitlines() if "Exception" in x), text.strip())
                raise ReasonerError(f"HermiT failed: {detail[:500]}")
            texts.append(text)
        return texts
    finally:
        for process, output in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            output.close()


def _write_ntriples(path: str, triples: Iterable[tuple[str, str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(f"{s} {p} {o} .\n" for s, p, o in triples)


# HermiT's answers: one axiom a line, `Name( <iri> <iri> … )`, and for -Y one line a property,
# `<property> (known instances: (<a>, <b>)(<c>, <d>) | possible instances: …)`.
_ANSWER = re.compile(r"^([A-Za-z]+)\( ((?:<[^<>\s]+>\s*)+)\)\s*$", re.M)
_VALUES = re.compile(r"^<([^<>\s]+)> \(known instances:\s*(.*?)\s*\|\s*possible instances:", re.M)
_PAIR = re.compile(r"\(<([^<>\s]+)>, <([^<>\s]+)>\)")
_AS_TRIPLE = {
    "SubClassOf": SUBCLASS,
    "SubObjectPropertyOf": SUBPROPERTY,
    "SubDataPropertyOf": SUBPROPERTY,
    "Type": TYPE,
}
_AS_EQUIVALENCE = {
    "EquivalentClasses": EQUIVALENT_CLASS,
    "EquivalentObjectProperties": EQUIVALENT_PROPERTY,
    "EquivalentDataProperties": EQUIVALENT_PROPERTY,
}


def _read_answers(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The triples HermiT's answers state, and the classes it found equivalent to owl:Nothing."""
    found: list[tuple[str, str, str]] = []
    unsatisfiable: set[str] = set()
    for name, iris in _ANSWER.findall(text):
        terms = [f"<{iri}>" for iri in iris.strip()[1:-1].split("> <")]
        if name in _AS_TRIPLE and len(terms) == 2:
            if not _is_vocabulary(terms[0]):  # owl:Nothing under every class, owl:Thing's members …
                found.append((terms[0], _AS_TRIPLE[name], terms[1]))
        elif name in _AS_EQUIVALENCE:
            named = [t for t in terms if not _is_vocabulary(t)]
            if NOTHING in terms:  # unsatisfiable: said as Protégé shows it, equivalent to owl:Nothing
                unsatisfiable.update(t[1:-1] for t in named)
                found.extend((t, _AS_EQUIVALENCE[name], NOTHING) for t in named)
            else:
                found.extend((a, _AS_EQUIVALENCE[name], b) for a in named for b in named if a != b)
    for prop, known in _VALUES.findall(text):
        found.extend((f"<{a}>", f"<{prop}>", f"<{b}>") for a, b in _PAIR.findall(known))
    return found, sorted(unsatisfiable)


def _abox(triples: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The assertions about individuals: their types and property values, sameAs and differentFrom."""
    triples = list(triples)
    properties = {
        s
        for s, p, o in triples
        if p == TYPE and o in (f"<{_OWL}ObjectProperty>", f"<{_OWL}DatatypeProperty>")
    }
    out = set()
    for t in triples:
        s, p, o = t
        individual_type = p == TYPE and not _is_vocabulary(o) and not s.startswith("_:")
        if individual_type or p in properties or p in (SAME_AS, f"<{_OWL}differentFrom>"):
            out.add(t)
    return out


def _explain_inconsistency(graph: KnowledgeGraph, asserted: list[tuple[str, str, str]]) -> list[str]:
    """Why HermiT found the graph inconsistent, as far as simple means can tell.

    First the OWL 2 RL rules, which name the individual and the classes of a clash; then HermiT on
    the classes alone (without the assertions about individuals): an individual asserted to be in
    an unsatisfiable class is named with that class.
    """
    closure = _Closure(asserted)
    closure.run()
    sentences = _explain(closure.clashes, graph.shorten)
    abox = _abox(asserted)
    tbox = [t for t in asserted if t not in abox and t[1] != _IMPORTS]
    outcome = _run_hermit(tbox)
    if outcome is not None:
        _, unsatisfiable = outcome
        bad = {f"<{c}>" for c in unsatisfiable}
        for s, p, o in sorted(abox):
            if p == TYPE and o in bad:
                individual, cls = _show(s, graph.shorten), _show(o, graph.shorten)
                sentences.insert(
                    0,
                    f"{individual} is asserted to be a {cls}, a class that can have no member "
                    "(unsatisfiable)",
                )
    return sentences


def _explain_unsatisfiable(
    asserted: list[tuple[str, str, str]], classes: list[str], shorten: Callable[[str], str]
) -> list[str]:
    """For each unsatisfiable class (up to 20), the clash the OWL 2 RL rules find on a made-up member."""
    if not classes:
        return []
    abox = _abox(asserted)
    tbox = [t for t in asserted if t not in abox]
    sentences = []
    for iri in classes[:20]:
        probe = f"<{KG}probe>"
        closure = _Closure([*tbox, (probe, TYPE, f"<{iri}>")])
        closure.run()
        found = sorted(
            (c for c in closure.clashes if probe in dict(c[1]).values()), key=lambda c: _CLASH_RANK[c[0]]
        )
        if found:
            rule, bindings = found[0]
            names = {var: ("\0" if term == probe else _show(term, shorten)) for var, term in bindings}
            sentence = _CLASH_MESSAGES[rule].format(**names)
            for mine, ours in (
                ("\0 is", "any member would be"),
                ("\0 has", "any member would have"),
                ("\0", "any member"),
            ):
                sentence = sentence.replace(mine, ours)
            sentences.append(f"{shorten(iri)}: {sentence} [{rule}]")
    return sentences
