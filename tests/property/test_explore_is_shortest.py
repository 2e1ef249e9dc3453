"""Property: what ``explore`` finds is a shortest break in its space, checked by brute force.

For generated packs (loaded by the real loader) and their generated rules, the
breadth-first search with its pruning, its symmetry and its deduplication of
states is compared with a plain walk over the same event space
(:class:`govrules.analysis.space.Space`): every sequence of events, no
pruning, no state merged, no name treated as another. The walk is exhaustive,
so its bound is small: two events when the first step has few choices, one
otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govrules import testing
from govrules.analysis.evaluate import fires
from govrules.analysis.search import Search
from govrules.language.observation import lookup
from govrules.model.events import EVENT_KINDS
from govrules.model.state import State
from govrules.pack import Pack
from govrules.replay import replay

# The walk tries every event after every first step: keep it to a few thousand.
MAX_WALK = 2_000


def _every_event(search: Search, state: State, now: str) -> Iterator[dict[str, object]]:
    yield from search.space.events(state, now, last=True)
    yield from search.space.events(state, now, last=False)


def plain_walk(search: Search, depth: int) -> int | None:
    """The length of the shortest sequence that makes the condition hold, by trying all."""
    frontier = [(search.pack.initial, search.start)]
    for length in range(1, depth + 1):
        following = []
        for state, now in frontier:
            for data in _every_event(search, state, now):
                step = search.attempt(state, data)
                if step is not None and step.held:
                    return length
            if length < depth:
                for data in search.space.events(state, now, last=False):
                    step = search.attempt(state, data)
                    if step is not None:
                        following.append((step.after, step.event.at.isoformat()))
        frontier = following
    return None


def _small(search: Search, walk: int = MAX_WALK) -> bool:
    start, now = search.pack.initial, search.start
    first = sum(1 for _ in itertools.islice(search.space.events(start, now, last=False), walk))
    last = sum(1 for _ in itertools.islice(_every_event(search, start, now), walk))
    return first * last < walk


# Each example walks thousands of events: a sixth of the profile's examples.
@settings(
    max_examples=max(10, settings().max_examples // 6),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(testing.pack_files(max_rules=3), st.data())
def test_explore_finds_a_shortest_break_in_its_space(
    files: dict[str, str], data: st.DataObject
) -> None:
    # The files, not the loaded pack, are drawn: a failure then shows them, small.
    pack = testing.load_generated(files)
    rule = pack.rule(data.draw(st.sampled_from([r.id for r in pack.rules]), label="rule"))
    search = Search(pack, rule.condition)
    depth = 2 if _small(search) else 1
    found = search.run(depth)
    shortest = plain_walk(search, depth)
    event(f"searched {depth} deep")
    event("not broken" if shortest is None else f"broken in {shortest}")
    if found.events is None:
        assert shortest is None, f"the walk breaks `{rule.id}` in {shortest} event(s)"
        return
    assert len(found.events) == shortest
    steps = list(replay(pack.initial, enumerate(found.events), pack.param_values))
    fired = [fires(rule.condition, s.observation) for s in steps]
    assert fired[-1], "the sequence found does not break the rule on its last event"
    assert not any(fired[:-1]), "the sequence found breaks the rule before its last event"


# Numbers of the state one event can raise, each read before the last event, so a
# rule on them needs a first event to set the stage: the search must take two.
STAGES = (
    "before.pending.{topic}",
    "before.organisations.count",
    "before.projects.count",
    "before.bodies.{body}.size",
    "before.bodies.{body}.removed_seated_count",
)


@st.composite
def staged(draw: st.DrawFn, pack: Pack) -> dict[str, object]:
    """A condition that holds on an event of one kind once a number of the state has
    grown past its initial value (``before.pending.T gt n and event.kind eq K``)."""
    decl = pack.declarations
    template = draw(st.sampled_from(STAGES))
    path = template.format(
        topic=draw(st.sampled_from(decl.topics)), body=draw(st.sampled_from(sorted(decl.bodies)))
    )
    start = lookup({"before": pack.initial.view}, path)
    kind = draw(st.sampled_from(sorted(EVENT_KINDS)))
    return {"all": [{"path": "event.kind", "eq": kind}, {"path": path, "gt": start}]}


@settings(
    max_examples=max(10, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(testing.pack_files(max_rules=1), st.data())
def test_explore_takes_as_many_steps_as_the_plain_walk(
    files: dict[str, str], data: st.DataObject
) -> None:
    pack = testing.load_generated(files)
    when = data.draw(staged(pack), label="when")
    rule = testing.rule_from("staged", when, pack.schema, pack.param_values)
    search = Search(pack, rule.condition)
    if not _small(search, walk=30_000):
        event("too many first steps to walk")
        return
    found = search.run(2)
    shortest = plain_walk(search, 2)
    event("not broken" if shortest is None else f"broken in {shortest}")
    assert (None if found.events is None else len(found.events)) == shortest
