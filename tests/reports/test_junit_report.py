"""The JUnit report, read back with junitparser as a CI dashboard would."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from junitparser import Failure, JUnitXml

from _support import MINI as MINI_PACK_DIR
from _support import mini_pack
from govrules.checker import Checker
from govrules.reports.junit import render_junit
from reports.cases import CASES, Case, case_named, report_of, report_of_all


@pytest.mark.parametrize("case", CASES, ids=str)
def test_one_suite_per_file_one_case_per_rule_one_failure_per_finding(case: Case) -> None:
    report = report_of(case)
    pack = report.packs[case.pack]
    text = render_junit(report)
    xml = JUnitXml.fromstring(text)
    suites = list(xml)
    assert [s.name for s in suites] == [s.file for s in report.scenarios]
    elements = ElementTree.fromstring(text.split("\n", 1)[1]).findall("testsuite")
    for suite, element, scenario in zip(suites, elements, report.scenarios, strict=True):
        properties = {p.get("name"): p.get("value") for p in element.iter("property")}
        assert properties == {
            "scenario": scenario.name,
            "events": str(scenario.events),
            "pack": pack.name,
        }
        cases = list(suite)
        assert [c.name for c in cases] == [r.id for r in pack.rules]
        assert int(suite.tests) == len(pack.rules)
        assert int(suite.failures) == len(scenario.findings)
        failures = [(c.name, r) for c in cases for r in c.result if isinstance(r, Failure)]
        assert Counter(name for name, _ in failures) == Counter(f.rule for f in scenario.findings)
        for finding in scenario.findings:
            matching = [
                f for n, f in failures if n == finding.rule and f.message == finding.message
            ]
            assert matching, finding.message
            failure = matching[0]
            assert failure.type == finding.severity.value
            for support in finding.evidence:
                for quote in support.quotes:
                    assert f"\u201c{quote.text}\u201d" in (failure.text or "")
        passed = {c.name for c in cases if c.is_passed}
        assert passed == {r.id for r in pack.rules} - {f.rule for f in scenario.findings}


def test_a_report_of_several_packs_counts_each_suite_by_its_pack() -> None:
    report = report_of_all(CASES)
    xml = JUnitXml.fromstring(render_junit(report))
    assert xml.name == "govrules " + ", ".join(report.packs)
    assert int(xml.tests) == sum(len(report.packs[s.pack].rules) for s in report.scenarios)
    assert int(xml.failures) == len(report.findings)
    for suite, scenario in zip(xml, report.scenarios, strict=True):
        assert int(suite.tests) == len(report.packs[scenario.pack].rules)


def test_a_clean_scenario_passes_every_case() -> None:
    xml = JUnitXml.fromstring(render_junit(report_of(case_named("clean.yaml"))))
    assert int(xml.failures) == 0
    assert all(c.is_passed for suite in xml for c in suite)


def test_characters_xml_cannot_carry_are_replaced(tmp_path: Path) -> None:
    scenario = tmp_path / "control.json"
    scenario.write_text(
        json.dumps(
            {
                "name": "a bell \u0007 in the name",
                "events": [
                    {
                        "kind": "decision.made",
                        "at": "2024-02-01",
                        "body": "board",
                        "topic": "budget",
                        "subject": "budget \u0001 and \ufffe",
                        "public": False,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    xml_text = render_junit(Checker(mini_pack()).check([scenario]))
    xml = JUnitXml.fromstring(xml_text)  # parses: no raw control characters
    failure = next(r for suite in xml for c in suite for r in c.result)
    assert "budget \ufffd and \ufffd" in failure.message
    assert "\u0001" not in xml_text
    assert "\u0007" not in xml_text


def test_classnames_have_no_dot_and_every_element_has_a_time(tmp_path: Path) -> None:
    from govrules.checker import check
    from govrules.reports.junit import classname

    assert classname("scenarios/v1.2/board.yaml") == "scenarios/v1_2/board"
    scenario = tmp_path / "v1.2.board.yaml"
    scenario.write_text(
        "name: x\nevents:\n"
        "  - {kind: member.seats_changed, at: 2024-03-01, body: board, member: Alpha, seats: 3}\n",
        encoding="utf-8",
    )
    xml = JUnitXml.fromstring(render_junit(check([scenario], pack=str(MINI_PACK_DIR))))
    suites = list(xml)
    assert float(xml.time) >= 0
    for suite in suites:
        assert suite.time is not None
        for case in suite:
            assert "." not in case.classname
            assert case.classname.endswith("v1_2_board")
            assert case.time is not None


def test_skipped_rules_suppressed_findings_and_unread_files(tmp_path: Path) -> None:
    from govrules.checker import check

    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "name: accepted\nevents:\n"
        "  - {kind: member.seats_changed, at: 2024-03-01, body: board, member: Alpha, seats: 3,"
        " ignore: [{rule: seat-share, reason: agreed}]}\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nevents:\n  - {kind: nope, at: 2024-01-01}\n", "utf-8")
    report = check(
        [accepted, broken], pack=str(MINI_PACK_DIR), ignore=("board-size",), partial=True
    )
    root = ElementTree.fromstring(render_junit(report).split("\n", 1)[1])
    assert root.get("errors") == "1"
    assert root.get("skipped") == "1"
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["board-size"].find("skipped") is not None
    assert cases["seat-share"].find("failure") is None
    assert "agreed" in (cases["seat-share"].findtext("system-out") or "")
    error = cases["read"].find("error")
    assert error is not None
    assert "unknown kind `nope`" in (error.text or "")
