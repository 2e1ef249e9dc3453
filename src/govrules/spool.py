"""Findings kept compactly, so that a check's memory does not grow with its findings.

A long stream may break a rule with every event: a million findings held as
objects took gigabytes. Here each finding is one small record: the position of
its rule, its message, and its event's index, id, kind, date and line (and the
reason, for a suppressed one). What every finding of a rule shares (its id,
severity, title and quoted evidence) is kept once per checker
(:class:`RuleShared`), what every finding of a file shares (file, scenario) once
per file. Records go to a :class:`Spool`: a buffer in memory, which past
:data:`IN_MEMORY` bytes moves to a temporary file that has no name (the system
removes it however the process ends).

:class:`Findings` is the read-only sequence a :class:`~govrules.findings.ScenarioResult`
holds: it rebuilds each finding as it is read, knows its length and its count
per severity and per rule without reading anything, and compares equal to a
tuple of the same findings. Reading it from the start is cheap; indexing a
spooled one reads up to the item.
"""

from __future__ import annotations

import marshal
import os
import struct
import tempfile
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

    from govrules.findings import Finding, Support
    from govrules.pack.files import Severity

# Bytes of records a spool keeps in memory before it moves them to a temporary file.
IN_MEMORY = 4 << 20
# Bytes of one file's records gathered before they are handed to the spool in one piece.
CHUNK = 64 << 10
_LENGTH = struct.Struct("<I")

F = TypeVar("F", bound="Finding")


@dataclass(frozen=True, slots=True)
class RuleShared:
    """What every finding of one rule shares."""

    id: str
    severity: Severity
    title: str
    evidence: tuple[Support, ...]


class Spool:
    """Append-only bytes: in memory up to :data:`IN_MEMORY`, then in a nameless temporary file.

    Safe to share between threads: appends and reads take a lock.
    """

    def __init__(self, in_memory: int | None = None) -> None:
        self._limit = IN_MEMORY if in_memory is None else in_memory
        self._memory = bytearray()
        self._file: IO[bytes] | None = None
        self._size = 0
        self._lock = threading.Lock()

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def append(self, data: bytes | bytearray) -> int:
        """Add ``data``; returns its offset. Raises :class:`OSError` when the disk is full."""
        with self._lock:
            offset = self._size
            if self._file is None and len(self._memory) + len(data) > self._limit:
                # TemporaryFile has no name on POSIX systems: nothing is left behind.
                # It lives as long as the spool, and is closed when the spool goes.
                self._file = tempfile.TemporaryFile(prefix="govrules-findings-")  # noqa: SIM115
                weakref.finalize(self, self._file.close)
                self._file.write(self._memory)
                self._memory = bytearray()
            if self._file is not None:
                self._file.seek(0, os.SEEK_END)
                self._file.write(data)
            else:
                self._memory += data
            self._size += len(data)
            return offset

    def read(self, offset: int, length: int) -> bytes:
        with self._lock:
            if self._file is None:
                return bytes(self._memory[offset : offset + length])
            self._file.flush()
            return os.pread(self._file.fileno(), length, offset)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()


Record = tuple[Any, ...]  # (rule position, message, index, id, kind, at, line[, reason])


class FindingsWriter(Generic[F]):
    """Collects the findings of one file as records, for a :class:`Findings`."""

    def __init__(
        self,
        cls: type[F],
        rules: Sequence[RuleShared],
        file: str,
        scenario: str,
        spool: Spool,
    ) -> None:
        self._cls, self._rules, self._file, self._scenario = cls, rules, file, scenario
        self._spool = spool
        self._buffer = bytearray()
        self._segments: list[tuple[int, int]] = []
        self._severities: Counter[str] = Counter()
        self._per_rule: Counter[int] = Counter()
        self._count = 0

    def add(self, record: Record) -> None:
        data = marshal.dumps(record)
        self._buffer += _LENGTH.pack(len(data))
        self._buffer += data
        rule = record[0]
        self._per_rule[rule] += 1
        self._severities[self._rules[rule].severity.value] += 1
        self._count += 1
        if len(self._buffer) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._segments.append((self._spool.append(self._buffer), len(self._buffer)))
            self._buffer = bytearray()

    def done(self) -> Findings[F]:
        self._flush()
        return Findings(
            self._cls,
            self._rules,
            self._file,
            self._scenario,
            self._spool if self._segments else None,
            tuple(self._segments),
            self._count,
            dict(self._severities),
            {self._rules[i].id: n for i, n in sorted(self._per_rule.items())},
        )


class Findings(Sequence[F]):
    """The findings of one scenario file, in order, rebuilt from compact records as read."""

    __slots__ = (
        "_cls",
        "_count",
        "_file",
        "_items",
        "_per_rule",
        "_rules",
        "_scenario",
        "_segments",
        "_severities",
        "_spool",
    )

    def __init__(
        self,
        cls: type[F],
        rules: Sequence[RuleShared],
        file: str,
        scenario: str,
        spool: Spool | None,
        segments: tuple[tuple[int, int], ...],
        count: int,
        severities: Mapping[str, int],
        per_rule: Mapping[str, int],
    ) -> None:
        self._cls, self._rules, self._file, self._scenario = cls, rules, file, scenario
        self._spool, self._segments, self._count = spool, segments, count
        self._severities, self._per_rule = severities, per_rule
        self._items: tuple[F, ...] | None = None

    @classmethod
    def of(cls, items: Iterable[F]) -> Findings[F]:
        """Findings held as they are (built in memory, or read back from a report)."""
        held = tuple(items)
        made: Findings[F] = cls.__new__(cls)
        made._cls = type(held[0]) if held else None  # type: ignore[assignment]
        made._rules, made._file, made._scenario = (), "", ""
        made._spool, made._segments, made._count = None, (), len(held)
        made._severities = Counter(f.severity.value for f in held)
        made._per_rule = Counter(f.rule for f in held)
        made._items = held
        return made

    def __len__(self) -> int:
        return self._count

    def count_of(self, severity: str) -> int:
        """How many of these findings have ``severity`` (``error`` or ``warning``)."""
        return self._severities.get(severity, 0)

    @property
    def per_rule(self) -> Mapping[str, int]:
        """How many findings each rule has here (rules without any left out)."""
        return self._per_rule

    def __iter__(self) -> Iterator[F]:
        if self._items is not None:
            yield from self._items
            return
        if self._spool is None:
            return
        from govrules.findings import EventRef

        rules, cls, file, scenario = self._rules, self._cls, self._file, self._scenario
        extra = cls is not None and "reason" in cls.model_fields
        for offset, length in self._segments:
            data = self._spool.read(offset, length)
            at = 0
            while at < length:
                (size,) = _LENGTH.unpack_from(data, at)
                record = marshal.loads(data[at + 4 : at + 4 + size])
                at += 4 + size
                shared = rules[record[0]]
                fields: dict[str, Any] = {
                    "rule": shared.id,
                    "severity": shared.severity,
                    "title": shared.title,
                    "message": record[1],
                    "file": file,
                    "scenario": scenario,
                    "event": EventRef(
                        index=record[2],
                        id=record[3],
                        kind=record[4],
                        at=record[5],
                        line=record[6],
                    ),
                    "evidence": shared.evidence,
                }
                if extra:
                    fields["reason"] = record[7]
                yield cls(**fields)

    def of_rule(self, rule: str) -> Iterator[F]:
        """The findings of one rule, in order (nothing is read when it has none)."""
        if self._per_rule.get(rule):
            yield from (f for f in self if f.rule == rule)

    @overload
    def __getitem__(self, index: int) -> F: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[F, ...]: ...

    def __getitem__(self, index: int | slice) -> F | tuple[F, ...]:
        if self._items is not None:
            return self._items[index]
        if isinstance(index, slice):
            return tuple(self)[index]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError("finding index out of range")
        for i, finding in enumerate(self):  # pragma: no branch - position is in range
            if i == position:
                return finding
        raise IndexError("finding index out of range")  # pragma: no cover

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Findings | tuple | list):
            return NotImplemented
        if len(self) != len(other):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        if self._count <= 20:
            return repr(tuple(self))
        return f"<{self._count} findings of {self._file}>"

    # -- as a pydantic field: validated from a sequence of findings, written as one

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from typing import get_args

        from pydantic_core import core_schema

        from govrules.findings import Finding

        (item,) = get_args(source) or (Finding,)
        as_tuple = handler.generate_schema(tuple[item, ...])  # type: ignore[valid-type]
        from_items = core_schema.no_info_after_validator_function(cls.of, as_tuple)
        return core_schema.json_or_python_schema(
            json_schema=from_items,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_items]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                tuple, return_schema=as_tuple
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(schema)
