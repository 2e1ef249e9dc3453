"""The observation's schema for a pack: every path a rule may read, its type and meaning.

An observation is ``{event, before, after, params}``. ``event.*`` are the
fields of every event kind (from the catalogue's models) and their derived
figures (:mod:`govrules.model.figures`); ``before.*`` and ``after.*`` the
state's view (:mod:`govrules.model.state`) with the pack's bodies, tiers,
policies, topics and appointment methods spelled out; ``params.*`` the pack's
parameters. ``govrules paths`` prints this table.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from govrules.model.declarations import Declarations, Vocab
from govrules.model.events import EVENT_KINDS, EVENT_MODELS
from govrules.model.figures import EVENT_FIGURES
from govrules.model.state import STATE_PATHS
from govrules.model.valuetypes import BOOL, DATE, NUMBER, TEXT, PathDoc, ValueType, one_of

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _unwrap(annotation: Any) -> tuple[Any, str | None]:
    """The annotation without Optional and Annotated, and its vocabulary if it has one."""
    vocab: str | None = None
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            vocab = next(
                (m.name for m in getattr(annotation, "__metadata__", ()) if isinstance(m, Vocab)),
                vocab,
            )
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, vocab
            annotation = args[0]
        else:
            return annotation, vocab


def _field_type(annotation: Any) -> ValueType | type[BaseModel] | None:
    annotation, vocab = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if vocab is not None and origin is None:
        return ValueType("text", vocab=vocab)
    if origin is typing.Literal:
        return one_of(*map(str, typing.get_args(annotation)))
    if origin is list:
        item, item_vocab = _unwrap(typing.get_args(annotation)[0])
        if item is str:
            return ValueType("list", item="text", vocab=item_vocab)
        return None  # a list of records is not read by rules
    if origin is dict:
        return ValueType("map", item="text")
    if annotation is bool:
        return BOOL
    if annotation in (int, float):
        return NUMBER
    if annotation is dt.date:
        return DATE
    if annotation is str:
        return TEXT
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _model_paths(model: type[BaseModel], prefix: str) -> Iterator[tuple[str, ValueType, str]]:
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        found = _field_type(annotation)
        key = info.alias or name
        if isinstance(found, ValueType):
            yield f"{prefix}{key}", found, info.description or ""
        elif found is not None:
            yield from _model_paths(found, f"{prefix}{key}.")


@cache
def event_paths() -> dict[str, PathDoc]:
    """``event.*`` across the catalogue: fields (typed alike in every kind) and figures."""
    out: dict[str, PathDoc] = {}
    for model in EVENT_MODELS:
        for path, found, written in _model_paths(model, "event."):
            value_type, meaning = found, written
            if path == "event.kind":
                value_type, meaning = one_of(*EVENT_KINDS), "the event's kind"
            previous = out.get(path)
            if previous is not None and previous.type != value_type:  # pragma: no cover
                raise TypeError(f"`{path}` has two types: {previous.type} and {value_type}")
            if previous is None or (meaning and not previous.meaning):
                out[path] = PathDoc(path, value_type, meaning or _DEFAULT_MEANINGS.get(path, ""))
    for doc in EVENT_FIGURES:
        path = f"event.{doc.template}"
        out[path] = PathDoc(path, doc.type, doc.meaning)
    return out


_DEFAULT_MEANINGS = {
    "event.at": "the date the event takes effect",
    "event.member": "the person or organisation the event is about",
    "event.body": "the body the event is about",
    "event.organisation": "the organisation the event is about",
}

_PLACEHOLDERS: dict[str, Callable[[Declarations], Sequence[str]]] = {
    "{body}": lambda d: list(d.bodies),
    "{method}": lambda d: d.appointment_methods,
    "{tier}": lambda d: d.tiers,
    "{policy}": lambda d: list(d.policies),
    "{topic}": lambda d: d.topics,
}


def expand(doc: PathDoc, decl: Declarations) -> Iterator[PathDoc]:
    """A documented path template with its placeholders replaced by declared names."""
    for placeholder, names in _PLACEHOLDERS.items():
        if placeholder in doc.template:
            for name in names(decl):
                yield from expand(
                    PathDoc(doc.template.replace(placeholder, name, 1), doc.type, doc.meaning), decl
                )
            return
    yield doc


def param_type(value: object) -> ValueType:
    """The type of a parameter's value as rules read it."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return DATE if is_date(value) else TEXT
    if isinstance(value, list | tuple):
        return ValueType("list", item="text")
    if isinstance(value, Mapping):
        kinds = {param_type(v).kind for v in value.values()}
        return ValueType("map", item=kinds.pop() if len(kinds) == 1 else "text")
    return TEXT


def is_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Schema:
    """Every path a pack's rules may read, with its type and meaning."""

    declarations: Declarations
    paths: Mapping[str, ValueType]
    meanings: Mapping[str, str]

    def vocabulary(self, name: str) -> tuple[str, ...]:
        return self.declarations.vocabulary(name)


def build_schema(decl: Declarations, params: Mapping[str, object]) -> Schema:
    """The schema of a pack's observations."""
    paths: dict[str, ValueType] = {}
    meanings: dict[str, str] = {}
    for doc in event_paths().values():
        for concrete in expand(doc, decl):
            paths[concrete.template], meanings[concrete.template] = concrete.type, concrete.meaning
    for doc in STATE_PATHS:
        for concrete in expand(doc, decl):
            for side in ("before", "after"):
                path = f"{side}.{concrete.template}"
                paths[path], meanings[path] = concrete.type, f"{side} the event: {concrete.meaning}"
    for name, value in params.items():
        paths[f"params.{name}"] = param_type(value)
        meanings[f"params.{name}"] = "a pack parameter"
    return Schema(decl, paths, meanings)
