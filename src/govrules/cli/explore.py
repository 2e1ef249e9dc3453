"""``govrules explore``: the shortest sequence of events that breaks each rule."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from govrules.cli._common import (
    PACK_HELP,
    SOURCES_HELP,
    Exit,
    fail,
    fail_error,
    load_pack_or_fail,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager

    from govrules.analysis.explore import Exploration, RuleResult

INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C


def _progress(total: int) -> AbstractContextManager[Callable[[RuleResult], None]]:
    """A progress bar on a terminal; plain lines when stderr is a pipe or a file."""
    from contextlib import contextmanager

    @contextmanager
    def bar() -> Iterator[Callable[[RuleResult], None]]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (
            TextColumn("explore"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("", total=total)

            def advance(result: RuleResult) -> None:
                progress.update(task, advance=1, description=f"{result.rule}: {result.status}")

            yield advance

    @contextmanager
    def lines() -> Iterator[Callable[[RuleResult], None]]:
        count = 0

        def advance(result: RuleResult) -> None:
            nonlocal count
            count += 1
            sys.stderr.write(
                f"explore: {count}/{total} `{result.rule}`: {result.status}"
                f" (depth {result.depth}, {result.states:,} states, {result.seconds:.1f} s)\n"
            )
            sys.stderr.flush()

        yield advance

    return bar() if sys.stderr.isatty() else lines()


def _write_scenarios(exploration: Exploration, directory: Path) -> dict[str, str]:
    from govrules.errors import Problem
    from govrules.output import write_atomically
    from govrules.reports.explore import scenario_file

    if directory.exists() and not directory.is_dir():
        fail([Problem("is not a directory, expected one to write scenarios in", str(directory))])
    if not directory.parent.is_dir():
        fail([Problem("the output's parent directory does not exist", str(directory))])
    files: dict[str, str] = {}
    try:
        directory.mkdir(exist_ok=True)
        for result in exploration.results:
            if result.events is not None:
                path = directory / f"{result.rule}--explored.yaml"
                write_atomically(path, scenario_file(exploration, result))
                files[result.rule] = path.as_posix()
    except OSError as exc:
        fail([Problem(f"cannot write the scenarios: {exc.strerror or exc}", str(directory))])
    return files


def explore(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    rules: list[str] = typer.Option(
        [],
        "--rule",
        help="Explore this rule only; may be repeated. [default: every rule]",
        show_default=False,
    ),
    depth: int = typer.Option(3, "--depth", help="The most events in a sequence (1 to 8)."),
    time_limit: float | None = typer.Option(
        None,
        "--time-limit",
        help="Stop after this many seconds and report what was found.",
        show_default=False,
    ),
    jobs: int = typer.Option(1, "--jobs", help="Search this many rules at once, in processes."),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write one scenario per broken rule in this directory (`<rule>--explored.yaml`).",
        show_default=False,
    ),
) -> None:
    """Find, for each rule, a shortest sequence of events that breaks it.

    Searches breadth-first from the pack's initial state over events built
    from the pack's declarations, the names and values its rules compare
    with, and a few fresh names, so the first sequence found is a shortest
    one. A rule no sequence breaks is reported "not broken up to depth N",
    with the states explored: it is dead, or breaking it takes more events.
    The time limit and Ctrl-C end the search with what it found; a rule the
    search did not finish is never reported safe. Exit 0 (130 when
    interrupted), 2 on bad input.
    """
    from govrules.analysis.explore import check_bounds, select_rules
    from govrules.analysis.explore import explore as run_explore
    from govrules.errors import GovrulesError
    from govrules.reports.explore import render_explore

    try:
        check_bounds(depth, time_limit, jobs)
    except GovrulesError as exc:
        fail_error(exc)
    loaded = load_pack_or_fail(pack, sources)
    try:
        chosen = select_rules(loaded, rules)
        with _progress(len(chosen)) as advance:
            exploration = run_explore(
                loaded,
                rules=[r.id for r in chosen],
                depth=depth,
                time_limit=time_limit,
                jobs=jobs,
                progress=advance,
            )
    except GovrulesError as exc:
        fail_error(exc)
    files = _write_scenarios(exploration, output) if output is not None else None
    write_output(render_explore(exploration, fmt.value, files=files, colour=use_colour(None)), None)
    raise typer.Exit(INTERRUPTED if exploration.interrupted else Exit.OK)


def register(app: typer.Typer) -> None:
    app.command("explore")(explore)
