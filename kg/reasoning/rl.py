"""The OWL 2 RL engine: the rules compiled to nested loops over hash indexes, run semi-naively."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

from kg.reasoning.rules import (
    _DOMAIN,
    _FIRST,
    _LANG_STRING,
    _NIL,
    _NS,
    _NUMERIC,
    _RANGE,
    _REST,
    _RULES,
    _XSD_STRING,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    MEMBER,
    NOTHING,
    SAME_AS,
    SUBCLASS,
    SUBPROPERTY,
    THING,
    TYPE,
    Clash,
    _split_literal,
)
from kg.vocab import OWL as _OWL
from kg.vocab import RDF as _RDF
from kg.vocab import RDFS as _RDFS
from kg.vocab import XSD as _XSD

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------------------------------------
# the OWL 2 RL engine


@dataclass(frozen=True)
class _Rule:
    name: str
    premises: tuple[tuple[str, str, str], ...]
    filters: tuple[tuple[str, ...], ...]
    conclusions: tuple[tuple[str, str, str], ...] | None  # None: the rule concludes false
    variables: tuple[str, ...]


_FILTER = re.compile(r"^\?(\w+) (!=|<) \?(\w+)$|^(\w+)\(\?(\w+)(?:, \?(\w+))?\)$")


def _term(text: str) -> str:
    if text.startswith("?"):
        return text
    prefix, _, local = text.partition(":")
    return f"<{_NS[prefix]}{local}>"


def _parse_rules(text: str) -> list[_Rule]:
    rules = []
    # a rule goes on over the indented lines below its name
    for line in re.split(r"\n(?! )", text.strip()):
        if not line.strip():
            continue
        name, body = " ".join(line.split()).split(None, 1)
        lhs, _, rhs = body.partition("=>")
        patterns, _, filters = lhs.partition("|")

        def triples(part: str) -> tuple[tuple[str, str, str], ...]:
            out = []
            for pattern in part.split(" . "):
                s, p, o = (_term(t) for t in pattern.split())
                out.append((s, p, o))
            return tuple(out)

        parsed_filters = []
        for f in filter(None, (x.strip() for x in re.split(r",(?![^()]*\))", filters))):
            match = _FILTER.match(f)
            if match is None:
                raise ValueError(f"bad filter {f!r} in rule {name}")
            a, op, b, fn, x, y = match.groups()
            parsed_filters.append((op, a, b) if op else (fn, x) if y is None else (fn, x, y))
        premises = triples(patterns.strip())
        variables = tuple(dict.fromkeys(t[1:] for pattern in premises for t in pattern if t.startswith("?")))
        conclusions = None if rhs.strip() == "false" else triples(rhs.strip())
        rules.append(_Rule(name, premises, tuple(parsed_filters), conclusions, variables))
    return rules


class _Index:
    """Triples by predicate: ``fwd[p][s]`` is the set of objects, ``back(p)[o]`` the set of subjects."""

    __slots__ = ("bwd", "count", "fwd")

    def __init__(self, triples: Iterable[tuple[str, str, str]] = ()) -> None:
        self.fwd: dict[str, dict[str, set[str]]] = {}
        self.bwd: dict[str, dict[str, set[str]]] = {}
        self.count: dict[str, int] = {}
        self.add(triples)

    def add(self, triples: Iterable[tuple[str, str, str]]) -> None:
        fwd, bwd, count = self.fwd, self.bwd, self.count
        for s, p, o in triples:
            by_subject = fwd.get(p)
            if by_subject is None:
                by_subject = fwd[p] = {}
            objects = by_subject.get(s)
            if objects is None:
                by_subject[s] = {o}
            elif o in objects:
                continue
            else:
                objects.add(o)
            count[p] = count.get(p, 0) + 1
            by_object = bwd.get(p)
            if by_object is not None:
                subjects = by_object.get(o)
                if subjects is None:
                    by_object[o] = {s}
                else:
                    subjects.add(s)

    def back(self, p: str) -> dict[str, set[str]]:
        """The subjects by object for one predicate, built on first use and kept up to date."""
        by_object = self.bwd.get(p)
        if by_object is None:
            by_object = self.bwd[p] = {}
            for s, objects in self.fwd.get(p, {}).items():
                for o in objects:
                    subjects = by_object.get(o)
                    if subjects is None:
                        by_object[o] = {s}
                    else:
                        subjects.add(s)
        return by_object

    def total(self) -> int:
        return sum(self.count.values())


_EMPTY: frozenset[str] = frozenset()
_EMPTY_INDEX: dict[str, set[str]] = {}


def _card(term: str) -> int | None:
    if not term.startswith('"'):
        return None
    lexical = term[1 : term.rfind('"')]
    try:
        return int(lexical.strip())
    except ValueError:
        return None


def _differ(a: str, b: str) -> bool:
    """Whether two terms are certainly different values (two literals with different values)."""
    if not (a.startswith('"') and b.startswith('"')):
        return False
    la, da, ga = _split_literal(a)
    lb, db, gb = _split_literal(b)
    if da in _NUMERIC and db in _NUMERIC:
        try:
            return Decimal(la.strip()) != Decimal(lb.strip())
        except InvalidOperation:
            return a != b
    return (la, da, (ga or "").lower()) != (lb, db, (gb or "").lower())


def _typed(term: str, datatype: str) -> bool:
    """Whether a literal belongs to a datatype (for data someValuesFrom restrictions)."""
    if not term.startswith('"'):
        return False
    if datatype == f"<{_RDFS}Literal>":
        return True
    _, dt, _ = _split_literal(term)
    if dt == datatype:
        return True
    if datatype in (f"<{_XSD}decimal>", f"<{_OWL}real>", f"<{_OWL}rational>"):
        return dt in _NUMERIC and dt not in (f"<{_OWL}real>", f"<{_OWL}rational>")
    if datatype == f"<{_XSD}integer>":
        return dt in _NUMERIC and dt not in (f"<{_XSD}decimal>", f"<{_OWL}real>", f"<{_OWL}rational>")
    if datatype == f"<{_RDF}PlainLiteral>":
        return dt in (_XSD_STRING, _LANG_STRING)
    return False


def _var(name: str) -> str:
    return f"v_{name.lstrip('?')}"


def _is_var(term: str) -> bool:
    return term.startswith("?")


def _compile(rule: _Rule, order: tuple[int, ...], delta: int | None) -> Callable[..., None]:
    """Generate the nested loops of one rule for one join order.

    Premise number ``delta`` is read from the last round's new triples (``D``), the others from all
    triples (``A``); with ``delta=None`` every premise is read from ``A`` (the first round). Variables
    that nothing later uses are not enumerated, a lookup followed by a membership test on the same
    subject becomes a set intersection, and an innermost loop that makes one conclusion subtracts what
    is known already instead of testing each triple.
    """
    return _RuleCompiler(rule, order, delta).function()


class _RuleCompiler:
    """The Python text of one rule for one join order, written step by step (see :func:`_compile`).

    The steps: :meth:`guards` (give up at once when a premise cannot match), :meth:`premises` (a loop
    or a test per premise, in join order, with the filters as soon as their variables are bound),
    :meth:`conclusions` (add the new triples, or the clash), then :meth:`function` compiles the text.
    """

    def __init__(self, rule: _Rule, order: tuple[int, ...], delta: int | None) -> None:
        self.rule, self.order, self.delta = rule, order, delta
        self.constants: dict[str, str] = {}  # term -> the name of the constant that holds it
        self.head = ["def run(A, D, new, clashes, dead, unwanted):", "    Af = A.fwd"]
        self.body: list[str] = []
        self.bound: set[str] = set()  # the variables bound so far
        self.placed: set[int] = set()  # the filters written so far
        self.depth = 1
        # (body line, variable, set expression) of the last loop
        self.loop: tuple[int, str, str] | None = None

    # -- the pieces of the text

    def const(self, term: str) -> str:
        if term not in self.constants:
            self.constants[term] = f"K{len(self.constants)}"
        return self.constants[term]

    def expr(self, term: str) -> str:
        return _var(term) if _is_var(term) else self.const(term)

    def source(self, i: int) -> str:
        return "D" if i == self.delta else "A"

    def line(self, text: str) -> None:
        self.body.append("    " * self.depth + text)

    def known(self, term: str) -> bool:
        return not _is_var(term) or term in self.bound

    def iterate(self, var: str, collection: str) -> None:
        self.line(f"for {_var(var)} in {collection}:")
        self.loop = (len(self.body) - 1, var, collection)
        self.depth += 1

    def test(self, condition: str) -> None:
        self.line(f"if {condition}:")
        self.depth += 1

    # -- the steps

    def guards(self) -> None:
        """Give up at once when a premise with a fixed predicate has nothing to match."""
        for i, (_, p, _) in enumerate(self.rule.premises):
            if not _is_var(p):
                self.head.append(f"    if {self.const(p)} not in {self.source(i)}.fwd: return")

    def needed_later(self) -> list[set[str]]:
        """Which variables each step must bind for what comes after it."""
        rule, later = self.rule, []
        for k in range(len(self.order)):
            used = {t for i in self.order[k + 1 :] for t in rule.premises[i] if _is_var(t)}
            used |= {f"?{name}" for f in rule.filters for name in f[1:]}
            if rule.conclusions is None:
                used |= {f"?{v}" for v in rule.variables}
            else:
                used |= {t for c in rule.conclusions for t in c if _is_var(t)}
            later.append(used)
        return later

    def filters(self) -> None:
        """The filters whose variables are all bound now, each once."""
        for k, f in enumerate(self.rule.filters):
            if k in self.placed or not all(f"?{n}" in self.bound for n in f[1:]):
                continue
            self.placed.add(k)
            a = _var(f[1])
            b = _var(f[2]) if len(f) > 2 else ""
            self.test({
                "!=": f"{a} != {b}",
                "<": f"{a} < {b}",
                "resource": f"{a}[0] != '\"'",
                "zero": f"_card({a}) == 0",
                "one": f"_card({a}) == 1",
                "differ": f"_differ({a}, {b})",
                "typed": f"_typed({a}, {b})",
                "alive": f"{a} not in dead",
                "dead": f"{a} in dead",
                "wanted": f"{a} not in unwanted",
                "named": f"{a}[0] == '<'",
            }[f[0]])  # fmt: skip

    def premises(self) -> None:
        """A loop or a test per premise, in join order; returns having bound every variable."""
        later = self.needed_later()
        steps = list(self.order)
        k = 0
        while k < len(steps):
            k = self.premise(steps, k, later)
            self.filters()
            k += 1

    def premise(self, steps: list[int], k: int, later: list[set[str]]) -> int:
        """The code of the premise at step ``k``; returns the last step it covered (one more when the
        next premise became part of a set intersection)."""
        s, p, o = self.rule.premises[steps[k]]
        src = self.source(steps[k])
        ix = f"_i{k}"
        need = later[k]
        expr, known = self.expr, self.known
        if _is_var(p) and p not in self.bound:
            if known(s) or not known(o):
                self.line(f"for {_var(p)}, {ix} in {src}.fwd.items():")
                self.depth += 1
                self.bound.add(p)
            else:
                self.line(f"for {_var(p)} in list({src}.fwd):")
                self.depth += 1
                self.bound.add(p)
                self.iterate(s, f"{src}.back({_var(p)}).get({expr(o)}, _E)")
                self.bound.add(s)
                return k
        else:
            self.line(f"{ix} = {src}.fwd.get({expr(p)}, _EI)")
        if known(s) and known(o):
            self.test(f"{expr(o)} in {ix}.get({expr(s)}, _E)")
        elif known(s):
            if o in need:
                self.iterate(o, f"{ix}.get({expr(s)}, _E)")
            else:
                self.test(f"{ix}.get({expr(s)})")
        elif known(o):
            collection = f"{src}.back({expr(p)}).get({expr(o)}, _E)"
            # a membership test on the same subject next: intersect the two sets instead
            if k + 1 < len(steps):
                s2, p2, o2 = self.rule.premises[steps[k + 1]]
                if s2 == s and not _is_var(p2) and known(o2):
                    collection += f" & {self.source(steps[k + 1])}.back({expr(p2)}).get({expr(o2)}, _E)"
                    k += 1
                    need = later[k]
            if s in need:
                self.iterate(s, collection)
            else:
                self.test(collection)
        elif s == o:
            self.line(f"for {_var(s)}, _o{k} in {ix}.items():")
            self.depth += 1
            self.test(f"{_var(s)} in _o{k}")
        elif s in need and o in need:
            self.line(f"for {_var(s)}, _o{k} in {ix}.items():")
            self.depth += 1
            self.iterate(o, f"_o{k}")
        elif s in need:
            self.iterate(s, f"{ix}.keys()")
        elif o in need:
            self.iterate(o, f"{src}.back({expr(p)}).keys()")
        else:
            self.test(ix)
        self.bound.update(t for t in (s, o) if _is_var(t))
        return k

    def conclusions(self) -> None:
        """Add each new conclusion to ``new``, or the clash (with the values of the variables)."""
        rule, body, loop, expr = self.rule, self.body, self.loop, self.expr
        if rule.conclusions is None:
            values = ", ".join(f"({v!r}, {_var(v)})" for v in rule.variables)
            self.line(f"clashes.add(({rule.name!r}, ({values},)))")
            return
        single = len(rule.conclusions) == 1 and loop is not None and loop[0] == len(body) - 1
        for cs, cp, co in rule.conclusions:
            tests = [f"{expr(cs)}[0] != '\"'"] if _is_var(cs) else []  # no literal as a subject
            if single and loop is not None and (cs == loop[1]) != (co == loop[1]) and cp != loop[1]:
                # the innermost loop makes this conclusion alone: subtract what is known in one go
                index, var, collection = loop
                have = (f"A.back({expr(cp)}).get({expr(co)}, _E)" if cs == var
                        else f"Af.get({expr(cp)}, _EI).get({expr(cs)}, _E)")  # fmt: skip
                body[index] = body[index].replace(f" in {collection}:", f" in ({collection}) - {have}:")
            else:
                tests.append(f"{expr(co)} not in Af.get({expr(cp)}, _EI).get({expr(cs)}, _E)")
            self.line(f"if {' and '.join(tests) or 'True'}:")
            self.line(f"    new.add(({expr(cs)}, {expr(cp)}, {expr(co)}))")

    def function(self) -> Callable[..., None]:
        """The compiled function of the rule."""
        self.guards()
        self.premises()
        self.conclusions()
        source_text = "\n".join(self.head + self.body) + "\n"
        namespace: dict[str, Any] = {
            "_E": _EMPTY,
            "_EI": _EMPTY_INDEX,
            "_card": _card,
            "_differ": _differ,
            "_typed": _typed,
        }
        namespace.update({name: term for term, name in self.constants.items()})
        code = compile(source_text, f"<rule {self.rule.name}>", "exec")
        exec(code, namespace)  # our own rule text, not input
        function: Callable[..., None] = namespace["run"]
        return function


#: Where a class must occur for its members to matter to some rule (besides the rules of restrictions
#: of their own). A hasValue or someValuesFrom restriction that occurs nowhere of these is "dead": types
#: to it are not made (by cls-hv2, cls-svf1, cax-sco), as nothing would use them but cls-hv1, which
#: cls-hv1-sco does without them. This spares a type per model and restriction on large data graphs
#: (the restrictions of an ontology are mostly superclasses and nothing else). owl:Thing likewise.
_CLASS_USES = (
    (SUBCLASS, "s"), (EQUIVALENT_CLASS, "s"), (EQUIVALENT_CLASS, "o"), (f"<{_OWL}disjointWith>", "s"),
    (f"<{_OWL}disjointWith>", "o"), (f"<{_OWL}complementOf>", "s"), (f"<{_OWL}complementOf>", "o"),
    (MEMBER, "o"), (f"<{_OWL}hasKey>", "s"), (SAME_AS, "s"), (SAME_AS, "o"),
    (f"<{_OWL}someValuesFrom>", "o"), (f"<{_OWL}allValuesFrom>", "o"), (f"<{_OWL}onClass>", "o"),
    (f"<{_RDFS}domain>", "o"), (f"<{_RDFS}range>", "o"),
)  # fmt: skip
#: What makes a restriction matter by itself: the rules that start from its members.
_FORWARD = {f"<{_OWL}{name}>" for name in (
    "allValuesFrom", "maxCardinality", "maxQualifiedCardinality", "cardinality", "qualifiedCardinality",
)}  # fmt: skip
_SCHEMA_CHANGES = {p for p, _ in _CLASS_USES} | _FORWARD | {TYPE}


class _Closure:
    """The OWL 2 RL closure of a set of triples, computed semi-naively."""

    _rules: ClassVar[list[_Rule]] = _parse_rules(_RULES)
    #: compiled rules by name, join order and delta premise, shared by all closures
    _compiled: ClassVar[dict[tuple[str, tuple[int, ...], int | None], Callable[..., None]]] = {}

    def __init__(self, triples: Iterable[tuple[str, str, str]], rules: frozenset[str] | None = None) -> None:
        self.all = _Index(triples)
        self.all.add(_list_members(self.all))
        self.rules = [r for r in self._rules if rules is None or r.name in rules]
        self.special = rules is None
        self.inferred: list[tuple[str, str, str]] = []
        self.clashes: set[Clash] = set()
        self.rounds = 0

    def run(self) -> None:
        delta: _Index | None = None  # None: the first round, over everything
        again: set[str] = set()  # the rules to run over everything this round (see below)
        dead, unwanted = self._useless()
        while True:
            self.rounds += 1
            new: set[tuple[str, str, str]] = set()
            for rule in self.rules:
                # the new triples of the last round, or everything
                source = self.all if delta is None or rule.name in again else delta
                for i in range(len(rule.premises)) if source is not self.all else (None,):
                    order = self._plan(rule, i, source)
                    if order is None:
                        continue
                    key = (rule.name, order, i)
                    function = self._compiled.get(key)
                    if function is None:
                        function = self._compiled[key] = _compile(rule, order, i)
                    function(self.all, source, new, self.clashes, dead, unwanted)
            if self.special:
                _special_rules(self.all, new, delta)
            if not new:
                return
            self.inferred.extend(new)
            self.all.add(new)
            delta, again = _Index(new), set()
            if not _SCHEMA_CHANGES.isdisjoint(delta.fwd):
                still_dead, still_unwanted = self._useless()
                if still_dead < dead or still_unwanted < unwanted:
                    # a class came into use: what the rules that leave out useless classes left out may be
                    # wanted now, so they run over everything again (the others stay semi-naive: nothing
                    # they concluded or left out depended on it; a full round of every rule took a fifth
                    # of the closure at 1M)
                    again = self._pruning
                dead, unwanted = still_dead, still_unwanted

    @property
    def _pruning(self) -> set[str]:
        """The rules whose filters leave out useless classes ("alive", "dead", "wanted")."""
        return {r.name for r in self.rules if any(f[0] in ("alive", "dead", "wanted") for f in r.filters)}

    def _useless(self) -> tuple[set[str], set[str]]:
        """Restrictions whose members matter to no rule, and {owl:Thing} when its members matter to none."""
        fwd = self.all.fwd
        used: set[str] = set()
        for p, end in _CLASS_USES:
            index = fwd.get(p)
            if index:
                found = index if end == "s" else self.all.back(p)
                if p in (_DOMAIN, _RANGE) and THING in found:
                    # owl:Thing as a domain or range (scm-dom2 and scm-rng2 conclude it of every property)
                    # makes every node a Thing and nothing more: no rule needs those types, none is kept
                    used.update(c for c in found if c != THING)
                else:
                    used.update(found)
        restrictions = set(fwd.get(f"<{_OWL}hasValue>", {})) | set(fwd.get(f"<{_OWL}someValuesFrom>", {}))
        forward = {r for p in _FORWARD for r in fwd.get(p, {})}
        dead = {r for r in restrictions if r.startswith("_:") and r not in used and r not in forward}
        return dead, dead | (set() if THING in used else {THING})

    def _plan(self, rule: _Rule, delta_at: int | None, delta: _Index) -> tuple[int, ...] | None:
        """A join order: greedily the premise with the fewest expected matches given what is bound."""
        sizes = []
        for i, (_, p, _) in enumerate(rule.premises):
            source = delta if i == delta_at else self.all
            if not _is_var(p):
                n = source.count.get(p, 0)
                if n == 0:
                    return None  # nothing can match
                sizes.append(n)
            else:
                sizes.append(source.total() or 1)
        left = list(range(len(rule.premises)))
        bound: set[str] = set()
        order = []
        while left:
            best, best_cost = left[0], float("inf")
            for i in left:
                s, p, o = rule.premises[i]
                p_known = not _is_var(p) or p in bound
                ends = sum(1 for t in (s, o) if not _is_var(t) or t in bound)
                size = sizes[i] if not _is_var(p) else (sizes[i] if not p_known else max(1, sizes[i] // 50))
                cost = 1.0 if ends == 2 else size**0.5 if ends == 1 else float(size)
                if not p_known:
                    cost *= 10 if ends else 1000
                if cost < best_cost:
                    best, best_cost = i, cost
            order.append(best)
            left.remove(best)
            bound.update(t for t in rule.premises[best] if _is_var(t))
        return tuple(order)


def _list_members(index: _Index) -> list[tuple[str, str, str]]:
    """``(list node, kg:member, item)`` for every node of every RDF list, for the rules over lists."""
    firsts = index.fwd.get(_FIRST, {})
    rests = index.fwd.get(_REST, {})
    out = []
    for node in firsts:
        seen = set()
        current: str | None = node
        while current is not None and current != _NIL and current not in seen:
            seen.add(current)
            for item in firsts.get(current, ()):
                out.append((node, MEMBER, item))
            nxt = rests.get(current)
            current = next(iter(nxt)) if nxt else None
    return out


def _items(index: _Index, head: str) -> list[str]:
    """The items of an RDF list, in order."""
    firsts = index.fwd.get(_FIRST, {})
    rests = index.fwd.get(_REST, {})
    items, seen = [], set()
    current: str | None = head
    while current is not None and current != _NIL and current not in seen:
        seen.add(current)
        first = firsts.get(current)
        if not first:
            break
        items.append(next(iter(first)))
        nxt = rests.get(current)
        current = next(iter(nxt)) if nxt else None
    return items


#: A change to these makes cls-int1 look at every member again (a new intersection or list).
_INTERSECTION_STRUCTURE = (f"<{_OWL}intersectionOf>", _FIRST, _REST, MEMBER)


def _special_rules(index: _Index, new: set[tuple[str, str, str]], delta: _Index | None = None) -> None:
    """The rules that quantify over every item of a list: cls-int1, prp-spo2 and prp-key.

    With ``delta`` (the last round's new triples), cls-int1 is semi-naive: only what gained a type in the
    last round can have become a member of every class of an intersection (without it, each round went
    over every member of every intersection again: a million candidates at 1M triples).
    """
    fwd = index.fwd
    if delta is not None and any(p in delta.fwd for p in _INTERSECTION_STRUCTURE):
        delta = None
    new_members = delta.back(TYPE) if delta is not None else None

    def emit(s: str, p: str, o: str) -> None:
        if not s.startswith('"') and o not in fwd.get(p, _EMPTY_INDEX).get(s, _EMPTY):
            new.add((s, p, o))

    # cls-int1: a member of every class of an intersection is a member of the intersection
    for c, lists in fwd.get(f"<{_OWL}intersectionOf>", {}).items():
        for head in lists:
            classes = _items(index, head)
            if not classes:
                continue
            members = index.back(TYPE)
            if new_members is not None:
                candidates = set().union(*(new_members.get(c, _EMPTY) for c in classes))
            else:
                candidates = set(members.get(classes[0], _EMPTY))
            for other in classes if new_members is not None else classes[1:]:
                candidates &= members.get(other, _EMPTY)
            for x in candidates:
                emit(x, TYPE, c)
    # prp-spo2: property chains
    for p, lists in fwd.get(f"<{_OWL}propertyChainAxiom>", {}).items():
        for head in lists:
            chain = _items(index, head)
            if not chain:
                continue
            pairs = {(x, y) for x, ys in fwd.get(chain[0], {}).items() for y in ys}
            for link in chain[1:]:
                step = fwd.get(link, {})
                pairs = {(x, z) for x, y in pairs for z in step.get(y, _EMPTY)}
                if not pairs:
                    break
            for x, z in pairs:
                emit(x, p, z)
    # prp-key: members of a class with the same values for all its key properties are the same
    for c, lists in fwd.get(f"<{_OWL}hasKey>", {}).items():
        for head in lists:
            keys = _items(index, head)
            if not keys:
                continue
            by_key: dict[tuple[str, ...], list[str]] = {}
            for x in index.back(TYPE).get(c, _EMPTY):
                combos: list[tuple[str, ...]] = [()]
                for key in keys:
                    values = fwd.get(key, {}).get(x, _EMPTY)
                    combos = [(*combo, v) for combo in combos for v in values]
                for combo in combos:
                    by_key.setdefault(combo, []).append(x)
            for xs in by_key.values():
                for a in xs:
                    for b in xs:
                        if a != b:
                            emit(a, SAME_AS, b)


def rl_closure(
    triples: Iterable[tuple[str, str, str]],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, dict[str, str]]]]:
    """The OWL 2 RL closure of triples given in N-Triples syntax, trivial consequences included.

    Args:
        triples: ``(subject, predicate, object)`` in N-Triples syntax (``<iri>``, ``_:b``, ``"lit"^^<dt>``).

    Returns:
        The inferred triples (not those given), and the clashes (inconsistencies) as the name of the
        rule and the values of its variables, sorted.

    >>> A, B, x = "<urn:A>", "<urn:B>", "<urn:x>"
    >>> inferred, clashes = rl_closure([(A, SUBCLASS, B), (x, TYPE, A)])
    >>> (x, TYPE, B) in inferred, clashes
    (True, [])
    >>> rl_closure([(x, "<http://www.w3.org/2002/07/owl#differentFrom>", x)])[1]
    [('eq-diff0', {'x': '<urn:x>'})]
    """
    closure = _Closure(triples)
    closure.run()
    inferred = [t for t in closure.inferred if t[1] != MEMBER]
    return inferred, [(rule, dict(bindings)) for rule, bindings in sorted(closure.clashes)]


# ---------------------------------------------------------------------------------------------------
# what is kept of a closure


def _keep(inferred: Iterable[tuple[str, str, str]], index: _Index) -> list[tuple[str, str, str]]:
    """Drop trivial consequences and triples about the blank nodes of class expressions and lists."""
    structural = _structural_nodes(index)
    kept = []
    for t in inferred:
        s, p, o = t
        # the most frequent reason first: types to restrictions, most of what the rules make at 1M triples
        if o in structural or s in structural:
            continue
        if s == o and p in (SUBCLASS, EQUIVALENT_CLASS, SUBPROPERTY, EQUIVALENT_PROPERTY, SAME_AS):
            continue
        if (p == SUBCLASS and (o == THING or s == NOTHING)) or (p == TYPE and o == THING) or p == MEMBER:
            continue
        if o == THING and p in (_DOMAIN, _RANGE):
            continue
        kept.append(t)
    return kept


_STRUCTURE = {f"<{_OWL}{name}>" for name in (
    "onProperty", "intersectionOf", "unionOf", "complementOf", "oneOf", "members", "distinctMembers",
    "propertyChainAxiom", "hasKey", "sourceIndividual", "annotatedSource", "onProperties", "withRestrictions",
    "datatypeComplementOf", "inverseOf")} | {_FIRST, _REST}  # fmt: skip
_STRUCTURE_TYPES = {f"<{_OWL}{name}>" for name in (
    "Restriction", "Class", "AllDifferent", "AllDisjointClasses", "AllDisjointProperties",
    "NegativePropertyAssertion", "Axiom", "Annotation")}  # fmt: skip
_STRUCTURE_TYPES |= {f"<{_RDFS}Datatype>", f"<{_RDF}List>"}
_LIST_VALUED = (_REST, f"<{_OWL}intersectionOf>", f"<{_OWL}unionOf>", f"<{_OWL}oneOf>")


def _structural_nodes(index: _Index) -> set[str]:
    """Blank nodes that stand for class expressions, lists and axioms, not for individuals."""
    found: set[str] = set()
    for p in _STRUCTURE:
        found.update(s for s in index.fwd.get(p, _EMPTY_INDEX) if s.startswith("_:"))
    members = index.back(TYPE)
    for o in _STRUCTURE_TYPES:
        found.update(s for s in members.get(o, _EMPTY) if s.startswith("_:"))
    for p in _LIST_VALUED:
        found.update(
            o for objects in index.fwd.get(p, _EMPTY_INDEX).values() for o in objects if o.startswith("_:")
        )
    return found
