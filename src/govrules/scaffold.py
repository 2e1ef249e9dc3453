"""``govrules init NAME``: a new pack that validates, with a passing and a breaking example.

The pack quotes a short text kept inside it (``source.md``), declares one
council, states two facts, one parameter and one rule, and has one example
scenario that passes and one that breaks the rule. ``docs/packs.md`` says how
to grow it: replace the text (or name a published one by URL and sha256),
quote it in facts, declare the pack's bodies and words, write rules.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from govrules.errors import InputError

SOURCE = """\
# {title}

Replace this text with the governance text your pack quotes, or name a text
published elsewhere in pack.yaml by its URL and sha256 (see docs/packs.md).

The council has five members.
No more than two council members shall work for the same employer.
"""

PACK = """\
# The pack's name, its sources and the words its events and rules may use.
# Schema: `govrules schema pack`. Guide: docs/packs.md.
pack: {name}
title: {title}
sources:
  - id: source
    title: {title}
    file: source.md     # a text kept in the pack; a published one is named by url and sha256
    sha256: {sha256}
declares:
  bodies:
    council:
      title: the council
      members: individuals
      size: 5
      justified_by: [council-of-five]
  topics: [general]
"""

FACTS = """\
# What the source says, as typed facts, each quoting it verbatim.
# Schema: `govrules schema facts`. Kinds and fields: docs/packs.md.
facts:
  - id: council-of-five
    kind: quantity
    as_of: {today}
    summary: the council has five members
    subject: the council
    measure: members
    value: 5
    qualifier: exact
    unit: people
    evidence:
      - The council has five members.

  - id: employer-cap
    kind: commitment
    as_of: {today}
    modality: shall not
    summary: no more than two council members work for the same employer
    subject: the council
    statement: more than two council members work for the same employer
    evidence:
      - No more than two council members shall work for the same employer.
"""

PARAMS = """\
# Thresholds, each with the facts that justify it. Schema: `govrules schema params`.
params:
  max_per_employer:
    value: 2
    justified_by: [employer-cap]
    reason: the text allows no more than two council members from one employer
"""

RULES = """\
# Rules: conditions over {{event, before, after, params}}. Schema: `govrules schema rules`.
# `govrules paths --pack DIR` lists every path a rule may read.
rules:
  - id: council-employer-cap
    title: no more than two council members work for one employer
    severity: error
    rests_on: [employer-cap]
    when:
      all:
        - any:
            - all:
                - {{path: event.kind, in: [member.joined, member.appointed, election.held]}}
                - {{path: event.body, eq: council}}
            - {{path: event.kind, eq: affiliation.changed}}
        - {{path: after.bodies.council.largest.count, gt: {{param: max_per_employer}}}}
    message: >-
      {{after.bodies.council.largest.holders}} would have {{after.bodies.council.largest.count}}
      council members, more than {{params.max_per_employer}}
    docs:
      checks: >-
        After a member joins or changes employer, no employer has more than two
        council members.
      why: >-
        The text says: "No more than two council members shall work for the same
        employer."
      example:
        description: a third member from one employer joins the council
        events:
          - {{kind: member.joined, at: {later}, body: council,
              member: Member A, affiliation: Company A}}
          - {{kind: member.joined, at: {later}, body: council,
              member: Member B, affiliation: Company A}}
          - {{kind: member.joined, at: {later}, body: council,
              member: Member C, affiliation: Company A}}
"""

OK_EXAMPLE = """\
name: a council of five from three employers
description: the council is seated with no employer above the cap
pack: {name}
events:
  - {{kind: member.joined, at: {later}, body: council, member: Member A, affiliation: Company A}}
  - {{kind: member.joined, at: {later}, body: council, member: Member B, affiliation: Company A}}
  - {{kind: member.joined, at: {later}, body: council, member: Member C, affiliation: Company B}}
  - {{kind: member.joined, at: {later}, body: council, member: Member D, affiliation: Company B}}
  - {{kind: member.joined, at: {later}, body: council, member: Member E, affiliation: Company C}}
"""

BAD_EXAMPLE = """\
name: a third member from one employer
description: three council members work for Company A
pack: {name}
events:
  - {{kind: member.joined, at: {later}, body: council, member: Member A, affiliation: Company A}}
  - {{kind: member.joined, at: {later}, body: council, member: Member B, affiliation: Company A}}
  - {{kind: member.joined, at: {later}, body: council, member: Member C, affiliation: Company A}}
"""


def scaffold(name: str, directory: Path, today: str) -> list[Path]:
    """Write a new pack ``name`` under ``directory``; raises :class:`InputError` if it exists."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise InputError.one(
            f"`{name}` is not a pack name",
            help="a pack name is lower case letters, digits and hyphens, like `my-foundation`",
        )
    seeds, rules, examples = (directory / d / name for d in ("seeds", "rules", "examples"))
    existing = [p for p in (seeds, rules, examples) if p.exists()]
    if existing:
        raise InputError.one(
            f"`{existing[0]}` exists already", help="choose another name or directory"
        )
    title = f"{name} governance"
    source = SOURCE.format(title=title)
    values = {
        "name": name,
        "title": title,
        "sha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
        "today": today,
        "later": today,
    }
    files = {
        seeds / "source.md": source,
        seeds / "pack.yaml": PACK.format(**values),
        seeds / "facts.yaml": FACTS.format(**values),
        rules / "params.yaml": PARAMS,
        rules / "rules.yaml": RULES.format(**values),
        examples / "ok--a-council-of-five.yaml": OK_EXAMPLE.format(**values),
        examples
        / "council-employer-cap--a-third-member-from-one-employer.yaml": BAD_EXAMPLE.format(
            **values
        ),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
