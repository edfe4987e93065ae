"""Errors the program raises on purpose end in one clear line and exit 2, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # the CLI as a process, three times (a bad setting below stays fast)
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://db.example/monitor", "unsupported database 'mysql': use sqlite or postgresql"),
        ("sqlite://", "an SQLite event log needs a file"),
        ("postgresql://nobody@127.0.0.1:1/x", "database error: connection failed"),
    ],
)
def test_a_bad_database_url_is_named_plainly(url: str, says: str, tmp_path: Path) -> None:
    env = {**os.environ, "MONITOR_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "events"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    env = {**os.environ, "MONITOR_LISTEN": "everywhere", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "events"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "MONITOR_LISTEN" in done.stderr
    assert "Traceback" not in done.stderr
