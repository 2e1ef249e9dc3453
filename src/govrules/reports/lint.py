"""``govrules validate``: lint a pack, reporting every problem at once.

Errors (exit 1):

- anything :func:`govrules.pack.load_pack` refuses: a quote not in the source,
  a rule resting on an unknown fact, a parameter without a justifying fact (or
  justified by an unknown one), a rule without its documentation fields, a
  condition or message that does not type-check, a malformed file;
- a rule whose example (``docs.example.events``), replayed from the pack's
  initial state with the reference engine, does not break it on its last event.

Warnings (exit 0, unless ``--strict``):

- a fact no rule rests on, no parameter is justified by, and the initial state
  is not built from;
- a parameter no rule reads.

Load problems come first; the deeper checks need a loaded pack, so they run
once the pack loads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from govrules.errors import InputError, Problem
from govrules.pack import Pack
from govrules.reports._console import display_path, render_rich


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Lint:
    """One lint problem: how bad, and the problem with its place."""

    level: Level
    problem: Problem
    code: str

    def location(self) -> str:
        p = self.problem
        text = display_path(p.file) if p.file else "<pack>"
        return text if p.line is None else f"{text}:{p.line}"

    def body(self) -> str:
        p = self.problem
        return (f"at `{p.path}`: " if p.path else "") + p.message


@dataclass(frozen=True)
class LintResult:
    pack: str
    root: Path
    problems: tuple[Lint, ...]
    loaded: bool

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level is Level.WARNING)

    def fails(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def _rule_locations(pack: Pack) -> dict[str, tuple[str, tuple[int | str, ...], Any]]:
    """For each rule: its file, its place in the file, and the parsed document (for lines)."""
    from govrules.documents import load_document

    out: dict[str, tuple[str, tuple[int | str, ...], Any]] = {}
    docs: dict[str, Any] = {}
    for rule in pack.rules:
        if rule.file not in docs:
            docs[rule.file] = load_document(Path(rule.file), rule.file)
        doc = docs[rule.file]
        items = doc.data.get("rules", []) if isinstance(doc.data, dict) else []
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == rule.id:
                out[rule.id] = (rule.file, ("rules", i), doc)
                break
    return out


def _initial_state_facts(pack: Pack) -> set[str]:
    """The facts the initial state is built from: the transfer, its parent, the board."""
    from govrules.facts import Affiliation, Membership, Transfer
    from govrules.state import BOARD_BODY

    steward = pack.initial.steward
    return {
        fact.id
        for fact in pack.facts.values()
        if isinstance(fact, Transfer)
        or (isinstance(fact, Affiliation) and fact.organisation == steward)
        or (isinstance(fact, Membership) and fact.body == BOARD_BODY)
    }


def lint_loaded(pack: Pack) -> list[Lint]:
    """The checks that need a loaded pack: examples, unused facts and parameters."""
    from govrules.documents import Document, render_path
    from govrules.reports.rule_docs import rule_params, run_example

    found: list[Lint] = []
    places = _rule_locations(pack)
    for rule in pack.rules:
        outcome = run_example(pack, rule)
        if outcome.fired_on_last:
            continue
        file, loc, doc = places.get(rule.id, (rule.file, (), None))
        where = (*loc, "docs", "example")
        line = doc.line_of(where) if isinstance(doc, Document) else rule.line
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
                Level.ERROR,
                Problem(message, file=file, line=line, path=render_path(where) or None, help=hint),
                "example",
            )
        )

    used_facts = {f for rule in pack.rules for f in rule.rests_on}
    used_facts |= {f for p in pack.params.values() for f in p.justified_by}
    used_facts |= _initial_state_facts(pack)
    facts_file = str(pack.root / "seeds" / pack.name / "facts.yaml")
    for fact_id in pack.facts:
        if fact_id not in used_facts:
            found.append(
                Lint(
                    Level.WARNING,
                    Problem(
                        f"fact `{fact_id}` is rested on by no rule and justifies no parameter",
                        file=facts_file,
                        line=pack.fact_lines.get(fact_id),
                    ),
                    "unused-fact",
                )
            )

    used_params = {name for rule in pack.rules for name in rule_params(rule)}
    params_file = pack.root / "rules" / pack.name / "params.yaml"
    params_doc = None
    if params_file.is_file():
        from govrules.documents import load_document

        params_doc = load_document(params_file, str(params_file))
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


def lint(pack_ref: str | None) -> LintResult:
    """Lint a pack (a bundled name or a directory).

    Raises :class:`InputError` only when the pack cannot be found at all; every
    problem inside a found pack is a lint problem in the result.
    """
    from govrules.pack import load_pack, locate

    root, name = locate(pack_ref)  # not found: InputError, exit 2
    try:
        pack = load_pack(pack_ref)
    except InputError as exc:
        problems = tuple(Lint(Level.ERROR, p, "load") for p in exc.problems)
        return LintResult(name, root, problems, loaded=False)
    found = lint_loaded(pack)
    found.sort(key=lambda p: (p.level is not Level.ERROR,))
    return LintResult(name, root, tuple(found), loaded=True)


def lint_data(result: LintResult) -> dict[str, Any]:
    return {
        "format": "govrules-validate",
        "version": 1,
        "pack": result.pack,
        "loaded": result.loaded,
        "errors": result.errors,
        "warnings": result.warnings,
        "problems": [
            {
                "level": p.level.value,
                "code": p.code,
                "message": p.problem.message,
                "file": display_path(p.problem.file) if p.problem.file else None,
                "line": p.problem.line,
                "path": p.problem.path,
                "help": p.problem.help,
            }
            for p in result.problems
        ],
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_lint(result: LintResult, fmt: str, *, colour: bool = False) -> str:
    if fmt == "json":
        return json.dumps(lint_data(result), indent=2, ensure_ascii=False) + "\n"
    from rich.text import Text

    out = Text()
    for p in result.problems:
        out.append(f"{p.location()}: ")
        out.append(
            f"{p.level.value}[{p.code}]",
            style="bold red" if p.level is Level.ERROR else "bold yellow",
        )
        out.append(f": {p.body()}\n")
        if p.problem.help:
            out.append(f"  help: {p.problem.help}\n", style="dim")
    summary = f"pack `{result.pack}`: {_plural(result.errors, 'error')}, " + _plural(
        result.warnings, "warning"
    )
    if not result.loaded:
        summary += " (the pack did not load, so its examples were not run)"
    out.append(
        summary + "\n",
        style="bold red" if result.errors else "bold yellow" if result.warnings else "bold green",
    )
    return render_rich(out, colour=colour, soft_wrap=True)
