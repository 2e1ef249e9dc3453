"""Benchmarks for govrules: throughput, memory on long streams, cold start.

Run from the repository root, in the project's venv:

    python benchmarks/bench.py            # the full run (1M-event file: a few minutes)
    python benchmarks/bench.py --quick    # smaller sizes, for a quick look

It prints, all measured in one run on this machine:

1. events/s of ``govrules check`` (the real CLI, a fresh process) on a JSONL
   file of 100k events, against the raw durable-rules rate on the same facts
   and the same compiled rules: ``assert_fact`` + ``retract_fact`` per fact,
   with no parsing, replay or reporting (target: ratio >= 0.8);
2. peak RSS of ``govrules check`` on 10k and on 1M events (target: flat,
   <= 150 MiB);
3. the cold wall time of ``govrules check`` on a one-event file, next to the
   start-up of a bare ``python -c pass`` (target: <= 0.3 s);
4. ``govrules explore --depth 3 --jobs 2`` on each bundled pack (a fresh
   process): wall time (target: every rule broken or reported not broken
   within 60 s on 2 cores), states explored and states/s; and the states/s of
   one process;
5. ``--why`` on every breaking example: the time of each, in process (target:
   <= 1 s each), and the wall time of ``govrules why`` on the slowest.

``--analyses`` runs sections 4 and 5 only.

The machines are shared and noisy: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streams import write_stream


def govrules_command() -> list[str]:
    script = Path(sys.executable).with_name("govrules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "govrules"]


# Peak RSS is read by a small wrapper process: a child forked from this one
# (which holds the raw-rate facts) would count this process's pages too.
_PEAK_RSS = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_check(path: Path, pack: str) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one ``govrules check`` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PEAK_RSS,
            *govrules_command(),
            "check",
            str(path),
            "--pack",
            pack,
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    code, peak = done.stdout.split()
    if done.returncode != 0 or code != "0":
        raise SystemExit(f"govrules check failed on {path}: {done.stderr}")
    return elapsed, int(peak)


def cold_wall(path: Path, pack: str) -> float:
    """Wall time of one ``govrules check`` process, started directly."""
    start = time.perf_counter()
    subprocess.run(
        [*govrules_command(), "check", str(path), "--pack", pack, "--fail-on", "never"],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def raw_durable_rate(path: Path, name: str) -> tuple[float, float]:
    """Facts/s of bare durable-rules on the same facts and compiled rules.

    Returns (assert_fact + retract_fact one at a time, assert_facts + retract_facts
    in batches of 256).
    """
    from govrules.engines.durable import DurableEngine, _Host, _project
    from govrules.pack import load_pack
    from govrules.replay import replay
    from govrules.scenario import ScenarioReader

    pack = load_pack(name)
    engine = DurableEngine(pack.rules, pack.param_values)
    reader = ScenarioReader.open(path)
    events = ((x.index, x.event) for x in reader.events(pack.declarations))
    facts = []
    for seq, step in enumerate(replay(pack.initial, events, pack.param_values)):
        fact = _project(step.observation, engine.paths)
        engine.synthetic.fill(fact, step.observation)
        fact["seq"] = seq
        facts.append(fact)

    def noop(_closure: Any) -> None:
        pass

    def host_with(name: str) -> Any:
        definition = copy.deepcopy(engine.definition)
        for rule in definition.values():
            rule["run"] = noop
        host = _Host()
        host.set_rulesets({name: definition})
        return host

    single = host_with("raw-single")
    for fact in facts:
        fact["sid"] = "single"
    start = time.perf_counter()
    for fact in facts:
        single.assert_fact("raw-single", fact)
        single.retract_fact("raw-single", fact)
    single_rate = len(facts) / (time.perf_counter() - start)

    batched = host_with("raw-batch")
    for fact in facts:
        fact["sid"] = "batch"
    start = time.perf_counter()
    for i in range(0, len(facts), 256):
        chunk = facts[i : i + 256]
        batched.assert_facts("raw-batch", chunk)
        batched.retract_facts("raw-batch", chunk)
    batch_rate = len(facts) / (time.perf_counter() - start)
    return single_rate, batch_rate


def cold_start(path: Path, pack: str, runs: int) -> tuple[float, float]:
    """Median wall time of ``govrules check`` on one event, and of ``python -c pass``."""
    bare = []
    ours = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - start)
        ours.append(cold_wall(path, pack))
    return statistics.median(ours), statistics.median(bare)


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events for throughput")
    parser.add_argument("--small", type=int, default=10_000, help="events, small RSS run")
    parser.add_argument("--large", type=int, default=1_000_000, help="events, large RSS run")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="20k / 2k / 100k events")
    parser.add_argument("--analyses", action="store_true", help="explore and why only")
    args = parser.parse_args()
    if args.quick:
        args.events, args.small, args.large, args.cold_runs = 20_000, 2_000, 100_000, 3

    from govrules.pack import bundled_packs, default_pack, load_pack

    print(f"govrules benchmark, {dt.date.today().isoformat()}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    if args.analyses:
        analyses()
        return
    default = default_pack()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("\n1. throughput, govrules check on a JSONL stream that breaks no rule")
        for name in bundled_packs():
            pack = load_pack(name)
            stream = write_stream(folder / f"{name}.jsonl", pack, args.events)
            one = write_stream(folder / f"{name}-one.jsonl", pack, 1)
            cold, _ = cold_start(one, name, 1)
            wall = cold_wall(stream, name)
            ours = args.events / max(wall - cold, 1e-9)
            single, batch = raw_durable_rate(stream, name)
            print(
                f"   {name} ({len(pack.rules)} rules), {args.events} events: {ours:,.0f} events/s"
                f" (wall {wall:.2f} s less start-up {cold:.2f} s)"
            )
            print(
                f"     raw durable assert_fact+retract_fact: {single:,.0f}/s,"
                f" ratio {ours / single:.2f}x;"
                f" batched: {batch:,.0f}/s, ratio {ours / batch:.2f}x"
            )

        pack = load_pack(default)
        small = write_stream(folder / "small.jsonl", pack, args.small)
        large = write_stream(folder / "large.jsonl", pack, args.large)
        _, rss_small = run_check(small, default)
        _, rss_large = run_check(large, default)
        print(f"\n2. peak RSS of govrules check ({default})")
        print(f"   {args.small:>9,} events: {rss_small / 1024:6.1f} MiB")
        print(f"   {args.large:>9,} events: {rss_large / 1024:6.1f} MiB")
        print(f"   ratio large/small: {rss_large / rss_small:.2f}x (target: flat, <= 150 MiB)")

        one = write_stream(folder / "one.jsonl", pack, 1)
        cold, bare = cold_start(one, default, args.cold_runs)
        print(f"\n3. cold start, govrules check on a one-event file ({default})")
        print(f"   govrules check: {cold:.3f} s (median of {args.cold_runs}; target <= 0.3 s)")
        print(f"   python -c pass: {bare:.3f} s; ratio {cold / bare:.1f}x")
    analyses()


if __name__ == "__main__":
    main()
