"""The floor: the default pack's check written as tight plain Python, as fast as Python goes.

It reads the same JSONL stream with ``json.loads``, replays the board by hand
and evaluates the PyTorch Foundation pack's 13 rules as Python expressions:
no validation, no general model, no reports. It is what govrules' compiled
engine is measured against (``compiled_vs_floor``). It counts the rules that
fire, and the benchmark checks that govrules finds as many.
"""

from __future__ import annotations

import json
from pathlib import Path

BOARD_KINDS = {"member.joined", "member.left", "member.seats_changed", "member.appointed"}
AREAS = {
    "code": "transition-keeps-code",
    "core_project": "transition-keeps-core-project",
    "operating_model": "transition-keeps-operating-model",
}
FOUNDING = ("AMD", "Amazon Web Services", "Google Cloud", "Meta", "Microsoft Azure", "Nvidia")


def run(path: Path) -> int:
    """Check the stream; return the number of findings."""
    seats = dict.fromkeys(FOUNDING, 1)
    findings = 0
    with path.open("rb") as stream:
        next(stream)  # the header
        for line in stream:
            e = json.loads(line)
            kind = e["kind"]
            if kind in BOARD_KINDS and e.get("body") == "board":
                if kind == "member.left":
                    del seats[e["member"]]
                else:
                    seats[e["member"]] = e.get("seats", 1)
                total = sum(seats.values())
                if total and max(seats.values()) * 3 > total:
                    findings += 1  # board-seat-share
                if len(seats) < 4:
                    findings += 1  # board-diverse-organisations
                if kind != "member.joined" and total < 6:
                    findings += 1  # board-not-below-founding-size
            elif kind == "decision.made" and e["body"] == "board":
                findings += not e["public"]  # board-decisions-public
                findings += "published" not in e  # board-decisions-minuted
                present = e.get("present")
                findings += bool(present) and len(set(present)) < 2  # board-decisions-diverse
            elif kind == "parent.changed":
                findings += not e["nonprofit"]
            elif kind == "licence.changed":
                findings += not e["open_source"]
            elif kind == "pledge.changed" and e["organisation"] == "Meta":
                findings += e["pledge"] == "investment" and e["level"] == "withdrawn"
                findings += e["pledge"] == "primary-framework" and e["level"] == "dropped"
            elif kind == "transition.completed" and e["at"] >= "2022-09-12":
                findings += sum(1 for area in e.get("changes", ()) if area in AREAS)
            elif kind == "project.changed" and e["at"] >= "2022-09-12":
                findings += bool(e.get("caused_by_transition"))
    return findings
