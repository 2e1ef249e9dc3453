"""A million events, every batch holding facts whose first ids collide, checked in full.

durable-rules finds a live fact by a 32-bit FNV-1a hash of its id; the durable
engine gives the facts of a batch ids no two of which share a hash
(``distinct_ids``). Here the ids it would write first collide in pairs in
every batch (two ids with one hash keep it after the same suffix), on a
stream whose every event breaks one rule, and the findings are compared one by
one with the compiled engine's. The regression test does the same on a few
batches (``tests/regressions/test_hash_collisions.py``); this is the one-off
long run, whose result tests/README.md records.

    python benchmarks/collisions.py            # 1,000,000 events (about ten minutes)
    python benchmarks/collisions.py --events 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streams import write_stream


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()

    from govrules.checker import Checker
    from govrules.engines.durable import DurableEngine, colliding_ids, fnv1a32
    from govrules.pack import default_pack, load_pack

    pack = load_pack(default_pack(), lines=False)
    first, second = colliding_ids()

    def pairs(seq: int) -> str:
        return (first, second)[seq % 2] + str(seq // 2)

    assert fnv1a32(pairs(0)) == fnv1a32(pairs(1))
    engine = DurableEngine(pack.rules, pack.param_values)
    engine.fact_id = pairs
    with tempfile.TemporaryDirectory() as tmp:
        path = write_stream(Path(tmp) / "stream.jsonl", pack, args.events, noisy=True)
        began = time.process_time()
        durable = Checker(pack, engine).check_file(path)
        seconds = time.process_time() - began
        compiled = Checker(pack, "compiled").check_file(path)
    same = len(durable.findings) == len(compiled.findings) and all(
        a == b for a, b in zip(durable.findings, compiled.findings, strict=True)
    )
    print(
        f"{args.events:,} events, ids colliding in pairs in every batch: durable found"
        f" {len(durable.findings):,} findings in {seconds:.0f} CPU s, compiled"
        f" {len(compiled.findings):,}; {'the same findings' if same else 'DIFFERENT findings'}"
    )
    if not same or len(durable.findings) != args.events:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
