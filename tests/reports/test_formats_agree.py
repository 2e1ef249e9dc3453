"""Text, JSON, SARIF and JUnit are rendered from the same findings: they agree on every case.

For each example (and each of the CLI tests' scenarios), the four formats are
rendered by :func:`govrules.reports.render`, the function ``govrules check``
uses, and each is read back with the tool a consumer would use; all must name
the same rules, as many times, at the same events. So must one report of all
the cases together, over every pack.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from junitparser import Failure, JUnitXml

from govrules.findings import Report
from govrules.reports import Format, render
from reports.cases import CASES, Case, report_of, report_of_all

# `error[rule-id] title`, then `  --> file:line  event N ...`
_TEXT_FINDING = re.compile(
    r"^(error|warning)\[([^\]]+)\] .*\n  --> (.+?)(?::(\d+))?  event (\d+)", re.M
)
Found = list[tuple[str, str, str, int | None]]


def _expected(report: Report) -> Found:
    return [(f.file, f.rule, f.severity.value, f.event.line) for f in report.findings]


def _from_text(text: str) -> Found:
    return [
        (file, rule, severity, int(line) if line else None)
        for severity, rule, file, line, _index in _TEXT_FINDING.findall(text)
    ]


def _from_json(text: str) -> Found:
    data = json.loads(text)
    return [
        (f["file"], f["rule"], f["severity"], f["event"]["line"])
        for scenario in data["scenarios"]
        for f in scenario["findings"]
    ]


def _from_sarif(text: str) -> Found:
    out = []
    for run in json.loads(text)["runs"]:
        for result in run["results"]:
            location = result["locations"][0]["physicalLocation"]
            region = location.get("region")
            out.append(
                (
                    location["artifactLocation"]["uri"],
                    result["ruleId"],
                    result["level"],
                    region["startLine"] if region else None,
                )
            )
    return out


def _from_junit(text: str) -> Counter[tuple[str, str, str]]:
    found: Counter[tuple[str, str, str]] = Counter()
    for suite in JUnitXml.fromstring(text):
        for case in suite:
            for result in case.result:
                if isinstance(result, Failure):
                    found[(suite.name, case.name, result.type)] += 1
    return found


def _agree(report: Report) -> None:
    expected = _expected(report)
    outputs = {fmt: render(report, fmt) for fmt in Format}
    assert _from_text(outputs[Format.TEXT]) == expected
    assert _from_json(outputs[Format.JSON]) == expected
    # SARIF groups results by pack (one run each): compare in that order.
    by_pack = [
        (f.file, f.rule, f.severity.value, f.event.line)
        for name in report.packs
        for s in report.scenarios
        if s.pack == name
        for f in s.findings
    ]
    assert _from_sarif(outputs[Format.SARIF]) == by_pack
    # JUnit groups findings by rule: compare as a multiset.
    assert _from_junit(outputs[Format.JUNIT]) == Counter((f, r, s) for f, r, s, _ in expected)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_format_reports_the_same_findings(case: Case) -> None:
    _agree(report_of(case))


def test_one_report_of_every_case_of_every_pack_agrees_too() -> None:
    report = report_of_all(CASES)
    assert len(report.packs) >= 2
    _agree(report)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_summary_counts_agree(case: Case) -> None:
    report = report_of(case)
    n = len(report.findings)
    summary = json.loads(render(report, Format.JSON))["summary"]
    assert summary["errors"] + summary["warnings"] == n
    assert summary["files"] == 1
    assert summary["events"] == report.scenarios[0].events
    (run,) = json.loads(render(report, Format.SARIF))["runs"]
    assert run["properties"]["summary"] == summary
    junit = JUnitXml.fromstring(render(report, Format.JUNIT))
    assert int(junit.failures) == n
    text = render(report, Format.TEXT)
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    events = f"{summary['events']} event{'' if summary['events'] == 1 else 's'}"
    if n:
        assert last == (
            f"1 file, {events}: "
            f"{summary['errors']} error{'' if summary['errors'] == 1 else 's'}, "
            f"{summary['warnings']} warning{'' if summary['warnings'] == 1 else 's'}"
        )
    else:
        assert last == f"1 file, {events}: no commitment broken"


def test_the_cases_include_findings_of_both_severities_and_passes() -> None:
    # The agreement above means little if no case breaks anything.
    severities = {f.severity.value for case in CASES for f in report_of(case).findings}
    assert severities == {"error", "warning"}
    assert any(not report_of(case).findings for case in CASES)
