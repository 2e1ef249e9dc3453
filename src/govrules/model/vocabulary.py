"""Checking values against a pack's declarations.

Fields marked with :class:`~govrules.model.declarations.Vocab` (in facts,
events and baselines, at any depth, as values, list items or mapping keys)
must hold a value the pack declares. A pledge's level must be one of that
pledge kind's levels, and a policy's value one of that policy's values.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from govrules.errors import with_suggestion
from govrules.model.declarations import VOCABULARIES, Declarations, Vocab

Loc = tuple[int | str, ...]


def _vocab_of(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Vocab):
            return meta.name
    for arg in typing.get_args(annotation):
        found = _vocab_of(arg)
        if found is not None and typing.get_origin(annotation) in (typing.Union, type(int | None)):
            return found
    return None


def _shape(annotation: Any) -> tuple[str, str | None, type[BaseModel] | None]:
    """How a field holds values: ("value"|"list"|"keys"|"model"), its vocabulary, its model."""
    vocab = _vocab_of(annotation)
    if vocab is not None:
        return "value", vocab, None
    for arg in (annotation, *typing.get_args(annotation)):
        origin = typing.get_origin(arg)
        if origin is typing.Annotated:
            inner = _shape(typing.get_args(arg)[0])
            if inner[1] or inner[2]:
                return inner
        if origin is list:
            (item,) = typing.get_args(arg)
            _, vocab, model = _shape(item)
            if vocab or model:
                return "list", vocab, model
        if origin is dict:
            key, value = typing.get_args(arg)
            key_vocab = _vocab_of(key)
            _, _, model = _shape(value)
            if key_vocab or model:
                return "keys", key_vocab, model
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return "model", None, arg
    return "plain", None, None


@cache
def _plan(
    model: type[BaseModel],
) -> tuple[tuple[str, str, str | None, type[BaseModel] | None], ...]:
    plan = []
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = typing.Annotated[(annotation, *info.metadata)]
        kind, vocab, sub = _shape(annotation)
        if kind != "plain":
            plan.append((name, kind, vocab, sub))
    return tuple(plan)


def _allowed(vocab: str, decl: Declarations, obj: BaseModel) -> tuple[str, ...]:
    # A level belongs to the pledge kind beside it, a value to the policy beside it.
    if vocab == "levels" and isinstance(getattr(obj, "pledge", None), str):
        return tuple(decl.pledges.get(obj.pledge, ()))  # type: ignore[attr-defined]
    if vocab == "values" and isinstance(getattr(obj, "policy", None), str):
        return tuple(decl.policies.get(obj.policy, ()))  # type: ignore[attr-defined]
    return decl.vocabulary(vocab)


def _check(value: Any, vocab: str, allowed: tuple[str, ...], loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str) and value not in allowed:
        what = VOCABULARIES[vocab]
        known = ", ".join(f"`{v}`" for v in allowed) or "none are declared"
        yield (
            loc,
            with_suggestion(f"unknown {what} `{value}`", value, allowed)
            + f"; the pack declares {known}",
        )


def vocabulary_problems(
    obj: BaseModel, decl: Declarations, loc: Loc = ()
) -> Iterator[tuple[Loc, str]]:
    """Every value in ``obj`` (and the models inside it) that the pack does not declare."""
    for name, kind, vocab, sub in _plan(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        field_loc = (*loc, name)
        allowed = _allowed(vocab, decl, obj) if vocab else ()
        if kind == "value":
            yield from _check(value, vocab or "", allowed, field_loc)
        elif kind == "model":
            yield from vocabulary_problems(value, decl, field_loc)
        elif kind == "list":
            for i, item in enumerate(value):
                if vocab:
                    yield from _check(item, vocab, allowed, (*field_loc, i))
                elif isinstance(item, BaseModel):
                    yield from vocabulary_problems(item, decl, (*field_loc, i))
        elif kind == "keys":
            for key, item in value.items():
                if vocab:
                    yield from _check(key, vocab, allowed, (*field_loc, key))
                if sub is not None and isinstance(item, BaseModel):
                    yield from vocabulary_problems(item, decl, (*field_loc, key))


# The vocabularies whose values depend on the field beside them (see _allowed).
_BESIDE = frozenset({"levels", "values"})


class VocabularyChecker:
    """:func:`vocabulary_problems` for many values of one pack, fast when all is declared.

    Each model's fields that take a declared value are looked up once; a value
    is then checked by set membership, and only a value that fails (or a model
    holding nested records, like an election's candidates) goes through the
    full walk that words the problems.
    """

    def __init__(self, decl: Declarations) -> None:
        self.decl = decl
        self._sets = {name: frozenset(decl.vocabulary(name)) for name in VOCABULARIES}
        self._plans: dict[type, tuple[tuple[str, str, str | None], ...] | None] = {}

    def _plan(self, model: type[BaseModel]) -> tuple[tuple[str, str, str | None], ...] | None:
        if model not in self._plans:
            plan = _plan(model)
            # Records inside (an election's candidates) are walked in full; records
            # without declared values (a decision's counts) need no walk at all.
            simple = all(sub is None or not _plan(sub) for _, _, _, sub in plan)
            # Fields without a vocabulary (a decision's counts) have nothing to check.
            self._plans[model] = (
                tuple((n, k, v) for n, k, v, sub in plan if sub is None and v is not None)
                if simple
                else None
            )
        return self._plans[model]

    def _allowed(self, vocab: str, obj: BaseModel) -> frozenset[str]:
        if vocab in _BESIDE:
            return frozenset(_allowed(vocab, self.decl, obj))
        return self._sets[vocab]

    def declared(self, obj: BaseModel) -> bool:
        """Whether every value ``obj`` holds is declared (fast; True or False)."""
        plan = self._plan(type(obj))
        if plan is None:
            return next(vocabulary_problems(obj, self.decl), None) is None
        fields = obj.__dict__
        sets = self._sets
        for name, kind, vocab in plan:
            value = fields[name]
            if value is None or vocab is None:
                continue
            allowed = sets[vocab] if vocab not in _BESIDE else self._allowed(vocab, obj)
            if kind == "value":
                if value not in allowed:
                    return False
            elif not allowed.issuperset(value):  # a list's items, or a mapping's keys
                return False
        return True

    def __call__(self, obj: BaseModel, loc: Loc = ()) -> list[tuple[Loc, str]]:
        """Every value in ``obj`` the pack does not declare, worded (empty when all are)."""
        if self.declared(obj):
            return []
        return list(vocabulary_problems(obj, self.decl, loc))
