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
from govrules.model.state import State
from govrules.pack import Pack
from govrules.reports._console import render_rich


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
    from govrules.errors import Problem
    from govrules.findings import event_ref
    from govrules.model.initial import with_baseline
    from govrules.replay import ReplayError, replay
    from govrules.scenario import LocatedEvent, ScenarioReader

    reader = ScenarioReader.open(path, display)
    assert reader.header is not None
    if reader.header.pack is not None and reader.header.pack != pack.name:
        raise InputError(
            [
                reader.header_problem(
                    f"the scenario is written for pack `{reader.header.pack}`, not `{pack.name}`",
                    "pack",
                    help=f"use `--pack {reader.header.pack}`",
                )
            ]
        )
    problems = reader.baseline_problems(pack.declarations)
    if problems:
        raise InputError(problems)
    state = with_baseline(pack.initial, reader.header.baseline)
    taken: list[LocatedEvent] = []
    for located in reader.events(pack.declarations):
        if at is None or located.event.at <= at:
            taken.append(located)
    if reader.problems:
        raise InputError(list(reader.problems))
    last: EventRef | None = None
    lines = {x.index: x.line for x in taken}
    try:
        for step in replay(state, ((x.index, x.event) for x in taken), pack.param_values):
            state = step.after
            last = event_ref(step.event, step.index, lines[step.index])
    except ReplayError as exc:
        index = getattr(exc, "index", 0)
        raise InputError(
            [Problem(exc.message, display, lines.get(index), f"events[{index}]", exc.help)]
        ) from None
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
        "version": 2,
        "file": snap.file,
        "scenario": snap.scenario,
        "at": snap.at.isoformat() if snap.at else None,
        "events": snap.events,
        "applied": snap.applied,
        "last_event": snap.last.model_dump(mode="json") if snap.last else None,
        "state": snap.state.view,
    }


def _event_label(ref: EventRef) -> str:
    named = f" `{ref.id}`" if ref.id else ""
    return f"event {ref.index}{named} ({ref.kind}, {ref.at})"


def render_state(snap: Snapshot, fmt: str, *, colour: bool = False) -> str:
    """The snapshot as text (a table per body, then the rest) or JSON."""
    if fmt == "json":
        return json.dumps(snapshot_data(snap), indent=2, ensure_ascii=False) + "\n"
    from rich import box
    from rich.table import Table
    from rich.text import Text

    state, view = snap.state, snap.state.view
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
    parts: list[Any] = [head]
    for body_id, body in view["bodies"].items():
        decl = state.declarations.bodies[body_id]
        title = Text(f"{body_id}", style="bold")
        summary = f" ({decl.title}): {body['size']} members, {body['seats']} seats, "
        summary += f"{body['affiliations']} affiliations"
        if body["largest"]["count"]:
            holders = ", ".join(f"`{h}`" for h in body["largest"]["holders"])
            summary += (
                f"; largest {holders} with {body['largest']['count']}"
                f" ({body['largest']['share'] * 100:.0f}%)"
            )
        if "vacancies" in body:
            summary += f"; {body['vacancies']} vacancies"
        title.append(summary)
        parts.append(title)
        if not body["members"]:
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("member", style="cyan")
        table.add_column("affiliation")
        table.add_column("seats", justify="right")
        table.add_column("share", justify="right")
        table.add_column("term ends")
        seats = state.bodies[body_id].members
        for name in body["members"]:
            seat = seats[name]
            share = seat.seats / body["seats"] if body["seats"] else 0.0
            table.add_row(
                name,
                state.affiliations.get(name) or "",
                str(seat.seats),
                f"{share * 100:.0f}%",
                seat.term_ends or "",
            )
        parts.append(table)
    rest = Text("")
    rows: list[tuple[str, str]] = []
    if view["steward"]:
        rows.append(("steward", view["steward"]))
    if view["transition"]:
        t = view["transition"]
        rows.append(
            (
                "transition",
                f"{t['status']} ({t.get('from', '?')} to {t.get('to', '?')}, {t['date']})",
            )
        )
    if view["parent"]:
        p = view["parent"]
        rows.append(
            ("parent", f"{p['name']} ({'nonprofit' if p['nonprofit'] else 'not a nonprofit'})")
        )
    for name, project in sorted(state.projects.items()):
        licence = project.licence or "licence not named"
        kind = "open source" if project.open_source else "not open source"
        rows.append((f"project {name}", f"{licence} ({kind}; {project.exceptions} exceptions)"))
    if state.organisations:
        rows.append(
            (
                "organisations",
                ", ".join(f"{o} ({t})" for o, t in sorted(state.organisations.items())),
            )
        )
    for (org, kind), (level, ends) in sorted(state.pledges.items()):
        rows.append((f"pledge {kind}", f"{org}: {level}" + (f" until {ends}" if ends else "")))
    for policy, value in sorted(state.policies.items()):
        rows.append((f"policy {policy}", value))
    for asset, (kind, holder) in sorted(state.assets.items()):
        rows.append((f"{kind} {asset}", f"held by {holder}"))
    pending = {t: n for t, n in view["pending"].items() if n}
    if pending:
        rows.append(("pending decisions", ", ".join(f"{t}: {n}" for t, n in pending.items())))
    for name, value in rows:
        rest.append(f"{name}", style="bold")
        rest.append(f": {value}\n")
    parts.append(rest)
    return render_rich(*parts, colour=colour, soft_wrap=True)
