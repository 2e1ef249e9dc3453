"""Strategies for files that are not valid scenarios, or may not be."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from govrules.model.events import EVENT_KINDS
from govrules.scenario import render
from govrules.testing.events import texts
from govrules.testing.scenarios import FORMATS, scenarios

if TYPE_CHECKING:
    from govrules.pack import Pack


@dataclass(frozen=True)
class BadFile:
    """A file that may not be a valid scenario.

    ``certain`` is true when no reading of it is valid (a wrong type, an unknown
    kind); false when it may happen to be valid (arbitrary text, a truncation).
    """

    name: str
    content: bytes
    family: str
    certain: bool


def _bad(family: str, certain: bool, fmt: str, text: str | bytes) -> BadFile:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return BadFile(f"bad.{fmt}", content, family, certain)


def as_file(data: dict[str, Any], fmt: str) -> str:
    """Scenario data as the text of a file of format ``fmt`` (JSON is YAML too)."""
    if fmt == "jsonl":
        head = {"scenario": {k: v for k, v in data.items() if k != "events"}}
        lines = [json.dumps(x, ensure_ascii=False) for x in [head, *data["events"]]]
        return "\n".join(lines) + "\n"
    return json.dumps(data, indent=1, ensure_ascii=False)


_WRONG_SCALARS: tuple[object, ...] = ([], {}, [1], {"x": 1})
_WRONG_LISTS: tuple[object, ...] = ({}, {"x": 1}, 7, True, "text")


@st.composite
def _broken_event(draw: st.DrawFn, pack: Pack) -> tuple[str, dict[str, Any]]:
    data = json.loads(render(draw(scenarios(pack, min_events=1, max_events=4)), "json"))
    events: list[dict[str, Any]] = data["events"]
    if not events:
        events.append({"kind": "parent.changed", "at": "2024-01-01", "to": "P", "nonprofit": True})
    target = events[draw(st.integers(0, len(events) - 1))]
    how = draw(
        st.sampled_from(
            [
                "wrong-type",
                "unknown-kind",
                "unknown-field",
                "missing-field",
                "undeclared",
                "not-a-date",
            ]
        )
    )
    model = EVENT_KINDS[target["kind"]]
    if how == "wrong-type":
        field = draw(st.sampled_from(sorted(target)))
        lists = isinstance(target[field], list)
        target[field] = draw(st.sampled_from(_WRONG_LISTS if lists else _WRONG_SCALARS))
    elif how == "unknown-kind":
        target["kind"] = draw(texts().filter(lambda k: k not in EVENT_KINDS))
    elif how == "unknown-field":
        target[draw(texts().filter(lambda k: k not in model.model_fields))] = 1
    elif how == "missing-field":
        required = [n for n, f in model.model_fields.items() if f.is_required() and n != "kind"]
        del target[draw(st.sampled_from(required))]
    elif how == "undeclared" and "body" in target:
        target["body"] = "\u2400 no such body"
    else:
        target["at"] = draw(st.sampled_from([0, -0.0, 20240101, "2024-13-01", "yesterday", True]))
    return how, data


@st.composite
def _impossible(draw: st.DrawFn, pack: Pack) -> tuple[str, dict[str, Any]]:
    """Events valid one by one that cannot be replayed, or are out of date order."""
    data = json.loads(render(draw(scenarios(pack, min_events=1, max_events=4)), "json"))
    events: list[dict[str, Any]] = data["events"]
    last = events[-1]["at"] if events else "2024-01-01"
    body = sorted(pack.declarations.bodies)[0] if pack.declarations.bodies else None
    how = draw(st.sampled_from(["out-of-order", "not-a-member"] if body else ["out-of-order"]))
    if how == "out-of-order":
        when = dt.date.fromisoformat(last) - dt.timedelta(days=draw(st.integers(1, 400)))
        events += [
            {"kind": "parent.changed", "at": last, "to": "P", "nonprofit": True},
            {"kind": "parent.changed", "at": when.isoformat(), "to": "Q", "nonprofit": True},
        ]
    else:
        events.append({"kind": "member.left", "at": last, "body": body, "member": "\u2400 nobody"})
    return how, data


@st.composite
def malformed_files(draw: st.DrawFn, pack: Pack) -> BadFile:
    """A file for ``govrules check --pack`` that is, or may be, not a valid scenario."""
    fmt = draw(st.sampled_from(FORMATS))
    family = draw(
        st.sampled_from(
            ["text", "bytes", "truncated", "broken-event", "impossible", "not-a-mapping"]
        )
    )
    if family == "text":
        return _bad(family, False, fmt, draw(texts(min_size=0, max_size=200)))
    if family == "bytes":
        # Never valid UTF-8: 0xff appears in no UTF-8 text.
        raw = draw(st.binary(max_size=100))
        cut = draw(st.integers(0, len(raw)))
        return _bad(family, True, fmt, raw[:cut] + b"\xff" + raw[cut:])
    if family == "truncated":
        text = render(draw(scenarios(pack, min_events=1, max_events=4)), fmt)
        return _bad(family, False, fmt, text[: draw(st.integers(0, len(text) - 1))])
    if family == "not-a-mapping":
        value = draw(st.sampled_from([[], [1, 2], 3, "text", True]))
        return _bad(family, True, fmt, json.dumps(value) + "\n")
    how, data = draw(_broken_event(pack) if family == "broken-event" else _impossible(pack))
    certain = not (how == "undeclared" and "\u2400 no such body" not in json.dumps(data))
    return _bad(f"{family}:{how}", certain, fmt, as_file(data, fmt))
