"""``govrules check``: replay scenario files and report broken commitments."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from govrules.cli._common import (
    COLOUR_OPTION,
    SOURCES_HELP,
    Colour,
    Exit,
    fail,
    fail_error,
    use_colour,
    write_output,
)
from govrules.errors import GovrulesError, Problem
from govrules.formats import Format
from govrules.output import is_stdout

if TYPE_CHECKING:
    from govrules.findings import Report


class EngineName(StrEnum):
    DURABLE = "durable"
    COMPILED = "compiled"
    REFERENCE = "reference"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


def check(
    paths: list[str] = typer.Argument(
        ...,
        help="Scenario files (.yaml, .yml, .json, .jsonl) or directories holding them; "
        "`-` reads one scenario from standard input.",
        show_default=False,
    ),
    pack: str | None = typer.Option(
        None,
        "--pack",
        help="Check every scenario against this pack (a bundled pack's name or a pack "
        "directory). Without it, each scenario is checked against the pack it names "
        "(`pack:`), or the default bundled pack.",
    ),
    sources: list[Path] = typer.Option([], "--sources", help=SOURCES_HELP, show_default=False),
    engine: EngineName = typer.Option(
        EngineName.DURABLE,
        "--engine",
        help="The rule engine: durable (durable-rules, the default), compiled (the reference "
        "semantics compiled to Python closures, the fastest) or reference (the specification).",
    ),
    fmt: Format = typer.Option(
        Format.TEXT,
        "--format",
        help="The report format: text (for people; the quote under each finding), concise "
        "(one line per finding), json, sarif (SARIF 2.1.0, for code scanning), junit (JUnit "
        "XML, for CI dashboards) or html (one self-contained page with each scenario's "
        "timeline).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the report to this file (whole or not at all); the summary goes to stderr.",
    ),
    fail_on: FailOn = typer.Option(
        FailOn.ERROR, "--fail-on", help="Exit 1 when a finding is at or above this severity."
    ),
    param: list[str] = typer.Option(
        [],
        "--param",
        help="Give a pack parameter another value for this run, as NAME=VALUE (the value read "
        "as YAML, of the parameter's type); may be repeated. The report records it.",
        show_default=False,
    ),
    select: list[str] = typer.Option(
        [],
        "--select",
        help="Check only these rules (ids, repeated or separated by commas).",
        show_default=False,
    ),
    ignore: list[str] = typer.Option(
        [],
        "--ignore",
        help="Leave these rules out (ids, repeated or separated by commas).",
        show_default=False,
    ),
    exclude: list[str] = typer.Option(
        [],
        "--exclude",
        help="Leave out files and directories matching this gitignore-style pattern; may be "
        "repeated. Directory scans also skip hidden and git-ignored paths.",
        show_default=False,
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help="One line per finding and no summary (with --output: nothing on stderr but problems).",
    ),
    statistics: bool = typer.Option(
        False, "--statistics", help="Count the findings of each rule instead of listing them."
    ),
    color: Colour = COLOUR_OPTION,
    why: bool = typer.Option(
        False,
        "--why",
        help="For each finding, the smallest change to its event that would make the rule hold; "
        "for a scenario that breaks nothing, each event's nearest breaks (text and json).",
    ),
) -> None:
    """Check scenario files against a pack's commitments.

    Replays each scenario from the pack's initial state and reports every event
    that breaks a rule, with the quotes from the source the rule rests on. Exit
    0 when no finding reaches --fail-on, 1 when one does, 2 on bad input (the
    report still covers every file that could be read).
    """
    import gc

    from govrules import _startup
    from govrules.checker import check as run_check
    from govrules.overrides import parse_assignments, split_rule_ids

    # What is loaded so far lives as long as the run: the collector need not
    # walk it again and again while a long stream is checked. It was paused
    # since the start (govrules._startup), and runs from here.
    gc.freeze()
    _startup.resume()
    if statistics and fmt not in (Format.TEXT, Format.CONCISE):
        fail(
            [
                Problem(
                    f"`--statistics` counts findings as text; it cannot be combined with"
                    f" `--format {fmt.value}`",
                    help="leave out `--format`, or `--statistics`",
                )
            ]
        )
    try:
        report = run_check(
            paths,
            pack,
            engine.value,
            sources=sources,
            params=parse_assignments(param),
            select=split_rule_ids(select),
            ignore=split_rule_ids(ignore),
            exclude=exclude,
            partial=True,
            timeline=fmt is Format.HTML,
            why=why,
        )
    except GovrulesError as exc:
        fail_error(exc)
    text_only = fmt in (Format.TEXT, Format.CONCISE) or statistics
    if report.scenarios or not report.problems or not text_only:
        # When no file could be checked, a text report would only repeat the problems.
        write_output(partial(_write, report, fmt, output, color, quiet, statistics), output)
    if output is not None and not is_stdout(output) and not quiet:
        _summarise(report, output, color)
    for problem in report.problems:
        typer.echo(problem.render(), err=True)
    if report.problems:
        raise typer.Exit(Exit.BAD_INPUT)
    raise typer.Exit(Exit.FINDINGS if report.fails(fail_on.value) else Exit.OK)


def _write(
    report: Report,
    fmt: Format,
    output: Path | None,
    color: Colour,
    quiet: bool,
    stats: bool,
    stream: TextIO,
) -> None:
    from govrules.reports import write
    from govrules.reports.concise import render_statistics, write_concise

    colour = use_colour(None if output is None or is_stdout(output) else output, color)
    if stats:
        stream.write(render_statistics(report, colour=colour))
    elif quiet and fmt in (Format.TEXT, Format.CONCISE):
        write_concise(report, stream, colour=colour, summary=False)
    else:
        write(report, fmt, stream, colour=colour)


def _summarise(report: Report, output: Path, color: Colour) -> None:
    """With --output, what a log should still say: the findings (in full on a terminal,
    one line each otherwise) and the summary, on stderr."""
    from govrules.reports.concise import concise_chunks
    from govrules.reports.text import report_chunks, summary_text, write_chunks

    colour = use_colour(None, color, stream=sys.stderr)
    if sys.stderr.isatty():
        write_chunks(report_chunks(report), sys.stderr, colour)
    else:
        write_chunks(concise_chunks(report, summary=False), sys.stderr, colour)
        write_chunks([summary_text(report)], sys.stderr, colour)
    sys.stderr.write(f"report written to {output}\n")
    sys.stderr.flush()


def register(app: typer.Typer) -> None:
    app.command("check")(check)
