"""The bundled packs: quotes and their spans, the initial state their facts build,
parameters, and the paths rules read (every part of the state shown is one).

Every test runs on every bundled pack (``bundled_packs()``), and the view
tests on every example, so a pack added later is held to the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from _support import BUNDLED, all_examples, bundled_pack
from conftest import SHARED_SOURCES, SOURCES
from govrules.model.facts import (
    Affiliation,
    Asset,
    MemberOrganisation,
    Membership,
    Pledge,
    Policy,
    Project,
    Transfer,
)
from govrules.model.initial import with_baseline
from govrules.pack import Pack, load_pack
from govrules.replay import replay
from govrules.scenario import read_scenario

SOURCES_OF_PACKS = [
    (name, source.id) for name in BUNDLED for source in bundled_pack(name).spec.sources
]


@pytest.fixture
def no_texts_at_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No sources directory and an empty cache: only texts kept in a pack are found."""
    monkeypatch.delenv("GOVRULES_SOURCES", raising=False)
    monkeypatch.setenv("GOVRULES_CACHE", str(tmp_path / "empty-cache"))


@pytest.mark.parametrize(("name", "source_id"), SOURCES_OF_PACKS)
def test_every_quote_stands_in_its_text_at_its_span(name: str, source_id: str) -> None:
    pack = bundled_pack(name)
    source = pack.sources[source_id]
    if source.text is None:
        assert not SOURCES, f"{SHARED_SOURCES} is at hand but holds no text of `{source_id}`"
        pytest.skip(f"the text of `{source_id}` is not at hand (looked in {SHARED_SOURCES})")
    quotes = [e for f in pack.facts.values() for e in f.evidence if e.source == source_id]
    assert quotes, f"source `{source_id}` is quoted by no fact"
    for evidence in quotes:
        assert evidence.start is not None
        assert evidence.end is not None
        assert source.text[evidence.start : evidence.end] == evidence.quote
        assert source.text.count("\n", 0, evidence.start) + 1 == evidence.line


@pytest.mark.usefixtures("no_texts_at_hand")
@pytest.mark.parametrize("name", BUNDLED)
def test_every_span_is_recorded_so_check_needs_no_text(name: str) -> None:
    pack = load_pack(name, lines=False)
    for fact in pack.facts.values():
        for evidence in fact.evidence:
            assert evidence.source in pack.sources
            recorded = (evidence.start, evidence.end, evidence.line)
            assert None not in recorded, f"fact `{fact.id}`: run `govrules sources record`"
    assert pack.warnings == ()


@pytest.mark.parametrize("name", BUNDLED)
def test_with_the_texts_at_hand_every_source_is_verified(name: str) -> None:
    if not SOURCES:
        pytest.skip(f"the published source texts are not at {SHARED_SOURCES}")
    for source in bundled_pack(name).sources.values():
        assert source.verified, f"`{source.spec.id}` not found in {SHARED_SOURCES}"
        assert source.mismatches == ()


def test_exactly_one_bundled_pack_is_the_default(pack: Pack) -> None:
    defaults = [name for name in BUNDLED if bundled_pack(name).spec.default]
    assert len(defaults) == 1
    assert pack.name == defaults[0]  # conftest's `pack`: load_pack() with no name


# -- the initial state ---------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_the_initial_state_is_what_the_facts_say(name: str) -> None:
    pack = bundled_pack(name)
    state = pack.initial
    facts = list(pack.facts.values())
    assert set(state.bodies) == set(pack.declarations.bodies)
    seated: dict[str, set[str]] = {body: set() for body in state.bodies}
    for fact in facts:
        if isinstance(fact, Membership):
            body = state.bodies[fact.body]
            for member in fact.members:
                seated[fact.body].add(member.name)
                seat = body.members[member.name]
                assert seat.seats == member.seats
                assert seat.joined == fact.as_of.isoformat()
                if member.affiliation:
                    assert state.affiliations[member.name] == member.affiliation
    assert {b: set(body.members) for b, body in state.bodies.items()} == seated
    transfers = [f for f in facts if isinstance(f, Transfer)]
    if transfers:
        (transfer,) = transfers
        assert state.transition == {
            "status": "announced",
            "date": transfer.as_of.isoformat(),
            "from": transfer.from_,
            "to": transfer.to,
        }
    else:
        assert state.transition is None
    assert state.steward == (pack.declarations.steward or (transfers[0].to if transfers else None))
    parents = {f.organisation: f for f in facts if isinstance(f, Affiliation)}
    for organisation, fact in parents.items():
        assert state.affiliations[organisation] == fact.parent
    steward_parent = parents.get(state.steward or "")
    expected_parent = (
        None if steward_parent is None else (steward_parent.parent, steward_parent.parent_nonprofit)
    )
    assert state.parent == expected_parent
    assert dict(state.organisations) == {
        f.organisation: f.tier for f in facts if isinstance(f, MemberOrganisation)
    }
    assert {n: (p.licence, p.open_source) for n, p in state.projects.items()} == {
        f.project: (f.licence, f.open_source) for f in facts if isinstance(f, Project)
    }
    assert dict(state.pledges) == {
        (f.organisation, f.pledge): (f.level, f.ends.isoformat() if f.ends else None)
        for f in facts
        if isinstance(f, Pledge)
    }
    assert dict(state.policies) == {f.policy: f.value for f in facts if isinstance(f, Policy)}
    assert dict(state.assets) == {
        f.asset: (f.asset_kind, f.holder) for f in facts if isinstance(f, Asset)
    }


@pytest.mark.parametrize("name", BUNDLED)
def test_every_parameter_and_body_is_justified_by_facts_of_the_pack(name: str) -> None:
    pack = bundled_pack(name)
    for param in pack.params.values():
        assert param.justified_by, param.name
        assert set(param.justified_by) <= set(pack.facts), param.name
        assert param.reason.strip()
        if isinstance(param.written, str) and "/" in param.written:
            top, bottom = param.written.split("/")
            assert param.value == int(top) / int(bottom)
    for body_id, body in pack.declarations.bodies.items():
        fixed = (body.size, body.affiliation_vote_cap, body.short_term_days)
        if any(value is not None for value in fixed):
            assert body.justified_by, f"body `{body_id}` fixes a size, cap or short term on no fact"
        assert set(body.justified_by) <= set(pack.facts)


# -- what rules read -------------------------------------------------------------------


def _leaves(view: Mapping[str, Any], known: Mapping[str, object], prefix: str) -> Iterator[str]:
    """The readable leaf paths of a view: a path the schema names is a leaf (a map
    of affiliations is one value); anything else holding data is gone into."""
    for key, value in view.items():
        path = f"{prefix}.{key}"
        if value is None:
            continue  # missing, as rules read it
        if path in known:
            yield path
        elif isinstance(value, Mapping):
            yield from _leaves(value, known, path)
        else:
            yield path


def _replayed(pack: Pack, path: Path) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """The state view and the observation of each event of an example."""
    scenario = read_scenario(path)
    start = with_baseline(pack.initial, scenario.baseline)
    yield start.view, {"before": start.view, "after": start.view}
    for step in replay(start, enumerate(scenario.events), pack.param_values):
        yield step.after.view, step.observation


@pytest.mark.parametrize(("name", "path"), all_examples(), ids=lambda x: getattr(x, "name", x))
def test_every_leaf_of_the_state_rules_see_is_a_path_of_the_schema(name: str, path: Path) -> None:
    pack = bundled_pack(name)
    known = pack.schema.paths
    seen = 0
    for view, observation in _replayed(pack, path):
        for side in ("before", "after"):
            unknown = [p for p in _leaves(view, known, side) if p not in known]
            assert not unknown, "state paths no rule can read"
            # The observation adds the event's focus (body, member, project, ...).
            unknown = [p for p in _leaves(observation[side], known, side) if p not in known]
            assert not unknown, "focus paths no rule can read"
            seen += 1
    assert seen >= 2
