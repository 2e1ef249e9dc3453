"""Text output: plain off a terminal, coloured on one, never coloured with NO_COLOR."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _support import MINI
from conftest import ROOT
from govrules.cli._common import use_colour
from govrules.reports import Format, render
from govrules.reports.catalogue import render_facts, render_rules
from govrules.reports.explain import render_explain
from govrules.reports.lint import render_lint
from govrules.reports.state import render_state, snapshot
from reports.cases import case_named, pack_of, report_of

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BREAKS = case_named("breaks.yaml")


def test_coloured_text_is_the_plain_text_with_escape_codes() -> None:
    report = report_of(BREAKS)
    plain = render(report, Format.TEXT)
    coloured = render(report, Format.TEXT, colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


@pytest.mark.parametrize("which", ["facts", "rules", "explain", "state", "validate"])
def test_tables_explain_state_and_validate_colour_only_when_asked(which: str) -> None:
    from govrules.lint import lint

    pack = pack_of(BREAKS)
    if which == "facts":
        plain, coloured = render_facts(pack, "text"), render_facts(pack, "text", colour=True)
    elif which == "rules":
        plain, coloured = render_rules(pack, "text"), render_rules(pack, "text", colour=True)
    elif which == "explain":
        rule = pack.rules[0]
        plain = render_explain(pack, rule, "text")
        coloured = render_explain(pack, rule, "text", colour=True)
    elif which == "state":
        snap = snapshot(pack, BREAKS.path, BREAKS.display)
        plain, coloured = render_state(snap, "text"), render_state(snap, "text", colour=True)
    else:
        result = lint(str(MINI))
        plain, coloured = render_lint(result, "text"), render_lint(result, "text", colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured


@pytest.mark.parametrize(
    ("tty", "no_color", "output", "expected"),
    [
        (True, None, None, True),
        (True, "1", None, False),
        (True, None, Path("report.txt"), False),
        (False, None, None, False),
    ],
)
def test_use_colour(
    monkeypatch: pytest.MonkeyPatch,
    tty: bool,
    no_color: str | None,
    output: Path | None,
    expected: bool,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert use_colour(output) is expected


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_on_a_real_terminal(no_color: bool) -> None:
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    if no_color:
        env["NO_COLOR"] = "1"
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "govrules", "check", "--pack", str(MINI), str(BREAKS.path)],
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    out = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 1, proc.stderr
    assert "seat-share" in out
    assert ("\x1b[" in out) is not no_color
