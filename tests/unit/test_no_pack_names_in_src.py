"""The engine knows governance in general and nothing of any organisation.

No name from a bundled pack may appear in ``src/govrules`` (any ``*.py``,
comments and docstrings included): not its name, the proper names of its
title and of its sources' titles, its source ids, bodies, declared values
(topics, areas, tiers, pledges and levels, asset kinds, policies and values,
appointment methods, obligations), steward, fact ids, rule ids, parameter
names, the texts its parameters hold, nor the names its facts' typed fields
give (organisations, people and their affiliations, projects, licences,
holders, assets, parents; not the free text of ``subject``, ``statement``,
``measure``, ``unit`` and ``qualifier``, which describes rather than names).

Names are collected from the loaded bundled packs, so a pack added later is
covered. A name matches as a whole word (a hyphen joins words), with its case.
Words that are also plain English or the model's own vocabulary are allowed,
each with the reason it is not a leak, in ``ALLOWED``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from _support import BUNDLED, bundled_pack
from conftest import ROOT
from govrules.model.declarations import VOCABULARIES
from govrules.model.facts import typed_fields

SRC = ROOT / "src" / "govrules"
FILES = sorted(SRC.rglob("*.py"))
DESCRIPTIVE = {"subject", "statement", "measure", "unit", "qualifier"}
# Capitalised words, as a title's proper names are written.
_PROPER = re.compile(r"(?<![\w'’-])[A-Z][\w'’.-]*\w")

ALLOWED: dict[str, str] = {
    "code": "an area, and the plain word (an exit code, source code)",
    "other": "a topic, and the plain word; also a reason a member leaves, in the model",
    "routine": "a topic, and the plain word",
    "governance": "a topic, and what govrules is about",
    "membership": "a topic, and the fact kind that seats a body's members",
    "board": "a body, and the plain word for one, used in docstrings and generated packs",
    "budget": "a topic, and a plain word the generated packs of govrules.testing use",
    "charter": "a source id, and the plain word for a founding text (an example file name)",
    "elections": "a source id, and the plain word (the model's election events)",
    "investment": "a pledge kind, and a plain example of one in the model's docstrings",
    "kept": "a pledge level, and the plain past tense of keep",
    "reduced": "a pledge level, and a plain word the generated packs use",
    "withdrawn": "a pledge level, and a plain word the generated packs use",
    "runner-up": "an appointment method, and a plain one the generated packs use",
    "max_consecutive_terms": "a parameter named after the model's figure of that name",
    "Python": "a word of a title, and the language govrules is written in",
}


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for item in value.model_dump().values():
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


@cache
def pack_names() -> dict[str, str]:
    """Every name of every bundled pack, and where it comes from."""
    names: dict[str, str] = {}

    def add(name: str, where: str) -> None:
        if name.strip():
            names.setdefault(name.strip(), where)

    for pack_name in BUNDLED:
        pack = bundled_pack(pack_name)
        add(pack.name, f"{pack_name}: the pack's name")
        for word in _PROPER.findall(pack.title):
            add(word, f"{pack_name}: its title")
        for source in pack.spec.sources:
            add(source.id, f"{pack_name}: a source id")
            for word in _PROPER.findall(source.title):
                add(word, f"{pack_name}: a source's title")
        declares = pack.declarations
        for vocabulary, what in VOCABULARIES.items():
            for value in declares.vocabulary(vocabulary):
                add(value, f"{pack_name}: a declared {what}")
        if declares.steward:
            add(declares.steward, f"{pack_name}: its steward")
        for fact in pack.facts.values():
            add(fact.id, f"{pack_name}: a fact id")
            for field, value in typed_fields(fact).items():
                if field not in DESCRIPTIVE:
                    for text in _texts(value):
                        add(text, f"{pack_name}: fact `{fact.id}`, field `{field}`")
        for rule in pack.rules:
            add(rule.id, f"{pack_name}: a rule id")
        for param in pack.params.values():
            add(param.name, f"{pack_name}: a parameter")
            for text in _texts(param.written):
                if re.search(r"[^\W\d_]", text):  # a name has letters; "2/3" is a number
                    add(text, f"{pack_name}: the value of parameter `{param.name}`")
    return names


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted((n for n in pack_names() if n not in ALLOWED), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")


# Known leaks, each with its reason (none at present).
KNOWN: dict[str, str] = {}


def _params() -> list[Any]:
    out = []
    for path in FILES:
        name = path.relative_to(SRC).as_posix()
        marks = [pytest.mark.xfail(reason=KNOWN[name], strict=True)] if name in KNOWN else []
        out.append(pytest.param(path, id=name, marks=marks))
    return out


def test_names_were_collected_from_every_bundled_pack() -> None:
    names = pack_names()
    for pack_name in BUNDLED:
        assert any(where.startswith(f"{pack_name}:") for where in names.values())
        assert pack_name in names


@pytest.mark.parametrize("path", _params())
def test_the_source_names_nothing_of_any_bundled_pack(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"line {text.count(chr(10), 0, m.start()) + 1}: `{m[1]}` ({pack_names()[m[1]]})"
        for m in _pattern().finditer(text)
    ]
    assert not found, "\n".join(found)
