"""Benchmarks for govrules, measured side by side in one run.

Run from the repository root, in the project's venv:

    python benchmarks/bench.py                # the full run (1M-event file: several minutes)
    python benchmarks/bench.py --quick        # smaller runs, the same fields, a few minutes
    python benchmarks/bench.py --json         # and one JSON object on the last line of stdout

The machines are shared and noisy, so everything is measured in CPU time
(``time.process_time`` in this process, ``getrusage`` for child processes),
each measure several times, interleaved with its anchors, and the median kept;
compare the ratios. For every bundled pack, on a JSONL stream built from the
pack's declarations (``benchmarks/streams.py``):

1. events per CPU-second of govrules' three engines (``durable``, ``compiled``,
   ``reference``), end to end through the library (read, validate, replay,
   evaluate, findings), against raw durable-rules on the same compiled rules
   and the same flat facts through its Python API (``post`` one at a time and
   ``post_batch``: no reading, no replay);
2. for the default pack, the same job in tight plain Python (``json.loads``,
   a hand-written replay and the pack's rules as Python expressions: the
   floor), and cedarpy's ``is_authorized_batch`` on the seat-share policy when
   cedarpy is installed (``pip install cedarpy``);
3. peak RSS of ``govrules check`` on 10k and 1M events (a child process), and
   on 1M events that each break one rule, in every report format written to a
   file (the findings are kept compactly and each report is written as it is
   read: the target is under 300 MiB whatever the format);
4. cold start: ``govrules --version``, ``--help`` and ``check`` on a one-event
   file, against ``python -c pass`` (child processes, CPU time, from compiled
   bytecode as an installed govrules starts);
5. 1,000 small YAML scenario files in one ``check``: milliseconds per event.

``--analyses`` measures the analyses instead: ``govrules explore --depth 3
--jobs 2`` on each bundled pack (a fresh process; wall time, target 60 s on 2
cores; states explored and states/s, and the states/s of one process), and
``--why`` on every breaking example (in process, target <= 1 s each, and the
wall time of ``govrules why`` on the slowest).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import run as floor_run
from streams import write_stream

ROOT = Path(__file__).resolve().parents[1]


def median_cpu(run: Callable[[], object], repeat: int) -> float:
    """The median CPU seconds of ``repeat`` runs of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def govrules_command() -> list[str]:
    script = Path(sys.executable).with_name("govrules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "govrules"]


def child_cpu(command: list[str]) -> float:
    """CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# Peak RSS is read by a small wrapper process: a child forked from this one
# would count this process's pages too.
# Its stderr goes to the file named first (a text report's log may be large).
_PEAK_RSS = (
    "import resource, subprocess, sys; "
    "err = open(sys.argv[1], 'wb'); "
    "done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err); "
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss_mib(path: Path, pack: str, *options: str) -> float:
    command = [*govrules_command(), "check", str(path), "--pack", pack, "--fail-on", "never"]
    err = path.with_suffix(".stderr")
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, str(err), *command, *options],
        capture_output=True,
        text=True,
        check=False,
    )
    code, peak = done.stdout.split()
    said = err.read_text(encoding="utf-8", errors="replace")[-2000:]
    err.unlink()
    if code != "0":
        raise SystemExit(f"govrules check failed on {path}: {said}")
    return int(peak) / 1024


FORMATS = ("text", "concise", "json", "sarif", "junit", "html")


def findings_rss_mib(path: Path, pack: str, folder: Path) -> dict[str, float]:
    """Peak RSS of a check whose every event breaks a rule, per report format (to a file).

    The text report is written as people run it (one line per finding on stderr
    too); the other formats with ``--quiet``.
    """
    out: dict[str, float] = {}
    for fmt in FORMATS:
        report = folder / f"report.{fmt}"
        quiet = () if fmt == "text" else ("--quiet",)
        out[fmt] = peak_rss_mib(path, pack, "--format", fmt, "--output", str(report), *quiet)
        report.unlink()
    return out


def interleaved(runs: dict[str, tuple[Callable[[], object], int]], repeat: int) -> dict[str, float]:
    """Items per CPU-second of each run (``name: (run, items)``), median of ``repeat``.

    The runs take turns, round after round, so that each ratio compares runs
    made under the same load of a shared machine.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (run, _items) in runs.items():
            start = time.process_time()
            run()
            times[name].append(time.process_time() - start)
    return {name: runs[name][1] / statistics.median(t) for name, t in times.items()}


def engine_runs(pack: Any, path: Path, events: int) -> dict[str, tuple[Callable[[], object], int]]:
    """govrules' three engines, end to end through the library, on ``path``."""
    from govrules.checker import Checker

    def run(checker: Any) -> Callable[[], object]:
        return lambda: checker.check_file(path)

    return {
        name: (run(Checker(pack, name)), events) for name in ("durable", "compiled", "reference")
    }


def raw_durable_runs(pack: Any, path: Path) -> dict[str, tuple[Callable[[], object], int]]:
    """durable-rules' own Python API on the same rules and facts: ``raw_post`` (one fact
    at a time) and ``raw_post_batch`` (batches of 256); and ``durable_engine``, govrules'
    durable engine alone on the same observations, prepared beforehand (its facts
    built, written and asserted, in batches of 256: what raw posting does, and
    only that).

    The facts are the ones govrules' durable engine asserts (projected and
    flat), prepared beforehand; each rule gets a no-op Python action, and a
    catch-all rule keeps an unmatched fact from raising (``post`` consumes an
    event at its first match, so it does less than govrules, which reports
    every rule).
    """
    from durable.engine import Host

    from govrules.engines.durable import DurableEngine
    from govrules.replay import replay
    from govrules.scenario import ScenarioReader

    engine = DurableEngine(pack.rules, pack.param_values)
    reader = ScenarioReader.open(path)
    events = ((x.index, x.event) for x in reader.events(pack.declarations))
    facts, observations = [], []
    for seq, step in enumerate(replay(pack.initial, events, pack.param_values), start=1):
        fact = engine.fact(step.observation, str(seq), "raw", seq)
        del fact["id"]  # durable's own id: made from the content, as a user would leave it
        facts.append(fact)
        observations.append(step.observation)

    class QuietHost(Host):  # type: ignore[misc]
        def _run(self) -> None:  # no timer threads
            pass

    def noop(_closure: Any) -> None:
        pass

    names = iter(range(1_000_000))

    def host() -> tuple[Any, str]:
        definition: dict[str, Any] = {}
        for chunk in engine.definitions:
            for name, rule in copy.deepcopy(chunk).items():
                if name.startswith("r"):
                    definition[name] = rule | {"run": noop}
        definition["catch-all"] = {"all": [{"m": {"$ex": {"seq": 1}}}], "pri": 65535, "run": noop}
        name = f"raw-{next(names)}"
        made = QuietHost()
        made.set_rulesets({name: definition})
        return made, name

    def one_at_a_time() -> None:
        made, name = host()
        for fact in facts:
            made.post(name, fact)

    def batched() -> None:
        made, name = host()
        for i in range(0, len(facts), 256):
            made.post_batch(name, facts[i : i + 256])

    def ours() -> None:
        with engine.session() as session:
            for i in range(0, len(observations), 256):
                session.evaluate_many(observations[i : i + 256])

    return {
        "raw_post": (one_at_a_time, len(facts)),
        "raw_post_batch": (batched, len(facts)),
        "durable_engine": (ours, len(facts)),
    }


def floor_agrees(pack: Any, stream: Path, noisy: Path) -> None:
    """The floor finds as many findings as govrules, on the measured stream and on a
    stream whose every event breaks a rule; the benchmark stops if it does not."""
    from govrules.checker import Checker

    checker = Checker(pack, "compiled")
    write_stream(noisy, pack, 2_000, noisy=True)
    for path in (stream, noisy):
        ours, theirs = len(checker.check_file(path).findings), floor_run(path)
        if ours != theirs:
            raise SystemExit(f"the floor found {theirs} findings in {path.name}, govrules {ours}")


def cedarpy_run(events: int) -> tuple[Callable[[], object], int] | None:
    """cedarpy's batch authorisation on the seat-share policy (None without cedarpy)."""
    try:
        import cedarpy  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    policy = """
        forbid(principal, action == Action::"change_seats", resource)
        when { context.largest * 3 > context.total };
        permit(principal, action, resource);
    """
    requests = [
        {
            "principal": 'Org::"member"',
            "action": 'Action::"change_seats"',
            "resource": 'Board::"board"',
            "context": {"largest": 1 + i % 5, "total": 6 + i % 4},
        }
        for i in range(events)
    ]
    return (lambda: cedarpy.is_authorized_batch(requests, policy, []), events)


def cold_start(one: Path, pack: str, repeat: int) -> dict[str, float]:
    """CPU of each start, as an installed govrules starts: from its compiled bytecode.

    ``pip install`` compiles a package's bytecode, and Python writes it on the
    first run of an editable install, unless ``PYTHONDONTWRITEBYTECODE`` is set
    (as on some CI machines): every start would then compile govrules' source
    again, about 75 ms. The bytecode is compiled here first, so every start
    measures the same thing wherever the benchmark runs.
    """
    import compileall

    import govrules

    compileall.compile_dir(Path(govrules.__file__).parent, quiet=1)
    command = govrules_command()
    runs: dict[str, list[float]] = {"python": [], "version": [], "help": [], "check": []}
    for _ in range(repeat):
        runs["python"].append(child_cpu([sys.executable, "-c", "pass"]))
        runs["version"].append(child_cpu([*command, "--version"]))
        runs["help"].append(child_cpu([*command, "--help"]))
        runs["check"].append(child_cpu([*command, "check", str(one), "--pack", pack]))
    return {name: statistics.median(t) for name, t in runs.items()}


def small_files_ms_per_event(pack: Any, folder: Path, count: int) -> float:
    from govrules.checker import Checker

    example = next((ROOT / "examples" / pack.name).glob("ok--*"))
    target = folder / "small"
    target.mkdir()
    for i in range(count):
        shutil.copy(example, target / f"s{i:04}{example.suffix}")
    checker = Checker(pack, "durable")
    report = checker.check([target])
    events = sum(s.events for s in report.scenarios)
    return median_cpu(lambda: checker.check([target]), 3) / events * 1000


def explore_wall(name: str, jobs: int) -> tuple[float, dict[str, Any]]:
    """Wall time and JSON report of one ``govrules explore --depth 3`` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [*govrules_command(), "explore", "--pack", name, "--depth", "3", "--jobs", str(jobs),
         "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - start, json.loads(done.stdout)


def analyses() -> None:
    from govrules.analysis.explain_report import with_why
    from govrules.analysis.explore import explore
    from govrules.checker import Checker
    from govrules.findings import Report
    from govrules.pack import bundled_packs, load_pack

    print("\n4. govrules explore --depth 3, every rule of each bundled pack")
    for name in bundled_packs():
        wall, data = explore_wall(name, 2)
        summary = data["summary"]
        rate = data["states"] / max(data["seconds"], 1e-9)
        print(
            f"   {name} ({len(data['rules'])} rules): {wall:.1f} s wall with --jobs 2"
            f" (target <= 60 s); {summary['broken']} broken, {summary['not-broken']} not broken"
            f" up to depth 3, {summary['cut-short']} cut short; {data['states']:,} states,"
            f" {rate:,.0f} states/s"
        )
        single = explore(load_pack(name), depth=3)
        print(
            f"     one process: {single.seconds:.1f} s, {single.states:,} states,"
            f" {single.states / max(single.seconds, 1e-9):,.0f} states/s,"
            f" {single.tried / max(single.seconds, 1e-9):,.0f} events tried/s"
        )

    print("\n5. --why on every breaking example (in process)")
    root = Path(__file__).resolve().parents[1] / "examples"
    times: list[tuple[float, Path]] = []
    for name in bundled_packs():
        checker = Checker(load_pack(name), "reference")
        for path in sorted((root / name).iterdir()):
            if path.name.startswith("ok--"):
                continue
            report = Report(scenarios=(checker.check_file(path),), packs={name: checker.pack})
            start = time.perf_counter()
            with_why(report)
            times.append((time.perf_counter() - start, path))
    times.sort()
    slowest, worst = times[-1]
    print(
        f"   {len(times)} examples: median {statistics.median(t for t, _ in times) * 1000:.0f} ms,"
        f" slowest {slowest * 1000:.0f} ms ({worst.name}; target <= 1 s each)"
    )
    start = time.perf_counter()
    subprocess.run([*govrules_command(), "why", str(worst)], stdout=subprocess.DEVNULL, check=True)
    print(f"   govrules why on it, a fresh process: {time.perf_counter() - start:.2f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events for throughput")
    parser.add_argument("--small", type=int, default=10_000, help="events, small RSS run")
    parser.add_argument("--large", type=int, default=1_000_000, help="events, large RSS run")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each measure")
    parser.add_argument("--files", type=int, default=1000, help="small files in one check")
    parser.add_argument("--quick", action="store_true", help="20k events, RSS on 10k and 200k")
    parser.add_argument("--json", action="store_true", help="print the results as JSON last")
    parser.add_argument("--analyses", action="store_true", help="explore and why only")
    args = parser.parse_args()
    if args.quick:
        args.events, args.large, args.repeat = 20_000, 200_000, 3

    import gc

    from govrules.pack import bundled_packs, default_pack, load_pack

    gc.freeze()  # as the CLI does: the pack is long-lived, the collector skips it
    default = default_pack()
    print(f"govrules benchmark, {dt.date.today().isoformat()}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    if args.analyses:
        analyses()
        return
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "quick": args.quick,
        "packs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(
            f"\n1. events per CPU-second, {args.events:,} events (median of {args.repeat},"
            " each run interleaved with its anchors)"
        )
        for name in bundled_packs():
            pack = load_pack(name, lines=False)
            stream = write_stream(folder / f"{name}.jsonl", pack, args.events, quiet=False)
            runs = engine_runs(pack, stream, args.events) | raw_durable_runs(pack, stream)
            if name == default:
                # The anchors of the default pack: the floor, and cedarpy when installed.
                runs["floor"] = (functools.partial(floor_run, stream), args.events)
                cedar_run = cedarpy_run(args.events)
                if cedar_run is not None:
                    runs["cedarpy"] = cedar_run
            rates = interleaved(runs, args.repeat)
            results["packs"][name] = rates
            print(
                f"   {name} ({len(pack.rules)} rules): durable {rates['durable']:,.0f},"
                f" compiled {rates['compiled']:,.0f}, reference {rates['reference']:,.0f};"
                f" raw durable post {rates['raw_post']:,.0f}, post_batch"
                f" {rates['raw_post_batch']:,.0f}"
                f" (durable {rates['durable'] / rates['raw_post_batch']:.2f}x post_batch);"
                f" the durable engine alone on the same facts {rates['durable_engine']:,.0f}"
                f" ({rates['durable_engine'] / rates['raw_post_batch']:.2f}x post_batch)"
            )
        pack = load_pack(default, lines=False)
        floor_agrees(pack, folder / f"{default}.jsonl", folder / "floor-noisy.jsonl")
        ours = results["packs"][default]
        floor, cedar = ours["floor"], ours.get("cedarpy")
        print(
            f"\n2. {default}: the plain-Python floor {floor:,.0f}/s;"
            f" compiled is {ours['compiled'] / floor:.2f}x of it"
        )
        if cedar is None:
            print("   cedarpy is not installed (pip install cedarpy): not compared")
        else:
            print(
                f"   cedarpy is_authorized_batch, seat-share policy: {cedar:,.0f} requests/s;"
                f" compiled is {ours['compiled'] / cedar:.2f}x"
            )

        small = write_stream(folder / "rss-small.jsonl", pack, args.small)
        large = write_stream(folder / "rss-large.jsonl", pack, args.large)
        rss_small, rss_large = peak_rss_mib(small, default), peak_rss_mib(large, default)
        print(
            f"\n3. peak RSS of govrules check: {args.small:,} events {rss_small:.1f} MiB,"
            f" {args.large:,} events {rss_large:.1f} MiB ({rss_large / rss_small:.2f}x)"
        )

        noisy = write_stream(folder / "rss-noisy.jsonl", pack, args.large, noisy=True)
        rss_findings = findings_rss_mib(noisy, default, folder)
        noisy.unlink()
        print(
            f"   {args.large:,} events, one finding each, report to a file: "
            + ", ".join(f"{fmt} {mib:.0f} MiB" for fmt, mib in rss_findings.items())
        )

        one = write_stream(folder / "one.jsonl", pack, 1)
        cold = cold_start(one, default, max(args.repeat, 5))
        print(
            f"\n4. cold start (CPU, median): python -c pass {cold['python'] * 1000:.0f} ms;"
            f" --version {cold['version'] * 1000:.0f} ms ({cold['version'] / cold['python']:.1f}x),"
            f" --help {cold['help'] * 1000:.0f} ms ({cold['help'] / cold['python']:.1f}x),"
            f" check {cold['check'] * 1000:.0f} ms ({cold['check'] / cold['python']:.1f}x)"
        )

        per_event = small_files_ms_per_event(pack, folder, args.files)
        print(f"\n5. {args.files:,} small YAML files in one check: {per_event:.3f} ms per event")

    summary = {
        "durable_events_per_cpu_s": round(ours["durable"]),
        "durable_vs_raw_post_batch": round(ours["durable"] / ours["raw_post_batch"], 3),
        "durable_engine_vs_raw_post_batch": round(
            ours["durable_engine"] / ours["raw_post_batch"], 3
        ),
        "compiled_events_per_cpu_s": round(ours["compiled"]),
        "compiled_vs_floor": round(ours["compiled"] / floor, 3),
        "compiled_vs_cedarpy": None if cedar is None else round(ours["compiled"] / cedar, 3),
        "rss_10k_mib": round(rss_small, 1),
        "rss_1m_mib": round(rss_large, 1),
        "rss_1m_findings_mib": {fmt: round(mib, 1) for fmt, mib in rss_findings.items()},
        "cold_check_vs_python": round(cold["check"] / cold["python"], 1),
        "version_vs_python": round(cold["version"] / cold["python"], 1),
        "ms_per_event_small_files": round(per_event, 4),
    }
    results |= {
        "summary": summary,
        "sizes": {"events": args.events, "rss": [args.small, args.large]},
    }
    if args.json:
        print(json.dumps(results | summary, sort_keys=True))


if __name__ == "__main__":
    main()
