"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Every example's report is loaded from a file with the network cut off; the page
must log no console error or warning, raise no script error and ask for nothing
but itself. Each scenario's chart must draw one series per affiliation that
held seats on a body (as the report's timeline has them) and one marker per
finding, each marker leading to its finding. Screenshots of the README's
example, in the light and the dark theme, are kept under ``tests/artifacts/``
(ignored by git); the test prints where.

Outside CI the test skips, saying why, when Chromium or Playwright is missing;
under CI (``CI=true``, as ``.ci/run`` sets it, and ``.ci/run`` installs
Chromium) a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from govrules.checker import check
from govrules.findings import Report
from govrules.reports.html import render_html
from reports.cases import CASES, Case

ARTIFACTS = ROOT / "tests" / "artifacts" / "html"
README_EXAMPLE = "board-seat-share--meta-takes-three-more-seats.yaml"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLES = [c for c in CASES if c.pack != "mini"]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it, so CI must have it")
    pytest.skip(f"{reason} (outside CI the browser test is skipped; `apt-get install chromium`)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _unavailable("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (it is in the `test` extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1100, "height": 900},
        )
        yield context
        context.close()


def _report(case: Case) -> Report:
    return check([case.path], timeline=True)


class Page:
    """A report opened in the browser, with what it logged and asked for."""

    def __init__(self, context: Any, path: Path, scheme: str = "light") -> None:
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.emulate_media(color_scheme=scheme)
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        url = path.as_uri()

        def route(request: Any) -> None:
            if request.request.url != url:
                self.requests.append(request.request.url)
                request.abort()
            else:
                request.continue_()

        self.page.route("**/*", route)
        self.page.goto(url, wait_until="load")

    def close(self) -> None:
        self.page.close()


def _write(case: Case, tmp_path: Path) -> tuple[Report, Path]:
    report = _report(case)
    target = tmp_path / (case.path.stem + ".html")
    target.write_text(render_html(report), encoding="utf-8")
    return report, target


def _affiliations(report: Report, file: str, body: str) -> set[str]:
    timeline = report.timelines[file]
    points = [timeline.start, *(s.bodies for s in timeline.steps)]
    return {name for point in points for name, seats in point.get(body, {}).items() if seats > 0}


@pytest.mark.parametrize("case", EXAMPLES, ids=str)
def test_every_example_opens_cleanly_and_draws_what_it_found(
    browser: Any, case: Case, tmp_path: Path
) -> None:
    report, target = _write(case, tmp_path)
    page = Page(browser, target)
    try:
        assert page.problems == []
        assert page.requests == []  # nothing fetched: everything is inline
        (scenario,) = report.scenarios
        drawn = page.page.evaluate(
            """() => [...document.querySelectorAll('svg.timeline g.body')].map(g => ({
                body: g.dataset.body,
                series: [...g.querySelectorAll('g.series')].map(s => s.dataset.affiliation),
            }))"""
        )
        pack = report.packs[scenario.pack]
        assert [d["body"] for d in drawn] == list(pack.declarations.bodies)
        for body in drawn:
            assert len(body["series"]) == len(set(body["series"]))  # one series each
            assert set(body["series"]) == _affiliations(report, scenario.file, body["body"])
        markers = page.page.evaluate(
            """() => [...document.querySelectorAll('svg.timeline a.marker')].map(a => {
                const target = document.getElementById(a.getAttribute('href').slice(1));
                return target ? target.textContent : null;
            })"""
        )
        assert len(markers) == len(scenario.findings)
        for text, finding in zip(markers, scenario.findings, strict=True):
            assert text is not None
            assert finding.rule in text
            assert finding.message in text
    finally:
        page.close()


def test_a_marker_opens_its_finding_with_the_quotes(browser: Any, tmp_path: Path) -> None:
    case = next(c for c in EXAMPLES if c.path.name == README_EXAMPLE)
    report, target = _write(case, tmp_path)
    page = Page(browser, target)
    try:
        page.page.click("svg.timeline a.marker")
        (finding,) = report.scenarios[0].findings
        details = page.page.locator("ol.findings li:target details")
        assert details.evaluate("d => d.open") is True
        quote = finding.evidence[0].quotes[0].text
        assert quote in details.inner_text()
    finally:
        page.close()


def test_screenshots_of_the_readme_example_are_kept(browser: Any, tmp_path: Path) -> None:
    case = next(c for c in EXAMPLES if c.path.name == README_EXAMPLE)
    _, target = _write(case, tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = []
    for scheme in ("light", "dark"):
        page = Page(browser, target, scheme)
        try:
            assert page.problems == []
            shot = ARTIFACTS / f"{case.path.stem}.{scheme}.png"
            page.page.screenshot(path=str(shot), full_page=True)
            kept.append(shot)
        finally:
            page.close()
    shutil.copyfile(target, ARTIFACTS / f"{case.path.stem}.html")
    print(f"\nscreenshots of the HTML report: {', '.join(str(p) for p in kept)}")
    assert all(p.stat().st_size > 10_000 for p in kept)
