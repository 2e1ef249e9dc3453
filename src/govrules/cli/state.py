"""``govrules state PATH``: replay a scenario and show the governance state after it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    OUTPUT_HELP,
    PACK_HELP,
    SOURCES_HELP,
    Colour,
    fail,
    fail_error,
    load_pack_or_fail,
    use_colour,
    write_output,
)
from govrules.cli.facts import ListFormat


def _date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def state(
    path: Path = typer.Argument(
        ...,
        metavar="PATH",
        help="A scenario file (.yaml, .yml, .json or .jsonl).",
        show_default=False,
    ),
    at: str | None = typer.Option(
        None,
        "--at",
        metavar="DATE",
        help="Show the state after the last event on or before DATE (YYYY-MM-DD).",
    ),
    pack: str | None = typer.Option(
        None, "--pack", help=PACK_HELP + " Without it: the pack the scenario names."
    ),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    fmt: ListFormat = typer.Option(ListFormat.TEXT, "--format", help="text or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    color: Colour = COLOUR_OPTION,
) -> None:
    """Replay a scenario and show the state after it.

    Shows each body's members with their affiliations, seats and shares, then
    the steward, the transition, the parent, projects and licences, member
    organisations, pledges, policies and pending decisions: what the rules see
    as `after.*` (`--format json` prints exactly that view). With --at, only the events dated on or
    before DATE are applied. Exit 2 on bad input.
    """
    from govrules.errors import GovrulesError, Problem
    from govrules.reports.state import render_state, snapshot

    when: dt.date | None = None
    if at is not None:
        when = _date(at)
        if when is None:
            fail(
                [
                    Problem(
                        f"invalid date `{at}` for `--at`",
                        help="write the date as YYYY-MM-DD, for example 2023-03-01",
                    )
                ]
            )
    if path.is_dir():
        fail([Problem("is a directory, expected a scenario file", file=str(path))])
    if pack is None:
        from govrules.scenario import ScenarioReader

        try:
            header = ScenarioReader.open(path, str(path)).header
        except GovrulesError as exc:
            fail_error(exc)
        pack = header.pack if header is not None else None
    loaded = load_pack_or_fail(pack, sources)
    try:
        snap = snapshot(loaded, path, str(path), when)
    except GovrulesError as exc:
        fail_error(exc)
    write_output(render_state(snap, fmt.value, colour=use_colour(output, color)), output)


def register(app: typer.Typer) -> None:
    app.command("state")(state)
