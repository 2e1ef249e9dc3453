"""Findings do not grow the memory: what a check keeps, and what writing a report takes.

A check keeps its findings as compact records in a spool (:mod:`govrules.spool`)
that moves to a temporary file past a size, and every report is written as its
findings are read. Memory is compared side by side, N findings against 4N
(``tracemalloc``: Python's allocations, independent of the machine's load): a
structure that grows with the findings shows a ratio near 4, a bounded one
near 1. Each measure is first shown to see growth where there is some (all
records kept in memory; a report rendered to one string). The figures for a
million findings in a real process are in ``benchmarks/bench.py``.
"""

from __future__ import annotations

import gc
import io
import tracemalloc
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import pytest

from _support import noisy_stream
from govrules import spool
from govrules.checker import Checker
from govrules.findings import Finding, Report
from govrules.formats import Format
from govrules.pack import Pack, load_pack
from govrules.reports import render, write
from govrules.spool import Findings, FindingsWriter, RuleShared, Spool

MINI = Path(__file__).resolve().parents[1] / "cli" / "fixtures" / "pack"
# Enough findings that their records outweigh what a check holds whatever their
# number: with 200, records kept in memory measured 2.4 to 2.8 times as much for
# four times the findings, depending on the hash seed (a bound of 2.5 then failed
# one seed in three); with 400, 3.1 to 3.2, and a bounded store 1.0 to 1.2.
N = 400


@cache
def mini() -> Pack:
    return load_pack(str(MINI), lines=False)


def noisy(directory: Path, count: int) -> Path:
    """``count`` closed board decisions: each breaks one rule and changes nothing."""
    return noisy_stream(directory / f"noisy-{count}.jsonl", count)


def report_of(path: Path) -> Report:
    result = Checker(mini(), "compiled").check_file(path)
    assert len(result.findings) == int(path.stem.split("-")[1])
    return Report(scenarios=(result,), packs={"mini": mini()})


class Sink(io.StringIO):
    """A stream that keeps nothing (but how much it was given)."""

    written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)


def traced(run: Callable[[], object]) -> tuple[int, int]:
    """(bytes still held after ``run``, peak bytes while it ran), with what it returns kept."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = run()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return current, peak


@pytest.fixture
def small_spool(monkeypatch: pytest.MonkeyPatch) -> None:
    # Records move to the temporary file past 16 KiB, so that N findings already do.
    monkeypatch.setattr(spool, "IN_MEMORY", 16 << 10)
    monkeypatch.setattr(spool, "CHUNK", 4 << 10)


@pytest.mark.usefixtures("small_spool")
def test_what_a_check_keeps_does_not_grow_with_its_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small, large = noisy(tmp_path, N), noisy(tmp_path, 4 * N)
    report_of(small)  # warm: what is made once (caches, imports) is not counted

    def ratio() -> float:
        held_small, _ = traced(lambda: report_of(small))
        held_large, _ = traced(lambda: report_of(large))
        return held_large / held_small

    assert ratio() < 1.5
    # The measure sees growth when the records stay in memory.
    monkeypatch.setattr(spool, "IN_MEMORY", 1 << 30)
    assert ratio() > 2.5


@pytest.mark.usefixtures("small_spool")
@pytest.mark.parametrize("fmt", list(Format))
def test_writing_a_report_does_not_grow_with_its_findings(tmp_path: Path, fmt: Format) -> None:
    reports = {n: report_of(noisy(tmp_path, n)) for n in (N, 4 * N)}
    sinks = {n: Sink() for n in reports}
    # Warm, with both reports: what is made once (imports, caches that other tests
    # may have left just short of growing) is not counted against the larger one.
    for report in reports.values():
        write(report, fmt, Sink())

    def peak(run: Callable[[], object]) -> int:
        return traced(run)[1]

    def written(n: int) -> None:
        write(reports[n], fmt, sinks[n])

    def whole(n: int) -> str:
        return render(reports[n], fmt)

    streamed = {n: peak(partial(written, n)) for n in reports}
    assert sinks[4 * N].written > 3.5 * sinks[N].written  # four times the report...
    assert streamed[4 * N] / streamed[N] < 1.5  # ...in no more memory
    # The measure sees growth in a report made as one string.
    rendered = {n: peak(partial(whole, n)) for n in reports}
    assert rendered[4 * N] / rendered[N] > 2.5


def test_findings_read_back_from_the_temporary_file_are_the_findings(tmp_path: Path) -> None:
    path = noisy(tmp_path, 50)
    in_memory = Checker(mini(), "compiled").check_file(path).findings
    assert not in_memory._spool.on_disk  # type: ignore[union-attr]
    checker = Checker(mini(), "compiled")
    checker._spool = Spool(in_memory=0)  # every record goes to the file
    on_disk = checker.check_file(path).findings
    assert on_disk._spool.on_disk  # type: ignore[union-attr]
    assert on_disk == in_memory == tuple(in_memory)
    assert [f.event.index for f in on_disk] == list(range(50))
    assert on_disk[-1] == tuple(in_memory)[-1]
    assert on_disk[10:12] == tuple(in_memory)[10:12]
    with pytest.raises(IndexError):
        on_disk[50]


def test_findings_know_their_counts_without_reading(tmp_path: Path) -> None:
    result = Checker(mini(), "compiled").check_file(noisy(tmp_path, 7))
    findings = result.findings
    assert len(findings) == 7
    assert findings.count_of("error") == 7
    assert findings.count_of("warning") == 0
    assert dict(findings.per_rule) == {"open-decisions": 7}
    assert list(findings.of_rule("seat-share")) == []
    assert len(list(findings.of_rule("open-decisions"))) == 7


def test_findings_given_as_a_tuple_are_findings() -> None:
    shared = RuleShared("r", mini().rules[0].severity, "title", ())
    writer = FindingsWriter(Finding, (shared,), "f.yaml", "s", Spool())
    writer.add((0, "message", 0, None, "member.joined", "2024-01-01", 3))
    made = writer.done()
    (finding,) = made
    held = Findings.of((finding,))
    assert held == made == (finding,) == tuple(made)
    assert hash(held) == hash(made)
    assert held.count_of(finding.severity.value) == 1
    assert held != (finding, finding)
    assert repr(made) == repr((finding,))
