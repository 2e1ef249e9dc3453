"""Packs: one foundation's sources, declarations, facts, parameters and rules.

A pack named NAME is ``seeds/NAME/`` (``pack.yaml``, ``facts.yaml``, and any
text kept in the pack) plus ``rules/NAME/`` (``params.yaml`` and rule files).
The bundled packs ship inside the package; ``--pack DIR`` names a directory
laid out the same way (``DIR/seeds/NAME`` and ``DIR/rules/NAME``).
``docs/packs.md`` is the guide to writing one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from govrules.errors import InputError, Problem, with_suggestion
from govrules.language.schema import Schema
from govrules.model.declarations import Declarations
from govrules.model.facts import Fact
from govrules.model.state import State
from govrules.pack.files import PackFile, Parameter, Rule, Severity
from govrules.pack.sources import SourceText, sources_dirs

__all__ = ["Pack", "Parameter", "Rule", "Severity", "bundled_packs", "load_pack", "locate"]


@dataclass(frozen=True)
class Pack:
    """A loaded, checked pack."""

    name: str
    root: Path
    spec: PackFile
    sources: Mapping[str, SourceText]
    facts: Mapping[str, Fact]
    params: Mapping[str, Parameter]
    rules: tuple[Rule, ...]
    initial: State
    schema: Schema
    fact_lines: Mapping[str, int | None] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()  # what `validate` reports beside the load problems

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def declarations(self) -> Declarations:
        return self.spec.declares

    @property
    def param_values(self) -> dict[str, Any]:
        """The parameters as rules see them (``params.*``)."""
        return {name: p.value for name, p in self.params.items()}

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds" / self.name

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules" / self.name


def bundled_root() -> Path:
    """Where the bundled packs are: inside the installed package, or the source tree."""
    packaged = Path(str(resources.files("govrules"))) / "_bundled"
    if (packaged / "rules").is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]


def _packs_in(root: Path) -> list[str]:
    seeds, rules = root / "seeds", root / "rules"
    if not (seeds.is_dir() and rules.is_dir()):
        return []
    return sorted(
        p.name
        for p in seeds.iterdir()
        if (p / "pack.yaml").is_file()
        and (p / "facts.yaml").is_file()
        and (rules / p.name).is_dir()
    )


def bundled_packs() -> list[str]:
    """The names of the bundled packs."""
    return _packs_in(bundled_root())


@cache
def default_pack() -> str:
    """The bundled pack whose ``pack.yaml`` says ``default: true``."""
    from govrules.documents import load_document

    root = bundled_root()
    chosen = [
        name
        for name in bundled_packs()
        if isinstance(data := load_document(root / "seeds" / name / "pack.yaml").data, dict)
        and data.get("default") is True
    ]
    if len(chosen) != 1:  # pragma: no cover - the bundled packs are tested
        raise InputError.one("name a pack with `--pack`: no single bundled pack is the default")
    return chosen[0]


def locate(pack: str | None) -> tuple[Path, str]:
    """Resolve ``--pack`` (a bundled name or a directory) to (root, name)."""
    if pack is None:
        return bundled_root(), default_pack()
    if not pack.strip():
        raise InputError.one("`--pack` is empty", help="give a bundled pack's name or a directory")
    known = bundled_packs()
    if pack in known:
        return bundled_root(), pack
    as_dir = Path(pack)
    if as_dir.is_dir():
        names = _packs_in(as_dir)
        if len(names) == 1:
            return as_dir, names[0]
        if not names:
            raise InputError.one(
                f"`{pack}` is not a pack directory",
                help="a pack directory holds seeds/NAME/pack.yaml, seeds/NAME/facts.yaml"
                " and rules/NAME/",
            )
        raise InputError.one(
            f"`{pack}` holds several packs: {', '.join(f'`{n}`' for n in names)}",
            help="name one of them with `--pack NAME` when it is bundled,"
            " or keep one pack per directory",
        )
    raise InputError.one(
        with_suggestion(f"unknown pack `{pack}`", pack, known),
        help=f"bundled packs: {', '.join(known)}; or give a directory",
    )


def load_pack(
    pack: str | None = None, *, sources: Sequence[str | Path] = (), lines: bool = True
) -> Pack:
    """Load and check a pack; raises :class:`InputError` listing every problem.

    ``sources`` are directories where the pack's texts may be (beside
    ``GOVRULES_SOURCES`` and the cache); every quote is verified against each
    text found. With ``lines=False`` the lines of facts and rules in their
    files are not looked up: checking scenarios never shows them.
    """
    from govrules.language.schema import build_schema
    from govrules.model.initial import initial_state
    from govrules.pack.loader import _Loader

    root, name = locate(pack)
    loader = _Loader(root, name, sources_dirs(sources), lines)
    spec, spec_doc = loader.header()
    texts = loader.sources(spec, spec_doc)
    facts, fact_lines, facts_doc = loader.facts(spec, texts)
    for body_id, body in spec.declares.bodies.items():
        for fact_id in body.justified_by:
            if fact_id not in facts:
                loader.problems.append(
                    spec_doc.problem(
                        with_suggestion(
                            f"body `{body_id}` is justified by unknown fact `{fact_id}`",
                            fact_id,
                            list(facts),
                        ),
                        ("declares", "bodies", body_id, "justified_by"),
                    )
                )
    state, state_problems = initial_state(spec.declares, facts)
    for fact_id, message in state_problems:
        index = loader.fact_index.get(fact_id)
        loader.problems.append(
            facts_doc.problem(
                f"fact `{fact_id}` does not make a valid initial state: {message}",
                ("facts", index) if index is not None else (),
            )
        )
    params, _ = loader.params(facts)
    values = {n: p.value for n, p in params.items()}
    schema = build_schema(spec.declares, values)
    rules = loader.rules(facts, values, schema)
    if loader.problems:
        raise InputError(loader.problems)
    return Pack(
        name=name,
        root=root,
        spec=spec,
        sources=texts,
        facts=facts,
        params=params,
        rules=tuple(rules),
        initial=state,
        schema=schema,
        fact_lines=fact_lines,
        warnings=tuple(loader.warnings),
    )
