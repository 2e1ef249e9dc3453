"""The JSON Schemas: generated from the models, committed in docs/schemas, and in agreement
with govrules on the files they describe.

``docs/schemas`` holds the generic ``scenario.schema.json``; per bundled pack
``<pack>.scenario.schema.json`` and ``<pack>.facts.schema.json`` (listing the
pack's declared values); and ``rules``, ``params``, ``pack`` and ``report``.
Regenerate them with ``python -m govrules.reports.schema docs/schemas``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from typer.testing import CliRunner

from _support import BUNDLED, MINI, all_examples, bundled_pack, mini_pack
from conftest import ROOT
from govrules.cli import app
from govrules.documents import load_document
from govrules.errors import InputError
from govrules.model.events import EVENT_KINDS
from govrules.reports.schema import SCHEMAS, main, render_schema, scenario_schema, schema_files
from govrules.scenario import read_scenario

DOCS = ROOT / "docs" / "schemas"
REGENERATE = "python -m govrules.reports.schema docs/schemas"


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(name: str, data: Any) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in _validator(name).iter_errors(data)][:5]


def test_the_committed_schemas_are_current() -> None:
    expected = schema_files([bundled_pack(name) for name in BUNDLED])
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*")}
    assert sorted(committed) == sorted(expected), f"schemas added or gone: run `{REGENERATE}`"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert not stale, f"out of date: {stale}; run `{REGENERATE}`"
    assert not (ROOT / "docs" / "scenario.schema.json").exists()
    assert not (ROOT / "docs" / "report.schema.json").exists()


# Facts are only ever checked against a pack's own schema (its declared values).
GENERIC = [name for name in SCHEMAS if name != "facts"]


def test_every_schema_is_named_and_each_pack_has_its_own() -> None:
    names = set(schema_files([bundled_pack(name) for name in BUNDLED]))
    assert {f"{s}.schema.json" for s in GENERIC} <= names
    for name in BUNDLED:
        assert {f"{name}.scenario.schema.json", f"{name}.facts.schema.json"} <= names


def test_main_writes_every_schema_and_removes_those_of_packs_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gone.scenario.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("kept", encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.schema.json"))
    assert written == sorted(p.name for p in DOCS.glob("*.schema.json"))
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "kept"
    assert capsys.readouterr().out.splitlines() == [
        str(tmp_path / n) for n in schema_files([bundled_pack(name) for name in BUNDLED])
    ]


@pytest.mark.parametrize("name", GENERIC)
def test_govrules_schema_prints_the_committed_schema(name: str) -> None:
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert result.stdout == (DOCS / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("which", ["scenario", "facts"])
def test_govrules_schema_with_a_pack_prints_its_committed_schema(name: str, which: str) -> None:
    result = CliRunner().invoke(app, ["schema", which, "--pack", name])
    assert result.exit_code == 0
    assert result.stdout == (DOCS / f"{name}.{which}.schema.json").read_text(encoding="utf-8")


# -- scenarios ------------------------------------------------------------------------


def _event_defs(schema: dict[str, Any]) -> dict[str, Any]:
    mapping = schema["properties"]["events"]["items"]["discriminator"]["mapping"]
    return {kind: schema["$defs"][ref.rsplit("/", 1)[-1]] for kind, ref in mapping.items()}


def test_every_event_kind_is_in_the_scenario_schema() -> None:
    schema = scenario_schema()
    assert set(_event_defs(schema)) == set(EVENT_KINDS)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "govrules scenario"
    assert "name" not in schema["required"]  # govrules names a scenario after its file


@pytest.mark.parametrize("name", BUNDLED)
def test_a_packs_scenario_schema_lists_its_bodies_and_values(name: str) -> None:
    pack = bundled_pack(name)
    schema = json.loads((DOCS / f"{name}.scenario.schema.json").read_text(encoding="utf-8"))
    bodies = list(pack.declarations.bodies)
    for kind, definition in _event_defs(schema).items():
        if "body" in definition["properties"]:
            assert definition["properties"]["body"]["enum"] == bodies, kind
    assert schema["$defs"]["Baseline"]["properties"]["bodies"]["propertyNames"]["enum"] == bodies
    topics = _event_defs(schema)["decision.made"]["properties"]["topic"]
    assert topics["enum"] == list(pack.declarations.topics)
    assert schema["properties"]["pack"]["anyOf"][0] == {"const": name}


# The loader reads a plain string as a record with only a name (a baseline's
# member) or only a quote (a fact's evidence); the generated schemas describe
# the records only, so an editor flags such a file though govrules takes it.
def _marked(cases: list[tuple[str, Path]]) -> list[Any]:
    out = []
    for first, path in cases:
        out.append(pytest.param(first, path, id=f"{first}/{path.name}"))
    return out


DOCUMENT_EXAMPLES = [
    (pack, path) for pack, path in all_examples() if path.suffix.lower() != ".jsonl"
]


@pytest.mark.parametrize(("pack", "path"), _marked(DOCUMENT_EXAMPLES))
def test_every_example_matches_the_generic_and_its_packs_scenario_schema(
    pack: str, path: Path
) -> None:
    data = load_document(path).data
    assert not _errors("scenario.schema.json", data)
    assert not _errors(f"{pack}.scenario.schema.json", data)


@pytest.mark.parametrize("name", BUNDLED)
def test_a_value_the_pack_does_not_declare_fails_its_schema_only(name: str) -> None:
    pack = bundled_pack(name)
    body = next(iter(pack.declarations.bodies))
    scenario = {
        "name": "x",
        "pack": name,
        "events": [
            {"kind": "member.left", "at": "2024-01-01", "body": body, "member": "M"},
            {"kind": "member.left", "at": "2024-01-02", "body": f"{body}-typo", "member": "M"},
        ],
    }
    assert not _errors("scenario.schema.json", scenario)
    errors = list(_validator(f"{name}.scenario.schema.json").iter_errors(scenario))
    assert errors
    assert all(list(e.absolute_path)[:2] == ["events", 1] for e in errors)
    other = next((n for n in BUNDLED if n != name), None)
    if other:
        assert _errors(f"{name}.scenario.schema.json", {**scenario, "pack": other})


def _scenario(**changes: Any) -> dict[str, Any]:
    event = {"kind": "member.joined", "at": "2024-03-01", "body": "board", "member": "Delta"}
    return {"name": "x", "events": [{**event, **changes}]}


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        (_scenario(), True),
        ({"events": []}, True),
        (_scenario(kind="member.joind"), False),
        (_scenario(sets=2), False),
        (_scenario(seats=0), False),
        (_scenario(seats="2"), False),
        (_scenario(at="1 March 2024"), False),
        (_scenario(at=0), False),
        ({"name": "x", "events": [{"kind": "decision.made", "at": "2024-03-01"}]}, False),
        ({"name": "x", "events": [], "extra": 1}, False),
        ({"name": "x"}, False),
        ({"name": "x", "pack": "Not A Pack", "events": []}, False),
    ],
    ids=[
        "valid",
        "no-name",
        "unknown-kind",
        "unknown-field",
        "too-few-seats",
        "seats-as-text",
        "not-a-date",
        "a-number-as-date",
        "missing-fields",
        "unknown-top-level-key",
        "no-events",
        "not-a-pack-name",
    ],
)
def test_the_scenario_schema_agrees_with_govrules(
    data: dict[str, Any], valid: bool, tmp_path: Path
) -> None:
    assert (not _errors("scenario.schema.json", data)) is valid
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        read_scenario(path)
    except InputError:
        read = False
    else:
        read = True
    assert read is valid


def test_the_mini_packs_scenario_schema_takes_its_scenarios() -> None:
    schema = json.loads(render_schema("scenario", mini_pack()))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    scenarios = sorted((MINI.parent / "scenarios").glob("*.y*ml"))
    assert scenarios
    for path in scenarios:
        assert not list(validator.iter_errors(load_document(path).data)), path.name


# -- pack files -----------------------------------------------------------------------


def _pack_files(root: Path, name: str) -> list[tuple[str, Path]]:
    seeds, rules = root / "seeds" / name, root / "rules" / name
    out = [("pack.schema.json", seeds / "pack.yaml")]
    out.append((f"{name}.facts.schema.json", seeds / "facts.yaml"))
    for path in sorted(rules.glob("*.yaml")):
        out.append(
            ("params.schema.json" if path.name == "params.yaml" else "rules.schema.json", path)
        )
    return out


PACK_FILES = [
    (schema, path)
    for name in BUNDLED
    for schema, path in _pack_files(bundled_pack(name).root, name)
]


@pytest.mark.parametrize(("schema", "path"), _marked(PACK_FILES))
def test_every_file_of_every_bundled_pack_matches_its_schema(schema: str, path: Path) -> None:
    assert not _errors(schema, load_document(path).data)


def test_the_facts_schema_takes_the_records_the_shorthands_stand_for() -> None:
    name = BUNDLED[0]
    fact = {
        "id": "the-board",
        "kind": "membership",
        "as_of": "2024-01-01",
        "summary": "the board",
        "body": next(iter(bundled_pack(name).declarations.bodies)),
        "members": [{"name": "Alpha"}],
        "evidence": [{"quote": "The board is Alpha."}],
    }
    assert not _errors(f"{name}.facts.schema.json", {"facts": [fact]})
    assert _errors(f"{name}.facts.schema.json", {"facts": [{**fact, "body": "no-such-body"}]})


def test_the_pack_and_rules_schemas_refuse_what_the_loader_refuses() -> None:
    pack_yaml = load_document(MINI / "seeds" / "mini" / "pack.yaml").data
    assert not _errors("pack.schema.json", pack_yaml)
    assert _errors("pack.schema.json", {**pack_yaml, "sources": []})
    assert _errors("pack.schema.json", {**pack_yaml, "owner": "x"})
    rules = load_document(MINI / "rules" / "mini" / "rules.yaml").data
    assert not _errors("rules.schema.json", rules)
    broken = json.loads(json.dumps(rules))
    broken["rules"][0]["severity"] = "fatal"
    assert _errors("rules.schema.json", broken)
    params = load_document(MINI / "rules" / "mini" / "params.yaml").data
    assert not _errors("params.schema.json", params)
    assert _errors("params.schema.json", {"params": {"p": {"value": 1}}})


def test_the_params_schema_refuses_a_name_the_loader_refuses() -> None:
    params = load_document(MINI / "rules" / "mini" / "params.yaml").data
    assert _errors(
        "params.schema.json", {"params": {"Bad-Name": params["params"]["max_seat_share"]}}
    )
