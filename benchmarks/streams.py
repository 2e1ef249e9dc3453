"""Long valid event streams for any pack, built from its declarations.

A benchmark needs streams of any length that replay without error and, for
memory measurements, break no rule (findings are kept for the report). Event
templates are drawn from the pack's declarations and initial state (a newcomer
joins and leaves each body, each body decides each topic unanimously and in
public, projects change in each area, meetings are held with everyone
present); each template is tried on its own, and those that make any rule of
the pack fire are left out of the quiet stream. The mixed stream keeps them.
The noisy stream breaks exactly one rule with every event: a quiet one-event
template with one of its yes/no fields turned over (for memory measurements
of the findings themselves).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govrules.checker import Checker
from govrules.model.state import State
from govrules.pack import Pack
from govrules.replay import ReplayError, apply, replay

Template = list[dict[str, Any]]  # events that leave the state as it was, dated later


def templates(state: State) -> list[Template]:
    decl = state.declarations
    out: list[Template] = []
    for body_id, body in state.bodies.items():
        out.append(
            [
                {"kind": "member.joined", "body": body_id, "member": "Bench Newcomer"},
                {
                    "kind": "member.left",
                    "body": body_id,
                    "member": "Bench Newcomer",
                    "reason": "resigned",
                },
            ]
        )
        members = sorted(body.members)
        for topic in decl.topics:
            event: dict[str, Any] = {
                "kind": "decision.made",
                "body": body_id,
                "topic": topic,
                "subject": "a routine matter",
                "public": True,
                "mode": "meeting",
            }
            if members:
                event |= {"ballots": dict.fromkeys(members, "yes"), "present": members}
            out.append([event])
        if members:
            out.append(
                [{"kind": "meeting.held", "body": body_id, "present": members, "public": True}]
            )
    for area in decl.areas:
        names: list[str | None] = [*sorted(state.projects)] or [None]
        for project in names:
            out.append(
                [
                    {"kind": "project.changed", "area": area, "caused_by_transition": False}
                    | ({"project": project} if project else {})
                ]
            )
    for (org, pledge), (level, _) in sorted(state.pledges.items()):
        out.append(
            [{"kind": "pledge.changed", "organisation": org, "pledge": pledge, "level": level}]
        )
    return out


def _dated(template: Template, day: dt.date) -> Template:
    iso = day.isoformat()
    out = []
    for written in template:
        e = {**written, "at": iso}
        if e["kind"] == "decision.made":
            e |= {
                "opened": (day - dt.timedelta(days=14)).isoformat(),
                "closed": iso,
                "published": iso,
            }
        if e["kind"] == "meeting.held":
            e |= {"published": iso}
        out.append(e)
    return out


def _quiet(pack: Pack, template: Template, day: dt.date) -> bool:
    """Whether the template replays twice from the initial state with no finding at all."""
    from govrules.engines.reference import holds

    events = _dated(template, day) * 2
    try:
        from govrules.model.events import EVENT_ADAPTER

        parsed = [(i, EVENT_ADAPTER.validate_python(e)) for i, e in enumerate(events)]
        for step in replay(pack.initial, parsed, pack.param_values):
            if any(holds(r.condition, step.observation) for r in pack.rules):
                return False
            if step.after.view != apply(step.before, step.event).view:  # pragma: no cover
                return False
    except (ReplayError, ValueError):
        return False
    return True


def start_day(pack: Pack) -> dt.date:
    dates = [f.as_of for f in pack.facts.values()]
    return max(dates) + dt.timedelta(days=1)


def _one_finding_each(pack: Pack, template: Template, day: dt.date) -> bool:
    """Whether each of three repetitions of the template breaks exactly one rule."""
    from govrules.engines.reference import holds

    events = _dated(template, day) * 3
    try:
        from govrules.model.events import EVENT_ADAPTER

        parsed = [(i, EVENT_ADAPTER.validate_python(e)) for i, e in enumerate(events)]
        for step in replay(pack.initial, parsed, pack.param_values):
            if sum(holds(r.condition, step.observation) for r in pack.rules) != 1:
                return False
    except (ReplayError, ValueError):
        return False
    return True


def noisy_template(pack: Pack) -> Template:
    """A one-event template that breaks exactly one rule every time it is replayed."""
    day = start_day(pack)
    for template in templates(pack.initial):
        if len(template) != 1 or not _quiet(pack, template, day):
            continue
        for field, value in template[0].items():
            if isinstance(value, bool):
                turned = [{**template[0], field: not value}]
                if _one_finding_each(pack, turned, day):
                    return turned
    raise SystemExit(f"no event template breaks exactly one rule of pack `{pack.name}`")


def stream(
    pack: Pack, count: int, *, quiet: bool = True, noisy: bool = False
) -> Iterator[dict[str, Any]]:
    """``count`` events for ``pack``: quiet templates only, all that replay (mixed), or
    one template that breaks one rule with every event (noisy)."""
    day = start_day(pack)
    if noisy:
        chosen = [noisy_template(pack)]
    else:
        chosen = [t for t in templates(pack.initial) if not quiet or _quiet(pack, t, day)]
    if not chosen:
        raise SystemExit(f"no quiet event templates for pack `{pack.name}`")
    i = 0
    while i < count:
        for template in chosen:
            for event in _dated(template, day + dt.timedelta(days=i // 100)):
                if i >= count:
                    return
                yield event
                i += 1


def write_stream(
    path: Path, pack: Pack, count: int, *, quiet: bool = True, noisy: bool = False
) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"scenario": {"name": f"{count} events", "pack": pack.name}}) + "\n")
        for event in stream(pack, count, quiet=quiet, noisy=noisy):
            out.write(json.dumps(event) + "\n")
    return path


def findings_in(pack: Pack, path: Path) -> int:
    return len(Checker(pack, "reference").check_file(path).findings)
