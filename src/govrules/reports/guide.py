"""The generated tables of ``docs/packs.md``: fact kinds, event kinds and readable paths.

They are written from the models, so the guide cannot drift from the code; a
test checks the committed guide is current. Regenerate with::

    python -m govrules.reports.guide docs/packs.md
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from govrules.model.declarations import VOCABULARIES


def _type_name(annotation: Any) -> str:
    """A field's type in words: ``text``, ``date``, ``list of area``, ``yes, no or abstain``."""
    from govrules.language.schema import _field_type

    found = _field_type(annotation)
    if found is None:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if args and all(a in (int, float) for a in args):
            return "number"
        inner = args[0] if args else annotation
        if typing.get_origin(inner) is list or typing.get_origin(annotation) is list:
            item = typing.get_args(inner)[0] if typing.get_args(inner) else None
            if isinstance(item, type) and issubclass(item, BaseModel):
                return f"list of {{{', '.join(item.model_fields)}}}"
            return "list"
        return getattr(inner, "__name__", str(inner)).lower()
    if isinstance(found, type):
        return f"{{{', '.join(found.model_fields)}}}"
    return found.describe()


def _fields(model: type[BaseModel], skip: Sequence[str]) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation: Any = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        shown = info.alias or name
        required = info.is_required()
        default = (
            ""
            if required
            else f" (default `{_default(info.get_default(call_default_factory=True))}`)"
        )
        desc = (info.description or "").replace("|", "\\|")
        rows.append(
            f"`{shown}`: {_type_name(annotation)}{'' if required else ', optional'}{default}"
            + (f", {desc}" if desc else "")
        )
    return rows


def _default(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict) and not value:
        return "[]" if isinstance(value, list) else "{}"
    return str(value)


def fact_kinds_markdown() -> str:
    from govrules.model.facts import FACT_KINDS, STATE_KINDS, _Fact

    common = set(_Fact.model_fields) | {"kind"}
    out = ["| kind | its fields | builds the initial state |", "|---|---|---|"]
    for kind, model in FACT_KINDS.items():
        doc = " ".join((model.__doc__ or "").split())
        fields = "<br>".join(
            _fields(model, sorted(common - {"modality"} if kind == "intention" else common))
        )
        out.append(f"| `{kind}` | {doc}<br>{fields} | {'yes' if kind in STATE_KINDS else 'no'} |")
    return "\n".join(out)


def event_kinds_markdown() -> str:
    from govrules.model.events import EVENT_KINDS

    out = ["| kind | what it means | fields |", "|---|---|---|"]
    for kind, model in EVENT_KINDS.items():
        doc = " ".join((model.__doc__ or "").split()) or kind
        fields = "<br>".join(_fields(model, ("kind", "at", "id", "note", "ignore")))
        out.append(f"| `{kind}` | {doc} | {fields or '(none)'} |")
    return "\n".join(out)


def paths_markdown() -> str:
    from govrules.language.schema import event_paths
    from govrules.model.state import STATE_PATHS

    out = ["| path | type | meaning |", "|---|---|---|"]
    for doc in event_paths().values():
        out.append(f"| `{doc.template}` | {doc.type.describe()} | {doc.meaning} |")
    for doc in STATE_PATHS:
        out.append(
            f"| `before.{doc.template}`, `after.{doc.template}` |"
            f" {doc.type.describe()} | {doc.meaning} |"
        )
    out.append("| `params.NAME` | the parameter's type | a pack parameter |")
    return "\n".join(out)


def vocabularies_markdown() -> str:
    out = ["| vocabulary (`declares:`) | names values of |", "|---|---|"]
    for name, what in VOCABULARIES.items():
        if name == "levels":
            out.append(f"| `pledges` (its lists) | {what}: the levels of each pledge kind |")
        elif name == "values":
            out.append(f"| `policies` (its lists) | {what}: the values of each policy |")
        else:
            out.append(f"| `{name}` | {what} |")
    return "\n".join(out)


SECTIONS = {
    "fact-kinds": fact_kinds_markdown,
    "event-kinds": event_kinds_markdown,
    "paths": paths_markdown,
    "vocabularies": vocabularies_markdown,
}


def regenerate(text: str) -> str:
    """``text`` with every generated section rewritten from the models."""
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated: {name} -->\n).*?(\n<!-- end: {name} -->)", re.DOTALL
        )
        body = make()

        def replace(match: re.Match[str], body: str = body) -> str:
            return match.group(1) + body + match.group(2)

        text = pattern.sub(replace, text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0] if args else "docs/packs.md")
    path.write_text(regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
