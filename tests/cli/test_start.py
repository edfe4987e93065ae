"""A fast start: ``asean-monitor --help`` lists every command without importing any of them,
``check-config`` imports none of the daemon's libraries, and every command the table names is
there, with the one-line help it would give itself (so laziness loses none).

The imports are read in a child process (a fresh interpreter), as ``python -X importtime``
would show them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from monitor.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[2]
DAEMON_LIBRARIES = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "uvicorn",
    "trafilatura",
    "apprise",
    "httpx",
    "apscheduler",
    "monitor.matching",
    "monitor.wiring",
    "store.sql",
)

IMPORTED_BY = """
import json, sys
from monitor.cli import cli
try:
    cli(sys.argv[1:], prog_name="asean-monitor")
except SystemExit as exc:
    assert not exc.code, exc.code
names = sorted({m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if "." in m})
print("\\n" + json.dumps(names))
"""


def imported(*args: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``asean-monitor ARGS``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED_BY, *args],
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if any(m == d or m.startswith(d + ".") for d in DAEMON_LIBRARIES)
    )


def test_help_lists_every_command_and_imports_none_of_them() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--help"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Commands:", 1)[1].split()
    assert set(COMMANDS) <= set(listed)
    modules = imported("--help")
    assert heavy(modules) == []
    assert not [m for m in modules if m.startswith(("monitor.commands", "pydantic"))]


def test_check_config_imports_none_of_the_daemons_libraries() -> None:
    modules = imported("check-config", "--sources", str(ROOT / "sources.yaml"))
    assert "monitor.config" in modules
    assert heavy(modules) == []


def test_every_command_of_the_table_is_there_with_its_own_help() -> None:
    context = click.Context(cli)
    names = cli.list_commands(context)  # type: ignore[attr-defined]
    assert set(COMMANDS) <= set(names)
    for name in names:
        command = cli.get_command(context, name)  # type: ignore[attr-defined]
        assert isinstance(command, click.Command), name
        assert command.name == name
        if name in COMMANDS:
            own = command.get_short_help_str(limit=1000)
            assert own == COMMANDS[name][1], f"{name}: the table's help is not the command's"


def test_version_is_read_when_asked_for() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--version"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("asean-monitor, version ")
