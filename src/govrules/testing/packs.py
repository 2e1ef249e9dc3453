"""Generated packs: random declarations, facts, parameters and rules, loaded for real.

A property that holds for the bundled packs should hold for any pack the
loader accepts. :func:`pack_files` draws the files of a pack (a text kept in
the pack, with every fact quoting it; bodies, vocabularies, members with
affiliations; parameters of every type; rules whose conditions come from
:func:`govrules.testing.conditions.conditions`); :func:`load_generated` writes
them to a directory and loads them with :func:`govrules.pack.load_pack`, so a
generated pack is checked exactly as a user's would be.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from govrules.language.schema import build_schema
from govrules.model.declarations import Declarations
from govrules.pack import Pack, load_pack
from govrules.pack.loader import param_value
from govrules.testing.conditions import conditions

NAME = "generated"
BODIES = ("council", "board", "committee")
PEOPLE = ("Member A", "Member B", "Member C", "Member D", "Member E", "Org F", "Org G")
COMPANIES = ("Company X", "Company Y", "Company Z")


def _subset(options: tuple[str, ...], min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(options), unique=True, min_size=min_size, max_size=len(options))


@st.composite
def declarations(draw: st.DrawFn) -> dict[str, Any]:
    """A ``declares:`` section: 1 to 3 bodies and some of every vocabulary."""
    bodies = {}
    for body in draw(_subset(BODIES, 1)):
        spec: dict[str, Any] = {
            "title": f"the {body}",
            "members": draw(st.sampled_from(["individuals", "organisations"])),
        }
        if draw(st.booleans()):
            spec["size"] = draw(st.integers(3, 9))
        if draw(st.booleans()):
            spec["affiliation_vote_cap"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            spec["short_term_days"] = draw(st.sampled_from([30, 365, 366]))
        bodies[body] = spec
    out: dict[str, Any] = {
        "bodies": bodies,
        "topics": draw(_subset(("budget", "charter", "removal", "other"), 1)),
    }
    out["areas"] = draw(_subset(("code", "process")))
    out["tiers"] = draw(_subset(("gold", "silver")))
    out["appointment_methods"] = draw(_subset(("vote", "runner-up")))
    out["obligations"] = draw(_subset(("training",)))
    if draw(st.booleans()):
        out["pledges"] = {"funding": ["kept", "reduced", "withdrawn"]}
    if draw(st.booleans()):
        out["policies"] = {"contribution": ["dco", "cla"]}
    return out


def _sentence(members: list[dict[str, Any]], body: str) -> str:
    listed = ", ".join(
        m["name"] + (f" of {m['affiliation']}" if "affiliation" in m else "") for m in members
    )
    return f"The {body} is {listed}."


@st.composite
def pack_files(draw: st.DrawFn, *, max_rules: int = 6) -> dict[str, str]:
    """The files of a pack named ``generated``, by path relative to the pack directory."""
    declares = draw(declarations())
    facts: list[dict[str, Any]] = [
        {
            "id": "promise",
            "kind": "commitment",
            "as_of": "2024-01-01",
            "modality": "will",
            "summary": "a promise rules rest on",
            "subject": "the foundation",
            "statement": "it keeps its promises",
            "evidence": ["The foundation will keep its promises."],
        }
    ]
    sentences = ["The foundation will keep its promises."]
    # One affiliation per person, whatever body they sit on.
    employer = {p: draw(st.sampled_from([None, *COMPANIES])) for p in PEOPLE}
    for body, spec in declares["bodies"].items():
        names = draw(_subset(PEOPLE))
        if not names:
            continue
        members = []
        for name in names:
            member: dict[str, Any] = {"name": name}
            if spec["members"] == "organisations":
                member["seats"] = draw(st.integers(1, 3))
            if employer[name] is not None:
                member["affiliation"] = employer[name]
            members.append(member)
        quote = _sentence(members, body)
        sentences.append(quote)
        facts.append(
            {
                "id": f"{body}-members",
                "kind": "membership",
                "as_of": "2024-01-01",
                "summary": f"who sits on the {body}",
                "body": body,
                "members": members,
                "evidence": [quote],
            }
        )
    if draw(st.booleans()):
        quote = "Project P is open source."
        sentences.append(quote)
        facts.append(
            {
                "id": "project-p",
                "kind": "project",
                "as_of": "2024-01-01",
                "summary": "the project",
                "project": "Project P",
                "open_source": True,
                "evidence": [quote],
            }
        )
    params: dict[str, Any] = {}
    for name, value in draw(
        st.dictionaries(
            st.sampled_from(["limit", "share", "since", "who", "flag", "names", "until"]),
            st.sampled_from(
                [
                    2,
                    3,
                    "1/3",
                    "2/3",
                    0.5,
                    "2024-06-01",
                    "Company X",
                    True,
                    ["Member A", "Org F"],
                    {"Company X": "2025-01-01", "Member A": "2024-03-01"},
                    {"Company X": 2, "Company Y": 1},
                ]
            ),
            max_size=5,
        )
    ).items():
        params[name] = {"value": value, "justified_by": ["promise"], "reason": "generated"}
    values = {n: param_value(p["value"]) for n, p in params.items()}
    schema = build_schema(Declarations.model_validate(declares), values)
    whens = draw(st.lists(conditions(schema, values, max_leaves=4), min_size=1, max_size=max_rules))
    rules = [
        {
            "id": f"g{i}",
            "title": f"generated rule {i}",
            "severity": draw(st.sampled_from(["error", "warning"])),
            "rests_on": ["promise"],
            "when": when,
            "message": f"g{i} holds at {{event.kind}} on {{event.at}}",
            "docs": {
                "checks": "a generated rule",
                "why": "generated",
                "example": {
                    "description": "none",
                    "events": [
                        {"kind": "parent.changed", "at": "2024-01-02", "to": "P", "nonprofit": True}
                    ],
                },
            },
        }
        for i, when in enumerate(whens)
    ]
    if draw(st.booleans()):
        rules[0]["in_force_from"] = "promise"
    source = "\n".join(sentences) + "\n"
    pack = {
        "pack": NAME,
        "title": "a generated pack",
        "sources": [
            {
                "id": "text",
                "title": "the text",
                "file": "text.md",
                "sha256": hashlib.sha256(source.encode()).hexdigest(),
            }
        ],
        "declares": declares,
    }
    # JSON is YAML: the files are written as JSON, read as YAML.
    return {
        f"seeds/{NAME}/text.md": source,
        f"seeds/{NAME}/pack.yaml": json.dumps(pack, ensure_ascii=False),
        f"seeds/{NAME}/facts.yaml": json.dumps({"facts": facts}, ensure_ascii=False),
        f"rules/{NAME}/params.yaml": json.dumps({"params": params}, ensure_ascii=False),
        f"rules/{NAME}/rules.yaml": json.dumps({"rules": rules}, ensure_ascii=False),
    }


def load_generated(files: dict[str, str], directory: Path | None = None) -> Pack:
    """Write a generated pack's files into ``directory`` (by default a new one) and load it."""
    root = directory or Path(tempfile.mkdtemp(prefix="govrules-pack-"))
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_pack(str(root))


def packs(*, max_rules: int = 6) -> st.SearchStrategy[Pack]:
    """Generated packs, loaded (each in a new temporary directory)."""
    return pack_files(max_rules=max_rules).map(load_generated)
