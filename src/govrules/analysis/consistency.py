"""``govrules validate --deep``: whether a pack contradicts itself, its texts or its history.

Each finding names its rule and carries the quotes involved:

- ``initial-state`` (error): the rule fires on the pack's initial state: an
  event that changes nothing the rule reads about the state breaks it, and a
  test of the rule that reads only the state holds there;
- ``history`` (error): the real-history example (``examples/NAME/ok--*``
  beside the pack) breaks the rule;
- ``not-broken`` (warning): ``explore`` finds no sequence of up to ``depth``
  events that breaks the rule (dead, or unreachable with the declared
  events); ``cut-short`` when a limit (time, or states kept) stopped it first;
- ``redundant`` (warning): whenever rule B fires, rule A fires too, on every
  sequence of up to ``depth`` events explored: a search for "B and not A"
  (:class:`~govrules.analysis.search.Search` on that condition) finds none;
- ``quotes`` (warning): no word of what the rule's condition reads appears in
  the quotes it rests on (:func:`words_read`, a heuristic).

A finding the pack explains in the rule's ``deep:`` notes is kept, with the
explanation, and does not count as a problem.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

from govrules.analysis.evaluate import UNKNOWN, fires, verdict
from govrules.analysis.explore import Exploration, explore
from govrules.analysis.needs import KIND_FIELDS
from govrules.analysis.reading import stated
from govrules.analysis.search import Search
from govrules.checker import Checker
from govrules.errors import with_suggestion
from govrules.findings import Support, evidence_for
from govrules.language.ast import All, Not, Param, Test, tests_of, values_of
from govrules.language.ast import Path as PathValue
from govrules.language.observation import MISSING, lookup
from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS
from govrules.pack import Pack, Rule
from govrules.replay import focus, replay
from govrules.scenario import SUFFIXES

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class DeepFinding:
    """One finding of the deep validation."""

    code: str
    level: Level
    rule: str
    message: str
    help: str
    evidence: tuple[Support, ...]
    explained: str | None = None  # the pack's reason, when its `deep:` notes give one
    other: str | None = None  # the rule that fires whenever this one does (`redundant`)


@dataclass(frozen=True)
class DeepResult:
    findings: tuple[DeepFinding, ...]
    exploration: Exploration


def deep_findings(
    pack: Pack, *, depth: int = 3, time_limit: float | None = None, jobs: int = 1
) -> DeepResult:
    """Every deep finding about ``pack`` (see the module docstring). ``time_limit`` bounds
    the searches (explore's, then the redundancy checks'); a pair whose check it cuts
    short is not reported redundant."""
    deadline = time.monotonic() + time_limit if time_limit is not None else None
    exploration = explore(pack, depth=depth, time_limit=time_limit, jobs=jobs)
    found: list[DeepFinding] = []
    for rule in pack.rules:
        found += _initial_state(pack, rule)
    found += _history(pack)
    found += _unbroken(pack, exploration)
    found += _redundant(pack, exploration, depth, deadline)
    for rule in pack.rules:
        found += _quotes(pack, rule)
    return DeepResult(tuple(found), exploration)


def _note(rule: Rule, name: str) -> Any:
    return getattr(rule.deep, name) if rule.deep is not None else None


def _state_only(test: Test) -> bool:
    sides = (test.left, test.right)
    paths = [v.path for side in sides for v in values_of(side) if isinstance(v, PathValue)]
    return bool(paths) and all(p.startswith(("before.", "after.")) for p in paths)


# Focused parts of the state that depend on fields of the event other than its body.
_EVENT_FOCUS = tuple(f"{side}.{part}" for side in ("before", "after") for part in (
    "member", "project", "organisation", "pledge", "asset"))  # fmt: skip


def _initial_state(pack: Pack, rule: Rule) -> list[DeepFinding]:
    """Whether the state alone breaks the rule: an event of a kind (and body) it watches
    that can happen in the initial state, its fields unknown and the state after it taken
    as the state before (the invariant the rule checks, read on the initial state)."""
    state, params = pack.initial, pack.param_values
    search = Search(pack, rule.condition)
    for kind in sorted(search.needs.kinds):
        for body in sorted(search.needs.bodies) if "body" in KIND_FIELDS[kind] else [None]:
            seen = {
                **state.view,
                **focus(state, SimpleNamespace(kind=kind, body=body, project=None)),
            }
            observed = {"before": seen, "after": seen, "params": params}
            if _holds_whatever(rule, kind, body, observed) is not True:
                continue
            tests = dict.fromkeys(tests_of(rule.condition))
            holding = [t for t in tests if _state_only(t) and fires(t, observed)]
            if not holding:
                continue  # the event alone breaks it, whatever the state
            if not _possible(search, kind, body):
                continue  # no such event can happen there (a member leaving an empty body)
            reasons = "; ".join(stated(t, observed, rule.message) for t in holding)
            on = f" on `{body}`" if body else ""
            return [
                DeepFinding(
                    "initial-state",
                    "error",
                    rule.id,
                    f"rule `{rule.id}` fires on the pack's initial state: what it forbids after"
                    f" `{kind}` events{on} holds there already, because {reasons}",
                    "the facts that build the initial state contradict the rule: correct them,"
                    " or say in the rule's `deep: {initial_state: ...}` what scenarios must give",
                    evidence_for(pack, rule.rests_on),
                    _note(rule, "initial_state"),
                )
            ]
    return []


def _possible(search: Search, kind: str, body: str | None) -> bool:
    state = search.pack.initial
    for data in search.space.events(state, search.start, last=True, only=(kind, body)):
        if search.attempt(state, data) is not None:
            return True
    return False


def _holds_whatever(
    rule: Rule, kind: str, body: str | None, observed: Mapping[str, Any]
) -> bool | None:
    """The rule's verdict on an event of ``kind`` (on ``body``) whose fields are unknown."""

    def find(path: str) -> Any:
        if path == "event.kind":
            return kind
        if path == "event.body":
            return MISSING if body is None else body
        if path.startswith(("event.", *_EVENT_FOCUS)):
            return UNKNOWN
        return lookup(observed, path)

    return verdict(rule.condition, find, observed["params"])


def history_files(pack: Pack) -> list[Path]:
    """The pack's real-history examples: ``examples/NAME/ok--*`` beside its directories."""
    directory = pack.root / "examples" / pack.name
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.name.startswith("ok--") and p.suffix in SUFFIXES
    )


def _history(pack: Pack) -> list[DeepFinding]:
    checker = Checker(pack, "reference")
    out = []
    for path in history_files(pack):
        for finding in checker.check_file(path).findings:
            rule = pack.rule(finding.rule)
            out.append(
                DeepFinding(
                    "history",
                    "error",
                    rule.id,
                    f"the real-history example `{path.name}` breaks rule `{rule.id}` at event"
                    f" {finding.event.index} ({finding.event.kind}, {finding.event.at}):"
                    f" {finding.message}",
                    "the rule, its parameters or the example misread the source",
                    finding.evidence,
                    _note(rule, "history"),
                )
            )
    return out


def _unbroken(pack: Pack, exploration: Exploration) -> list[DeepFinding]:
    out = []
    for result in exploration.results:
        if result.status not in ("not-broken", "cut-short"):
            continue
        rule = pack.rule(result.rule)
        depth = exploration.depth
        if result.status == "not-broken":
            message = (
                f"rule `{rule.id}` is broken by no sequence of up to {depth} events"
                f" ({_states(result.states)} explored): it is dead, or unreachable with the"
                " declared events"
            )
        else:
            message = (
                f"rule `{rule.id}` was not searched up to depth {depth}:"
                f" {result.cut_by or 'a limit'} stopped the search after depth {result.depth}"
            )
        out.append(
            DeepFinding(
                result.status,
                "warning",
                rule.id,
                message,
                "`govrules explore --rule ID --depth N` searches deeper; say in the rule's"
                " `deep: {not_broken: ...}` what breaking it takes",
                evidence_for(pack, rule.rests_on),
                _note(rule, "not_broken"),
            )
        )
    return out


def _states(n: int) -> str:
    return f"{n:,} state{'' if n == 1 else 's'}"


def _replayed(pack: Pack, events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    parsed = [EVENT_ADAPTER.validate_python(dict(e)) for e in events]
    last: dict[str, Any] = {}
    for step in replay(pack.initial, enumerate(parsed), pack.param_values):
        last = step.observation
    return last


def _redundant(
    pack: Pack, exploration: Exploration, depth: int, deadline: float | None
) -> list[DeepFinding]:
    """Pairs (A, B) where A fires whenever B does, on every sequence searched."""
    broken = {r.rule: r for r in exploration.results if r.events is not None}
    out = []
    for b_id, b_result in broken.items():
        assert b_result.events is not None
        observed = _replayed(pack, b_result.events)
        b = pack.rule(b_id)
        for a in pack.rules:
            if a.id == b_id or a.id not in broken or not fires(a.condition, observed):
                continue
            # A fires on B's shortest break: look for a break of B that A lets pass.
            witness = Search(pack, All((b.condition, Not(a.condition)))).run(depth, deadline)
            if witness.events is not None or witness.cut_short:
                continue
            notes = {**(_note(a, "redundant_with") or {}), **(_note(b, "redundant_with") or {})}
            reason = notes.get(b.id) or notes.get(a.id)
            out.append(
                DeepFinding(
                    "redundant",
                    "warning",
                    b.id,
                    f"whenever rule `{b.id}` fires, rule `{a.id}` fires too, on every sequence"
                    f" of up to {depth} events explored ({_states(witness.states)}): one of them"
                    " is redundant or mis-scoped",
                    f"scope the rules apart, or say why both are kept in `deep: {{redundant_with:"
                    f" {{{a.id}: ...}}}}` of `{b.id}`",
                    evidence_for(pack, tuple(dict.fromkeys((*b.rests_on, *a.rests_on)))),
                    reason,
                    a.id,
                )
            )
    return out


# Words of the paths' structure, and small words, which say nothing of what a text says.
GENERIC = frozenset(
    {
        *("event", "before", "after", "params", "body", "bodies", "kind", "count", "size"),
        *("largest", "holders", "figure", "max", "min", "yes", "none", "true", "false"),
        *("of", "the", "and", "or", "not", "by", "on", "in", "at", "to", "from", "is", "are"),
    }
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.casefold()) if len(w) > 2 and w not in GENERIC}


def words_read(rule: Rule, pack: Pack) -> set[str]:
    """The words of what a rule's condition reads: its paths' last parts, the texts it
    compares with (not event kinds), and its parameters' names; ``_`` and ``-`` split words."""
    out: set[str] = set()
    for test in tests_of(rule.condition):
        for side in (test.left, test.right):
            for value in values_of(side):
                if isinstance(value, PathValue):
                    parts = value.path.split(".")
                    out |= _words(" ".join(parts[1:]).replace("_", " ").replace("-", " "))
                elif isinstance(value, Param):
                    out |= _words(value.name.replace("_", " "))
                elif isinstance(value, str) and value not in EVENT_KINDS:
                    out |= _words(value.replace("-", " ").replace("_", " "))
                elif isinstance(value, tuple):
                    for item in value:
                        if isinstance(item, str) and item not in EVENT_KINDS:
                            out |= _words(item.replace("-", " ").replace("_", " "))
    return out


def _stem(word: str) -> str:
    """Words match on their first four letters: `seats` and `seated`, `vote` and `votes`."""
    return word[:4]


def _quotes(pack: Pack, rule: Rule) -> list[DeepFinding]:
    read = words_read(rule, pack)
    evidence = evidence_for(pack, rule.rests_on)
    quoted = {_stem(w) for s in evidence for q in s.quotes for w in _words(q.text)}
    if not read or {_stem(w) for w in read} & quoted:
        return []
    return [
        DeepFinding(
            "quotes",
            "warning",
            rule.id,
            f"the quotes rule `{rule.id}` rests on mention none of what its condition reads"
            f" ({', '.join(sorted(read))})",
            "rest the rule on the facts that say it, or say why in `deep: {quotes: ...}`",
            evidence,
            _note(rule, "quotes"),
        )
    ]


def stale_notes(pack: Pack, result: DeepResult) -> list[tuple[str, str, str]]:
    """Explanations in rules' ``deep:`` notes that explain nothing: ``(rule, message, help)``.

    A note on a finding that no longer occurs is stale (the rule or the pack
    changed); a redundancy explained with an unknown rule is a mistake.
    ``not_broken`` is never stale: a deeper search may break the rule, as the
    note says it would.
    """
    ids = [r.id for r in pack.rules]
    found = {(f.rule, f.code) for f in result.findings}
    pairs = {(f.rule, f.other) for f in result.findings if f.code == "redundant"}
    out = []
    for rule in pack.rules:
        notes = rule.deep
        if notes is None:
            continue
        for name, code in (("initial_state", "initial-state"), ("history", "history"),
                           ("quotes", "quotes")):  # fmt: skip
            if getattr(notes, name) is not None and (rule.id, code) not in found:
                out.append(
                    (
                        rule.id,
                        f"rule `{rule.id}` explains `deep.{name}`, but no such finding occurs",
                        f"remove `deep.{name}` from the rule",
                    )
                )
        for other in notes.redundant_with:
            if other not in ids:
                message = with_suggestion(
                    f"rule `{rule.id}` is said redundant with unknown rule `{other}`", other, ids
                )
                out.append((rule.id, message, "name a rule of the pack"))
            elif (rule.id, other) not in pairs and (other, rule.id) not in pairs:
                out.append(
                    (
                        rule.id,
                        f"rule `{rule.id}` explains a redundancy with `{other}` that no longer"
                        " occurs",
                        f"remove `{other}` from `deep.redundant_with`",
                    )
                )
    return out
