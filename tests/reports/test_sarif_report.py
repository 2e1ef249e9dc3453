"""The SARIF report: what we promise of it, and that its spans point at the quotes.

CI checks the output against ``sarif-promise.schema.json``, a schema the project
wrote of what it promises (the parts code scanning relies on). The official
SARIF 2.1.0 schema is not part of the project; to check against it by hand::

    govrules check examples --format sarif -o /tmp/out.sarif
    python -c "import json, jsonschema; jsonschema.Draft4Validator(json.load(open(
        'sarif-schema-2.1.0.json'))).validate(json.load(open('/tmp/out.sarif')))"
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from govrules.check import Checker
from govrules.pack import Pack
from govrules.reports.sarif import _refuse_extras, artifact_uri, render_sarif, sarif_data
from reports.cases import CASES, MINI, ROOT, Case, pack_for, report_of

PROMISE = Path(__file__).parent / "sarif-promise.schema.json"


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(PROMISE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _sarif(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(report_of(case), pack_for(case.pack)))
    return data


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sarif_keeps_its_promises(case: Case) -> None:
    errors = sorted(_validator().iter_errors(_sarif(case)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_related_locations_are_the_quotes_at_their_spans(case: Case) -> None:
    pack = pack_for(case.pack)
    source = pack.source_text
    lines = source.split("\n")
    for result in _sarif(case)["runs"][0]["results"]:
        for related in result["relatedLocations"]:
            region = related["physicalLocation"]["region"]
            start, length = region["charOffset"], region["charLength"]
            assert source[start : start + length] == region["snippet"]["text"]
            # Line and column say the same as the offsets.
            first = lines[region["startLine"] - 1]
            assert first[region["startColumn"] - 1 :].startswith(
                region["snippet"]["text"].split("\n", 1)[0]
            )
            last = lines[region["endLine"] - 1]
            assert last[: region["endColumn"] - 1].endswith(
                region["snippet"]["text"].rsplit("\n", 1)[-1]
            )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_results_point_at_their_rule_and_their_links_resolve(case: Case) -> None:
    run = _sarif(case)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in pack_for(case.pack).rules]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        ids = {loc["id"] for loc in result["relatedLocations"]}
        links = {int(n) for n in re.findall(r"(?<!\\)\]\((\d+)\)", result["message"]["text"])}
        assert links == ids


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sarif_pydantic_reads_it_back_unchanged(case: Case) -> None:
    from sarif_pydantic import Sarif  # type: ignore[import-untyped]

    data = _sarif(case)
    again = Sarif.model_validate(data).model_dump(mode="json", by_alias=True, exclude_none=True)
    assert again == data


def test_brackets_in_a_message_are_escaped() -> None:
    case = next(c for c in CASES if c.path.name == "breaks.yaml")
    texts = [r["message"]["text"] for r in _sarif(case)["runs"][0]["results"]]
    assert any("\\[closed\\] roadmap" in t for t in texts), texts


def test_an_event_without_a_line_has_no_region(tmp_path: Path) -> None:
    # A one-line JSON file has no line per event.
    scenario = tmp_path / "one-line.json"
    scenario.write_text(
        '{"name": "x", "events": [{"kind": "licence.changed", "at": "2024-06-01",'
        ' "to": "BUSL-1.1", "open_source": false}]}',
        encoding="utf-8",
    )
    pack = pack_for(str(MINI))
    report = Checker(pack).check([scenario])
    results = sarif_data(report, pack)["runs"][0]["results"]
    assert len(results) == 1
    assert "region" not in results[0]["locations"][0]["physicalLocation"]
    assert _validator().is_valid(sarif_data(report, pack))


def test_every_rule_carries_its_documentation() -> None:
    pack: Pack = pack_for(None)
    rules = sarif_data(report_of(CASES[0]), pack)["runs"][0]["tool"]["driver"]["rules"]
    for descriptor, rule in zip(rules, pack.rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
        assert descriptor["properties"]["restsOn"] == list(rule.rests_on)
        for fact_id in rule.rests_on:
            assert f"`{fact_id}`" in descriptor["help"]["markdown"]


def test_a_misspelt_sarif_field_is_refused() -> None:
    from sarif_pydantic import Message

    with pytest.raises(TypeError, match="undeclared SARIF field"):
        _refuse_extras(Message(txt="typo"), "message")
    _refuse_extras(Message(text="fine"), "message")  # and a correct one passes


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("examples/a b.yaml", "examples/a%20b.yaml"),
        ("scenario.yaml", "scenario.yaml"),
        (str(ROOT / "examples" / "x.yaml"), "examples/x.yaml"),
        ("/elsewhere/x.yaml", "file:///elsewhere/x.yaml"),
    ],
)
def test_artifact_uris(monkeypatch: pytest.MonkeyPatch, path: str, uri: str) -> None:
    monkeypatch.chdir(ROOT)
    assert artifact_uri(path) == uri


@pytest.mark.parametrize(
    "breakage",
    ["no-related-locations", "level-note", "two-runs", "line-zero"],
)
def test_the_promise_schema_catches_a_broken_log(breakage: str) -> None:
    case = next(c for c in CASES if c.path.name == "breaks.yaml")
    data = _sarif(case)
    result = data["runs"][0]["results"][0]
    if breakage == "no-related-locations":
        del result["relatedLocations"]
    elif breakage == "level-note":
        result["level"] = "note"
    elif breakage == "two-runs":
        data["runs"].append(data["runs"][0])
    else:
        result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not _validator().is_valid(data)
