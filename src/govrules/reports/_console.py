"""Rendering rich text and tables to a string, with or without colour.

Every report is built as a string first and written whole, so the same code
serves stdout, ``--output`` files and the tests. Without colour the result holds
no escape codes at all; its width is fixed (see :func:`output_width`) so that
what a pipe or a snapshot receives never depends on the terminal it ran in.
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

DEFAULT_WIDTH = 100


def output_width(colour: bool) -> int:
    """The width to lay text out in: the terminal's, else ``COLUMNS``, else 100."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 40:
        return int(columns)
    if colour:
        return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def render_rich(
    *renderables: Any, colour: bool, width: int | None = None, soft_wrap: bool = False
) -> str:
    """Render rich objects as a string: ANSI colour if ``colour``, plain text otherwise.

    ``soft_wrap`` leaves the lines of :class:`~rich.text.Text` renderables as they are
    (text already folded by :func:`wrapped`, or lines best left whole); tables are
    always laid out to the width.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        width=width or output_width(colour),
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable, soft_wrap=soft_wrap and isinstance(renderable, Text))
    text = buffer.getvalue()
    if not colour:
        # Tables pad every cell to the column's width; trailing blanks are noise in a diff.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.rstrip("\n") + "\n"


def wrapped(text: str, indent: str, width: int, first: str | None = None) -> str:
    """A paragraph folded to ``width``, its lines indented (``first`` for the first line)."""
    return textwrap.fill(
        " ".join(text.split()),
        width=max(20, width),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def styled(text: str, style: str = "") -> Text:
    return Text(text, style=style)


def display_path(path: str | Path) -> str:
    """A path as a person should see it: relative to the working directory when inside it."""
    candidate = Path(path)
    if not candidate.is_absolute():
        return candidate.as_posix()
    try:
        return candidate.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return candidate.as_posix()
