"""No valid stream can fail on durable-rules' 32-bit fact identity.

durable-rules finds a live fact by a 32-bit FNV-1a hash of its id and silently
drops a second fact whose hash is taken (``assert_facts`` answers "observed",
code 2): with content-made ids, about 3 % of million-event runs failed. The
engine gives every fact an id whose hash no other fact of its batch has. These
tests find a colliding pair of ids by search, show that durable itself drops
the second of them, and show the engine evaluating both when the ids it would
write first are that pair.
"""

from __future__ import annotations

import json
from itertools import count

import durable_rules_engine

from govrules.engines.durable import DurableEngine, distinct_ids, fnv1a32
from govrules.engines.reference import ReferenceEngine
from regressions.cases import pack_named, rule_from


def colliding_pair() -> tuple[str, str]:
    """Two short ids with one 32-bit hash: a birthday search, a few hundred thousand hashes."""
    seen: dict[int, str] = {}
    for n in count():
        text = f"c{n}"
        digest = fnv1a32(text)
        if digest in seen:
            return seen[digest], text
        seen[digest] = text
    raise AssertionError("unreachable")


PAIR = colliding_pair()


def test_the_pair_collides_in_durables_own_hash() -> None:
    first, second = PAIR
    assert first != second
    assert fnv1a32(first) == fnv1a32(second)


def test_durable_itself_drops_the_second_of_two_colliding_facts() -> None:
    handle = durable_rules_engine.create_ruleset(
        "collision-probe", json.dumps({"r0": {"all": [{"m": {"$ex": {"seq": 1}}}], "pri": 1}})
    )
    facts = [{"id": PAIR[0], "sid": "probe", "seq": 1}, {"id": PAIR[1], "sid": "probe", "seq": 2}]
    code, _ = durable_rules_engine.assert_facts(handle, json.dumps(facts))
    assert code == 2  # "observed": one of them was not asserted


def test_distinct_ids_never_share_a_hash_in_a_batch() -> None:
    written = {1: PAIR[0], 2: PAIR[1], 3: PAIR[0]}
    ids = distinct_ids([1, 2, 3], written.__getitem__)
    assert len({fnv1a32(i) for i in ids}) == 3
    assert ids[0] == PAIR[0]


def test_the_engine_evaluates_both_facts_whose_first_ids_collide() -> None:
    pack = pack_named("mini")
    rules = [rule_from("any-join", {"path": "event.kind", "eq": "member.joined"}, pack)]
    engine = DurableEngine(rules, pack.param_values)
    engine.fact_id = lambda seq: PAIR[seq % 2]  # the ids it writes first collide
    observations = [
        {"event": {"kind": "member.joined", "seats": n}, "params": {}} for n in range(6)
    ]
    with engine.session() as durable, ReferenceEngine(rules, pack.param_values).session() as ref:
        assert durable.evaluate_many(observations) == ref.evaluate_many(observations)
        assert durable.evaluate_many(observations) == [["any-join"]] * 6
