"""Scenario files: YAML, JSON, and JSONL read as a stream.

A YAML or JSON scenario is a mapping with ``name``, an optional
``description``, an optional ``pack`` (the pack it is written for), an optional
``baseline`` (overrides of the initial state) and ``events``. A JSONL scenario
holds one event per line; its first line may be a header
``{"scenario": {"name": ..., "description": ..., "pack": ..., "baseline": ...}}``.
Blank lines are skipped. Events must be in date order (equal dates are fine);
a scenario that is not is rejected, never re-sorted.

:class:`ScenarioReader` yields valid events one at a time and collects a
problem for every invalid one, so a million-line JSONL file is read in constant
memory and a broken file lists all its faults at once.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govrules.documents import BOM, Document, load_document, open_regular, parse_json
from govrules.documents import render_path as render_loc
from govrules.errors import InputError, Problem
from govrules.limits import (
    MAX_EVENTS_PER_DOCUMENT,
    MAX_LINE_BYTES,
    MAX_PROBLEMS_PER_FILE,
    MAX_SCENARIO_BYTES,
    beyond,
)
from govrules.model.declarations import Declarations
from govrules.model.events import EVENT_ADAPTER, EVENT_KINDS, Event, event_to_data
from govrules.model.initial import Baseline
from govrules.model.vocabulary import VocabularyChecker, vocabulary_problems
from govrules.validation import problems_from_validation

Format = Literal["yaml", "json", "jsonl"]
# A line, or how to find it when it is asked for.
Line = int | None | Callable[[], int | None]


def _resolve(line: Line) -> int | None:
    return line() if callable(line) else line


SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "jsonl"}


class ScenarioHeader(BaseModel):
    """A scenario's name, description and baseline: everything but its events."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, max_length=500, description="what the scenario shows")
    description: str | None = Field(default=None, max_length=10_000)
    pack: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="the pack the scenario is written for",
    )
    baseline: Baseline | None = None


class ScenarioFile(ScenarioHeader):
    """The whole of a YAML or JSON scenario file."""

    # Built when first used (its JSON Schema, for editors): the events' union is
    # built for the reader already, and building it twice more costs a cold start.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    events: list[Event] = Field(description="the proposed events, in date order")


class Scenario(BaseModel):
    """A scenario in memory: its header and its events."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: str = Field(min_length=1)
    description: str | None = None
    pack: str | None = None
    baseline: Baseline | None = None
    events: tuple[Event, ...] = ()


class LocatedEvent:
    """A valid event and where it came from; read-only by convention.

    One is made for every event of a stream: a plain class with slots is made
    in a third of a frozen dataclass's time.

    The line of an event in a YAML or JSON document is found only when it is
    asked for (a finding or a problem names it): finding lines means reading
    the file a second, slower way, and most events never need one.
    """

    __slots__ = ("event", "index", "where")

    def __init__(self, event: Event, index: int, where: int | Callable[[], int | None] | None):
        self.event = event
        self.index = index
        self.where = where

    @property
    def line(self) -> int | None:
        return self.where() if callable(self.where) else self.where


def _baseline_hint(problem: Problem) -> Problem:
    """An unknown section of a baseline is most often a body's name written on its own."""
    path = problem.path or ""
    if path.startswith("baseline.") and path.count(".") == 1 and "unknown field" in problem.message:
        name = path.removeprefix("baseline.")
        hint = (
            f"{problem.help}; a body's members are set as"
            f" `baseline.bodies.{name}.members` (a list of names or of"
            " {name, affiliation, seats, ...})"
        )
        return Problem(problem.message, problem.file, problem.line, problem.path, hint)
    return problem


def scenario_format(path: Path) -> Format | None:
    return SUFFIXES.get(path.suffix.lower())


def _event_fields(data: object) -> list[str]:
    if isinstance(data, dict):
        model = EVENT_KINDS.get(str(data.get("kind")))
        if model is not None:
            return [f.alias or n for n, f in model.model_fields.items()]
    return ["kind", "at", "id", "note", "ignore"]


@dataclass
class ScenarioReader:
    """Reads one scenario file: its header at once, its events as a stream."""

    path: Path
    display: str
    header: ScenarioHeader | None = None
    problems: list[Problem] = field(default_factory=list)
    events_read: int = 0
    _doc: Document | None = None
    _raw_events: list[Any] | None = None
    _skip_first: bool = False  # a JSONL file whose first line is its header

    @classmethod
    def open(cls, path: Path, display: str | None = None) -> ScenarioReader:
        """Open a scenario; raises :class:`InputError` if not even its header can be read."""
        name = display or str(path)
        fmt = scenario_format(path)
        if fmt is None:
            raise InputError.one(
                f"unknown scenario format `{path.suffix or '(no suffix)'}`",
                file=name,
                help="scenario files end in .yaml, .yml, .json or .jsonl",
            )
        reader = cls(path, name)
        if fmt == "jsonl":
            reader._open_jsonl()
        else:
            reader._open_document(load_document(path, name, MAX_SCENARIO_BYTES))
        return reader

    @classmethod
    def of_data(cls, data: dict[str, Any], display: str) -> ScenarioReader:
        """A scenario given as plain data (as a YAML or JSON file holds it), without lines."""
        reader = cls(Path(display), display)
        reader._open_document(Document(display, data))
        return reader

    def _fallback_header(self, data: dict[str, Any], problems: list[Problem]) -> None:
        """Keep going past a header with problems, so the events' problems are found too."""
        self.problems.extend(problems)
        name = self.path.stem or "scenario"
        try:
            self.header = ScenarioHeader.model_validate({"name": name, "pack": data.get("pack")})
        except ValidationError:
            self.header = ScenarioHeader(name=name)

    # -- whole documents ----------------------------------------------------
    def _open_document(self, doc: Document) -> None:
        self._doc = doc
        data = doc.data
        if not isinstance(data, dict):
            raise InputError([doc.problem("a scenario must be a mapping with `name` and `events`")])
        head = {k: v for k, v in data.items() if k != "events"}
        if "name" not in head:
            head["name"] = self.path.stem
        problems: list[Problem] = []
        try:
            self.header = ScenarioHeader.model_validate(head)
        except ValidationError as exc:
            problems += [
                _baseline_hint(p) for p in problems_from_validation(exc, doc, model=ScenarioFile)
            ]
        events = data.get("events")
        if not isinstance(events, list):
            problems.append(
                doc.problem(
                    "missing field `events`" if events is None else "`events` must be a list",
                    ("events",) if "events" in data else (),
                )
            )
            raise InputError(problems)
        if len(events) > MAX_EVENTS_PER_DOCUMENT:
            problems.append(
                doc.problem(
                    beyond(f"{len(events):,} events", MAX_EVENTS_PER_DOCUMENT, "events"),
                    ("events",),
                    help="write a long history as JSON lines (.jsonl), which is read as a stream",
                )
            )
            raise InputError(problems)
        if problems:
            self._fallback_header(data, problems)
        self._raw_events = events

    # -- JSONL ------------------------------------------------------------
    def _open_jsonl(self) -> None:
        with open_regular(self.path, self.display) as stream:
            raw = stream.readline(MAX_LINE_BYTES + 1)
        if _too_long(raw):
            raise InputError([_long_line(self.display, 1)])
        header: dict[str, Any] = {"name": self.path.stem}
        self._skip_first = False
        try:
            text = raw.decode("utf-8").removeprefix(BOM)
        except UnicodeDecodeError:
            raise InputError.one("not UTF-8 text", file=self.display, line=1) from None
        if text.strip():
            try:
                doc = parse_json(text, self.display)
            except InputError:
                doc = None  # a broken first line is reported with the events, not alone
            if doc is not None and isinstance(doc.data, dict) and "scenario" in doc.data:
                self._skip_first = True
                if len(doc.data) != 1 or not isinstance(doc.data["scenario"], dict):
                    problem = Problem(
                        'a header line holds only {"scenario": {...}}', self.display, 1
                    )
                    self._fallback_header({}, [problem])
                    return
                header |= doc.data["scenario"]
                try:
                    self.header = ScenarioHeader.model_validate(header)
                except ValidationError as exc:
                    problems = [  # one line: the header's
                        Problem(p.message, p.file, 1, p.path, p.help)
                        for p in problems_from_validation(
                            exc, doc, ("scenario",), model=ScenarioHeader
                        )
                    ]
                    self._fallback_header(header, problems)
                return
        self.header = ScenarioHeader.model_validate(header)

    def header_problem(self, message: str, field: str, help: str | None = None) -> Problem:
        """A problem with a header field (``pack``, ``name``, ...), at its line."""
        if self._doc is None:  # JSONL: the header is the first line
            return Problem(message, self.display, 1, f"scenario.{field}", help)
        return Problem(message, self.display, self._doc.line_of((field,)), field, help)

    def baseline_problems(self, decl: Declarations) -> list[Problem]:
        """Values in the baseline that the pack does not declare."""
        if self.header is None or self.header.baseline is None:
            return []
        prefix: tuple[int | str, ...] = (
            ("scenario", "baseline") if self._doc is None else ("baseline",)
        )
        doc = self._doc or Document(self.display, None)
        line = 1 if self._doc is None else None
        return [
            Problem(
                msg, self.display, line or doc.line_of((*prefix, *loc)), render_loc((*prefix, *loc))
            )
            for loc, msg in vocabulary_problems(self.header.baseline, decl)
        ]

    def events(self, decl: Declarations | None = None) -> Iterator[LocatedEvent]:
        """Valid events in order. After the first problem, later events are still
        checked (and their problems collected) but no longer yielded, until
        :data:`~govrules.limits.MAX_PROBLEMS_PER_FILE` problems are found: then
        reading stops, and a last problem says so. With the pack's declarations,
        every declared value is checked too."""
        previous: dt.date | None = None
        source = self._jsonl_items() if self._raw_events is None else self._doc_items()
        declared = VocabularyChecker(decl) if decl is not None else None
        problems = self.problems  # extended in place, never replaced
        for index, line, read in source:
            if len(problems) >= MAX_PROBLEMS_PER_FILE:
                problems.append(
                    Problem(
                        f"reading stopped after {MAX_PROBLEMS_PER_FILE} problems;"
                        " more may follow that were not reported",
                        file=self.display,
                        line=_resolve(line),
                        help="fix these and check again",
                    )
                )
                return
            self.events_read = index + 1
            # The common case first: a valid event, every value declared, in date order.
            if (
                not isinstance(read, list)
                and (declared is None or declared.declared(read))
                and (previous is None or read.at >= previous)
            ):
                previous = read.at
                if not problems:
                    yield LocatedEvent(read, index, line)
                continue
            result = read
            if not isinstance(result, list) and declared is not None:
                wrong = [
                    Problem(msg, self.display, _resolve(line), render_loc(("events", index, *loc)))
                    for loc, msg in declared(result)
                ]
                if wrong:
                    result = wrong
            if isinstance(result, list):
                self._add(result)
                continue
            if previous is not None and result.at < previous:
                self._add(
                    [
                        Problem(
                            f"event is dated {result.at.isoformat()}, before the event ahead of it"
                            f" ({previous.isoformat()})",
                            file=self.display,
                            line=_resolve(line),
                            path=f"events[{index}].at",
                            help="events must be in date order; govrules does not re-sort them",
                        )
                    ]
                )
            previous = result.at
            if not problems:
                yield LocatedEvent(result, index, line)

    def _add(self, problems: list[Problem]) -> None:
        room = MAX_PROBLEMS_PER_FILE - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def _doc_items(self) -> Iterator[tuple[int, Line, Event | list[Problem]]]:
        assert self._doc is not None
        assert self._raw_events is not None
        for index, raw in enumerate(self._raw_events):
            loc = ("events", index)
            line: Line = partial(self._doc.line_of, loc)
            try:
                yield index, line, EVENT_ADAPTER.validate_python(raw)
            except ValidationError as exc:
                yield (
                    index,
                    line,
                    problems_from_validation(
                        exc, self._doc, loc, fields=_event_fields(raw), tags=list(EVENT_KINDS)
                    ),
                )

    def _jsonl_items(self) -> Iterator[tuple[int, Line, Event | list[Problem]]]:
        index = 0
        # The core validator itself: the adapter's wrapper costs a tenth as much again.
        validate = EVENT_ADAPTER.validator.validate_json
        with open_regular(self.path, self.display) as stream:
            for number in itertools.count(1):
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                if _too_long(raw):
                    yield index, number, [_long_line(self.display, number)]
                    return  # the rest of the line cannot be told from the next one
                if number == 1 and self._skip_first:
                    continue
                if number > 1:
                    # The common case first: a valid event, read from the bytes as they are
                    # (pydantic refuses bytes that are not UTF-8), each key written once.
                    # Anything else, blank lines too, is read again below, the slow way
                    # that words problems.
                    try:
                        event = validate(raw)
                    except ValidationError:
                        pass
                    else:
                        if _each_key_once(raw, event):
                            yield index, number, event
                            index += 1
                            continue
                try:
                    # Bytes, decoded here: a line that is not UTF-8 is a problem on that line.
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield index, number, [Problem("not UTF-8 text", file=self.display, line=number)]
                    index += 1
                    continue
                if number == 1:
                    text = text.removeprefix(BOM)
                if not text.strip():
                    continue
                if _may_repeat_a_key(raw):
                    try:
                        parse_json(text.rstrip("\r\n"), self.display, line_offset=number - 1)
                    except InputError as bad:  # a key given twice, as a JSON file says it
                        yield index, number, bad.problems
                        index += 1
                        continue
                try:
                    yield index, number, EVENT_ADAPTER.validate_json(text)
                except ValidationError as exc:
                    yield index, number, self._jsonl_problems(exc, text, number, index)
                index += 1

    def _jsonl_problems(
        self, exc: ValidationError, text: str, number: int, index: int
    ) -> list[Problem]:
        try:
            data = parse_json(text.rstrip("\r\n"), self.display, line_offset=number - 1).data
        except InputError as bad:
            return bad.problems
        # One line, one event: every problem is on this line.
        doc = Document(self.display, data, None)
        located = problems_from_validation(
            exc, doc, ("events", index), fields=_event_fields(data), tags=list(EVENT_KINDS)
        )
        return [Problem(p.message, p.file, number, p.path, p.help) for p in located]


# pydantic's reader keeps the last of a key given twice in one object, where a
# JSON file's reader refuses it. A flat event whose keys, as written, are as many
# as the fields read holds each once; any other line (nested objects, space
# before a colon, an escape, a key given twice) is looked at closer, and one
# that may repeat a key is read the strict way.
_KEY = re.compile(rb'"([^"]*)"\s*:')


def _each_key_once(raw: bytes, event: BaseModel) -> bool:
    keys = len(event.__pydantic_fields_set__)
    maps = _MAPS.get(type(event))
    for name in maps if maps is not None else _maps_of(type(event)):
        value = getattr(event, name)
        if value:
            keys += len(value)
    return raw.count(b'":') == keys or not _may_repeat_a_key(raw)


# The fields of each event kind that hold a map written as a JSON object (ballots).
_MAPS: dict[type, tuple[str, ...]] = {}


def _maps_of(model: type[BaseModel]) -> tuple[str, ...]:
    found = _MAPS.get(model)
    if found is None:
        found = tuple(
            name
            for name, info in model.model_fields.items()
            if repr(info.annotation).startswith("dict[")
        )
        _MAPS[model] = found
    return found


def _may_repeat_a_key(raw: bytes) -> bool:
    if b"\\" in raw:
        return True  # escapes: keys are not told apart by their bytes
    keys = _KEY.findall(raw)
    return len(keys) != len(set(keys))


def _too_long(raw: bytes) -> bool:
    return len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")


def _long_line(display: str, number: int) -> Problem:
    return Problem(
        beyond("a line", MAX_LINE_BYTES, "bytes"),
        file=display,
        line=number,
        help="each line of a JSONL stream holds one event; reading stopped here",
    )


def read_scenario(path: Path, display: str | None = None) -> Scenario:
    """Read a whole scenario into memory; raises :class:`InputError` on any problem."""
    reader = ScenarioReader.open(path, display)
    events = tuple(located.event for located in reader.events())
    if reader.problems:
        raise InputError(reader.problems)
    assert reader.header is not None
    return Scenario(
        name=reader.header.name,
        description=reader.header.description,
        pack=reader.header.pack,
        baseline=reader.header.baseline,
        events=events,
    )


def _header_data(scenario: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = {"name": scenario.name}
    if scenario.description is not None:
        data["description"] = scenario.description
    if scenario.pack is not None:
        data["pack"] = scenario.pack
    if scenario.baseline is not None:
        data["baseline"] = scenario.baseline.model_dump(
            mode="json", exclude_none=True, exclude_defaults=True
        )
    return data


def _quote_unprintable(value: Any) -> Any:
    """Text holding line breaks or other unprintable characters, marked to be
    written double-quoted: in plain or single-quoted style YAML folds NEL and
    the Unicode line separators into spaces, so they would not read back."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str) and not value.isprintable():
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        return {_quote_unprintable(k): _quote_unprintable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quote_unprintable(v) for v in value]
    return value


def render(scenario: Scenario, fmt: Format) -> str:
    """A scenario as the text of a file of the given format."""
    events = [event_to_data(e) for e in scenario.events]
    if fmt == "jsonl":
        lines = [json.dumps({"scenario": _header_data(scenario)}, ensure_ascii=False)]
        lines += [json.dumps(e, ensure_ascii=False) for e in events]
        return "\n".join(lines) + "\n"
    data = _header_data(scenario) | {"events": events}
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from ruamel.yaml import YAML

    data = _quote_unprintable(data)
    yaml = YAML(typ="rt")  # keeps key order; the data holds only plain values
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
