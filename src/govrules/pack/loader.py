"""Loading a pack: every file checked, every problem reported at once.

Loading reads ``pack.yaml`` (the sources and the declarations), the facts
(each checked against the declarations, each quote against its source where
the text is at hand), the initial state the facts build, the parameters and
the rules (each condition type-checked against the pack's observation schema).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from govrules.documents import Document, load_document, within
from govrules.errors import InputError, Problem, with_suggestion
from govrules.language import ast
from govrules.language.schema import Schema
from govrules.language.syntax import OPERATORS
from govrules.language.templates import template_problems
from govrules.language.typecheck import check_condition, check_param_value
from govrules.limits import MAX_RULE_FILES, MAX_RULES_PER_PACK, beyond
from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS, _Lazy
from govrules.model.facts import Evidence, Fact, FactsFile, _Fact
from govrules.model.vocabulary import vocabulary_problems
from govrules.pack.files import (
    PackFile,
    Parameter,
    ParamFile,
    ParamSpec,
    Rule,
    RuleFile,
    RuleSpec,
)
from govrules.pack.sources import SourceText, find_source
from govrules.validation import problems_from_validation

FACT_ADAPTER: TypeAdapter[Fact] = cast("TypeAdapter[Fact]", _Lazy(lambda: TypeAdapter(Fact)))
CONDITION_WORDS = (*OPERATORS, "path", "key", "days", "all", "any", "not", "param", "from", "to")


def _normalise(text: str) -> str:
    """Text without its punctuation and with its spaces folded: the words alone."""
    text = unicodedata.normalize("NFKC", text)
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    return " ".join(words.split()).casefold()


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Loader:
    def __init__(self, root: Path, name: str, sources_dirs: list[Path], lines: bool) -> None:
        self.root, self.name, self.lines = root, name, lines
        self.seeds = root / "seeds" / name
        self.rules_dir = root / "rules" / name
        self.sources_dirs = sources_dirs
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.fact_index: dict[str, int] = {}
        # Parameters refused with a problem of their own: a rule reading one is
        # not told again that it is unknown.
        self.refused_params: set[str] = set()

    def load(self, path: Path) -> Document:
        """One of the pack's files, refused if a symlink leads it outside the pack."""
        return load_document(path, inside=self.root)

    # -- pack.yaml and sources -------------------------------------------------------
    def header(self) -> tuple[PackFile, Document]:
        doc = self.load(self.seeds / "pack.yaml")
        try:
            spec = PackFile.model_validate(doc.data)
        except ValidationError as exc:
            raise InputError(problems_from_validation(exc, doc)) from None
        if spec.pack != self.name:
            self.problems.append(
                doc.problem(
                    f"the pack is named `{spec.pack}` but lives in `{self.name}/`", ("pack",)
                )
            )
        ids = [s.id for s in spec.sources]
        for i, source in enumerate(spec.sources):
            if ids.index(source.id) != i:
                self.problems.append(
                    doc.problem(f"source `{source.id}` is named twice", ("sources", i, "id"))
                )
            if source.file is None and source.url is None and source.repository is None:
                self.problems.append(
                    doc.problem(
                        f"source `{source.id}` says neither where it is published"
                        " nor which file it is",
                        ("sources", i),
                        help="give `url` (and `repository`, `path`, `commit`),"
                        " or `file` for a text kept in the pack",
                    )
                )
        return spec, doc

    def sources(self, spec: PackFile, doc: Document) -> dict[str, SourceText]:
        for i, source in enumerate(spec.sources):
            kept = self.seeds / source.file if source.file else None
            if kept is not None and kept.is_symlink() and not within(kept, self.seeds):
                self.problems.append(
                    doc.problem(
                        f"source `{source.id}`: `{source.file}` leads outside the pack's"
                        " directory (a symlink): not read",
                        ("sources", i, "file"),
                        help="a text kept in the pack is a file beside pack.yaml",
                    )
                )
        return {
            s.id: find_source(s, self.seeds, self.name, self.sources_dirs) for s in spec.sources
        }

    # -- facts -------------------------------------------------------------------------
    def facts(
        self, spec: PackFile, sources: Mapping[str, SourceText]
    ) -> tuple[dict[str, Fact], dict[str, int | None], Document]:
        doc = self.load(self.seeds / "facts.yaml")
        try:
            raw = FactsFile.model_validate(doc.data).facts
        except ValidationError as exc:
            raise InputError(problems_from_validation(exc, doc)) from None
        facts: dict[str, Fact] = {}
        lines: dict[str, int | None] = {}
        for i, item in enumerate(raw):
            loc = ("facts", i)
            try:
                fact = FACT_ADAPTER.validate_python(item)
            except ValidationError as exc:
                self.problems += problems_from_validation(exc, doc, loc, tags=list(_fact_kinds()))
                continue
            for where, message in vocabulary_problems(fact, spec.declares):
                self.problems.append(doc.problem(f"fact `{fact.id}`: {message}", (*loc, *where)))
            if fact.id in facts:
                self.problems.append(
                    doc.problem(f"fact `{fact.id}` is defined twice", (*loc, "id"))
                )
                continue
            evidence = [
                self.evidence(fact, j, e, spec, sources, doc, loc)
                for j, e in enumerate(fact.evidence)
            ]
            facts[fact.id] = fact.model_copy(update={"evidence": [e for e in evidence if e]})
            self.fact_index[fact.id] = i
            lines[fact.id] = doc.line_of(loc) if self.lines else None
        return facts, lines, doc

    def evidence(
        self,
        fact: _Fact,
        j: int,
        ev: Evidence,
        spec: PackFile,
        sources: Mapping[str, SourceText],
        doc: Document,
        loc: tuple[int | str, ...],
    ) -> Evidence | None:
        where = (*loc, "evidence", j)
        source_id = ev.source
        if source_id is None:
            if len(spec.sources) != 1:
                self.problems.append(
                    doc.problem(
                        f"the quote of fact `{fact.id}` names no `source` and the pack has several",
                        where,
                        help=f"sources: {', '.join(s.id for s in spec.sources)}",
                    )
                )
                return None
            source_id = spec.sources[0].id
        if source_id not in sources:
            self.problems.append(
                doc.problem(
                    with_suggestion(
                        f"fact `{fact.id}` quotes unknown source `{source_id}`",
                        source_id,
                        list(sources),
                    ),
                    (*where, "source"),
                )
            )
            return None
        text = sources[source_id].text
        recorded = ev.start is not None and ev.end is not None
        if recorded and ev.end - ev.start != len(ev.quote):  # type: ignore[operator]
            self.problems.append(
                doc.problem(
                    f"the recorded span of a quote of fact `{fact.id}` is {ev.end - ev.start}"  # type: ignore[operator]
                    f" characters long, the quote {len(ev.quote)}",
                    where,
                    help="`govrules sources record` records spans from the text",
                )
            )
            return None
        if text is None:
            return ev.model_copy(update={"source": source_id})
        if recorded and text[ev.start : ev.end] == ev.quote:
            line = line_at(text, ev.start)  # type: ignore[arg-type]
            if ev.line is not None and ev.line != line:
                self.problems.append(
                    doc.problem(
                        f"a quote of fact `{fact.id}` is recorded on line {ev.line}"
                        f" of `{source_id}`,"
                        f" it is on line {line}",
                        (*where, "line"),
                    )
                )
            return ev.model_copy(update={"source": source_id, "line": line})
        start = text.find(ev.quote)
        if start < 0:
            hint = None
            if _normalise(ev.quote) in _normalise(text):
                hint = (
                    "the source has these words with other punctuation or spacing; quote it exactly"
                )
            self.problems.append(
                doc.problem(
                    f"the quote of fact `{fact.id}` is not in the source `{source_id}`",
                    where,
                    help=hint,
                )
            )
            return None
        line = line_at(text, start)
        if recorded:
            self.problems.append(
                doc.problem(
                    f"the recorded span {ev.start}-{ev.end} of a quote of fact `{fact.id}`"
                    " does not hold it",
                    where,
                    help=f"it is at {start}-{start + len(ev.quote)} (line {line});"
                    " `govrules sources record` records spans from the text",
                )
            )
            return None
        if not sources[source_id].spec.file:
            self.warnings.append(
                doc.problem(
                    f"the span of a quote of fact `{fact.id}` is not recorded:"
                    " `check` cannot cite it without the text",
                    where,
                    help=f"it is at {start}-{start + len(ev.quote)} (line {line});"
                    " `govrules sources record` records spans",
                )
            )
        return ev.model_copy(
            update={"source": source_id, "start": start, "end": start + len(ev.quote), "line": line}
        )

    # -- parameters ----------------------------------------------------------------------
    def params(self, facts: Mapping[str, Fact]) -> tuple[dict[str, Parameter], Document | None]:
        path = self.rules_dir / "params.yaml"
        if not path.is_file():
            return {}, None
        doc = self.load(path)
        try:
            spec = ParamFile.model_validate(doc.data)
        except ValidationError as exc:
            self.problems += problems_from_validation(exc, doc)
            return {}, doc
        params: dict[str, Parameter] = {}
        for name, raw in spec.params.items():
            loc = ("params", name)
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", name):
                self.problems.append(
                    doc.problem(
                        f"`{name}` is not a parameter name",
                        loc,
                        help="parameter names are lower case letters, digits and `_`, "
                        "starting with a letter",
                    )
                )
                self.refused_params.add(name)
                continue
            try:
                p = ParamSpec.model_validate(raw)
            except ValidationError as exc:
                self.problems += problems_from_validation(exc, doc, loc)
                self.refused_params.add(name)
                continue
            for fact_id in p.justified_by:
                if fact_id not in facts:
                    self.problems.append(
                        doc.problem(
                            with_suggestion(
                                f"parameter `{name}` is justified by unknown fact `{fact_id}`",
                                fact_id,
                                list(facts),
                            ),
                            (*loc, "justified_by"),
                        )
                    )
            value = param_value(p.value)
            problem = check_param_value(value, (*loc, "value"))
            if problem is not None:
                self.refused_params.add(name)
                self.problems.append(
                    doc.problem(f"parameter `{name}`: {problem.message}", problem.loc, problem.help)
                )
                continue
            params[name] = Parameter(name, value, p.value, tuple(p.justified_by), p.reason)
        return params, doc

    # -- rules ---------------------------------------------------------------------------
    def rules(
        self, facts: Mapping[str, Fact], params: Mapping[str, Any], schema: Schema
    ) -> list[Rule]:
        files = sorted(p for p in self.rules_dir.glob("*.yaml") if p.name != "params.yaml")
        if not files:
            self.problems.append(Problem("no rule files (*.yaml)", file=str(self.rules_dir)))
        if len(files) > MAX_RULE_FILES:
            self.problems.append(
                Problem(
                    beyond(f"{len(files):,} rule files", MAX_RULE_FILES, "files"),
                    file=str(self.rules_dir),
                )
            )
            return []
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        for path in files:
            try:
                doc = self.load(path)
                rule_file = RuleFile.model_validate(doc.data)
            except InputError as exc:
                self.problems += exc.problems
                continue
            except ValidationError as exc:
                self.problems += problems_from_validation(exc, doc)
                continue
            for i, raw in enumerate(rule_file.rules):
                rule = self.rule(raw, ("rules", i), doc, facts, params, schema)
                if rule is None:
                    continue
                if rule.id in seen:
                    self.problems.append(
                        doc.problem(
                            f"rule `{rule.id}` is defined twice (first in {seen[rule.id]})",
                            ("rules", i, "id"),
                        )
                    )
                    continue
                seen[rule.id] = f"{doc.file}"
                rules.append(rule)
                if len(rules) > MAX_RULES_PER_PACK:
                    self.problems.append(
                        doc.problem(
                            beyond("the pack's rules", MAX_RULES_PER_PACK, "rules"),
                            ("rules", i),
                            help="reading its rules stopped here",
                        )
                    )
                    return rules
        return rules

    def rule(
        self,
        raw: Any,
        loc: tuple[int | str, ...],
        doc: Document,
        facts: Mapping[str, Fact],
        params: Mapping[str, Any],
        schema: Schema,
    ) -> Rule | None:
        try:
            spec = RuleSpec.model_validate(raw)
        except ValidationError as exc:
            self.problems += problems_from_validation(
                exc, doc, loc, fields=CONDITION_WORDS, tags=_CONDITION_TAGS, word="operator or key"
            )
            return None
        before = len(self.problems)
        for j, fact_id in enumerate(spec.rests_on):
            if fact_id not in facts:
                self.problems.append(
                    doc.problem(
                        with_suggestion(
                            f"rule `{spec.id}` rests on unknown fact `{fact_id}`",
                            fact_id,
                            list(facts),
                        ),
                        (*loc, "rests_on", j),
                    )
                )
        when, problems = check_condition(spec.when, schema, params, (*loc, "when"))
        refused = tuple(f"unknown parameter `{n}`" for n in self.refused_params)
        problems = (
            [p for p in problems if not p.message.startswith(refused)] if refused else problems
        )
        if when is None and not problems:
            return None  # it reads a refused parameter: that problem is reported already
        for p in problems:
            self.problems.append(doc.problem(f"rule `{spec.id}`: {p.message}", p.loc, p.help))
        for message in template_problems(spec.message, schema.paths):
            self.problems.append(doc.problem(f"rule `{spec.id}`: {message}", (*loc, "message")))
        condition = when
        if spec.in_force_from is not None:
            fact = facts.get(spec.in_force_from)
            if fact is None:
                self.problems.append(
                    doc.problem(
                        with_suggestion(
                            f"rule `{spec.id}` is in force from unknown fact"
                            f" `{spec.in_force_from}`",
                            spec.in_force_from,
                            list(facts),
                        ),
                        (*loc, "in_force_from"),
                    )
                )
            elif when is not None:
                scope = ast.Test(ast.Path("event.at"), "gte", fact.as_of.isoformat())
                condition = ast.All((scope, when))
        for j, event in enumerate(spec.docs.example.events):
            where = (*loc, "docs", "example", "events", j)
            try:
                parsed = EVENT_ADAPTER.validate_python(event)
            except ValidationError as exc:
                self.problems += problems_from_validation(exc, doc, where, tags=list(EVENT_KINDS))
                continue
            for at, message in vocabulary_problems(parsed, schema.declarations):
                self.problems.append(doc.problem(message, (*where, *at)))
        if when is None or condition is None or len(self.problems) > before:
            return None
        return Rule(
            id=spec.id,
            title=spec.title,
            severity=spec.severity,
            rests_on=tuple(spec.rests_on),
            when=when,
            condition=condition,
            message=spec.message,
            docs=spec.docs,
            file=doc.file,
            line=doc.line_of(loc) if self.lines else None,
            in_force_from=spec.in_force_from,
            deep=spec.deep,
        )


_CONDITION_TAGS = (
    "cond:all",
    "cond:any",
    "cond:not",
    "cond:test",
    "v:literal",
    "v:list",
    "v:ref",
    "v:days",
)


def _fact_kinds() -> list[str]:
    from govrules.model.facts import FACT_KINDS

    return list(FACT_KINDS)


def param_value(written: Any) -> Any:
    """A parameter as rules see it: fractions as numbers, lists as tuples."""
    if isinstance(written, str) and re.fullmatch(r"\s*\d+\s*/\s*[1-9]\d*\s*", written):
        return float(Fraction(written.replace(" ", "")))
    if isinstance(written, list):
        return tuple(written)
    return written
