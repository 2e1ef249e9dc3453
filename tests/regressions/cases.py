"""Reading and running the regression cases in ``cases/*.yaml``.

Each case is data: ``description``, ``found_by`` (what found it and why it
failed), ``fixed_in``, ``pack`` (the pack whose schema and parameters its rules
are typed against and its scenarios are checked with: ``mini``, the tests'
own, or a bundled pack), and one or more of

- ``scenario`` + ``findings``: a scenario checked on both engines; ``findings``
  lists every finding as ``{index, rule}``;
- ``rules`` + ``observations`` + ``expected``: rules (``{id, when}``) evaluated
  over observations on both engines; ``expected`` lists, per observation, the
  ids of the rules that hold, in rule order. Observations get the pack's
  ``params``. ``long_texts`` names texts too long to write out
  (``NAME: {prefix, repeat, times}``), used as ``$NAME``;
- ``refused``: conditions the loader must refuse, each with a part of its message;
- ``refused_params``: parameter values the loader must refuse, likewise;
- ``round_trip``: a scenario that must read back as written, in ``format``.

``isolate: true`` runs the engines in a separate process with a time limit:
before its fix, the case crashed or hung the process. ``known_bug`` marks a case
that fails until a bug is fixed.

Run as a script (``python cases.py CASE``) it prints each engine's answers for
a case's observations, as JSON: that is how an isolated case runs.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # run as a script
    sys.path.insert(0, str(TESTS))

from govrules.documents import load_document  # noqa: E402
from govrules.engines.durable import DurableEngine  # noqa: E402
from govrules.engines.reference import ReferenceEngine  # noqa: E402
from govrules.language.syntax import ConditionSyntax  # noqa: E402
from govrules.language.typecheck import check_condition  # noqa: E402
from govrules.pack import Pack, Rule, Severity, load_pack  # noqa: E402
from govrules.pack.files import RuleDocs, RuleExample  # noqa: E402

CASES = Path(__file__).parent / "cases"
MINI = TESTS / "cli" / "fixtures" / "pack"
_CONDITION: TypeAdapter[Any] = TypeAdapter(ConditionSyntax)


class Refused(Exception):
    """The loader refused a condition: its messages."""


@cache
def pack_named(name: str) -> Pack:
    return load_pack(str(MINI) if name == "mini" else name, lines=False)


def rule_from(rule_id: str, when: Any, pack: Pack) -> Rule:
    """A rule as the loader builds it from ``when``, typed against the pack's schema."""
    tree, problems = check_condition(
        _CONDITION.validate_python(when), pack.schema, pack.param_values
    )
    if tree is None:
        raise Refused("; ".join(p.message for p in problems))
    docs = RuleDocs.model_construct(
        checks=rule_id, why=rule_id, example=RuleExample.model_construct(description="", events=[])
    )
    return Rule(
        id=rule_id,
        title=rule_id,
        severity=Severity.ERROR,
        rests_on=(),
        when=tree,
        condition=tree,
        message=rule_id,
        docs=docs,
        file="<regression case>",
        line=None,
    )


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
    pack = pack_named(case["pack"])
    params = pack.param_values
    rules = [rule_from(r["id"], r["when"], pack) for r in case["rules"]]
    observations = [{**o, "params": params} for o in case["observations"]]
    answers: dict[str, list[list[str]]] = {}
    for engine in (DurableEngine(rules, params), ReferenceEngine(rules, params)):
        with engine.session() as session:
            answers[engine.name] = [session.evaluate(o) for o in observations]
    return answers


if __name__ == "__main__":
    json.dump(evaluate(load(Path(sys.argv[1]))), sys.stdout)
