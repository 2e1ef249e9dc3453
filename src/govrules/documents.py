"""Reading YAML and JSON documents so that every value keeps its line.

YAML is read with ruamel.yaml's round-trip loader, which records the line of
every key and item and never constructs Python objects from tags (tags are
refused outright). JSON is read with :mod:`json` (its error positions are
exact) and its lines are recovered by reading the same text as YAML 1.2, of
which JSON is a subset. The data handed on is plain: dicts, lists, str, int,
float, bool and None; YAML dates become ISO strings, so a scenario means the
same in YAML and in JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govrules.errors import InputError, Problem

Loc = Sequence[int | str]


def render_path(loc: Loc) -> str:
    """``("events", 3, "seats")`` as ``events[3].seats``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class Document:
    """A parsed file: its plain data and a way back to line numbers."""

    file: str
    data: Any
    _tree: Any = None
    line_offset: int = 0
    # The text, kept until a line is first asked for: the tree that knows
    # lines is read only then (most loads never need it).
    _text: str | None = None

    def _lines(self) -> Any:
        if self._text is not None:
            try:
                self._tree = _yaml().load(self._text)
            except Exception:
                self._tree = None  # lines are a courtesy; the data is already read
            self._text = None
        return self._tree

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the value at ``loc``, as deep as the file allows.

        Parts of ``loc`` that name no key (pydantic inserts the union tag, for
        instance) are skipped, so a validation error's ``loc`` can be used as is.
        """
        node = self._lines()
        line: int | None = None
        if node is None:
            return None
        if hasattr(node, "lc"):
            line = node.lc.line + 1
        for part in loc:
            if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                line = _item_line(node, part, line)
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                line = _key_line(node, part, line)
                node = node[part]
        return None if line is None else line + self.line_offset

    def problem(self, message: str, loc: Loc = (), help: str | None = None) -> Problem:
        """A :class:`Problem` located at ``loc`` in this document."""
        return Problem(
            message,
            file=self.file,
            line=self.line_of(loc),
            path=render_path(loc) or None,
            help=help,
        )


def _item_line(node: Any, index: int, default: int | None) -> int | None:
    try:
        return int(node.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


def _key_line(node: Any, key: str, default: int | None) -> int | None:
    try:
        return int(node.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return default


@cache
def _constructors() -> tuple[type, type]:
    """ruamel's safe and round-trip constructors, with dates read as text.

    Subclasses, so the change is govrules' own: ``add_constructor`` is a class
    method, and on ruamel's classes it would change every YAML reader in the
    process (an embedding program's too).
    """
    from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor

    class Safe(SafeConstructor):
        pass

    class RoundTrip(RoundTripConstructor):
        pass

    # Dates stay text: pydantic parses them, so a bad date is reported with its
    # line like any other bad value (and YAML and JSON agree).
    for cls in (Safe, RoundTrip):
        cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    return Safe, RoundTrip


def _fast_yaml() -> Any:
    from ruamel.yaml import YAML

    # The C parser (ruamel.yaml.clib) when it is installed: about eight times
    # faster than the round-trip reader, and it too constructs only plain data.
    yaml = YAML(typ="safe")
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _constructors()[0]
    return yaml


def _yaml() -> Any:
    from ruamel.yaml import YAML

    # "rt" keeps line information; it builds only ruamel's own mapping and
    # sequence types, and any tag is refused below by _plain.
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _constructors()[1]
    return yaml


def _timestamp_as_text(_constructor: Any, node: Any) -> str:
    return str(node.value)


_Raw = tuple[str, tuple[int | str, ...], str | None]


def _plain(node: Any, loc: tuple[int | str, ...], problems: list[_Raw]) -> Any:
    """Convert a ruamel tree to plain data, refusing tags and non-string keys."""
    from ruamel.yaml.comments import TaggedScalar

    tag = getattr(node, "tag", None)
    tag_value = getattr(tag, "value", None) if tag is not None else None
    if isinstance(node, TaggedScalar) or tag_value is not None:
        problems.append(
            (f"YAML tag `{tag_value}` is not allowed", loc, "these files are data; remove the tag")
        )
        return None
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if not isinstance(key, str):
                problems.append((f"key `{key}` must be a string", loc, None))
                continue
            out[key] = _plain(value, (*loc, key), problems)
        return out
    if isinstance(node, list):
        return [_plain(v, (*loc, i), problems) for i, v in enumerate(node)]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.date):  # datetime is a date too
        return node.isoformat()
    problems.append((f"unsupported YAML value `{node!r}`", loc, None))
    return None


def _yaml_error(exc: Exception, file: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(f"invalid YAML: {what}", file=file, line=line)


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text; raises :class:`InputError` with the line of the fault.

    Well-formed files are read by the fast safe reader, their lines only when
    asked for; anything it refuses is read again by the round-trip reader, whose
    errors carry lines.
    """
    from ruamel.yaml.error import YAMLError

    try:
        fast: list[_Raw] = []
        data = _plain(_fast_yaml().load(text), (), fast)
        if not fast:
            return Document(file, data, _text=text)
    except Exception:
        pass
    try:
        tree = _yaml().load(text)
    except YAMLError as exc:
        raise InputError([_yaml_error(exc, file)]) from None
    except Exception as exc:  # ruamel raises a few non-YAMLError types on odd input
        raise InputError.one(f"invalid YAML: {exc}", file=file) from None
    problems: list[_Raw] = []
    data = _plain(tree, (), problems)
    doc = Document(file, data, tree)
    if problems:
        raise InputError([doc.problem(msg, loc, hint) for msg, loc, hint in problems])
    return doc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"`{name}` is not valid JSON")


def parse_json(text: str, file: str, *, line_offset: int = 0) -> Document:
    """Parse JSON text strictly (no NaN or Infinity); lines come from a YAML read."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError.one(
            f"invalid JSON: {exc.msg}", file=file, line=exc.lineno + line_offset
        ) from None
    except ValueError as exc:
        raise InputError.one(f"invalid JSON: {exc}", file=file, line=1 + line_offset) from None
    lines = text if "\n" in text.strip() else None
    return Document(file, data, line_offset=line_offset, _text=lines)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file, turning OS and decoding errors into problems."""
    name = display or str(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.one("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError.one("is a directory, expected a file", file=name) from None
    except UnicodeDecodeError as exc:
        raise InputError.one(
            f"not UTF-8 text (byte {exc.start} cannot be decoded)", file=name
        ) from None
    except OSError as exc:
        raise InputError.one(f"cannot read file: {exc.strerror}", file=name) from None


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse a YAML (``.yaml``/``.yml``) or JSON (``.json``) file."""
    name = display or str(path)
    text = read_text(path, name)
    if path.suffix.lower() == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)
