"""Reading JSON within limits, and finding the line of any value when it is asked for.

:func:`scan` looks at the text before :mod:`json` does, with regular
expressions that run at C speed and never recurse: nesting past
:data:`~govrules.limits.MAX_DEPTH` (``json`` recurses once per level, and ten
thousand ``[`` end in a ``RecursionError``), a number past
:data:`~govrules.limits.MAX_NUMBER_DIGITS` (Python refuses to convert one past
4,300 in words of its own), a text past
:data:`~govrules.limits.MAX_STRING_CHARS`, too many values. :func:`parse` then
reads the text strictly: no ``NaN`` or ``Infinity``, no key given twice.

:func:`lines` indexes the line of every key and item in one pass over the
tokens; documents build it only when a line is first asked for.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from govrules._yaml import Lines, ReadProblem
from govrules.limits import MAX_DEPTH, MAX_NODES, MAX_NUMBER_DIGITS, MAX_STRING_CHARS, beyond

# A string as JSON writes it: no raw line break inside (JSON escapes them).
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET = re.compile(r"[\[\]{}]")
_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
_LONG_NUMBER = re.compile(rf"(?<![0-9])[0-9]{{{MAX_NUMBER_DIGITS + 1}}}")


# A `\uD800`-`\uDFFF` escape that is not half of a pair. It must follow an even
# number of backslashes: `\\ud800` is a backslash and the text `ud800`.
_ESCAPE_START = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*(?P<escape>\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def scan(text: str) -> None:
    """Refuse, with its line, JSON text past a limit; never recurses, whatever the nesting."""
    if _ESCAPE_START.search(text):
        lone = _LONE_SURROGATE.search(text)
        if lone is not None:
            raise ReadProblem(
                f"the text holds a lone surrogate (`{lone['escape']}`), which is not a character",
                _line(text, lone.start()),
                help="a character past U+FFFF is written as a pair of escapes",
            )
    longest = [0, 0]

    def blank(match: re.Match[str]) -> str:
        size = match.end() - match.start()
        if size > longest[0]:
            longest[0], longest[1] = size, match.start()
        return '""'

    # Strings hold no raw line break, so the text without them keeps its lines.
    stripped = _STRING.sub(blank, text)
    if longest[0] - 2 > MAX_STRING_CHARS:
        raise ReadProblem(beyond("a text", MAX_STRING_CHARS, "characters"), _line(text, longest[1]))
    brackets = _NOT_BRACKET.sub("", stripped)
    if brackets and max(accumulate(map(_DEPTH.__getitem__, brackets))) > MAX_DEPTH:
        depths = accumulate(map(_DEPTH.__getitem__, brackets))
        index = next(i for i, depth in enumerate(depths) if depth > MAX_DEPTH)
        where = next(m for i, m in enumerate(_BRACKET.finditer(stripped)) if i == index)
        raise ReadProblem(beyond("nesting", MAX_DEPTH, "levels"), _line(stripped, where.start()))
    number = _LONG_NUMBER.search(stripped)
    if number is not None:
        raise ReadProblem(
            beyond("a number", MAX_NUMBER_DIGITS, "digits"), _line(stripped, number.start())
        )
    values = stripped.count(",") + stripped.count(":") + len(brackets) // 2 + 1
    if values > MAX_NODES:
        raise ReadProblem(beyond("the document holds values", MAX_NODES, "values"), 1)


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


def _constant(name: str) -> Any:
    raise ValueError(name)


def parse(text: str) -> Any:
    """JSON text as data; raises :class:`ReadProblem` with the line of the fault."""
    scan(text)
    try:
        return json.loads(text, parse_constant=_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ReadProblem(f"invalid JSON: {_words(exc.msg)}", exc.lineno) from None
    except _Duplicate as exc:
        index = lines(text, duplicate=exc.key)
        raise ReadProblem(
            f"key `{exc.key}` is given twice",
            index.line if index is not None else None,
            help="a mapping holds each key once",
        ) from None
    except ValueError as exc:  # NaN, Infinity (and -Infinity): not JSON
        found = str(exc)
        where = text.find(found)
        raise ReadProblem(
            f"invalid JSON: `{found}` is not a JSON number",
            _line(text, where) if where >= 0 else None,
            help="JSON has no NaN or infinities",
        ) from None
    except RecursionError:  # pragma: no cover - scan refuses such nesting first
        raise ReadProblem(beyond("nesting", MAX_DEPTH, "levels"), None) from None


_WORDS = {
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "a byte order mark inside the text",
}


def _words(message: str) -> str:
    """``json``'s messages are plain English already but for a few."""
    return _WORDS.get(message, message[:1].lower() + message[1:])


_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]|[^\s\[\]{},:"]+')


def lines(text: str, *, duplicate: str | None = None) -> Lines | None:
    """The line of every key and item of a JSON document, in one pass over its tokens.

    With ``duplicate``, the line returned is that of the second time that key is
    given in one mapping (for the message that refuses it).
    """
    root: Lines | None = None
    # Each open container's lines, and the key (with its line) waiting for a value.
    stack: list[tuple[Lines, list[Any]]] = []
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        first = token[0]
        if first in "]}":
            if stack:
                stack.pop()
            continue
        node = Lines(line, {} if first == "{" else [] if first == "[" else None)
        if stack:
            parent, pending = stack[-1]
            items = parent.items
            if isinstance(items, list):
                items.append(node)
            elif isinstance(items, dict):
                if not pending and first == '"':  # a key
                    key = token[1:-1] if "\\" not in token else json.loads(token)
                    if duplicate is not None and key == duplicate and key in items:
                        return Lines(line)
                    pending.append((key, line))
                    continue
                if pending:
                    key, key_line = pending.pop()
                    items[key] = Lines(key_line, node.items)
        elif root is None:
            root = node
        if first in "[{":
            stack.append((node, []))
    return root
