"""The JUnit XML report, for CI dashboards (GitLab, Jenkins, Azure DevOps, CircleCI).

One ``testsuite`` per scenario file, one ``testcase`` per rule of the pack (so a
rule the scenario keeps shows as a pass), and one ``failure`` per finding, its
``type`` the finding's severity and its text the event, the message and the
quotes the rule rests on. Every finding is a failure, warnings included, so the
count matches the other formats; ``--fail-on`` decides the exit code only.
The ``failures`` counts are of ``failure`` elements.

``classname`` is the file's path without its extension and with any other dot
as ``_`` (Jenkins reads the text after the last dot as the class); ``time`` is
the seconds spent on the file (a rule's testcase has no time of its own: all
rules of a scenario are evaluated together). A rule left out by ``--select`` or
``--ignore`` is a ``skipped`` testcase; a suppressed finding is no failure, and
its reason is the testcase's ``system-out``. A file that could not be checked
is a testsuite with one ``error`` listing its problems.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TextIO

from govrules.errors import Problem
from govrules.findings import Report, ScenarioResult
from govrules.pack import Pack

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# Characters XML 1.0 cannot carry, even escaped; a scenario's text may hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def classname(file: str) -> str:
    """A file's path as a JUnit class name: no extension, no other dot."""
    path = PurePosixPath(file.replace("\\", "/"))
    stem = str(path.with_suffix("")) if path.suffix else str(path)
    return _clean(stem.replace(".", "_"))


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _split(element: Element) -> tuple[str, str]:
    """An element's start and end tags, as ElementTree writes them."""
    from xml.etree.ElementTree import tostring

    element.text = _GAP  # no cleaned text can hold it
    start, end = tostring(element, encoding="unicode").split(_GAP)
    element.text = None
    return start, end


_GAP = "\x00"


def _indented(element: Element, level: int) -> str:
    from xml.etree.ElementTree import indent, tostring

    indent(element, "  ", level)
    return tostring(element, encoding="unicode")


def _suite(scenario: ScenarioResult, pack: Pack, report: Report) -> Iterator[str]:
    """One scenario's testsuite, in pieces: a rule's failures are written one at a time."""
    from xml.etree.ElementTree import Element, SubElement

    from govrules.reports.text import finding_text

    skipped = report.settings_of(pack.name).rules_skipped
    suite = Element(
        "testsuite",
        {
            "name": _clean(scenario.file),
            "tests": str(len(pack.rules)),
            "failures": str(len(scenario.findings)),
            "errors": "0",
            "skipped": str(len(skipped)),
            "time": _seconds(report.seconds.get(scenario.file, 0.0)),
            "file": _clean(scenario.file),
        },
    )
    start, end = _split(suite)
    yield start
    properties = Element("properties")
    for name, value in (
        ("scenario", scenario.name),
        ("events", str(scenario.events)),
        ("pack", pack.name),
    ):
        SubElement(properties, "property", {"name": name, "value": _clean(value)})
    yield "\n    " + _indented(properties, 2)
    for rule in pack.rules:
        case = Element(
            "testcase",
            {
                "name": rule.id,
                "classname": classname(scenario.file),
                "file": _clean(scenario.file),
                "time": _seconds(0.0),
            },
        )
        if rule.id in skipped:
            SubElement(case, "skipped", {"message": "not checked (--select or --ignore)"})
            yield "\n    " + _indented(case, 2)
            continue
        notes = [
            f"suppressed at event {f.event.index} ({f.event.kind}, {f.event.at}): {f.reason}"
            for f in scenario.suppressed.of_rule(rule.id)
        ]
        if notes:
            SubElement(case, "system-out").text = _clean("\n".join(notes))
        if not scenario.findings.per_rule.get(rule.id):
            yield "\n    " + _indented(case, 2)
            continue
        children = list(case)
        for child in children:
            case.remove(child)
        case_start, case_end = _split(case)
        yield "\n    " + case_start
        for child in children:
            yield "\n      " + _indented(child, 3)
        for finding in scenario.findings.of_rule(rule.id):
            failure = Element(
                "failure", {"message": _clean(finding.message), "type": finding.severity.value}
            )
            failure.text = _clean(finding_text(finding).plain)
            yield "\n      " + _indented(failure, 3)
        yield "\n    " + case_end
    yield "\n  " + end


def render_junit(report: Report) -> str:
    """The report as JUnit XML (UTF-8, with an XML declaration)."""
    buffer = io.StringIO()
    write_junit(report, buffer)
    return buffer.getvalue()


def write_junit(report: Report, stream: TextIO) -> None:
    """The JUnit XML, written as its failures are read (as ElementTree would lay it out)."""
    from xml.etree.ElementTree import Element

    findings = sum(len(s.findings) for s in report.scenarios)
    unread = _by_file(report.problems)
    skipped = sum(len(report.settings_of(s.pack).rules_skipped) for s in report.scenarios)
    root = Element(
        "testsuites",
        {
            "name": "govrules " + ", ".join(report.packs),
            "tests": str(
                sum(len(report.packs[s.pack].rules) for s in report.scenarios) + len(unread)
            ),
            "failures": str(findings),
            "errors": str(len(unread)),
            "skipped": str(skipped),
            "time": _seconds(sum(report.seconds.values())),
        },
    )
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if not report.scenarios and not unread:
        stream.write(_indented(root, 0) + "\n")
        return
    start, end = _split(root)
    stream.write(start)
    for scenario in report.scenarios:
        stream.write("\n  ")
        for piece in _suite(scenario, report.packs[scenario.pack], report):
            stream.write(piece)
    for file, problems in unread.items():
        stream.write("\n  " + _indented(_unread(file, problems), 1))
    stream.write("\n" + end + "\n")


def _by_file(problems: tuple[Problem, ...]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for problem in problems:
        out.setdefault(problem.file or "<input>", []).append(problem)
    return out


def _unread(file: str, problems: list[Problem]) -> Element:
    """A file that could not be checked: one testcase in error, listing its problems."""
    from xml.etree.ElementTree import Element, SubElement

    suite = Element(
        "testsuite",
        {
            "name": _clean(file),
            "tests": "1",
            "failures": "0",
            "errors": "1",
            "skipped": "0",
            "time": _seconds(0.0),
            "file": _clean(file),
        },
    )
    case = SubElement(
        suite,
        "testcase",
        {"name": "read", "classname": classname(file), "file": _clean(file), "time": "0.000"},
    )
    error = SubElement(
        case,
        "error",
        {"type": "bad-input", "message": _clean(problems[0].render(exact=True).split("\n")[0])},
    )
    error.text = _clean("\n".join(p.render(exact=True) for p in problems))
    return suite
