"""JSON Schemas generated from the models: scenario files, pack files and the JSON report.

The schemas let an editor (the YAML language server, VS Code, JetBrains)
complete and check files as they are typed. The scenario schema is generated
per pack: the fields that take a declared value (a body, a topic, an area, ...)
list the pack's values. A JSONL file holds one event per line, which no single
schema covers. The committed copies live in ``docs/schemas/`` and a test keeps
them current.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govrules.pack import Pack

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _constrain(node: dict[str, Any], values: list[str], shape: str) -> None:
    """Add ``enum`` to the string part of a property schema (its items, its keys)."""
    if "anyOf" in node:
        for branch in node["anyOf"]:
            _constrain(branch, values, shape)
        return
    if shape == "list" and node.get("type") == "array":
        _constrain(node.setdefault("items", {}), values, "value")
    elif shape == "keys" and node.get("type") == "object":
        node["propertyNames"] = {"enum": values}
    elif node.get("type") == "string" or (shape == "value" and not node.get("type")):
        node["enum"] = values


def _declare(schema: dict[str, Any], pack: Pack) -> None:
    """List the pack's declared values in every field that takes one."""
    from pydantic import BaseModel

    from govrules.model.vocabulary import _plan

    defs = schema.get("$defs", {})
    for name, definition in defs.items():
        model = _models().get(name)
        if model is None or not issubclass(model, BaseModel):
            continue
        for field, shape, vocab, _ in _plan(model):
            if vocab is None:
                continue
            prop = definition.get("properties", {}).get(model.model_fields[field].alias or field)
            if prop is not None:
                _constrain(prop, list(pack.declarations.vocabulary(vocab)), shape)


@cache
def _models() -> dict[str, Any]:
    """The models of facts, events and baselines, by the name their schema gives them."""
    from govrules.model import events, facts, initial

    out: dict[str, Any] = {}
    for module in (events, facts, initial):
        for value in vars(module).values():
            if isinstance(value, type) and hasattr(value, "model_fields"):
                out[value.__name__] = value
    return out


# Records a file may also write as a plain string (a quote, a member's name):
# the loader reads the string as the record's first field.
_SHORTHANDS = {"evidence", "members"}


def _shorthands(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            items = value.get("items") if isinstance(value, dict) else None
            if key in _SHORTHANDS and isinstance(items, dict) and "$ref" in items:
                value["items"] = {"anyOf": [{"type": "string", "minLength": 1}, items]}
        for value in node.values():
            _shorthands(value)
    elif isinstance(node, list):
        for value in node:
            _shorthands(value)


def _wrap(title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    schema.pop("title", None)
    schema.pop("description", None)
    _shorthands(schema)
    return {"$schema": DIALECT, "title": title, "description": description, **schema}


def scenario_schema(pack: Pack | None = None) -> dict[str, Any]:
    """The JSON Schema of a YAML or JSON scenario file (for ``pack``: with its values)."""
    from govrules.scenario import ScenarioFile

    schema = ScenarioFile.model_json_schema(mode="validation")
    # govrules names a scenario after its file when `name` is left out, so an
    # editor must not flag a file without it.
    schema["required"] = [r for r in schema.get("required", []) if r != "name"]
    if pack is not None:
        _declare(schema, pack)
        schema["properties"]["pack"]["anyOf"] = [{"const": pack.name}, {"type": "null"}]
    what = f" of the `{pack.name}` pack" if pack else ""
    return _wrap(
        "govrules scenario" + (f" ({pack.name})" if pack else ""),
        f"A scenario of proposed governance events{what} for `govrules check`: a name, an"
        " optional description, pack and baseline, and the events in date order.",
        schema,
    )


def facts_schema(pack: Pack | None = None) -> dict[str, Any]:
    """The JSON Schema of ``seeds/NAME/facts.yaml``."""
    from pydantic import BaseModel, ConfigDict

    from govrules.model.facts import Fact

    class Facts(BaseModel):
        model_config = ConfigDict(extra="forbid")
        facts: list[Fact]

    schema = Facts.model_json_schema(mode="validation")
    if pack is not None:
        _declare(schema, pack)
    return _wrap("govrules facts", "The typed facts of a pack, each quoting its source.", schema)


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file (``rules/NAME/*.yaml``)."""
    from pydantic import BaseModel, ConfigDict, Field

    from govrules.pack.files import RuleSpec

    class Rules(BaseModel):
        model_config = ConfigDict(extra="forbid")
        rules: list[RuleSpec] = Field(min_length=1)

    return _wrap(
        "govrules rules",
        "The rules of a pack: conditions over observations.",
        Rules.model_json_schema(),
    )


def params_schema() -> dict[str, Any]:
    """The JSON Schema of ``rules/NAME/params.yaml``."""
    from pydantic import BaseModel, ConfigDict

    from govrules.pack.files import ParamName, ParamSpec

    class Params(BaseModel):
        model_config = ConfigDict(extra="forbid")
        params: dict[ParamName, ParamSpec]

    schema = Params.model_json_schema()
    # The loader refuses any other name.
    schema["properties"]["params"]["additionalProperties"] = False
    return _wrap("govrules parameters", "A pack's parameters, each justified by facts.", schema)


def pack_schema() -> dict[str, Any]:
    """The JSON Schema of ``seeds/NAME/pack.yaml``."""
    from govrules.pack.files import PackFile

    return _wrap(
        "govrules pack",
        "A pack's name, its sources and its declarations.",
        PackFile.model_json_schema(),
    )


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``govrules check --format json``."""
    from govrules.reports.json import report_schema as schema

    return schema()


SCHEMAS = ("scenario", "facts", "rules", "params", "pack", "report")


def schema_for(name: str, pack: Pack | None = None) -> dict[str, Any]:
    if name == "scenario":
        return scenario_schema(pack)
    if name == "facts":
        return facts_schema(pack)
    return {
        "rules": rules_schema,
        "params": params_schema,
        "pack": pack_schema,
        "report": report_schema,
    }[name]()


def render_schema(name: str, pack: Pack | None = None) -> str:
    return json.dumps(schema_for(name, pack), indent=2, ensure_ascii=False) + "\n"


def schema_files(packs: Sequence[Pack]) -> dict[str, str]:
    """File name to text, for every schema ``docs/schemas`` keeps.

    ``scenario.schema.json`` is the generic scenario schema; each pack gets
    ``<pack>.scenario.schema.json`` and ``<pack>.facts.schema.json`` listing its
    declared values; ``rules``, ``params``, ``pack`` and ``report`` are the same
    for every pack.
    """
    files = {"scenario.schema.json": render_schema("scenario")}
    for pack in packs:
        files[f"{pack.name}.scenario.schema.json"] = render_schema("scenario", pack)
        files[f"{pack.name}.facts.schema.json"] = render_schema("facts", pack)
    for name in ("rules", "params", "pack", "report"):
        files[f"{name}.schema.json"] = render_schema(name)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govrules.reports.schema [DIR]``: write every schema into DIR (docs/schemas).

    Schemas of packs that are gone are removed; other files are left alone.
    """
    import sys
    from pathlib import Path

    from govrules.errors import InputError
    from govrules.pack import bundled_packs, load_pack

    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0] if args else "docs/schemas")
    try:
        packs = [load_pack(name, lines=False) for name in bundled_packs()]
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    files = schema_files(packs)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.schema.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
