"""The geometry of a scenario's timeline: a time axis, the events on it, each
finding where it happens, and each body's seats per affiliation as a stacked
step chart.

Everything here is plain data computed from a :class:`~govrules.findings.Timeline`
and the scenario's findings; the HTML template (``templates/report.html.j2``)
only draws it. Charting libraries were weighed and none fits (see
pyproject.toml): the chart is SVG laid out here, which keeps the page small,
printable, themable with CSS and readable without colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from govrules.findings import Finding, ScenarioResult, Timeline

WIDTH = 960
LEFT = 200  # room for the bodies' names and the seat axis
RIGHT = 24
AXIS = 28  # the date axis under everything
EVENT_LANE = 26
MARKER_STEP = 16
BODY_HEIGHT = 120
EMPTY_HEIGHT = 36  # a body with no member over the whole period
BODY_GAP = 34
PALETTE = 8  # colours (and hatchings) before they repeat


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class EventMark:
    x: float
    index: int
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    number: int  # the finding's position in the scenario's list, from 1
    anchor: str
    severity: str
    label: str


@dataclass(frozen=True)
class Series:
    affiliation: str
    colour: int  # index into the palette
    hatch: int  # index into the hatchings (0: none); colour and hatching never both repeat
    path: str
    label: str  # its seats over time, as text


@dataclass(frozen=True)
class BodyChart:
    body: str
    lines: tuple[str, ...]  # the body's name, split to fit the margin
    top: float
    height: float
    max_seats: int
    series: tuple[Series, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (when, seats per affiliation) for the table
    affiliations: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    left: float
    right: float
    lane_y: float
    axis_y: float
    ticks: tuple[Tick, ...]
    events: tuple[EventMark, ...]
    markers: tuple[Marker, ...]
    bodies: tuple[BodyChart, ...]
    description: str
    colours: Mapping[str, int] = field(default_factory=dict)


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def _ticks(first: int, last: int, scale: _Scale) -> tuple[Tick, ...]:
    """Dates on the axis: years, months or days, at most about eight of them."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    span = last - first
    out: list[Tick] = []
    if span > 3 * 365:
        step = max(1, (end.year - start.year) // 7 + 1)
        for year in range(start.year + 1, end.year + 1, step):
            out.append(Tick(scale(dt.date(year, 1, 1).toordinal()), str(year)))
    elif span > 75:
        months = (end.year - start.year) * 12 + end.month - start.month
        step = max(1, months // 7 + 1)
        year, month = start.year, start.month
        for _ in range(0, months + 1):
            month += 1
            if month > 12:
                year, month = year + 1, 1
            day = dt.date(year, month, 1)
            if day.toordinal() > last:
                break
            if ((year - start.year) * 12 + month - start.month) % step == 0:
                out.append(Tick(scale(day.toordinal()), day.strftime("%Y-%m")))
    else:
        step = max(1, span // 7 + 1)
        for ordinal in range(first + 1, last + 1, step):
            out.append(Tick(scale(ordinal), dt.date.fromordinal(ordinal).isoformat()))
    # A label may not run past either end of the axis.
    return tuple(t for t in out if scale.left + 30 <= t.x <= scale.right - 30)


class _Scale:
    def __init__(self, first: int, last: int, left: float, right: float) -> None:
        self.first, self.last, self.left, self.right = first, last, left, right

    def __call__(self, day: int) -> float:
        span = max(1, self.last - self.first)
        return round(self.left + (day - self.first) * (self.right - self.left) / span, 2)


def _order(timeline: Timeline, body: str) -> list[str]:
    """The body's affiliations in the order they first hold seats, then by name."""
    seen: dict[str, None] = {}
    for point in (timeline.start, *(s.bodies for s in timeline.steps)):
        for name in sorted(point.get(body, {})):
            if point[body][name] > 0:
                seen.setdefault(name, None)
    return list(seen)


def _seats_text(name: str, xs: Sequence[str], values: Sequence[int]) -> str:
    parts: list[str] = []
    previous: int | None = None
    for when, value in zip(xs, values, strict=True):
        if value != previous:
            seats = f"{value} seat{'' if value == 1 else 's'}"
            parts.append(seats if previous is None else f"{seats} from {when}")
            previous = value
    return f"{name}: " + ", then ".join(parts)


def _body_chart(
    timeline: Timeline,
    body: str,
    xs: Sequence[float],
    end: float,
    top: float,
    colours: dict[str, int],
) -> BodyChart:
    names = _order(timeline, body)
    points = [timeline.start.get(body, {}), *(s.bodies.get(body, {}) for s in timeline.steps)]
    values = [[int(point.get(name, 0)) for point in points] for name in names]
    totals = [sum(column) for column in zip(*values, strict=True)] if values else [0]
    most = max(1, *totals)
    height = BODY_HEIGHT if names else EMPTY_HEIGHT
    bottom = top + height

    def y(seats: float) -> float:
        return round(bottom - seats * height / most, 2)

    whens = ["the start", *(s.at for s in timeline.steps)]
    base = [0] * len(points)
    series: list[Series] = []
    for name, column in zip(names, values, strict=True):
        upper = [b + v for b, v in zip(base, column, strict=True)]
        path = _step_area(xs, end, [y(v) for v in upper], [y(v) for v in base])
        n = colours.setdefault(name, len(colours))
        colour, hatch = n % PALETTE, (n + n // PALETTE) % PALETTE
        series.append(Series(name, colour, hatch, path, _seats_text(name, whens, column)))
        base = upper
    rows = tuple((when, tuple(column[i] for column in values)) for i, when in enumerate(whens))
    return BodyChart(body, _split(body), top, height, most, tuple(series), rows, tuple(names))


def _split(name: str, room: int = 24) -> tuple[str, ...]:
    """A long name in two lines, broken at the hyphen or space nearest its middle."""
    if len(name) <= room:
        return (name,)
    breaks = [i for i, ch in enumerate(name) if ch in "- "]
    if not breaks:
        return (name[:room] + "…",)
    cut = min(breaks, key=lambda i: abs(i - len(name) // 2))
    return (name[: cut + 1].rstrip(), name[cut + 1 :])


def _step_area(
    xs: Sequence[float], end: float, upper: Sequence[float], lower: Sequence[float]
) -> str:
    """A closed path: the upper edge stepping forward in time, the lower edge back."""
    edges = [*xs[1:], end]
    forward = [f"M{xs[0]},{upper[0]}"]
    for i, x in enumerate(edges):
        forward.append(f"H{x}")
        if i + 1 < len(upper):
            forward.append(f"V{upper[i + 1]}")
    back = [f"V{lower[-1]}"]
    for i in range(len(lower) - 1, 0, -1):
        back.append(f"H{xs[i]}")
        back.append(f"V{lower[i - 1]}")
    back.append(f"H{xs[0]}Z")
    return "".join(forward + back)


def chart(
    scenario: ScenarioResult, timeline: Timeline, bodies: Sequence[str], anchor: str
) -> Chart:
    """The chart of one scenario; ``anchor`` prefixes the ids of its findings."""
    days = [_day(s.at) for s in timeline.steps]
    first, last = (min(days), max(days)) if days else (dt.date.today().toordinal(),) * 2
    pad = max(1, (last - first) // 20)
    first, last = first - pad, last + pad
    right = WIDTH - RIGHT
    scale = _Scale(first, last, LEFT, right)
    xs = [float(LEFT), *(scale(d) for d in days)]

    per_event: dict[int, list[tuple[int, Finding]]] = {}
    for number, finding in enumerate(scenario.findings, start=1):
        per_event.setdefault(finding.event.index, []).append((number, finding))
    stack = max((len(v) for v in per_event.values()), default=0)
    lane_y = 14 + stack * MARKER_STEP  # the events' line, under the findings' markers
    at_index = {s.index: scale(_day(s.at)) for s in timeline.steps}
    markers = [
        Marker(
            x=at_index.get(index, float(LEFT)),
            y=lane_y - 10 - level * MARKER_STEP,
            number=number,
            anchor=f"{anchor}-finding-{number}",
            severity=finding.severity.value,
            label=f"{finding.severity.value} {finding.rule} at event {index}: {finding.message}",
        )
        for index, found in per_event.items()
        for level, (number, finding) in enumerate(found)
    ]
    events = tuple(
        EventMark(
            scale(_day(s.at)),
            s.index,
            f"event {s.index}{f' `{s.id}`' if s.id else ''}: {s.kind} on {s.at}",
        )
        for s in timeline.steps
    )
    colours: dict[str, int] = {}
    top: float = lane_y + EVENT_LANE
    charts: list[BodyChart] = []
    for body in bodies:
        drawn = _body_chart(timeline, body, xs, right, top, colours)
        charts.append(drawn)
        top += drawn.height + BODY_GAP
    axis_y = top - BODY_GAP + 8
    described = "; ".join(
        f"{c.body}: {len(c.affiliations)} affiliation{'' if len(c.affiliations) == 1 else 's'},"
        f" at most {c.max_seats} seat{'' if c.max_seats == 1 else 's'}"
        for c in charts
    )
    description = (
        f"{len(events)} event{'' if len(events) == 1 else 's'}, "
        f"{len(markers)} finding{'' if len(markers) == 1 else 's'}; {described}"
    )
    return Chart(
        width=WIDTH,
        height=axis_y + AXIS,
        left=LEFT,
        right=right,
        lane_y=lane_y,
        axis_y=axis_y,
        ticks=_ticks(first, last, scale),
        events=events,
        markers=tuple(sorted(markers, key=lambda m: m.number)),
        bodies=tuple(charts),
        description=description,
        colours=colours,
    )
