"""``govrules sources record``: write each quote's span into ``facts.yaml``.

A pack records where each quote stands in its source (``start``, ``end``,
``line``), so ``check`` can cite it without the text. This finds every quote in
the texts at hand and writes the spans into the facts file, keeping its
comments and layout (the file is read and written with ruamel.yaml's
round-trip mode, whole or not at all).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from govrules.documents import load_document, read_text
from govrules.errors import InputError, Problem
from govrules.output import write_atomically
from govrules.pack.files import PackFile
from govrules.pack.sources import SourceText


@dataclass(frozen=True)
class Recorded:
    """What recording did: quotes whose span was written, found as recorded, or not found."""

    written: int
    unchanged: int
    missing: tuple[str, ...]  # "fact-id: why"


def record_spans(
    facts_file: Path, spec: PackFile, texts: dict[str, SourceText], inside: Path
) -> Recorded:
    """Find each quote in its text and write its span; raises :class:`InputError` if unreadable."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Read as every pack file is first (inside the pack, within limits, no aliases),
    # then again by the round-trip reader, which keeps its comments for writing.
    load_document(facts_file, inside=inside)
    content = read_text(facts_file)
    try:
        data = yaml.load(content)
    except Exception as exc:  # ruamel raises several types; the loader reports them in detail
        raise InputError.one(f"cannot read the facts file: {exc}", file=str(facts_file)) from None
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, list):
        raise InputError([Problem("expected `facts:`, a list", file=str(facts_file))])
    only = spec.sources[0].id if len(spec.sources) == 1 else None
    written = unchanged = 0
    missing: list[str] = []
    for fact in facts:
        if not isinstance(fact, dict) or not isinstance(fact.get("evidence"), list):
            continue
        for j, item in enumerate(fact["evidence"]):
            entry = CommentedMap(quote=item) if isinstance(item, str) else item
            if not isinstance(entry, dict) or not isinstance(entry.get("quote"), str):
                continue
            source = entry.get("source") or only
            text = texts[source].text if source in texts else None
            if text is None:
                missing.append(f"{fact.get('id')}: the text of `{source}` is not at hand")
                continue
            start = text.find(entry["quote"])
            if start < 0:
                missing.append(f"{fact.get('id')}: quote not found in `{source}`")
                continue
            span = {
                "start": start,
                "end": start + len(entry["quote"]),
                "line": text.count("\n", 0, start) + 1,
            }
            if all(entry.get(k) == v for k, v in span.items()):
                unchanged += 1
                continue
            # What followed the quote (a blank line, a comment) stays after the entry.
            if isinstance(item, str):
                after = cast(Any, fact["evidence"]).ca.items.pop(j, None)
                trailing = after[0] if after else None
            else:
                last = list(entry)[-1]
                after = cast(Any, entry).ca.items.pop(last, None)
                trailing = after[2] if after else None
            entry.update(span)
            fact["evidence"][j] = entry
            if trailing is not None:
                cast(Any, entry).ca.items[list(entry)[-1]] = [None, None, trailing, None]
            written += 1
    if written:
        out = io.StringIO()
        yaml.dump(data, out)
        write_atomically(facts_file, out.getvalue())
    return Recorded(written, unchanged, tuple(missing))
