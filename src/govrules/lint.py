"""``govrules validate``: lint a pack, reporting every problem at once.

Errors (exit 1):

- anything :func:`govrules.pack.load_pack` refuses: a quote not in its source,
  a recorded span that does not hold its quote, a rule resting on an unknown
  fact, an undeclared value, a condition or message that does not type-check,
  facts that make no valid initial state, a malformed file;
- a rule whose example, replayed from the pack's initial state, does not break
  it on its last event.

Warnings (exit 0, unless ``--strict``):

- a source whose text could not be found (so its quotes were not verified), or
  a file found in its place with another sha256;
- a quote whose span is not recorded (``check`` could not cite it without the
  text; ``govrules sources record`` records it);
- a fact no rule rests on, no parameter or body is justified by, the initial
  state is not built from, and that is not marked ``informational``; a fact
  marked informational that a rule does rest on;
- a name or a figure a fact asserts that its quotes do not contain;
- a parameter no rule reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from govrules.errors import InputError, Problem
from govrules.findings import Support
from govrules.language.ast import params_read
from govrules.model.facts import STATE_KINDS, Member, Quantity, _Fact, typed_fields
from govrules.pack import Pack, Rule


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # a finding of --deep the pack explains: shown, never a problem


@dataclass(frozen=True)
class Lint:
    """One lint problem: how bad, what kind (``code``), and the problem with its place."""

    level: Level
    problem: Problem
    code: str
    evidence: tuple[Support, ...] = ()  # the quotes involved (--deep)
    explained: str | None = None  # the pack's reason for an expected --deep finding


@dataclass(frozen=True)
class SourceCheck:
    """Whether a source's text was found, and so its quotes verified."""

    id: str
    verified: bool
    found_at: str | None
    mismatches: tuple[str, ...]


@dataclass(frozen=True)
class LintResult:
    pack: str
    root: Path
    problems: tuple[Lint, ...]
    loaded: bool
    sources: tuple[SourceCheck, ...] = ()
    deep: Deep | None = None

    @property
    def notes(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.NOTE)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.WARNING)

    def fails(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def rule_params(rule: Rule) -> list[str]:
    """The parameters a rule reads, in its condition or its message, in order of use."""
    from govrules.language.templates import placeholders

    names = params_read(rule.condition)
    names += [
        p.removeprefix("params.") for p, _ in placeholders(rule.message) if p.startswith("params.")
    ]
    return list(dict.fromkeys(names))


_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


_SCALES = ((100, "hundreds"), (1000, "thousands"), (1_000_000, "millions"))


def unquoted_fields(fact: _Fact) -> list[tuple[str, str]]:
    """Names and whole figures a fact asserts that none of its quotes contains."""
    quotes = " ".join(e.quote for e in fact.evidence).casefold()
    out: list[tuple[str, str]] = []
    if isinstance(fact, Quantity):
        value = fact.value
        if float(value).is_integer():
            n = int(value)
            words = {str(n), f"{n:,}"} | (
                {_NUMBER_WORDS[n]} if 0 <= n < len(_NUMBER_WORDS) else set()
            )
            words |= {word for size, word in _SCALES if n == size}
            if not any(re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", quotes) for w in words):
                out.append(("value", str(n)))
        return out
    names = ("organisation", "parent", "project", "holder", "asset", "from_", "to", "licence")
    for field, value in typed_fields(fact).items():
        if field == "members":
            for member in value:
                assert isinstance(member, Member)
                for shown in (member.name, member.affiliation):
                    if shown and shown.casefold() not in quotes:
                        out.append(("members", shown))
        elif field in names and isinstance(value, str) and value.casefold() not in quotes:
            out.append((field.rstrip("_"), value))
    return out


def lint_loaded(pack: Pack) -> list[Lint]:
    """The checks that need a loaded pack: examples, sources, use of facts and parameters."""
    from govrules.documents import load_document
    from govrules.examples import run_example

    found: list[Lint] = [Lint(Level.WARNING, w, "unrecorded-span") for w in pack.warnings]
    for source in pack.sources.values():
        if source.text is None:
            where = (
                "; files with another sha256: " + ", ".join(source.mismatches)
                if source.mismatches
                else ""
            )
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"the text of source `{source.spec.id}` was not found,"
                        f" so its quotes were not verified{where}",
                        file=str(pack.seeds_dir / "pack.yaml"),
                        help="give `--sources DIR`, or run `govrules sources fetch`",
                    ),
                    "unverified-source",
                )
            )
    for rule in pack.rules:
        outcome = run_example(pack, rule)
        if outcome.fired_on_last:
            continue
        if outcome.problem is not None:
            message = f"the example of rule `{rule.id}` cannot be replayed: {outcome.problem}"
            hint = "the example's events are replayed from the pack's initial state"
        else:
            message = f"the example of rule `{rule.id}` does not break it"
            hint = (
                f"the rule fires on event(s) {', '.join(map(str, outcome.fired_at))}, not the last"
                if outcome.fired_at
                else "replayed from the pack's initial state, the last event must make it fire"
            )
        found.append(
            Lint(
                Level.ERROR, Problem(message, file=rule.file, line=rule.line, help=hint), "example"
            )
        )

    rested = {f for rule in pack.rules for f in rule.rests_on}
    used = rested | {f for p in pack.params.values() for f in p.justified_by}
    used |= {f for b in pack.declarations.bodies.values() for f in b.justified_by}
    used |= {f.id for f in pack.facts.values() if f.kind in STATE_KINDS}
    facts_file = str(pack.seeds_dir / "facts.yaml")
    for fact in pack.facts.values():
        line = pack.fact_lines.get(fact.id)
        if fact.informational and fact.id in rested:
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"fact `{fact.id}` is marked informational, but rules rest on it",
                        facts_file,
                        line,
                    ),
                    "informational-used",
                )
            )
        elif fact.id not in used and not fact.informational:
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"fact `{fact.id}` is rested on by no rule and justifies nothing",
                        facts_file,
                        line,
                        help="encode it as a rule, or mark it"
                        " `informational: <why no event bears on it>`",
                    ),
                    "unused-fact",
                )
            )
        for field, value in unquoted_fields(fact):
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"fact `{fact.id}` asserts {field} `{value}`,"
                        " which its quotes do not contain",
                        facts_file,
                        line,
                    ),
                    "unquoted-field",
                )
            )

    used_params = {name for rule in pack.rules for name in rule_params(rule)}
    params_file = pack.rules_dir / "params.yaml"
    params_doc = load_document(params_file, inside=pack.root) if params_file.is_file() else None
    for name in pack.params:
        if name not in used_params:
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"parameter `{name}` is read by no rule",
                        file=str(params_file),
                        line=params_doc.line_of(("params", name)) if params_doc else None,
                        path=f"params.{name}",
                    ),
                    "unused-param",
                )
            )
    return found


@dataclass(frozen=True)
class Deep:
    """How deep ``validate --deep`` searches (see :mod:`govrules.analysis.consistency`)."""

    depth: int = 3
    time_limit: float | None = None
    jobs: int = 1


def lint_deep(pack: Pack, options: Deep) -> list[Lint]:
    """The findings of ``--deep``, each at its rule; those the pack explains as notes."""
    from govrules.analysis.consistency import deep_findings, stale_notes

    result = deep_findings(
        pack, depth=options.depth, time_limit=options.time_limit, jobs=options.jobs
    )
    out: list[Lint] = []
    for finding in result.findings:
        rule = pack.rule(finding.rule)
        level = Level.NOTE if finding.explained else Level(finding.level)
        problem = Problem(finding.message, rule.file, rule.line, help=finding.help)
        out.append(
            Lint(level, problem, f"deep-{finding.code}", finding.evidence, finding.explained)
        )
    for rule_id, message, hint in stale_notes(pack, result):
        rule = pack.rule(rule_id)
        out.append(
            Lint(Level.WARNING, Problem(message, rule.file, rule.line, help=hint), "deep-notes")
        )
    return out


def lint(
    pack_ref: str | None, sources: Sequence[str | Path] = (), deep: Deep | None = None
) -> LintResult:
    """Lint a pack (a bundled name or a directory); with ``deep``, ask it the deep questions.

    Raises :class:`InputError` only when the pack cannot be found at all, or
    ``deep`` is out of range; every problem inside a found pack is a lint
    problem in the result.
    """
    from govrules.pack import load_pack, locate

    if deep is not None:
        from govrules.analysis.explore import check_bounds

        check_bounds(deep.depth, deep.time_limit, deep.jobs)
    root, name = locate(pack_ref)
    try:
        pack = load_pack(pack_ref, sources=sources)
    except InputError as exc:
        problems = tuple(Lint(Level.ERROR, p, "load") for p in exc.problems)
        return LintResult(name, root, problems, loaded=False)
    found = lint_loaded(pack)
    if deep is not None:
        found += lint_deep(pack, deep)
    order = {Level.ERROR: 0, Level.WARNING: 1, Level.NOTE: 2}
    found.sort(key=lambda p: order[p.level])
    checks = tuple(
        SourceCheck(s.spec.id, s.verified, s.found_at, s.mismatches) for s in pack.sources.values()
    )
    return LintResult(name, root, tuple(found), loaded=True, sources=checks, deep=deep)
