"""Reading and running the regression cases in ``cases/*.yaml``.

Each case is data: ``description``, ``found_by`` (the property that found it
and why it failed), ``fixed_in``, and one or more of

- ``scenario`` + ``expected``: a scenario checked against the bundled pack on
  both engines; ``expected`` lists every finding as ``{index, rule}``;
- ``rules`` + ``observations`` + ``expected``: rules (``{id, when}``) evaluated
  over observations on both engines; ``expected`` lists, per observation, the
  ids of the rules that hold, in rule order. Observations get the bundled
  pack's ``params``. ``long_texts`` names texts too long to write out
  (``NAME: {prefix, repeat, times}``), used as ``$NAME``;
- ``refused``: conditions the loader must refuse, each with a part of its
  message (and ``params`` overriding the bundled pack's, if the case needs);
- ``round_trip``: a scenario that must read back as written, in ``format``.

``isolate: true`` runs the engines in a separate process with a time limit:
before its fix, the case crashed or hung the process. ``known_bug`` marks a case
that fails until a bug outside the engines is fixed.

Run as a script (``python cases.py CASE``) it prints each engine's answers for
a case's observations, as JSON: that is how an isolated case runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from govrules import testing
from govrules.documents import load_document
from govrules.engines.durable import DurableEngine
from govrules.engines.reference import ReferenceEngine
from govrules.pack import load_pack

CASES = Path(__file__).parent / "cases"


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = load_document(path).data
    texts = {
        f"${name}": spec["prefix"] + spec["repeat"] * spec["times"]
        for name, spec in data.get("long_texts", {}).items()
    }

    def expand(value: Any) -> Any:
        if isinstance(value, str):
            return texts.get(value, value)
        if isinstance(value, list):
            return [expand(v) for v in value]
        if isinstance(value, dict):
            return {k: expand(v) for k, v in value.items()}
        return value

    return expand(data)  # type: ignore[no-any-return]


def evaluate(case: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Each engine's answers for the case's observations."""
    params = load_pack().param_values
    rules = [testing.rule_from(r["id"], r["when"], params) for r in case["rules"]]
    observations = [{**o, "params": params} for o in case["observations"]]
    answers: dict[str, list[list[str]]] = {}
    for engine in (DurableEngine(rules, params), ReferenceEngine(rules, params)):
        with engine.session() as session:
            answers[engine.name] = [session.evaluate(o) for o in observations]
    return answers


if __name__ == "__main__":
    json.dump(evaluate(load(Path(sys.argv[1]))), sys.stdout)
