"""What every subcommand shares: error output, exit codes, safe file writing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer

from govrules.errors import GovrulesError, InputError, Problem
from govrules.untrusted import shown_message

if TYPE_CHECKING:
    from govrules.pack import Pack


class Exit(IntEnum):
    """The documented exit codes."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2


def fail(problems: list[Problem]) -> NoReturn:
    """Print one line per problem on stderr and exit with 2."""
    for problem in problems:
        typer.echo(problem.render(), err=True)
    raise typer.Exit(Exit.BAD_INPUT)


def fail_error(exc: GovrulesError) -> NoReturn:
    if isinstance(exc, InputError):
        fail(exc.problems)
    typer.echo(f"error: {shown_message(str(exc))}", err=True)
    raise typer.Exit(Exit.BAD_INPUT)


def write_output(content: str | Callable[[TextIO], None], output: Path | None) -> None:
    """Write to ``output`` whole or not at all (see :mod:`govrules.output`); else stdout.

    ``content`` is the text, or a function that writes it to the stream it is
    given (a long report is written as it is made). ``-`` and ``/dev/stdout``
    are stdout.
    """
    from govrules.output import atomic_output, is_stdout

    def write(stream: TextIO) -> None:
        if callable(content):
            content(stream)
        else:
            stream.write(content)

    if output is None or is_stdout(output):
        write(sys.stdout)
        sys.stdout.flush()
        return
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        fail([Problem("the output's directory does not exist", file=str(output))])
    if output.is_dir():
        fail([Problem("is a directory, expected a file to write", file=str(output))])
    try:
        with atomic_output(output) as stream:
            write(stream)
    except OSError as exc:
        fail([Problem(f"cannot write the output: {exc.strerror or exc}", file=str(output))])


class Colour(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


COLOUR_OPTION: Any = typer.Option(
    Colour.AUTO,
    "--color",
    help="Colour the text: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it),"
    " always or never.",
)


def use_colour(
    output: Path | None, colour: Colour = Colour.AUTO, *, stream: TextIO | None = None
) -> bool:
    """Whether to colour text written to ``stream`` (stdout by default).

    ``--color always`` or ``never`` decides; with ``auto``, a file is never
    coloured, ``NO_COLOR`` turns colour off, ``FORCE_COLOR`` turns it on, and
    otherwise the stream is coloured when it is a terminal.
    """
    if colour is Colour.ALWAYS:
        return True
    if colour is Colour.NEVER or (output is not None and stream is None):
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty()


def run_app(app: Any) -> None:
    """Run the typer app, mapping usage errors to exit 2 and keeping tracebacks out.

    SIGINT, SIGTERM and SIGHUP end the command with 128 + the signal's number,
    as a shell reports a process a signal ended (130 for ^C), never with a
    code that reads as a verdict; an output file being written is left as it
    was (:mod:`govrules.output`).
    """
    from govrules.output import Interrupted, raise_if_signalled, raise_on_signals

    raise_on_signals()  # for the whole run: the process ends with it
    try:
        try:
            app(standalone_mode=True)
        except SystemExit:
            raise_if_signalled()  # one whose exception was lost still ends the run so
            raise
    except GovrulesError as exc:  # pragma: no cover - commands catch their own
        problems = exc.problems if isinstance(exc, InputError) else [Problem(str(exc))]
        for problem in problems:
            typer.echo(problem.render(), err=True)
        sys.exit(Exit.BAD_INPUT)
    except Interrupted as exc:
        import signal

        name = signal.Signals(exc.signum).name
        typer.echo(f"interrupted by {name}: no output file was changed", err=True)
        sys.exit(exc.exit_code)


PACK_HELP = "A bundled pack's name or a pack directory. [default: the default bundled pack]"
OUTPUT_HELP = "Write to this file (whole or not at all) instead of stdout."
SOURCES_HELP = (
    "A directory holding the packs' source texts (DIR/PACK/FILE or DIR/FILE), to verify quotes "
    "against; may be repeated. GOVRULES_SOURCES adds more."
)


def load_pack_or_fail(pack: str | None, sources: list[Path] | None = None) -> Pack:
    """The loaded pack, or exit 2 listing every problem with it."""
    from govrules.pack import load_pack

    try:
        return load_pack(pack, sources=sources or ())
    except GovrulesError as exc:
        fail_error(exc)
