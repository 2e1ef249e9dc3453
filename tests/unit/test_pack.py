"""The bundled pack: facts, quotes, initial state and parameters."""

from __future__ import annotations

from govrules.events import EVENT_ADAPTER
from govrules.facts import Membership
from govrules.pack import Pack
from govrules.state import STATE_PATHS, apply


def test_every_quote_is_found_in_the_source_at_its_span(pack: Pack) -> None:
    for fact in pack.facts.values():
        for evidence in fact.evidence:
            assert evidence.start is not None
            assert evidence.end is not None
            assert pack.source_text[evidence.start : evidence.end] == evidence.quote
            assert pack.source_text.count("\n", 0, evidence.start) + 1 == evidence.line


def test_the_announcement_is_encoded(pack: Pack) -> None:
    kinds = {fact.kind for fact in pack.facts.values()}
    assert kinds == {
        "transfer",
        "affiliation",
        "membership",
        "commitment",
        "intention",
        "quantity",
        "statement",
    }
    figures = {
        (f.measure, f.value, f.qualifier) for f in pack.facts.values() if f.kind == "quantity"
    }
    assert ("year created", 2016, "exact") in figures
    assert ("projects built on it", 150000, "more than") in figures


def test_initial_state_is_built_from_the_facts(pack: Pack) -> None:
    (board,) = [f for f in pack.facts.values() if isinstance(f, Membership)]
    assert dict(pack.initial.seats) == dict.fromkeys(board.members, 1)
    assert set(board.members) == {
        "AMD",
        "Amazon Web Services",
        "Google Cloud",
        "Meta",
        "Microsoft Azure",
        "Nvidia",
    }
    assert pack.initial.parent == "Linux Foundation"
    assert pack.initial.parent_nonprofit is True
    assert pack.initial.transition_date.isoformat() == "2022-09-12"
    assert pack.initial.licence_open_source is True


def test_every_parameter_is_justified_by_known_facts(pack: Pack) -> None:
    for param in pack.params.values():
        assert param.justified_by
        assert set(param.justified_by) <= set(pack.facts)
    assert pack.param_values["max_seat_share"] == 1 / 3


def test_state_paths_match_what_rules_see(pack: Pack) -> None:
    # The initial licence has no id (the source names none); give it one.
    event = EVENT_ADAPTER.validate_python(
        {"kind": "licence.changed", "at": "2023-01-01", "to": "BSD-3-Clause", "open_source": True}
    )
    seen = apply(pack.initial, event).as_dict
    for path, kind in STATE_PATHS.items():
        node = seen
        for part in path.split("."):
            node = node[part]
        expected: dict[str, type | tuple[type, ...]] = {
            "number": (int, float),
            "string": str,
            "date": str,
            "bool": bool,
            "list": list,
        }
        assert isinstance(node, expected[kind]), path
