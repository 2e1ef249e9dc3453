"""Turning pydantic validation errors into located, readable problems."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from govrules.documents import Document, Loc
from govrules.errors import Problem, with_suggestion

# Labels pydantic puts into ``loc`` for the members of a plain union.
_UNION_MEMBERS = {"bool", "int", "float", "str", "list[str]", "dict[str,bool]"}


def _strip_tags(loc: Sequence[int | str], tags: Sequence[str]) -> tuple[int | str, ...]:
    # pydantic puts the union member's tag (an event kind, a condition form)
    # into ``loc``; a user never wrote it, so it is left out of the path shown.
    return tuple(
        p
        for p in loc
        if not (
            isinstance(p, str)
            and (p in tags or p in _UNION_MEMBERS or p.startswith(("function-", "list[", "dict[")))
        )
    )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds, through Optional, Annotated, lists and dict values."""
    for _ in range(8):
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        elif origin in (list, tuple):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            break
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The fields of the record at ``loc`` inside ``model`` (for a "did you mean")."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            continue  # a dict key (a body's name, say): the model stays the value's
        current = _model_in(info.annotation)
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def problems_from_validation(
    exc: ValidationError,
    doc: Document,
    prefix: Loc = (),
    *,
    fields: Sequence[str] = (),
    tags: Sequence[str] = (),
    word: str = "field",
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """One problem per pydantic error, placed at its line, with a hint where one helps.

    ``fields`` are the names the model knows (for "did you mean" on an unknown
    field); with ``model``, the fields are those of the record the unknown
    field stands in, at any depth. ``tags`` are union tags to drop from paths.
    """
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    # The branches of a plain union each report the same value: say it once.
    by_loc: dict[tuple[int | str, ...], list[str]] = {}
    for error in errors:
        loc = (*prefix, *_strip_tags([p for p in error["loc"] if isinstance(p, int | str)], tags))
        if error["type"].endswith(("_type", "_parsing")) and error["type"] != "list_type":
            by_loc.setdefault(loc, []).append(error["type"])
    done: set[tuple[int | str, ...]] = set()
    for error in errors:
        raw_loc = [p for p in error["loc"] if isinstance(p, int | str)]
        loc = (*prefix, *_strip_tags(raw_loc, tags))
        kind = error["type"]
        if len(by_loc.get(loc, ())) > 1 and kind in by_loc[loc]:
            if loc not in done:
                done.add(loc)
                expected = sorted(
                    {_TYPE_WORDS.get(k.split("_")[0], k.split("_")[0]) for k in by_loc[loc]}
                )
                problems.append(
                    doc.problem(
                        f"expected {' or '.join(expected)}, found {_describe(error.get('input'))}",
                        loc,
                    )
                )
            continue
        ctx = error.get("ctx", {})
        value = error.get("input")
        if kind == "union_tag_invalid":
            expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
            message = with_suggestion(
                f"unknown kind `{ctx.get('tag')}`", str(ctx.get("tag")), expected
            )
            problems.append(
                doc.problem(message, (*loc, "kind"), help=f"known kinds: {', '.join(expected)}")
            )
            continue
        if kind == "union_tag_not_found":
            problems.append(doc.problem("missing field `kind`", loc))
            continue
        if kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            known = list(fields)
            if model is not None:
                known = fields_at(model, _strip_tags(raw_loc, tags)[:-1])
            problems.append(
                doc.problem(
                    with_suggestion(f"unknown {word} `{name}`", name, known),
                    loc,
                    help=f"{word}s here: {', '.join(known)}" if known else None,
                )
            )
            continue
        if kind == "missing":
            name = str(loc[-1]) if loc else "?"
            problems.append(doc.problem(f"missing field `{name}`", loc[:-1] or loc))
            continue
        shown = f"`{value}`" if isinstance(value, str | int | float | bool) else "value"
        if kind in ("dict_type", "model_type", "model_attributes_type"):
            problems.append(doc.problem(f"expected a mapping, found {_describe(value)}", loc))
            continue
        if kind == "list_type":
            problems.append(doc.problem(f"expected a list, found {_describe(value)}", loc))
            continue
        if kind == "too_short":
            least = ctx.get("min_length", 1)
            problems.append(
                doc.problem(f"expected at least {least} item{'s' if least != 1 else ''}", loc)
            )
            continue
        if kind.startswith(("date_", "datetime_")):
            why = " (a date is never read from a number)" if _is_number(value) else ""
            problems.append(
                doc.problem(
                    f"expected a date written YYYY-MM-DD, found {_describe(value)}{why}", loc
                )
            )
            continue
        if kind in _STRICT:
            wanted, reason = _STRICT[kind]
            found = _describe(value)
            problems.append(doc.problem(f"expected {wanted}, found {found} ({reason})", loc))
            continue
        if kind == "string_unicode":
            problems.append(
                doc.problem(
                    "the text holds a lone surrogate (`\\ud800`-`\\udfff`), not a character", loc
                )
            )
            continue
        if kind == "json_invalid":
            problems.append(
                doc.problem(f"invalid JSON: {ctx.get('error', 'cannot be read')}", loc[:1])
            )
            continue
        message = error["msg"]
        if kind == "value_error":
            # Our own validators' messages are written for users already.
            problems.append(doc.problem(message.removeprefix("Value error, "), loc))
            continue
        message = message[0].lower() + message[1:] if message else message
        problems.append(doc.problem(f"invalid {shown}: {message}", loc))
    return problems


# Types read strictly, and why: a lenient reading would hide a mistake.
_STRICT = {
    "int_type": ("a whole number", "a count is not read from text or a fraction"),
    "int_parsing": ("a whole number", "a count is not read from text or a fraction"),
    "int_from_float": ("a whole number", "a count is not read from text or a fraction"),
    "bool_type": ("true or false", "not read from text or numbers"),
    "bool_parsing": ("true or false", "not read from text or numbers"),
    "string_type": ("a text", "not read from numbers or true/false"),
    "float_type": ("a number", "not read from text"),
    "float_parsing": ("a number", "not read from text"),
}

_TYPE_WORDS = {
    "bool": "true/false",
    "int": "a whole number",
    "float": "a number",
    "string": "a text",
    "list": "a list",
    "dict": "a mapping",
    "model": "a mapping",
    "date": "a date",
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f"the text `{value}`" if value else "an empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
