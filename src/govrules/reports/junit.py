"""The JUnit XML report, for CI dashboards (GitLab, Jenkins, Azure DevOps, CircleCI).

One ``testsuite`` per scenario file, one ``testcase`` per rule of the pack (so a
rule the scenario keeps shows as a pass), and one ``failure`` per finding, its
``type`` the finding's severity and its text the event, the message and the
quotes the rule rests on. Every finding is a failure, warnings included, so the
count matches the other formats; ``--fail-on`` decides the exit code only.
The ``failures`` counts are of ``failure`` elements.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govrules.findings import Report, ScenarioResult
from govrules.pack import Pack

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# Characters XML 1.0 cannot carry, even escaped; a scenario's text may hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _suite(scenario: ScenarioResult, pack: Pack) -> Element:
    from xml.etree.ElementTree import Element, SubElement

    from govrules.reports.text import finding_text

    suite = Element(
        "testsuite",
        {
            "name": _clean(scenario.file),
            "tests": str(len(pack.rules)),
            "failures": str(len(scenario.findings)),
            "errors": "0",
            "skipped": "0",
            "file": _clean(scenario.file),
        },
    )
    properties = SubElement(suite, "properties")
    for name, value in (
        ("scenario", scenario.name),
        ("events", str(scenario.events)),
        ("pack", pack.name),
    ):
        SubElement(properties, "property", {"name": name, "value": _clean(value)})
    for rule in pack.rules:
        case = SubElement(
            suite,
            "testcase",
            {"name": rule.id, "classname": _clean(scenario.file), "file": _clean(scenario.file)},
        )
        for finding in scenario.findings:
            if finding.rule != rule.id:
                continue
            failure = SubElement(
                case,
                "failure",
                {"message": _clean(finding.message), "type": finding.severity.value},
            )
            failure.text = _clean(finding_text(finding).plain)
    return suite


def render_junit(report: Report) -> str:
    """The report as JUnit XML (UTF-8, with an XML declaration)."""
    from xml.etree.ElementTree import Element, indent, tostring

    findings = len(report.findings)
    root = Element(
        "testsuites",
        {
            "name": "govrules " + ", ".join(report.packs),
            "tests": str(sum(len(report.packs[s.pack].rules) for s in report.scenarios)),
            "failures": str(findings),
            "errors": "0",
            "skipped": "0",
        },
    )
    for scenario in report.scenarios:
        root.append(_suite(scenario, report.packs[scenario.pack]))
    indent(root)
    body = tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
