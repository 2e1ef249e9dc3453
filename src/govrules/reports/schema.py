"""JSON Schemas generated from the pydantic models: scenario files and the JSON report.

The scenario schema lets an editor (the YAML language server, VS Code, JetBrains)
complete and check scenario files as they are typed. It describes a YAML or JSON
scenario; a JSONL file holds one event per line, which no single schema covers.
The committed copies live in ``docs/`` and a test keeps them current.
"""

from __future__ import annotations

import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a YAML or JSON scenario file."""
    from govrules.scenario import ScenarioFile

    schema = ScenarioFile.model_json_schema(mode="validation")
    # govrules names a scenario after its file when `name` is left out, so an
    # editor must not flag a file without it.
    schema["required"] = [r for r in schema.get("required", []) if r != "name"]
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "$schema": DIALECT,
        "title": "govrules scenario",
        "description": (
            "A scenario of proposed governance events for `govrules check`: a name, an optional"
            " description and baseline, and the events in date order."
        ),
        **schema,
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``govrules check --format json``."""
    from govrules.reports.json import report_schema as schema

    return schema()


SCHEMAS = {"scenario": scenario_schema, "report": report_schema}


def render_schema(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"
