"""Text, JSON, SARIF and JUnit are rendered from the same findings: they agree on every case.

For each example (and each CLI fixture), the four formats are rendered by
:func:`govrules.reports.render`, the function ``govrules check`` uses, and each
is read back with the tool a consumer would use; all must name the same rules,
as many times, at the same events.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from junitparser import Failure, JUnitXml

from govrules.findings import Report
from govrules.reports import Format, render
from reports.cases import CASES, Case, pack_for, report_of

# `error[rule-id] title`, then `  --> file:line  event N ...`
_TEXT_FINDING = re.compile(
    r"^(error|warning)\[([^\]]+)\] .*\n  --> (.+?)(?::(\d+))?  event (\d+)", re.M
)


def _expected(report: Report) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity.value, f.event.line) for f in report.findings]


def _from_text(text: str) -> list[tuple[str, str, int | None]]:
    return [
        (rule, severity, int(line) if line else None)
        for severity, rule, _file, line, _index in _TEXT_FINDING.findall(text)
    ]


def _from_json(text: str) -> list[tuple[str, str, int | None]]:
    data = json.loads(text)
    return [
        (f["rule"], f["severity"], f["event"]["line"])
        for scenario in data["scenarios"]
        for f in scenario["findings"]
    ]


def _from_sarif(text: str) -> list[tuple[str, str, int | None]]:
    run = json.loads(text)["runs"][0]
    out = []
    for result in run["results"]:
        region = result["locations"][0]["physicalLocation"].get("region")
        out.append((result["ruleId"], result["level"], region["startLine"] if region else None))
    return out


def _from_junit(text: str) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for suite in JUnitXml.fromstring(text):
        for case in suite:
            for result in case.result:
                if isinstance(result, Failure):
                    found[(case.name, result.type)] += 1
    return found


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_format_reports_the_same_findings(case: Case) -> None:
    pack = pack_for(case.pack)
    report = report_of(case)
    expected = _expected(report)

    outputs = {fmt: render(report, fmt, pack) for fmt in Format}
    assert _from_text(outputs[Format.TEXT]) == expected
    assert _from_json(outputs[Format.JSON]) == expected
    assert _from_sarif(outputs[Format.SARIF]) == expected
    # JUnit groups findings by rule: compare as a multiset.
    assert _from_junit(outputs[Format.JUNIT]) == Counter((r, s) for r, s, _ in expected)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_summary_counts_agree(case: Case) -> None:
    pack = pack_for(case.pack)
    report = report_of(case)
    n = len(report.findings)
    summary = json.loads(render(report, Format.JSON, pack))["summary"]
    assert summary["errors"] + summary["warnings"] == n
    sarif = json.loads(render(report, Format.SARIF, pack))["runs"][0]
    assert sarif["properties"]["summary"] == summary
    junit = JUnitXml.fromstring(render(report, Format.JUNIT, pack))
    assert int(junit.failures) == n
    text = render(report, Format.TEXT, pack)
    if n:
        last = text.rstrip("\n").rsplit("\n", 1)[-1]
        assert last.endswith(
            f"{summary['errors']} error{'' if summary['errors'] == 1 else 's'}, "
            f"{summary['warnings']} warning{'' if summary['warnings'] == 1 else 's'}"
        )
    else:
        assert text.rstrip("\n").endswith("no commitment broken")


def test_the_cases_include_findings_of_both_severities() -> None:
    # The agreement above means little if no case breaks anything.
    severities = {f.severity.value for case in CASES for f in report_of(case).findings}
    assert severities == {"error", "warning"}
