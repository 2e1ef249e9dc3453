"""The inputs issue 11 lists, as builders: each writes its files into a directory
and gives the ``govrules`` arguments that read them, and the exit code expected.

Shared by the real-process regression test (``test_hostile_inputs.py``) and the
fuzz test, which mutates some of them further.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _support import MINI

HEAD = "name: x\nevents:\n"
EVENT = "  - kind: parent.changed\n    at: {at}\n    to: P\n    nonprofit: true\n"
SEATS = "  - kind: member.seats_changed\n    at: 2024-01-01\n    body: board\n    member: Alpha\n"
JSONL_EVENT = {"kind": "parent.changed", "at": "2024-01-01", "to": "P", "nonprofit": True}


@dataclass(frozen=True)
class Hostile:
    """One input: how to lay it out, and what ``govrules`` must answer."""

    name: str
    build: Callable[[Path], list[str]]  # writes files into the directory, returns the arguments
    exit: int = 2
    names: str | None = None  # what the message must name (the file read, by default)


def _file(name: str, content: str | bytes) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        path = work / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return ["check", "--pack", str(_mini(work)), name]

    return build


def _mini(work: Path) -> Path:
    target = work / "_mini"
    if not target.exists():
        shutil.copytree(MINI, target)
    return target


def _alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "name: x\n" + "\n".join(lines) + f"\nevents: [*a{levels - 1}]\n"


def _special(kind: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        path = work / "s.yaml"
        if kind == "zero":
            path.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "socket":
            server = socket.socket(socket.AF_UNIX)
            server.bind(str(path))  # the file stays after the socket is closed
            server.close()
        return ["check", "--pack", str(_mini(work)), "s.yaml"]

    return build


def _deep_directory(work: Path) -> list[str]:
    here = Path.cwd()
    os.chdir(work)
    try:
        (Path("deep")).mkdir()
        os.chdir("deep")
        for _ in range(1_100):  # one at a time: os.makedirs recurses per level
            os.mkdir("d")
            os.chdir("d")
        Path("s.yaml").write_text(HEAD + EVENT.format(at="2024-01-01"), encoding="utf-8")
    finally:
        os.chdir(here)
    return ["check", "--pack", str(_mini(work)), "deep"]


def tidy(work: Path) -> None:
    """Remove the 1,100-deep directory, if it was made, without recursing: ``shutil.rmtree``
    (and pytest's clean-up of old temporary directories) would overflow the stack."""
    top = work / "deep"
    if not top.is_dir():
        return
    here = Path.cwd()
    os.chdir(top)
    depth = 0
    try:
        while True:
            below = [e.name for e in os.scandir(".") if e.is_dir(follow_symlinks=False)]
            if below:
                os.chdir(below[0])
                depth += 1
                continue
            for entry in os.scandir("."):
                os.unlink(entry.name)
            if depth == 0:
                break
            name = Path.cwd().name
            os.chdir("..")
            depth -= 1
            os.rmdir(name)
    finally:
        os.chdir(here)
    top.rmdir()


def _symlink_loop(work: Path) -> list[str]:
    (work / "loop" / "a").mkdir(parents=True)
    (work / "loop" / "a" / "up").symlink_to("..")
    (work / "loop" / "self.yaml").symlink_to("self.yaml")
    return ["check", "--pack", str(_mini(work)), "loop"]


def _bad_lines(work: Path) -> list[str]:
    line = json.dumps({"kind": "nope", "at": "2024-01-01"}) + "\n"
    (work / "s.jsonl").write_text(line * 1_000_000, encoding="utf-8")
    return ["check", "--pack", str(_mini(work)), "s.jsonl"]


def _pack_link(file: str, target: str = "/etc/passwd") -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        mini = _mini(work)
        (mini / file).unlink()
        (mini / file).symlink_to(target)
        (work / "s.yaml").write_text(HEAD + EVENT.format(at="2024-01-01"), encoding="utf-8")
        return ["check", "--pack", str(mini), "s.yaml"]

    return build


def _colliding_params(work: Path) -> list[str]:
    mini = _mini(work)
    params = mini / "rules" / "mini" / "params.yaml"
    params.write_text(
        params.read_text(encoding="utf-8")
        + "  a:\n    value: 3\n    justified_by: [founding-board]\n    reason: x\n"
        + "  a.b:\n    value: 4\n    justified_by: [founding-board]\n    reason: x\n",
        encoding="utf-8",
    )
    (work / "s.yaml").write_text(HEAD + EVENT.format(at="2024-01-01"), encoding="utf-8")
    return ["check", "--pack", str(mini), "s.yaml"]


def _pack_option(value: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        (work / "s.yaml").write_text(HEAD + EVENT.format(at="2024-01-01"), encoding="utf-8")
        return ["check", "--pack", value, "s.yaml"]

    return build


_KIND = HEAD + '  - kind: "{}"\n    at: 2024-01-01\n'
_DEEP_JSONL = "[" * 10_000 + "]" * 10_000 + "\n"

HOSTILE: tuple[Hostile, ...] = (
    # -- limits ----------------------------------------------------------------------------------
    Hostile("alias bomb, nine levels", _file("s.yaml", _alias_bomb(9))),
    Hostile("alias bomb, five levels", _file("s.yaml", _alias_bomb(5))),
    Hostile("a million [ in YAML", _file("s.yaml", "[" * 1_000_000)),
    Hostile("a million [ in JSON", _file("s.json", "[" * 1_000_000)),
    Hostile(
        "YAML flow nesting 20,000 deep",
        _file("s.yaml", "name: x\nevents: " + "[" * 20_000 + "]" * 20_000 + "\n"),
    ),
    Hostile("10k brackets on a JSONL line", _file("s.jsonl", _DEEP_JSONL)),
    Hostile(
        "10k nested objects on a JSONL line",
        _file("s.jsonl", '{"a":' * 10_000 + "1" + "}" * 10_000 + "\n"),
    ),
    Hostile(
        "10k brackets in a JSONL header",
        _file("s.jsonl", '{"scenario": ' + _DEEP_JSONL.strip() + "}\n"),
    ),
    Hostile("a text of 200,000 characters", _file("s.yaml", _KIND.format("x" * 200_000))),
    Hostile("a JSONL line of 2 MiB", _file("s.jsonl", '{"kind": "' + "x" * 2_097_152 + '"}\n')),
    Hostile("a million bad JSONL lines", _bad_lines),
    # -- dates and counts ------------------------------------------------------------------------
    Hostile("at: 0", _file("s.yaml", HEAD + EVENT.format(at="0"))),
    Hostile("at: -0.0", _file("s.yaml", HEAD + EVENT.format(at="-0.0"))),
    Hostile("at: a timestamp", _file("s.yaml", HEAD + EVENT.format(at="2024-01-01T10:00:00"))),
    Hostile(
        "at: 0 in JSON",
        _file("s.json", json.dumps({"name": "x", "events": [{**JSONL_EVENT, "at": 0}]})),
    ),
    Hostile("at: -0.0 in JSONL", _file("s.jsonl", json.dumps({**JSONL_EVENT, "at": -0.0}))),
    Hostile('seats: "1_000"', _file("s.yaml", HEAD + SEATS + '    seats: "1_000"\n')),
    Hostile("seats: 1_000", _file("s.yaml", HEAD + SEATS + "    seats: 1_000\n")),
    Hostile("seats: .nan", _file("s.yaml", HEAD + SEATS + "    seats: .nan\n")),
    Hostile("seats: .inf", _file("s.yaml", HEAD + SEATS + "    seats: .inf\n")),
    Hostile("a date in year 0", _file("s.yaml", HEAD + EVENT.format(at="0000-01-01"))),
    Hostile("a date in year 10000", _file("s.yaml", HEAD + EVENT.format(at="10000-01-01"))),
    Hostile("30 February", _file("s.yaml", HEAD + EVENT.format(at="2024-02-30"))),
    # -- special files ---------------------------------------------------------------------------
    Hostile("a symlink to /dev/zero", _special("zero")),
    Hostile("a FIFO nobody writes to", _special("fifo")),
    Hostile("a socket", _special("socket")),
    Hostile("a directory nested 1,100 deep", _deep_directory),
    Hostile("a directory with symlink loops", _symlink_loop),
    # -- untrusted text --------------------------------------------------------------------------
    Hostile("an escape sequence in a kind", _file("s.yaml", _KIND.format("\\e]0;title\\a"))),
    Hostile("a bidi override in a kind", _file("s.yaml", _KIND.format("abc\\u202edef"))),
    Hostile("a line separator in a kind", _file("s.yaml", _KIND.format("a\\u2028b\\nc"))),
    Hostile("a control character in a kind", _file("s.yaml", _KIND.format("a\\x07b"))),
    # -- messages in the user's words ------------------------------------------------------------
    Hostile(
        "a 5,000-digit number in YAML", _file("s.yaml", HEAD + SEATS + f"    seats: {'9' * 5000}\n")
    ),
    Hostile(
        "a 5,000-digit number in JSON",
        _file("s.json", '{"name": "x", "events": [' + "9" * 5000 + "]}"),
    ),
    Hostile(
        "a 5,000-digit number in JSONL",
        _file("s.jsonl", '{"kind": "x", "at": ' + "9" * 5000 + "}\n"),
    ),
    Hostile("a NUL in YAML", _file("s.yaml", HEAD + "  - kind: a\x00b\n")),
    Hostile("invalid single-line JSON", _file("s.json", '{"name": "x", "events": [tru]}')),
    Hostile("a JSONL header of the wrong type", _file("s.jsonl", '{"scenario": {"name": 5}}\n')),
    # -- packs -----------------------------------------------------------------------------------
    Hostile(
        "facts.yaml linked to /etc/passwd",
        _pack_link("seeds/mini/facts.yaml"),
        names="seeds/mini/facts.yaml",
    ),
    Hostile(
        "a rule file linked to /etc/passwd",
        _pack_link("rules/mini/rules.yaml"),
        names="rules/mini/rules.yaml",
    ),
    Hostile(
        "params.yaml linked to /etc/passwd",
        _pack_link("rules/mini/params.yaml"),
        names="rules/mini/params.yaml",
    ),
    Hostile(
        "a source text linked to /etc/passwd",
        _pack_link("seeds/mini/source.txt"),
        names="source.txt",
    ),
    Hostile("parameters `a` and `a.b`", _colliding_params, names="params.yaml"),
    Hostile("--pack ''", _pack_option(""), names="--pack"),
    Hostile("--pack . outside a pack", _pack_option("."), names="`.`"),
    # -- anything else ---------------------------------------------------------------------------
    Hostile("random bytes", _file("s.yaml", bytes(range(256)) * 8)),
    Hostile("not UTF-8", _file("s.yaml", b"name: \xff\xfe\nevents: []\n")),
    Hostile("not UTF-8 in JSONL", _file("s.jsonl", b'{"kind": "\xff"}\n')),
    Hostile(
        "a lone surrogate escaped in JSON", _file("s.json", '{"name": "\\ud800", "events": []}')
    ),
    Hostile("a lone surrogate's bytes", _file("s.yaml", b"name: \xed\xa0\x80\nevents: []\n")),
    Hostile(
        "a lone surrogate escaped in JSONL",
        _file("s.jsonl", '{"kind": "parent.changed", "at": "2024-01-01", "to": "\\udc00"}\n'),
    ),
    Hostile("NaN in JSON", _file("s.json", '{"name": "x", "events": [NaN]}')),
    Hostile("Infinity in JSONL", _file("s.jsonl", '{"kind": "x", "at": Infinity}\n')),
    Hostile("a key twice in YAML", _file("s.yaml", "name: x\nname: y\nevents: []\n")),
    Hostile("a key twice in JSON", _file("s.json", '{"name": "x", "name": "y", "events": []}')),
    Hostile("!!python/object", _file("s.yaml", "name: !!python/object:os.system x\nevents: []\n")),
    Hostile(
        "!!python/object/apply",
        _file("s.yaml", 'name: x\nevents:\n  - !!python/object/apply:os.system ["echo unsafe"]\n'),
    ),
    Hostile(
        "a merge key",
        _file("s.yaml", "name: x\nevents:\n  - <<: {kind: parent.changed}\n    at: 2024-01-01\n"),
    ),
    Hostile("two documents", _file("s.yaml", "name: x\nevents: []\n---\nname: y\nevents: []\n")),
    # A byte order mark is allowed: the file is valid.
    Hostile(
        "a byte order mark", _file("s.yaml", "\ufeff" + HEAD + EVENT.format(at="2024-01-01")), 0
    ),
    Hostile(
        "a byte order mark in JSON",
        _file("s.json", "\ufeff" + json.dumps({"name": "x", "events": [JSONL_EVENT]})),
        0,
    ),
)
