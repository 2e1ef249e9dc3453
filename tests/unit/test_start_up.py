"""Start-up stays light: ``import govrules``, ``govrules --version`` and ``--help``
load no model, no pack and no heavy library (each in a fresh interpreter, so what
other tests imported does not count); the collector paused while the command
line starts runs again before any work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What none of them needs: pydantic and the models built on it, the packs, the
# engines, the reports and the libraries only they use.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "ruamel",
    "rich",
    "jinja2",
    "durable",
    "pathspec",
    "hypothesis",
    "sarif_pydantic",
    "govrules.model",
    "govrules.language",
    "govrules.pack",
    "govrules.findings",
    "govrules.checker",
    "govrules.scenario",
    "govrules.engines",
    "govrules.analysis",
    "govrules.reports",
)

_REPORT = "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"

_RUN_CLI = """
import sys
sys.argv = ["govrules", *{args!r}]
from govrules.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.write("\\n")
"""


def loaded(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", code + _REPORT],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: list[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of ``modules`` that are one of ``names`` or inside one."""
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in names)]


def test_import_govrules_loads_nothing_heavy() -> None:
    modules = loaded("import govrules")
    assert heavy(modules) == []
    assert "typer" not in modules
    assert [m for m in modules if m.startswith("govrules")] == ["govrules"]


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-h"]])
def test_version_and_help_load_nothing_heavy(args: list[str]) -> None:
    assert heavy(loaded(_RUN_CLI.format(args=args))) == []


def test_the_api_is_still_there_on_first_use() -> None:
    modules = loaded("import govrules\nassert callable(govrules.check)")
    assert "govrules.checker" in modules


def test_the_collector_runs_after_the_command_line_is_imported() -> None:
    code = "import gc\nimport govrules.cli\nassert gc.isenabled()\n"
    loaded(code)
    # A program that turned the collector off keeps it off.
    loaded("import gc\ngc.disable()\nimport govrules.cli\nassert not gc.isenabled()\n")


@pytest.mark.parametrize("command", ["rules", "check"])
def test_the_collector_runs_when_a_command_starts(command: str) -> None:
    # Each command sees the collector running, whatever paused it at start-up.
    code = f"""
import gc, sys
from govrules.cli import app, main
import govrules.cli.{command} as module
import govrules.checker as checker
seen = []
if {command!r} == "check":
    real = checker.check
    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)
    checker.check = spy
    sys.argv = ["govrules", "check", "examples/pytorch-foundation"]
else:
    import govrules.pack as pack
    real = pack.load_pack
    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)
    pack.load_pack = spy
    sys.argv = ["govrules", "rules"]
try:
    main()
except SystemExit:
    pass
assert seen == [True], seen
"""
    loaded(code)


# A one-event JSONL file of the default pack, as `benchmarks/bench.py` times it.
ONE_EVENT = (
    '{"scenario": {"name": "one event", "pack": "pytorch-foundation"}}\n'
    '{"kind": "member.joined", "body": "board", "member": "Bench Newcomer", "at": "2022-09-13"}\n'
)


def checked(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """The modules `govrules check` of a one-event JSONL file loads."""
    scenario = tmp_path / "one.jsonl"
    scenario.write_text(ONE_EVENT, encoding="utf-8")
    return loaded(_RUN_CLI.format(args=["check", str(scenario), *args]), env)


# What a text report of a JSONL file on a pipe needs none of: colour, YAML
# writing, the other report formats, the analyses.
NOT_FOR_A_PLAIN_CHECK = (
    "rich",
    "jinja2",
    "sarif_pydantic",
    "junitparser",
    "govrules.analysis",
    "govrules.reports.sarif",
    "govrules.reports.html",
    "govrules.reports.junit",
    "govrules.reports.json",
    "govrules.reports.timeline",
)


def test_a_plain_check_loads_no_colour_and_no_other_report(tmp_path: Path) -> None:
    modules = checked(tmp_path, "--pack", "pytorch-foundation")
    assert "govrules.reports.text" in modules
    assert heavy(modules, NOT_FOR_A_PLAIN_CHECK) == []


def test_colour_still_loads_rich(tmp_path: Path) -> None:
    assert "rich" in checked(tmp_path, "--color", "always")


def test_check_does_not_load_pydantic_plugins(tmp_path: Path) -> None:
    # Looking for them reads every installed distribution's entry points: a tenth
    # of a cold check. An installed plugin shows whether pydantic looked.
    plugins = tmp_path / "plugins"
    info = plugins / "spy_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    (plugins / "spy_plugin.py").write_text(
        "class Plugin:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None\n"
        "plugin = Plugin()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = str(plugins)
    assert "spy_plugin" not in checked(tmp_path, env=env)
    # Set, even to nothing, the environment decides: pydantic loads them.
    assert "spy_plugin" in checked(tmp_path, env=env | {"PYDANTIC_DISABLE_PLUGINS": ""})
