"""Counterfactuals attached to a check's report: what ``check --why`` and ``why`` print.

Each finding gets the smallest changes to its event that would make its rule
hold (``Finding.why``); a scenario that breaks nothing gets, for each of its
events, the smallest change that would break each rule one change can break
(``ScenarioResult.why``). With ``only``, the one event of that index is
explained: its findings, or, when it breaks nothing, its nearest breaks.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from govrules.analysis.why import Explainer, as_report
from govrules.discover import STDIN_NAME
from govrules.errors import InputError, Problem
from govrules.findings import EventWhy, PackSettings, Report, ScenarioResult
from govrules.overrides import as_checked
from govrules.scenario import Scenario, ScenarioReader
from govrules.spool import Findings

if TYPE_CHECKING:
    from govrules.batch import Explain
    from govrules.checker import Checker

# Counterfactuals replay the scenario in memory, state by state: they are for
# scenarios a person reads, not for streams (which `check` reads in constant memory).
MAX_EVENTS = 10_000


def with_why(report: Report, only: int | None = None) -> Report:
    """``report`` with counterfactuals (each scenario file is read again).

    Everything else the report holds is kept: the problems of files that could
    not be checked, the settings, the timelines. Each pack is explained as the
    check saw it (its ``--param`` overrides in force, its ``--select`` and
    ``--ignore`` applied). The findings of each scenario, at most
    :data:`MAX_EVENTS` events long, are held in memory with their
    counterfactuals. A scenario read from standard input cannot be read again:
    ``check(..., why=True)`` explains each file as it is read.

    Raises :class:`~govrules.errors.InputError` when ``only`` is past the end of
    a scenario.
    """
    explainers: dict[str, Explainer] = {}
    results = []
    for result in report.scenarios:
        if result.file == STDIN_NAME:
            raise InputError.one(
                "standard input can be read once, and explaining reads the scenario again",
                file=result.file,
                help="check with `why=True`, which explains each scenario as it is read",
            )
        if result.pack not in explainers:
            settings = report.settings.get(result.pack, PackSettings())
            explainers[result.pack] = Explainer(as_checked(report.packs[result.pack], settings))
        results.append(explain_file(explainers[result.pack], Path(result.file), result, only))
    return replace(report, scenarios=tuple(results))


def explaining(only: int | None = None) -> Explain:
    """What a check calls on each scenario it has checked to add its counterfactuals,
    while the file (standard input too) can still be read; each checker's pack is
    explained as it checks (overrides in force, rules left out gone)."""
    explainers: dict[int, Explainer] = {}

    def explain(checker: Checker, path: Path, result: ScenarioResult) -> ScenarioResult:
        if id(checker) not in explainers:
            explainers[id(checker)] = Explainer(as_checked(checker.pack, checker.settings))
        return explain_file(explainers[id(checker)], path, result, only)

    return explain


def explain_file(
    explainer: Explainer, path: Path, result: ScenarioResult, only: int | None
) -> ScenarioResult:
    """``result`` (of the scenario in ``path``) with its counterfactuals."""
    from govrules.findings import event_ref

    reader = ScenarioReader.open(path, result.file)
    located = []
    for item in reader.events(explainer.pack.declarations):
        located.append(item)
        if len(located) > MAX_EVENTS:
            raise InputError.one(
                f"`--why` explains scenarios of at most {MAX_EVENTS:,} events; this one holds more",
                file=result.file,
                help="check it without `--why`, or explain a part of it",
            )
    header = reader.header
    assert header is not None
    scenario = Scenario(
        name=header.name,
        description=header.description,
        pack=header.pack,
        baseline=header.baseline,
        events=tuple(e.event for e in located),
    )
    try:
        explained = explainer.explain(scenario, only)
    except InputError as exc:
        raise InputError(
            [Problem(p.message, result.file, help=p.help) for p in exc.problems]
        ) from None
    lines = {e.index: e.line for e in located}
    by_finding = {
        (rule, e.index): [as_report(a) for a in e.answers if a.rule == rule]
        for e in explained
        for rule in e.broken
    }
    findings = Findings.of(
        f.model_copy(update={"why": tuple(by_finding.get((f.rule, f.event.index), ()))})
        if (f.rule, f.event.index) in by_finding
        else f
        for f in result.findings
    )
    passing = tuple(
        EventWhy(
            event=event_ref(e.event, e.index, lines.get(e.index)),
            breaks=tuple(as_report(a) for a in e.answers),
        )
        for e in explained
        if not e.broken
    )
    return result.model_copy(update={"findings": findings, "why": passing or None})
