"""``govrules state PATH``: the governance state after a scenario (or at a date in it).

The whole file is read and checked, as ``check`` would; events are applied up
to the last one dated on or before ``--at`` (all of them without it). Events
after that date are validated but not applied, so a problem in them is still
reported but an impossible later event does not hide an earlier state.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govrules.errors import InputError
from govrules.findings import EventRef
from govrules.pack import Pack
from govrules.reports._console import render_rich
from govrules.state import State


@dataclass(frozen=True)
class Snapshot:
    """The state after some of a scenario's events."""

    file: str
    scenario: str
    at: dt.date | None
    applied: int
    events: int
    last: EventRef | None
    state: State


def snapshot(pack: Pack, path: Path, display: str, at: dt.date | None = None) -> Snapshot:
    """Replay ``path`` from the pack's initial state; raises :class:`InputError` on bad input."""
    from govrules.check import event_ref, replay
    from govrules.scenario import LocatedEvent, ScenarioReader
    from govrules.state import with_baseline

    reader = ScenarioReader.open(path, display)
    assert reader.header is not None
    state = with_baseline(pack.initial, reader.header.baseline)
    taken: list[LocatedEvent] = []
    for located in reader.events():
        if at is None or located.event.at <= at:
            taken.append(located)
    if reader.problems:
        raise InputError(list(reader.problems))
    last: EventRef | None = None
    for step in replay(state, taken, pack.param_values, file=display):
        state = step.after
        last = event_ref(step.located)
    return Snapshot(
        file=display,
        scenario=reader.header.name,
        at=at,
        applied=len(taken),
        events=reader.events_read,
        last=last,
        state=state,
    )


def snapshot_data(snap: Snapshot) -> dict[str, Any]:
    return {
        "format": "govrules-state",
        "version": 1,
        "file": snap.file,
        "scenario": snap.scenario,
        "at": snap.at.isoformat() if snap.at else None,
        "events": snap.events,
        "applied": snap.applied,
        "last_event": snap.last.model_dump(mode="json") if snap.last else None,
        "state": snap.state.as_dict,
    }


def _event_label(ref: EventRef) -> str:
    named = f" `{ref.id}`" if ref.id else ""
    return f"event {ref.index}{named} ({ref.kind}, {ref.at})"


def render_state(snap: Snapshot, fmt: str, *, colour: bool = False) -> str:
    """The snapshot as text (tables of the board, then the rest) or JSON."""
    if fmt == "json":
        return json.dumps(snapshot_data(snap), indent=2, ensure_ascii=False) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    s = snap.state
    head = Text()
    head.append(snap.file, style="bold")
    head.append(f": {snap.scenario}\n")
    when = f" at {snap.at.isoformat()}" if snap.at else ""
    if snap.last is None:
        head.append(f"state{when}: the initial state")
    else:
        head.append(f"state{when}: after {_event_label(snap.last)}")
    events = "event" if snap.events == 1 else "events"
    head.append(f" ({snap.applied} of {snap.events} {events} applied)\n", style="dim")

    board = Text("board", style="bold")
    board.append(
        f": {s.seats_total} seats, {s.organisations} organisations"
        + (
            f"; largest holder `{s.largest_holder}` with {s.largest_seats} "
            f"seat{'s' if s.largest_seats != 1 else ''} ({s.largest_share * 100:.0f}%)"
            if s.largest_holder
            else ""
        ),
        style="",
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("organisation", style="cyan")
    table.add_column("seats", justify="right")
    table.add_column("share", justify="right")
    for org, seats in sorted(s.seats.items(), key=lambda item: (-item[1], item[0])):
        share = seats / s.seats_total if s.seats_total else 0.0
        table.add_row(org, str(seats), f"{share * 100:.0f}%")

    rest = Text("\n")
    licence = s.licence or "unnamed"
    rows: list[tuple[str, str]] = [
        ("transition", f"{s.transition_status} (to {s.steward}, {s.transition_date.isoformat()})"),
        ("parent", f"{s.parent} ({'nonprofit' if s.parent_nonprofit else 'not a nonprofit'})"),
        ("licence", f"{licence} ({'open source' if s.licence_open_source else 'not open source'})"),
        ("commitments in force", ", ".join(s.commitments) or "none"),
    ]
    if s.investment:
        rows.append(("investment", ", ".join(f"{o}: {v}" for o, v in sorted(s.investment.items()))))
    if s.primary_framework:
        rows.append(
            (
                "primary framework",
                ", ".join(
                    f"{o}: {'yes' if v else 'no'}" for o, v in sorted(s.primary_framework.items())
                ),
            )
        )
    for name, value in rows:
        rest.append(f"{name}", style="bold")
        rest.append(f": {value}\n")
    return render_rich(head, board, table, rest, colour=colour, soft_wrap=True)
