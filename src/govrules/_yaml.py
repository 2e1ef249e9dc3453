"""Reading YAML as plain data, with the line of every value, in one pass and within limits.

ruamel.yaml's parser (its C parser when ``ruamel.yaml.clib`` is installed)
turns the text into events; this module builds the data from them itself,
iteratively, so that:

- nothing is ever constructed from a tag (a tag is a problem), and anchors,
  aliases and merge keys are refused where they appear, before anything is
  expanded (see :mod:`govrules.limits`);
- nesting, the number of values, a text's length and a number's digits are
  checked as the events come, so a million ``[`` stop at the hundred-and-first,
  long before a recursive reader would overflow the stack;
- the line of every key and item is recorded in the same pass
  (:class:`Lines`), so a problem or a finding anywhere in a twenty-thousand-event
  file is placed without reading it again.

Scalars are resolved by the YAML 1.2 core schema, strictly: ``true``/``false``,
``null``/``~``, integers (decimal, ``0o``, ``0x``) and floats (``.inf``,
``.nan`` included); ``1_000``, ``0b101``, ``yes`` stay text, so a count written
``1_000`` is reported rather than read as a thousand. Dates stay text too:
the models parse them, so YAML and JSON mean the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from govrules.limits import (
    MAX_DEPTH,
    MAX_LINE_BYTES,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_STRING_CHARS,
    beyond,
)

Loc = tuple[int | str, ...]


@dataclass
class Lines:
    """The line (1-based) of a value and, for a list or a mapping, of each item or key."""

    line: int
    items: list[Lines] | dict[str, Lines] | None = None

    def at(self, loc: Any) -> int:
        """The line of the value at ``loc``, as deep as the file allows.

        Parts of ``loc`` that name no key (pydantic inserts the union tag, for
        instance) are skipped, so a validation error's ``loc`` can be used as is.
        """
        node = self
        for part in loc:
            items = node.items
            if isinstance(items, list) and isinstance(part, int) and 0 <= part < len(items):
                node = items[part]
            elif isinstance(items, dict) and isinstance(part, str):
                node = items.get(part, node)
        return node.line


@dataclass
class ReadProblem(Exception):
    """A problem found while reading: its message, line (1-based), place and hint."""

    message: str
    line: int | None
    loc: Loc = ()
    help: str | None = None


_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+|\.[0-9]+(?:[eE][-+][0-9]+)?)"
)
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
_CONSTANTS: dict[str, Any] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "null": None,
    "Null": None,
    "NULL": None,
    "~": None,
    "": None,
}
# A plain scalar that may be a number starts with one of these.
_NUMERIC_START = frozenset("+-.0123456789")


def resolve(value: str, line: int, where: Callable[[], Loc]) -> Any:
    """A plain (unquoted) scalar as the YAML 1.2 core schema reads it."""
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if not value or value[0] not in _NUMERIC_START:
        return value
    if value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    digits = sum(c.isdigit() for c in value) if len(value) > MAX_NUMBER_DIGITS else 0
    if _INT.fullmatch(value):
        if digits > MAX_NUMBER_DIGITS:
            raise ReadProblem(beyond("a number", MAX_NUMBER_DIGITS, "digits"), line, where())
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if _FLOAT.fullmatch(value):
        if digits > MAX_NUMBER_DIGITS:
            raise ReadProblem(beyond("a number", MAX_NUMBER_DIGITS, "digits"), line, where())
        return float(value)
    return value


# Tried at the start of each line only, so the search is linear in the text.
_LONG_LINE = re.compile(rf"^[^\n]{{{MAX_LINE_BYTES + 1}}}", re.MULTILINE)


def _line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_lines(text: str) -> None:
    """Refuse a line longer than :data:`MAX_LINE_BYTES` before any parser reads it."""
    if len(text) > MAX_LINE_BYTES:
        long = _LONG_LINE.search(text)
        if long is not None:
            raise ReadProblem(
                beyond("a line", MAX_LINE_BYTES, "characters"),
                _line_of_offset(text, long.start()),
            )


def _parser_problem(exc: Exception, text: str) -> ReadProblem:
    """A ruamel error as a problem in the user's words, at its line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or (str(exc).splitlines() or ["cannot be read"])[0]
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if "unacceptable character" in str(what) or character is not None:
        # The reader refuses control characters other than tab and line breaks.
        found = re.search(r"#x([0-9a-fA-F]+)", str(exc))
        code = int(found.group(1), 16) if found else None
        if line is None and isinstance(position, int):
            line = _line_of_offset(text, position)
        if line is None and code is not None:
            line = _line_of_offset(text, text.find(chr(code)))
        shown = f" (U+{code:04X})" if code is not None else ""
        return ReadProblem(
            f"invalid YAML: a character YAML does not allow{shown}",
            line,
            help="YAML text holds no control characters but tab and line breaks;"
            " write them as escapes in a double-quoted string",
        )
    return ReadProblem(f"invalid YAML: {what}", line)


_ANCHORS_HELP = "these files are data written out in full: no anchors, aliases or merge keys"
_NO_KEY: Any = object()  # a mapping waiting for a key
_BAD_KEY: Any = object()  # a key refused: its value is read, then left out


class _Open:
    """A list or mapping being read: its value, lines, and place in its parent."""

    __slots__ = ("bad", "key", "key_line", "lines", "part", "value")

    def __init__(self, value: Any, lines: Lines, part: int | str | None, bad: bool) -> None:
        self.value, self.lines, self.part, self.bad = value, lines, part, bad
        self.key: Any = _NO_KEY
        self.key_line = 0


class _Builder:
    """Builds plain data and its :class:`Lines` from parser events, without recursion."""

    def __init__(self) -> None:
        self.problems: list[ReadProblem] = []
        self.stack: list[_Open] = []
        self.root: Any = None
        self.root_lines: Lines | None = None

    def where(self) -> Loc:
        """The place of the value being read (computed only for a problem)."""
        parts = [f.part for f in self.stack[1:] if f.part is not None]
        if self.stack:
            top = self.stack[-1]
            if isinstance(top.value, list):
                parts.append(len(top.value))
            elif isinstance(top.key, str):
                parts.append(top.key)
        return tuple(p for p in parts if p is not None)

    def part(self) -> int | str | None:
        """The place a new value takes in the open container."""
        if not self.stack:
            return None
        top = self.stack[-1]
        if isinstance(top.value, list):
            return len(top.value)
        return top.key if isinstance(top.key, str) else None

    def add(self, value: Any, lines: Lines, scalar: bool) -> None:
        """Place a finished value in the open container (or as the document)."""
        if not self.stack:
            self.root, self.root_lines = value, lines
            return
        top = self.stack[-1]
        container = top.value
        if type(container) is list:
            container.append(value)
            top.lines.items.append(lines)  # type: ignore[union-attr]
            return
        key = top.key
        if key is _NO_KEY:  # this value is a key
            top.key_line = lines.line
            if not scalar:
                self.problems.append(
                    ReadProblem(
                        "a key must be a text, not a list or a mapping", lines.line, self.where()
                    )
                )
                top.key = _BAD_KEY
            elif type(value) is not str:
                self.problems.append(
                    ReadProblem(f"key `{value}` must be a string", lines.line, self.where())
                )
                top.key = _BAD_KEY
            elif value in container:
                first = cast("dict[str, Lines]", top.lines.items)[value].line
                self.problems.append(
                    ReadProblem(
                        f"key `{value}` is given twice (first on line {first})",
                        lines.line,
                        self.where(),
                        help="a mapping holds each key once",
                    )
                )
                top.key = _BAD_KEY
            else:
                top.key = value
            return
        top.key = _NO_KEY
        if key is _BAD_KEY:
            return
        container[key] = value
        # A key's line is where the key is written (a block value may start below it).
        top.lines.items[key] = Lines(top.key_line, lines.items)  # type: ignore[index]


def _parser(text: str) -> Any:
    """ruamel's C parser over ``text`` when it is installed, else its Python parser."""
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - without ruamel.yaml.clib
        from ruamel.yaml import YAML

        return iter(YAML(typ="safe", pure=True).parse(text))
    parser = CParser(text)

    def events() -> Any:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return

    return events()


def compose(text: str) -> tuple[Any, Lines | None, list[ReadProblem]]:
    """The data of one YAML document, its lines, and the problems found.

    Raises :class:`ReadProblem` for a problem that ends reading (text that is
    not YAML, a limit passed, an anchor or alias); returns the others (tags,
    keys), each at its line.
    """
    from ruamel.yaml.error import YAMLError

    check_lines(text)
    builder = _Builder()
    stack = builder.stack
    add = builder.add
    nodes = documents = 0
    try:
        for event in _parser(text):
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                line = event.start_mark.line + 1
                nodes += 1
                if nodes > MAX_NODES:
                    raise ReadProblem(
                        beyond("the document holds values", MAX_NODES, "values"), line
                    )
                if event.anchor is not None:
                    raise ReadProblem(
                        f"YAML anchor `&{event.anchor}` is not allowed",
                        line,
                        builder.where(),
                        help=_ANCHORS_HELP,
                    )
                tagged = event.tag is not None
                if tagged:
                    builder.problems.append(
                        ReadProblem(
                            f"YAML tag `{event.tag}` is not allowed",
                            line,
                            builder.where(),
                            help="these files are data; remove the tag",
                        )
                    )
                if kind is ScalarEvent:
                    value = event.value
                    if tagged:
                        value = None
                    elif len(value) > MAX_STRING_CHARS:
                        raise ReadProblem(
                            beyond("a text", MAX_STRING_CHARS, "characters"), line, builder.where()
                        )
                    elif event.implicit[0]:  # plain: resolved by the schema
                        if value == "<<" and stack and stack[-1].key is _NO_KEY:
                            raise ReadProblem(
                                "YAML merge key `<<` is not allowed",
                                line,
                                builder.where(),
                                help=_ANCHORS_HELP,
                            )
                        value = resolve(value, line, builder.where)
                    add(value, Lines(line), True)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise ReadProblem(beyond("nesting", MAX_DEPTH, "levels"), line, builder.where())
                if kind is MappingStartEvent:
                    frame = _Open({}, Lines(line, {}), builder.part(), tagged)
                else:
                    frame = _Open([], Lines(line, []), builder.part(), tagged)
                stack.append(frame)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                add(None if frame.bad else frame.value, frame.lines, False)
            elif kind is AliasEvent:
                raise ReadProblem(
                    f"YAML alias `*{event.anchor}` is not allowed",
                    event.start_mark.line + 1,
                    builder.where(),
                    help=_ANCHORS_HELP,
                )
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise ReadProblem(
                        "the file holds more than one YAML document (a second starts here)",
                        event.start_mark.line + 1,
                        help="one scenario or pack file per file: remove the `---` line",
                    )
    except YAMLError as exc:
        raise _parser_problem(exc, text) from None
    return builder.root, builder.root_lines, builder.problems
