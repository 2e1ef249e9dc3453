"""JSON written as it is made: a report's findings are read one at a time, never all held.

:func:`write_json` writes exactly what ``json.dumps(data, indent=2,
ensure_ascii=False)`` would, except that a :class:`Lazy` in ``data`` stands for
a list whose items are made only as they are written (and made again, should
the data be written twice). :func:`materialise` turns the lazy lists into
lists, for a caller that wants the data itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

INDENT = "  "


class Lazy:
    """A list whose items are made as they are written (``make`` is called on each pass)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make())


def _has_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_has_lazy(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_lazy(v) for v in value)
    return False


def _dumps(value: Any, level: int) -> str:
    text = json.dumps(value, indent=len(INDENT), ensure_ascii=False)
    # JSON text holds no raw line break but those of its layout.
    return text.replace("\n", "\n" + INDENT * level) if level else text


def _write(value: Any, stream: TextIO, level: int) -> None:
    if not _has_lazy(value):
        stream.write(_dumps(value, level))
        return
    inner = "\n" + INDENT * (level + 1)
    if isinstance(value, dict):
        stream.write("{")
        for n, (key, item) in enumerate(value.items()):
            stream.write(("," if n else "") + inner + json.dumps(key, ensure_ascii=False) + ": ")
            _write(item, stream, level + 1)
        stream.write("\n" + INDENT * level + "}")
        return
    empty = True
    for item in value:
        stream.write(("[" if empty else ",") + inner)
        _write(item, stream, level + 1)
        empty = False
    stream.write("[]" if empty else "\n" + INDENT * level + "]")


def write_json(data: Any, stream: TextIO) -> None:
    """``data`` as indented JSON (two spaces, UTF-8 kept), each lazy list made as written."""
    _write(data, stream, 0)


def materialise(data: Any) -> Any:
    """``data`` with every lazy list made into a list."""
    if isinstance(data, Lazy | list | tuple):
        return [materialise(v) for v in data]
    if isinstance(data, dict):
        return {k: materialise(v) for k, v in data.items()}
    return data
