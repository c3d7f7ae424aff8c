"""OWL 2 DL with HermiT, through owlready2 (Java 11 or newer)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from kg.errors import ReasonerError
from kg.jvm import MIN_JAVA as MIN_JAVA
from kg.jvm import java_version as java_version
from kg.reasoning.report import ReasoningReport, _explain, _show
from kg.reasoning.rl import _Closure, _keep
from kg.reasoning.rules import (
    _CLASH_MESSAGES,
    _CLASH_RANK,
    _HIERARCHY_RULES,
    SAME_AS,
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

    reasoner = f"HermiT (owlready2 {owlready2.VERSION})"
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
    triples: Sequence[tuple[str, str, str]], report: ReasoningReport | None = None
) -> tuple[list[tuple[str, str, str]], list[str]] | None:
    """HermiT's new triples and unsatisfiable classes, or ``None`` when the triples are inconsistent."""
    import owlready2

    handle, path = tempfile.mkstemp(prefix="kg-hermit-", suffix=".nt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(f"{s} {p} {o} .\n" for s, p, o in triples)
        world = owlready2.World()
        noise = io.StringIO()
        with contextlib.redirect_stderr(noise), contextlib.redirect_stdout(noise):
            try:
                world.get_ontology("file://" + path).load(format="ntriples")
            except Exception as e:  # owlready2's parser raises bare exceptions
                raise ReasonerError(f"owlready2 cannot read the graph for HermiT: {e}") from e
            ignore = False
            for _attempt in range(2):
                try:
                    owlready2.sync_reasoner_hermit(
                        world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=ignore
                    )
                    break
                except owlready2.OwlReadyInconsistentOntologyError:
                    return None
                except owlready2.OwlReadyJavaError as e:
                    message = str(e)
                    datatype = re.search(
                        r"The datatype '([^']+)' is not part of the OWL 2 datatype map", message
                    )
                    if datatype and not ignore:
                        if report is not None:
                            report.warnings.append(
                                f"HermiT does not support the datatype <{datatype.group(1)}>: literals "
                                "outside the OWL 2 datatype map were ignored (see `kg validate`)"
                            )
                        ignore = True
                        continue
                    detail = next(
                        (x.strip() for x in message.splitlines() if "Exception" in x), message.strip()
                    )
                    raise ReasonerError(f"HermiT failed: {detail[:500]}") from e
        inferred = world.get_ontology("http://inferrences/")
        buffer = io.BytesIO()
        inferred.save(buffer, format="ntriples")
        new = []
        for text in buffer.getvalue().decode("utf-8").split("\n"):
            if text and not text.startswith("<http://inferrences"):
                s, p, o = text[:-2].split(" ", 2)
                new.append((s, p, o))
        unsatisfiable = sorted(
            c.iri
            for c in world.inconsistent_classes()
            if getattr(c, "iri", None) and c.iri != f"{_OWL}Nothing"
        )
        return new, unsatisfiable
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


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
