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


def test_a_command_returned_to_a_caller_that_goes_on_is_not_ended() -> None:
    """Run inside another program (a test's runner), the daemon's command returns and the
    caller goes on: the watchdog stands down instead of ending the caller."""
    inside = textwrap.dedent(
        """
        import threading, time
        from monitor.logs import configure_logging
        from monitor.shutdown import force_exit_after, returned
        configure_logging("INFO", "json")
        threading.Thread(target=time.sleep, args=(3,), name="stuck-catch-up").start()
        force_exit_after(0.5)
        returned()
        time.sleep(1.5)
        print("the caller went on")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", inside], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "the caller went on" in done.stdout
    assert "exit_forced" not in done.stderr


def test_a_returned_command_whose_interpreter_hangs_at_exit_is_still_ended() -> None:
    """The command returned, then the interpreter's exit waits for a stuck thread: the main
    thread is no longer alive, and the watchdog ends the process."""
    hang = textwrap.dedent(
        """
        import threading, time
        from monitor.logs import configure_logging
        from monitor.shutdown import force_exit_after, returned
        configure_logging("INFO", "json")
        threading.Thread(target=time.sleep, args=(60,), name="stuck-catch-up").start()
        force_exit_after(0.5)
        returned()
        """
    )
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", hang], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - began < 20
    assert "daemon.exit_forced" in done.stderr
