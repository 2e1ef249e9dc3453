"""Checking many files at once: each with the checker of its pack, every problem kept.

:func:`check_all` expands the paths (:mod:`govrules.discover`), opens each
scenario, asks for the checker of its pack, and collects the results and the
problems into one :class:`~govrules.findings.Report`; with ``partial`` the
report holds the problems, otherwise they are raised together. A problem with
what the caller asked for (a ``--param`` of the wrong type) ends the whole
check at once (:class:`Refused`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from govrules.errors import InputError, Problem
from govrules.findings import Report, ScenarioResult, Timeline
from govrules.overrides import unknown_param, unknown_rule
from govrules.scenario import ScenarioReader

if TYPE_CHECKING:
    from govrules.checker import Checker

CheckerFor = Callable[[tuple[str | None, ScenarioReader]], "Checker"]
# What is done to each scenario's result while its file can still be read (--why).
Explain = Callable[["Checker", Path, ScenarioResult], ScenarioResult]


class Refused(Exception):
    """Problems with what the caller asked for, which end the whole check."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


def in_line_order(first: Sequence[Problem], second: Sequence[Problem]) -> list[Problem]:
    if not second:
        return list(first)
    if not first:
        return list(second)
    return sorted([*first, *second], key=lambda p: p.line or 0)


def check_all(
    paths: Sequence[str | Path],
    checker_for: CheckerFor,
    exclude: Sequence[str],
    partial: bool,
    stdin: IO[bytes] | None,
    *,
    pinned: Checker | None = None,
    explain: Explain | None = None,
) -> Report:
    """Check every file with the checker of its pack; collect results and problems.
    ``explain`` is given each result, and the file it came from, as it is checked."""
    from govrules.discover import STDIN, Discovery

    results: list[ScenarioResult] = []
    problems: list[Problem] = []
    used: dict[str, Checker] = {}
    with ExitStack() as stack:
        tmp = None
        if any(str(p) == STDIN for p in paths):
            import tempfile

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="govrules-")))
        discovery = Discovery(exclude, tmp)
        sources = discovery.sources(paths, stdin)
        problems += discovery.problems
        for source in sources:
            try:
                reader = ScenarioReader.open(source.path, source.display)
                assert reader.header is not None
                wanted = reader.header.pack
                checker = pinned or checker_for((wanted, reader))
                result = checker.check_file(source.path, source.display, reader=reader)
                if explain is not None:
                    result = explain(checker, source.path, result)
                results.append(result)
                used[checker.pack.name] = checker
            except InputError as exc:
                problems.extend(exc.problems)
    if problems and not partial:
        raise InputError(problems)
    packs = {name: c.pack for name, c in used.items()}
    if pinned is not None:
        packs = {pinned.pack.name: pinned.pack}
        used = {pinned.pack.name: pinned}
    seconds: dict[str, float] = {}
    timelines: dict[str, Timeline] = {}
    for result in results:
        c = used[result.pack]
        seconds[result.file] = c.seconds.get(result.file, 0.0)
        if result.file in c.timelines:
            timelines[result.file] = c.timelines[result.file]
    return Report(
        scenarios=tuple(results),
        packs=packs,
        problems=tuple(problems),
        settings={name: c.settings for name, c in used.items()},
        seconds=seconds,
        timelines=timelines,
    )


def check_names(
    checkers: Sequence[Checker],
    params: Mapping[str, Any],
    select: Sequence[str],
    ignore: Sequence[str],
) -> None:
    """Each parameter and rule named must belong to one of the packs checked."""
    if not checkers:
        return
    rules = [r.id for c in checkers for r in c.pack.rules]
    known_params = {n for c in checkers for n in c.pack.params}
    problems = [unknown_param(n, known_params) for n in params if n not in known_params]
    problems += [
        unknown_rule(r, option, rules)
        for option, given in (("--select", select), ("--ignore", ignore))
        for r in given
        if r not in rules
    ]
    if problems:
        raise InputError(problems)
