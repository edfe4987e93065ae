"""A stopped daemon's exit is bounded: a thread stuck in a blocking call cannot hold it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STUCK = textwrap.dedent(
    """
    import threading, time
    from monitor.logs import configure_logging
    from monitor.shutdown import force_exit_after
    configure_logging("INFO", "json")
    threading.Thread(target=time.sleep, args=(60,), name="stuck-catch-up").start()
    force_exit_after({grace})
    """
)


def run_stuck(grace: float) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", STUCK.format(grace=grace)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, time.monotonic() - began


def test_a_thread_stuck_after_the_stop_is_named_and_does_not_hold_the_exit() -> None:
    done, took = run_stuck(0.5)
    assert done.returncode == 0, done.stderr
    assert took < 20, "the interpreter waited for the stuck thread"
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    forced = [line for line in lines if line["event"] == "daemon.exit_forced"]
    assert len(forced) == 1, done.stderr
    assert forced[0]["level"] == "warning"
    assert forced[0]["holding"][0]["thread"] == "stuck-catch-up"
    assert forced[0]["holding"][0]["at"].startswith("run (threading.py:"), "where it stood"


def test_a_process_that_exits_in_time_is_not_forced() -> None:
    quick = textwrap.dedent(
        """
        from monitor.logs import configure_logging
        from monitor.shutdown import force_exit_after
        configure_logging("INFO", "json")
        force_exit_after(30)
        """
    )
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", quick], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert time.monotonic() - began < 20, "the watchdog itself held the exit"
    assert "exit_forced" not in done.stderr
