"""Strategies for whole scenarios (with baselines), and the glue a property needs."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from govrules.model.initial import Baseline, with_baseline
from govrules.model.state import State
from govrules.replay import Step, replay
from govrules.scenario import SUFFIXES, Format, Scenario, render
from govrules.testing.events import KINDS, NEW_AFFILIATIONS, NEWCOMERS, event_sequences, texts

if TYPE_CHECKING:
    from govrules.checker import Checker
    from govrules.findings import Finding
    from govrules.pack import Pack

FORMATS: tuple[Format, ...] = ("yaml", "json", "jsonl")


@st.composite
def baselines(draw: st.DrawFn, start: State) -> Baseline:
    """Overrides of ``start``: other members for some bodies, other affiliations, a parent..."""
    decl = start.declarations
    data: dict[str, Any] = {}
    people = st.one_of(st.sampled_from([*NEWCOMERS, "Member D", "Member E", "Org F"]), texts())
    chosen = (
        draw(st.lists(st.sampled_from(sorted(decl.bodies)), unique=True)) if decl.bodies else []
    )
    if chosen:
        data["bodies"] = {}
        for body in chosen:
            members = draw(st.lists(people, unique=True, max_size=7))
            data["bodies"][body] = {
                "members": [
                    {"name": m}
                    | (
                        {"affiliation": a}
                        if (a := draw(st.sampled_from([None, *NEW_AFFILIATIONS])))
                        else {}
                    )
                    | (
                        {"seats": draw(st.integers(1, 3))}
                        if decl.bodies[body].members == "organisations"
                        else {}
                    )
                    for m in members
                ]
            }
    if draw(st.booleans()):
        data["parent"] = {
            "name": draw(st.sampled_from(["Parent P", "Parent Q"])),
            "nonprofit": draw(st.booleans()),
        }
    if draw(st.booleans()):
        data["transition"] = {"status": draw(st.sampled_from(["announced", "completed"]))}
    if draw(st.booleans()) and decl.tiers:
        data["organisations"] = {
            o: draw(st.sampled_from(decl.tiers))
            for o in draw(st.lists(people, unique=True, max_size=3))
        }
    if draw(st.booleans()):
        data["projects"] = {
            p: {"licence": "Apache-2.0", "open_source": draw(st.booleans())}
            for p in draw(
                st.lists(st.sampled_from(["Project P", "Project Q"]), unique=True, max_size=2)
            )
        }
    return Baseline.model_validate(data)


@st.composite
def scenarios(
    draw: st.DrawFn,
    pack: Pack,
    *,
    min_events: int = 0,
    max_events: int = 8,
    kinds: Sequence[str] = KINDS,
    with_baseline_: bool = True,
) -> Scenario:
    """A valid scenario for ``pack``: maybe a baseline, then events that replay without error."""
    baseline = draw(st.one_of(st.none(), baselines(pack.initial))) if with_baseline_ else None
    start = with_baseline(pack.initial, baseline)
    events = draw(event_sequences(start, min_events=min_events, max_events=max_events, kinds=kinds))
    name = draw(st.one_of(st.just("a generated scenario"), texts(max_size=40)))
    return Scenario(name=name, pack=pack.name, baseline=baseline, events=tuple(events))


def write_scenario(scenario: Scenario, directory: Path, fmt: Format = "yaml") -> Path:
    """Write ``scenario`` as a file of format ``fmt`` in ``directory``; return its path."""
    suffix = next(s for s, f in SUFFIXES.items() if f == fmt)
    path = directory / f"scenario{suffix}"
    path.write_text(render(scenario, fmt), encoding="utf-8")
    return path


def replay_scenario(pack: Pack, scenario: Scenario) -> list[Step]:
    """The steps of replaying ``scenario`` from the pack's initial state, in memory."""
    start = with_baseline(pack.initial, scenario.baseline)
    return list(replay(start, enumerate(scenario.events), pack.param_values))


def findings_of(checker: Checker, scenario: Scenario, fmt: Format = "yaml") -> tuple[Finding, ...]:
    """Check ``scenario`` through a file of format ``fmt``, as ``govrules check`` would."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_scenario(scenario, Path(tmp), fmt)
        return tuple(checker.check_file(path, path.name).findings)
