"""The JUnit report, read back with junitparser as a CI dashboard would."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from govrules.check import Checker
from govrules.reports.junit import render_junit
from reports.cases import CASES, MINI, Case, pack_for, report_of


@pytest.mark.parametrize("case", CASES, ids=str)
def test_one_suite_per_file_one_case_per_rule_one_failure_per_finding(case: Case) -> None:
    pack = pack_for(case.pack)
    report = report_of(case)
    xml = JUnitXml.fromstring(render_junit(report, pack))
    suites = list(xml)
    assert [s.name for s in suites] == [s.file for s in report.scenarios]
    for suite, scenario in zip(suites, report.scenarios, strict=True):
        cases = list(suite)
        assert [c.name for c in cases] == [r.id for r in pack.rules]
        assert int(suite.tests) == len(pack.rules)
        assert int(suite.failures) == len(scenario.findings)
        failures = [(c.name, r) for c in cases for r in c.result if isinstance(r, Failure)]
        assert len(failures) == len(scenario.findings)
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


def test_a_clean_scenario_passes_every_case() -> None:
    case = next(c for c in CASES if c.path.name == "clean.yaml")
    xml = JUnitXml.fromstring(render_junit(report_of(case), pack_for(case.pack)))
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
                        "kind": "decision",
                        "at": "2024-02-01",
                        "subject": "budget \u0001 and \ufffe",
                        "public": False,
                        "minutes_published": True,
                        "organisations": ["Alpha"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    pack = pack_for(str(MINI))
    xml_text = render_junit(Checker(pack).check([scenario]), pack)
    xml = JUnitXml.fromstring(xml_text)  # parses: no raw control characters
    failure = next(r for suite in xml for c in suite for r in c.result)
    assert "budget \ufffd and \ufffd" in failure.message
    assert "\u0001" not in xml_text
