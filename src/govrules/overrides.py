"""Choosing, for one check, other parameter values and fewer rules.

``--param NAME=VALUE`` gives a pack parameter another value for one run. The
value is read as YAML (``4``, ``true``, ``"1/2"`` or ``1/2``, ``[a, b]``,
``{a: 1}``) and must have the type of the pack's own value, so every rule that
reads it still type-checks: a number for a number (a fraction is a number), a
date for a date, a text for a text, a list of texts for a list, a map of the
same values for a map. The report records each override beside the pack's value.

``--select RULE`` keeps only the rules named, ``--ignore RULE`` leaves rules out;
both take ids separated by commas too. Each id must be a rule of a pack checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from govrules.errors import InputError, Problem, with_suggestion
from govrules.findings import Override, PackSettings

if TYPE_CHECKING:
    from govrules.pack import Pack


def parse_assignments(items: Sequence[str]) -> dict[str, Any]:
    """``["a=1", "b=x"]`` as ``{"a": 1, "b": "x"}``, each value read as YAML."""
    from govrules.documents import parse_yaml

    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            problems.append(
                Problem(
                    f"`--param {item}` is not of the form NAME=VALUE",
                    help="for example `--param max_terms=3`",
                )
            )
            continue
        try:
            value = parse_yaml(text, f"--param {name}").data if text.strip() else ""
        except InputError:
            value = text  # not YAML: a plain text
        out[name] = value
    if problems:
        raise InputError(problems)
    return out


def split_rule_ids(items: Iterable[str]) -> tuple[str, ...]:
    """Rule ids given as repeated options or separated by commas, in order, once each."""
    out: dict[str, None] = {}
    for item in items:
        for part in item.split(","):
            if part.strip():
                out[part.strip()] = None
    return tuple(out)


def _kind(value: Any) -> str:
    from govrules.language.schema import param_type

    found = param_type(value)
    return f"{found.kind}:{found.item}" if found.kind in ("list", "map") else found.kind


_WORDS = {
    "number": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "text": "a text",
    "list:text": "a list of texts",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"the text `{value}`"
    if isinstance(value, int | float):
        return f"the number `{value}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return "nothing" if value is None else f"`{value}`"


def _shown(written: Any) -> str:
    import json

    return written if isinstance(written, str) else json.dumps(written, ensure_ascii=False)


def override_problem(pack: Pack, name: str, value: Any) -> Problem | None:
    """Why ``value`` cannot stand for the pack's parameter ``name``, or None."""
    from govrules.language.typecheck import check_param_value
    from govrules.pack.loader import param_value

    param = pack.params[name]
    want, got = _kind(param.value), _kind(param_value(value))
    # A text parameter may be given any text, a date-like one included.
    fits = want == got or (want == "text" and got == "date")
    if not fits:
        expected = _WORDS.get(want, f"a map of {want.partition(':')[2]} values")
        return Problem(
            f"parameter `{name}` takes {expected} (the pack's value is `{_shown(param.written)}`),"
            f" not {_describe(value)}",
            help=f"for example `--param {name}={_shown(param.written)}`",
        )
    limit = check_param_value(param_value(value), ())
    if limit is not None:
        return Problem(f"parameter `{name}`: {limit.message}", help=limit.help)
    return None


def unknown_param(name: str, known: Iterable[str]) -> Problem:
    names = sorted(set(known))
    return Problem(
        with_suggestion(f"unknown parameter `{name}`", name, names),
        help=f"the parameters: {', '.join(names)}" if names else "the pack has no parameters",
    )


def unknown_rule(rule_id: str, option: str, known: Iterable[str]) -> Problem:
    ids = list(dict.fromkeys(known))
    return Problem(
        with_suggestion(f"unknown rule `{rule_id}` in `{option}`", rule_id, ids),
        help="`govrules rules` lists the pack's rules",
    )


def resolve_overrides(
    pack: Pack, values: Mapping[str, Any], *, strict: bool = True
) -> tuple[dict[str, Any], tuple[Override, ...]]:
    """The parameters as rules see them with ``values`` in force, and the overrides made.

    With ``strict``, a name the pack does not declare is a problem; otherwise it
    is left for another pack. Raises :class:`InputError` listing every problem.
    """
    from govrules.pack.loader import param_value

    params = dict(pack.param_values)
    made: list[Override] = []
    problems: list[Problem] = []
    for name, value in values.items():
        if name not in pack.params:
            if strict:
                problems.append(unknown_param(name, pack.params))
            continue
        problem = override_problem(pack, name, value)
        if problem is not None:
            problems.append(problem)
            continue
        params[name] = param_value(value)
        made.append(Override(name=name, value=value, pack_value=pack.params[name].written))
    if problems:
        raise InputError(problems)
    return params, tuple(made)


def as_checked(pack: Pack, settings: PackSettings) -> Pack:
    """``pack`` as a check with ``settings`` saw it: its overridden parameters in
    force and the rules it left out (``--select``, ``--ignore``) gone."""
    from dataclasses import replace

    from govrules.pack.loader import param_value

    params = dict(pack.params)
    for made in settings.overrides:
        params[made.name] = replace(
            params[made.name], value=param_value(made.value), written=made.value
        )
    skipped = set(settings.rules_skipped)
    return replace(pack, params=params, rules=tuple(r for r in pack.rules if r.id not in skipped))
