"""The SARIF report: one run per pack, what we promise of it, and that its spans point at
the quotes.

Every log is validated against ``sarif-promise.schema.json``, a schema the
project wrote of what it promises (the parts code scanning relies on). When
the official SARIF 2.1.0 schema is at ``../shared/schemas/`` (beside the
repository, as in CI and this workplace; it is not the project's to
redistribute), every log is validated against it too; otherwise that test
skips and says where it looked.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from _support import MINI, mini_pack
from conftest import ROOT
from govrules.findings import Report
from govrules.formats import Format
from govrules.reports import render
from govrules.reports.sarif import _refuse_extras, artifact_uri, sarif_data
from reports.cases import CASES, Case, case_named, pack_of, report_of, report_of_all

PROMISE = Path(__file__).parent / "sarif-promise.schema.json"
OFFICIAL = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@cache
def _promise() -> Draft202012Validator:
    schema = json.loads(PROMISE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _official() -> Draft4Validator:
    schema = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def _sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report, Format.SARIF))
    return data


def _errors(validator: Draft4Validator | Draft202012Validator, data: Any) -> list[str]:
    found = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    return [f"{list(e.path)}: {e.message}" for e in found[:5]]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sarif_keeps_its_promises(case: Case) -> None:
    assert not _errors(_promise(), _sarif(report_of(case)))


@pytest.mark.skipif(
    not OFFICIAL.is_file(), reason=f"the official SARIF 2.1.0 schema is not at {OFFICIAL}"
)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_sarif_validates_against_the_official_sarif_2_1_0_schema(case: Case) -> None:
    # Validated against the official schema (../shared/schemas/sarif-schema-2.1.0.json).
    assert not _errors(_official(), _sarif(report_of(case)))


def test_one_run_per_pack_each_with_its_rules_and_results() -> None:
    report = report_of_all(CASES)
    data = _sarif(report)
    assert not _errors(_promise(), data)
    if OFFICIAL.is_file():
        assert not _errors(_official(), data)
    runs = data["runs"]
    assert [r["tool"]["driver"]["properties"]["pack"] for r in runs] == list(report.packs)
    for run, (name, pack) in zip(runs, report.packs.items(), strict=True):
        assert run["tool"]["driver"]["properties"]["packTitle"] == pack.title
        assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in pack.rules]
        files = {s.file for s in report.scenarios if s.pack == name}
        assert run["properties"]["summary"]["files"] == len(files)
        for result in run["results"]:
            assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] in files


@pytest.mark.parametrize("case", [c for c in CASES if report_of(c).findings], ids=str)
def test_related_locations_are_the_quotes_at_their_spans(case: Case) -> None:
    pack = pack_of(case)
    (run,) = _sarif(report_of(case))["runs"]
    quotes = {e.quote: e for f in pack.facts.values() for e in f.evidence}
    for result in run["results"]:
        for related in result["relatedLocations"]:
            region = related["physicalLocation"]["region"]
            snippet = region["snippet"]["text"]
            evidence = quotes[snippet]
            source = pack.sources[evidence.source or ""]
            start, length = region["charOffset"], region["charLength"]
            assert (start, start + length) == (evidence.start, evidence.end)
            uri = related["physicalLocation"]["artifactLocation"]["uri"]
            assert uri == (
                source.spec.url or artifact_uri(pack.seeds_dir / (source.spec.file or ""))
            )
            if source.text is None:
                assert "startColumn" not in region
                continue
            text = source.text
            assert text[start : start + length] == snippet
            # Line and column say the same as the offsets.
            lines = text.split("\n")
            first = lines[region["startLine"] - 1]
            assert first[region["startColumn"] - 1 :].startswith(snippet.split("\n", 1)[0])
            last = lines[region["endLine"] - 1]
            assert last[: region["endColumn"] - 1].endswith(snippet.rsplit("\n", 1)[-1])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_results_point_at_their_rule_and_their_links_resolve(case: Case) -> None:
    (run,) = _sarif(report_of(case))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in pack_of(case).rules]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        ids = {loc["id"] for loc in result["relatedLocations"]}
        links = {int(n) for n in re.findall(r"(?<!\\)\]\((\d+)\)", result["message"]["text"])}
        assert links == ids


@pytest.mark.parametrize("case", CASES, ids=str)
def test_sarif_pydantic_reads_it_back_unchanged(case: Case) -> None:
    from sarif_pydantic import Sarif  # type: ignore[import-untyped]

    data = _sarif(report_of(case))
    again = Sarif.model_validate(data).model_dump(mode="json", by_alias=True, exclude_none=True)
    assert again == data


def test_brackets_in_a_message_are_escaped() -> None:
    (run,) = _sarif(report_of(case_named("breaks.yaml")))["runs"]
    texts = [r["message"]["text"] for r in run["results"]]
    assert any("\\[closed\\] roadmap" in t for t in texts), texts


def test_an_event_without_a_line_has_no_region() -> None:
    # Events checked from memory have no file line (a one-line JSON file has line 1).
    from govrules.checker import check_events

    event = {"kind": "licence.changed", "at": "2024-06-01", "to": "BUSL-1.1", "open_source": False}
    report = check_events([event], mini_pack())
    data = sarif_data(report)
    (result,) = data["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert not _errors(_promise(), data)


@pytest.mark.parametrize("name", sorted({c.pack for c in CASES}))
def test_every_rule_carries_its_documentation(name: str) -> None:
    case = next(c for c in CASES if c.pack == name)
    pack = pack_of(case)
    (run,) = sarif_data(report_of(case))["runs"]
    rules = run["tool"]["driver"]["rules"]
    for descriptor, rule in zip(rules, pack.rules, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
        assert descriptor["properties"]["restsOn"] == list(rule.rests_on)
        assert pack.name in descriptor["properties"]["tags"]
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


def test_a_text_kept_in_the_pack_is_named_by_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (run,) = _sarif(report_of(case_named("breaks.yaml")))["runs"]
    uris = {
        related["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for related in result["relatedLocations"]
    }
    assert uris == {(MINI / "seeds" / "mini" / "source.txt").relative_to(ROOT).as_posix()}


@pytest.mark.parametrize(
    "breakage",
    ["no-related-locations", "level-note", "line-zero", "offset-without-length", "no-pack"],
)
def test_the_promise_schema_catches_a_broken_log(breakage: str) -> None:
    data = _sarif(report_of(case_named("breaks.yaml")))
    run = data["runs"][0]
    result = run["results"][0]
    region = result["relatedLocations"][0]["physicalLocation"]["region"]
    if breakage == "no-related-locations":
        del result["relatedLocations"]
    elif breakage == "level-note":
        result["level"] = "note"
    elif breakage == "line-zero":
        region["startLine"] = 0
    elif breakage == "offset-without-length":
        del region["charLength"]
    else:
        del run["tool"]["driver"]["properties"]["pack"]
    assert not _promise().is_valid(data)


def _partial_report(tmp_path: Path) -> Report:
    from govrules.checker import check

    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "name: accepted\nevents:\n"
        "  - {kind: member.seats_changed, at: 2024-03-01, body: board, member: Alpha, seats: 3,"
        " ignore: [{rule: seat-share, reason: agreed for a year}]}\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nevents:\n  - {kind: nope, at: 2024-01-01}\n", "utf-8")
    return check([accepted, broken], pack=str(MINI), partial=True)


def test_suppressions_and_notifications_keep_the_promise_and_the_official_schema(
    tmp_path: Path,
) -> None:
    data = sarif_data(_partial_report(tmp_path))
    (run,) = data["runs"]
    (result,) = run["results"]
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "agreed for a year"}
    ]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"].startswith("at `events[0].kind`: unknown kind `nope`")
    location = note["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 3
    assert location["artifactLocation"]["uri"].endswith("broken.yaml")
    assert run["properties"]["summary"]["problems"] == 1
    assert not _errors(_promise(), data)
    if OFFICIAL.is_file():
        assert not _errors(_official(), data)


def test_a_report_of_no_file_still_carries_its_problems(tmp_path: Path) -> None:
    from govrules.checker import check

    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nevents: 3\n", encoding="utf-8")
    data = sarif_data(check([broken], partial=True))
    (run,) = data["runs"]
    assert run["tool"]["driver"]["name"] == "govrules"
    assert len(run["invocations"][0]["toolExecutionNotifications"]) == 1
    if OFFICIAL.is_file():
        assert not _errors(_official(), data)


def test_bundled_rules_link_to_their_page_in_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = next(c for c in CASES if c.pack != "mini")
    (run,) = sarif_data(report_of(case))["runs"]
    for descriptor in run["tool"]["driver"]["rules"]:
        uri = descriptor["helpUri"]
        assert uri.endswith(f"/docs/rules/{case.pack}/{descriptor['id']}.md")
        page = ROOT / "docs" / "rules" / case.pack / f"{descriptor['id']}.md"
        assert page.is_file()  # the link points at a page the repository has
    monkeypatch.setenv("GOVRULES_DOCS_URL", "https://mirror.example/govrules/docs/rules/")
    (run,) = sarif_data(report_of(case))["runs"]
    first = run["tool"]["driver"]["rules"][0]
    assert (
        first["helpUri"]
        == f"https://mirror.example/govrules/docs/rules/{case.pack}/{first['id']}.md"
    )
    # A pack of your own has no published pages: no helpUri.
    (mini,) = sarif_data(report_of(case_named("breaks.yaml")))["runs"]
    assert all("helpUri" not in d for d in mini["tool"]["driver"]["rules"])
