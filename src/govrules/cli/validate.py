"""``govrules validate``: lint a pack; exit 1 on any problem."""

from __future__ import annotations

from pathlib import Path

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    OUTPUT_HELP,
    PACK_HELP,
    SOURCES_HELP,
    Colour,
    Exit,
    fail_error,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat


def validate(
    pack: str | None = typer.Option(None, "--pack", help=PACK_HELP),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
    deep: bool = typer.Option(
        False,
        "--deep",
        help="Also ask the pack the deep questions: rules its initial state or its real history "
        "breaks, rules no short sequence of events breaks, redundant pairs, quotes that miss "
        "what a rule reads.",
    ),
    depth: int = typer.Option(3, "--depth", help="With --deep: the most events searched (1 to 8)."),
    time_limit: float | None = typer.Option(
        None,
        "--time-limit",
        help="With --deep: stop searching after this many seconds.",
        show_default=False,
    ),
    jobs: int = typer.Option(1, "--jobs", help="With --deep: search in this many processes."),
) -> None:
    """Lint a pack and exit 1 on any error.

    Errors: a quote not in its source, a recorded span that does not hold its
    quote, a rule resting on an unknown fact, an undeclared value, a condition
    that does not type-check, facts that make no valid initial state, and a rule
    whose example events, replayed from the pack's initial state, do not break
    it. Warnings: a source whose text was not found (its quotes unverified), a
    quote without a recorded span, a fact nothing uses that is not marked
    informational, a name or figure a fact asserts that its quotes lack, a
    parameter no rule reads. Lists the sources verified.

    With --deep, also: rules the pack's initial state or its real-history
    example (examples/NAME/ok--*) breaks (errors); rules no sequence of up to
    --depth events breaks, pairs where one rule fires whenever the other does,
    and rules whose quotes name none of what they read (warnings), each with
    its quotes. A finding the rule explains in its `deep:` notes is a note,
    not a problem. Exit 0 when clean (warnings allowed unless --strict), 1 on
    problems, 2 when the pack cannot be found or a bound is out of range.
    """
    from govrules.errors import GovrulesError
    from govrules.lint import Deep, lint
    from govrules.reports.lint import render_lint

    try:
        options = Deep(depth, time_limit, jobs) if deep else None
        result = lint(pack, sources, options)
    except GovrulesError as exc:
        fail_error(exc)
    write_output(render_lint(result, fmt.value, colour=use_colour(output, color)), output)
    raise typer.Exit(Exit.FINDINGS if result.fails(strict) else Exit.OK)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
