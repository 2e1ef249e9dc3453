"""What every subcommand shares: error output, exit codes, safe file writing."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn

import typer

from govrules.errors import GovrulesError, InputError, Problem


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
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(Exit.BAD_INPUT)


def write_output(text: str, output: Path | None) -> None:
    """Write to ``output`` whole or not at all (a temporary file, then a rename); else stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        fail([Problem("the output's directory does not exist", file=str(output))])
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def use_colour(output: Path | None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def run_app(app: Any) -> None:
    """Run the typer app, mapping usage errors to exit 2 and keeping tracebacks out."""
    try:
        app(standalone_mode=True)
    except GovrulesError as exc:  # pragma: no cover - commands catch their own
        for line in str(exc).splitlines():
            typer.echo(line, err=True)
        sys.exit(Exit.BAD_INPUT)
