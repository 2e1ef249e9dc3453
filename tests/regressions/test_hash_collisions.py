"""No valid stream can fail on durable-rules' 32-bit fact identity.

durable-rules finds a live fact by a 32-bit FNV-1a hash of its id and silently
drops a second fact whose hash is taken (``assert_facts`` answers "observed",
code 2): with content-made ids, about 3 % of million-event runs failed. The
engine gives every fact an id whose hash no other fact of its batch has. These
tests find a colliding pair of ids by search, show that durable itself drops
the second of them, and show the engine evaluating both when the ids it would
write first are that pair, and a stream of several batches checked in full
when every batch holds colliding pairs. A one-off run of a million events
with every batch so (tests/README.md) found every finding, as this does.
"""

from __future__ import annotations

import json
from pathlib import Path

import durable_rules_engine

from _support import noisy_stream
from govrules.checker import BATCH, Checker
from govrules.engines.durable import DurableEngine, colliding_ids, distinct_ids, fnv1a32
from govrules.engines.reference import ReferenceEngine
from regressions.cases import pack_named, rule_from

PAIR = colliding_ids()


def _pairs(seq: int) -> str:
    # FNV-1a reads an id byte by byte, so two ids with one hash still share it after
    # the same suffix: facts 2k and 2k+1 of every batch collide.
    return PAIR[seq % 2] + str(seq // 2)


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
    engine.fact_id = _pairs  # the ids it writes first collide in pairs
    observations = [
        {"event": {"kind": "member.joined", "seats": n}, "params": {}} for n in range(6)
    ]
    with engine.session() as durable, ReferenceEngine(rules, pack.param_values).session() as ref:
        assert durable.evaluate_many(observations) == ref.evaluate_many(observations)
        assert durable.evaluate_many(observations) == [["any-join"]] * 6


def test_a_stream_whose_every_batch_holds_colliding_pairs_is_checked_without_error(
    tmp_path: Path,
) -> None:
    # Through the Checker, as `govrules check` runs: a stream of several batches on
    # the tests' pack, each event breaking one rule, the durable engine's first
    # ids colliding in pairs; every finding must be there, as the reference has it.
    assert fnv1a32(_pairs(6)) == fnv1a32(_pairs(7))
    pack = pack_named("mini")
    events = 3 * BATCH + 5
    path = noisy_stream(tmp_path / "stream.jsonl", events)
    engine = DurableEngine(pack.rules, pack.param_values)
    engine.fact_id = _pairs
    durable = Checker(pack, engine).check_file(path)
    reference = Checker(pack, "reference").check_file(path)
    assert len(durable.findings) == events
    assert durable == reference
