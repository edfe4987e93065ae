"""Real daemon processes for the tests: start ``python -m monitor`` with its output in a file,
read what the log holds, and wait for a condition with a deadline."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text

from store.sql import SqlEventLog


def start(
    command: str, sources: Path, env: dict[str, str], out: IO[bytes]
) -> subprocess.Popen[bytes]:
    """``asean-monitor COMMAND --sources SOURCES`` in the sources' folder, output to ``out``."""
    argv = [sys.executable, "-m", "monitor", command, "--sources", str(sources)]
    return subprocess.Popen(argv, cwd=sources.parent, env=env, stdout=out, stderr=out)


def events(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every event of the log at ``url``: (stream, type, data)."""
    log = SqlEventLog(url)
    try:
        return [(e.stream_id, e.type, e.data_dict()) for e in log.iter_all()]
    finally:
        log.close()


def count(url: str, type_name: str) -> int:
    """How many events of ``type_name`` the log at ``url`` holds."""
    log = SqlEventLog(url)
    try:
        return sum(1 for e in log.iter_all() if e.type == type_name)
    finally:
        log.close()


def caught_up(url: str, projection: str, type_name: str) -> bool:
    """Whether ``projection`` has applied the last ``type_name`` event of the log at ``url``
    (a projection that writes events, like the router, lags the events it reads)."""
    log = SqlEventLog(url)
    try:
        last = max((e.position for e in log.iter_all() if e.type == type_name), default=0)
        with log.engine.connect() as conn:
            reached = conn.execute(
                text("SELECT position FROM projection_positions WHERE name = :n"),
                {"n": projection},
            ).scalar()
        return reached is not None and int(reached) >= last
    finally:
        log.close()


def wait_until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
