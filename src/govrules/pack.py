"""Packs: one organisation's source text, facts, parameters and rules.

A pack named NAME is ``seeds/NAME/`` (the source text and ``facts.yaml``) plus
``rules/NAME/`` (``params.yaml`` and one or more rule files). The bundled packs
ship inside the package; ``--pack DIR`` names a directory laid out the same way
(``DIR/seeds/NAME`` and ``DIR/rules/NAME``).

Loading checks everything it can and reports every problem at once: each quote
is looked up in the source (its character span recorded), each rule's facts and
parameters must exist, and each condition is type-checked against the
observation's schema.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from govrules.conditions import (
    ConditionError,
    observation_paths,
    parse_condition,
    parse_number,
    template_problems,
)
from govrules.documents import Document, load_document, read_text
from govrules.errors import InputError, Problem, with_suggestion
from govrules.events import EVENT_ADAPTER
from govrules.facts import Evidence, Fact
from govrules.rules import Parameter, ParamFile, ParamSpec, Rule, RuleFile, RuleSpec
from govrules.state import State, initial_state
from govrules.validation import problems_from_validation

DEFAULT_PACK = "pytorch-foundation"
FACT_ADAPTER: TypeAdapter[Fact] = TypeAdapter(Fact)


class _FactsHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pack: str
    title: str
    source: str = Field(description="the source text's file name, beside facts.yaml")
    published: dt.date
    url: str | None = None
    facts: list[Any] = Field(min_length=1)


@dataclass(frozen=True)
class Pack:
    """A loaded, checked pack."""

    name: str
    title: str
    root: Path
    source_file: str
    source_text: str
    published: dt.date
    url: str | None
    facts: Mapping[str, Fact]
    params: Mapping[str, Parameter]
    rules: tuple[Rule, ...]
    initial: State
    fact_lines: Mapping[str, int | None] = field(default_factory=dict)

    @property
    def param_values(self) -> dict[str, Any]:
        """The parameters as rules see them (``params.*``)."""
        return {name: p.value for name, p in self.params.items()}

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def source_path(self) -> Path:
        return self.root / "seeds" / self.name / self.source_file


def bundled_root() -> Path:
    """Where the bundled packs are: inside the installed package, or the source tree."""
    packaged = Path(str(resources.files("govrules"))) / "_bundled"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def bundled_packs() -> list[str]:
    root = bundled_root()
    seeds = root / "seeds"
    return sorted(
        p.name
        for p in seeds.iterdir()
        if (p / "facts.yaml").is_file() and (root / "rules" / p.name).is_dir()
    )


def locate(pack: str | None) -> tuple[Path, str]:
    """Resolve ``--pack`` (a bundled name or a directory) to (root, name)."""
    if pack is None:
        return bundled_root(), DEFAULT_PACK
    as_dir = Path(pack)
    if as_dir.is_dir():
        seeds, rules = as_dir / "seeds", as_dir / "rules"
        names = (
            sorted(
                p.name
                for p in seeds.iterdir()
                if (p / "facts.yaml").is_file() and (rules / p.name).is_dir()
            )
            if seeds.is_dir() and rules.is_dir()
            else []
        )
        if len(names) == 1:
            return as_dir, names[0]
        if not names:
            raise InputError.one(
                f"`{pack}` is not a pack directory",
                help="a pack directory holds seeds/NAME/facts.yaml and rules/NAME/*.yaml",
            )
        raise InputError.one(
            f"`{pack}` holds several packs: {', '.join(f'`{n}`' for n in names)}",
            help="keep one pack per directory",
        )
    known = bundled_packs()
    if pack in known:
        return bundled_root(), pack
    raise InputError.one(
        with_suggestion(f"unknown pack `{pack}`", pack, known),
        help=f"bundled packs: {', '.join(known)}; or give a directory",
    )


def load_pack(pack: str | None = None, *, lines: bool = True) -> Pack:
    """Load and check a pack; raises :class:`InputError` listing every problem.

    With ``lines=False`` the lines of facts and rules in their files are not
    looked up (``Rule.line`` is None): finding them means reading the files a
    second, slower way, and checking scenarios never shows them.
    """
    root, name = locate(pack)
    problems: list[Problem] = []
    seeds_dir = root / "seeds" / name
    facts_doc = load_document(seeds_dir / "facts.yaml")
    try:
        header = _FactsHeader.model_validate(facts_doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, facts_doc)) from None
    source_text = read_text(seeds_dir / header.source)
    facts, fact_lines = _load_facts(
        header.facts, source_text, header.source, facts_doc, problems, lines=lines
    )

    rules_dir = root / "rules" / name
    params = _load_params(rules_dir / "params.yaml", facts, problems)
    param_values = {n: p.value for n, p in params.items()}
    rules = _load_rules(rules_dir, facts, param_values, problems, lines=lines)

    state, missing = initial_state(facts)
    for what in missing:
        problems.append(Problem(f"the initial state needs {what}", file=facts_doc.file))
    if problems or state is None:
        raise InputError(problems)
    return Pack(
        name=name,
        title=header.title,
        root=root,
        source_file=header.source,
        source_text=source_text,
        published=header.published,
        url=header.url,
        facts=facts,
        params=params,
        rules=tuple(rules),
        initial=state,
        fact_lines=fact_lines,
    )


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).casefold()


def find_quote(quote: str, source: str) -> tuple[int, int] | None:
    """The character span of a verbatim quote in the source, or None."""
    start = source.find(quote)
    return None if start < 0 else (start, start + len(quote))


def _load_facts(
    raw: list[Any],
    source: str,
    source_name: str,
    doc: Document,
    problems: list[Problem],
    *,
    lines: bool,
) -> tuple[dict[str, Fact], dict[str, int | None]]:
    facts: dict[str, Fact] = {}
    fact_lines: dict[str, int | None] = {}
    for i, item in enumerate(raw):
        try:
            fact = FACT_ADAPTER.validate_python(item)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc, ("facts", i)))
            continue
        if fact.id in facts:
            problems.append(doc.problem(f"fact `{fact.id}` is defined twice", ("facts", i, "id")))
            continue
        located: list[Evidence] = []
        for j, evidence in enumerate(fact.evidence):
            span = find_quote(evidence.quote, source)
            if span is None:
                hint = None
                if _normalise(evidence.quote) in _normalise(source):
                    hint = (
                        "the source has these words with other punctuation or spacing;"
                        " quote it exactly"
                    )
                problems.append(
                    doc.problem(
                        f"the quote of fact `{fact.id}` is not in the source `{source_name}`",
                        ("facts", i, "evidence", j),
                        help=hint,
                    )
                )
                continue
            line = source.count("\n", 0, span[0]) + 1
            located.append(
                evidence.model_copy(update={"start": span[0], "end": span[1], "line": line})
            )
        facts[fact.id] = fact.model_copy(update={"evidence": located})
        if lines:
            fact_lines[fact.id] = doc.line_of(("facts", i))
    return facts, fact_lines


def _param_value(written: Any) -> Any:
    """A parameter as rules see it: fractions as numbers, lists as tuples."""
    number = parse_number(written) if isinstance(written, str) else None
    if number is not None:
        return number
    return tuple(written) if isinstance(written, list) else written


def _load_params(
    path: Path, facts: Mapping[str, Fact], problems: list[Problem]
) -> dict[str, Parameter]:
    doc = load_document(path)
    try:
        spec = ParamFile.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, doc))
        return {}
    params: dict[str, Parameter] = {}
    for name, raw in spec.params.items():
        try:
            p = ParamSpec.model_validate(raw)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc, ("params", name)))
            # Still known to the rules when its value is readable, so one bad
            # entry is one problem, not one more for every rule that uses it.
            value = raw.get("value") if isinstance(raw, dict) else None
            if isinstance(value, str | int | float | bool | list):
                params[name] = Parameter(name, _param_value(value), value, (), "")
            continue
        for fact_id in p.justified_by:
            if fact_id not in facts:
                problems.append(
                    doc.problem(
                        with_suggestion(
                            f"parameter `{name}` is justified by unknown fact `{fact_id}`",
                            fact_id,
                            list(facts),
                        ),
                        ("params", name, "justified_by"),
                    )
                )
        params[name] = Parameter(
            name, _param_value(p.value), p.value, tuple(p.justified_by), p.reason
        )
    return params


def _load_rules(
    rules_dir: Path,
    facts: Mapping[str, Fact],
    params: Mapping[str, Any],
    problems: list[Problem],
    *,
    lines: bool,
) -> list[Rule]:
    files = sorted(p for p in rules_dir.glob("*.yaml") if p.name != "params.yaml")
    if not files:
        problems.append(Problem("no rule files (*.yaml)", file=str(rules_dir)))
    paths = observation_paths(params)
    rules: list[Rule] = []
    seen: dict[str, tuple[Document, int]] = {}

    def first_place(where: tuple[Document, int]) -> str:
        return f"{where[0].file}:{where[0].line_of(('rules', where[1]))}"

    for path in files:
        try:
            doc = load_document(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        try:
            rule_file = RuleFile.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, doc))
            continue
        for i, raw in enumerate(rule_file.rules):
            rule = _load_rule(raw, ("rules", i), doc, facts, params, paths, problems, lines)
            if rule is None:
                continue
            if rule.id in seen:
                problems.append(
                    doc.problem(
                        f"rule `{rule.id}` is defined twice"
                        f" (first in {first_place(seen[rule.id])})",
                        ("rules", i, "id"),
                    )
                )
                continue
            seen[rule.id] = (doc, i)
            rules.append(rule)
    return rules


def _load_rule(
    raw: Any,
    loc: tuple[int | str, ...],
    doc: Document,
    facts: Mapping[str, Fact],
    params: Mapping[str, Any],
    paths: Mapping[str, str],
    problems: list[Problem],
    lines: bool,
) -> Rule | None:
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, doc, loc))
        return None
    before = len(problems)
    for j, fact_id in enumerate(spec.rests_on):
        if fact_id not in facts:
            problems.append(
                doc.problem(
                    with_suggestion(
                        f"rule `{spec.id}` rests on unknown fact `{fact_id}`", fact_id, list(facts)
                    ),
                    (*loc, "rests_on", j),
                )
            )
    try:
        when = parse_condition(spec.when, paths, params, (*loc, "when"))
    except ConditionError as exc:
        problems.append(doc.problem(f"rule `{spec.id}`: {exc.message}", exc.loc, exc.help))
        when = None
    for message in template_problems(spec.message, paths):
        problems.append(doc.problem(f"rule `{spec.id}`: {message}", (*loc, "message")))
    for j, event in enumerate(spec.docs.example.events):
        try:
            EVENT_ADAPTER.validate_python(event)
        except ValidationError as exc:
            problems.extend(
                problems_from_validation(exc, doc, (*loc, "docs", "example", "events", j))
            )
    if when is None or len(problems) > before:
        return None
    return Rule(
        id=spec.id,
        title=spec.title,
        severity=spec.severity,
        rests_on=tuple(spec.rests_on),
        when=when,
        message=spec.message,
        docs=spec.docs,
        file=doc.file,
        line=doc.line_of(loc) if lines else None,
    )
