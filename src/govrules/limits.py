"""Every limit on what govrules reads, in one place.

Each limit is checked before the work it protects (a file's size before it is
read, its nesting before a parser sees it, a number's digits before it is
converted), and a file past one is refused with exit 2, naming the file, the
line where it is known, and the limit. None is below what the bundled packs
need, nor what a million-event JSONL stream needs; the README's "Limits"
section lists them (a test holds the two to each other).

YAML anchors and aliases are refused in every file: a scenario or a pack is
data written out in full, and an alias expanded is how a kilobyte becomes a
billion nodes ("billion laughs"). So the nodes after expansion are the nodes
written, and their count is limited with everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024

# -- every file -------------------------------------------------------------------
#: Nesting of lists and mappings in one YAML or JSON document (or JSONL line).
#: A scenario nests about six deep, a rule's condition rarely past ten.
MAX_DEPTH = 100
#: Characters in one text value (a description, a note, a quote).
MAX_STRING_CHARS = 100_000
#: Digits in one number (Python refuses past 4,300 with a message of its own).
MAX_NUMBER_DIGITS = 100
#: Bytes in one line of a YAML file or of a JSONL stream; a JSON document may be
#: written on one line, and is bounded by its size alone.
MAX_LINE_BYTES = 1 * MiB
#: Values (scalars, lists and mappings, keys included) in one YAML or JSON document.
MAX_NODES = 2_000_000

# -- scenarios -----------------------------------------------------------------------
#: Bytes in one YAML or JSON scenario, which is read whole (JSONL is a stream
#: and has no size limit; each of its lines has MAX_LINE_BYTES).
MAX_SCENARIO_BYTES = 32 * MiB
#: Events in one YAML or JSON scenario; longer histories belong in JSONL.
MAX_EVENTS_PER_DOCUMENT = 100_000
#: Problems reported per file; reading stops at the first one past them.
MAX_PROBLEMS_PER_FILE = 50
#: Levels of directories below a directory given to ``check``.
MAX_DIRECTORY_DEPTH = 64

# -- packs ---------------------------------------------------------------------------
#: Bytes in one pack file (``pack.yaml``, ``facts.yaml``, ``params.yaml``, a rule file).
MAX_PACK_FILE_BYTES = 16 * MiB
#: Bytes in one source text a pack quotes.
MAX_SOURCE_BYTES = 4_000_000
#: Rules in one pack, over all its rule files.
MAX_RULES_PER_PACK = 10_000
#: Rule files in one pack.
MAX_RULE_FILES = 10_000
#: Example events of one rule (its ``docs.example``: the pack's own tests).
MAX_EXAMPLE_EVENTS = 100

# -- what is shown --------------------------------------------------------------------
#: Characters of one input value shown in a message or a text report.
MAX_SHOWN_CHARS = 200
#: Characters of one whole message (all its values together).
MAX_MESSAGE_CHARS = 2_000


@dataclass(frozen=True)
class Limit:
    """A limit as the README lists it: its value, unit and what it applies to."""

    name: str
    value: int
    unit: str
    applies_to: str


LIMITS: tuple[Limit, ...] = (
    Limit("MAX_SCENARIO_BYTES", MAX_SCENARIO_BYTES, "bytes", "a YAML or JSON scenario"),
    Limit("MAX_EVENTS_PER_DOCUMENT", MAX_EVENTS_PER_DOCUMENT, "events", "a YAML or JSON scenario"),
    Limit(
        "MAX_LINE_BYTES", MAX_LINE_BYTES, "bytes", "a line of a JSONL stream (characters in YAML)"
    ),
    Limit("MAX_DEPTH", MAX_DEPTH, "levels of nesting", "a YAML or JSON document, a JSONL line"),
    Limit("MAX_NODES", MAX_NODES, "values", "a YAML or JSON document"),
    Limit("MAX_STRING_CHARS", MAX_STRING_CHARS, "characters", "a text value"),
    Limit("MAX_NUMBER_DIGITS", MAX_NUMBER_DIGITS, "digits", "a number"),
    Limit("MAX_PROBLEMS_PER_FILE", MAX_PROBLEMS_PER_FILE, "problems", "reported per file"),
    Limit("MAX_DIRECTORY_DEPTH", MAX_DIRECTORY_DEPTH, "levels", "a directory searched"),
    Limit("MAX_PACK_FILE_BYTES", MAX_PACK_FILE_BYTES, "bytes", "a pack's YAML file"),
    Limit("MAX_SOURCE_BYTES", MAX_SOURCE_BYTES, "bytes", "a source text"),
    Limit("MAX_RULES_PER_PACK", MAX_RULES_PER_PACK, "rules", "a pack"),
    Limit("MAX_RULE_FILES", MAX_RULE_FILES, "files", "a pack's rule files"),
    Limit("MAX_EXAMPLE_EVENTS", MAX_EXAMPLE_EVENTS, "events", "a rule's example"),
    Limit("MAX_SHOWN_CHARS", MAX_SHOWN_CHARS, "characters", "an input value shown in a message"),
    Limit("MAX_MESSAGE_CHARS", MAX_MESSAGE_CHARS, "characters", "a message or report line shown"),
)


def beyond(what: str, limit: int, unit: str) -> str:
    """The message for a file past a limit: ``nesting deeper than 100 levels (the limit)``."""
    return f"{what} past the limit of {limit:,} {unit}"
