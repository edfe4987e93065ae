"""The first and the last seconds of the daemon: a stop while it starts is clean, and its exit
is bounded.

A SIGTERM before the daemon's loop handles it (while the command loads its libraries, or
waits for the database) ends the process with exit 0 (:func:`exit_on_sigterm`, installed by
the command line before it loads ``run``'s module): nothing has been taken on yet.

After ``daemon.stopped`` every piece of work has been finished, recorded or cut by the
drain, and every claim let go.  What remains is teardown: the extraction workers, the HTTP
clients, the event loop's threads and the interpreter's own exit, which waits for every
thread of the loop's executor.  A thread still in a blocking call (a database call whose
task the drain cancelled) would hold the exit for as long as that call takes, past a
service manager's patience.  :func:`force_exit_after` bounds it: if the process is still
there ``grace`` seconds later, it logs ``daemon.exit_forced`` with the threads that held it
and where they stood, and exits at once.  Nothing is lost by that: whatever such a thread
was doing is in a transaction that the closed connection rolls back, as after a SIGKILL,
and the log says what to resume.

The watchdog stands down once the command has returned to a caller that goes on running
(:func:`returned`, then the main thread still alive: the command was run inside another
program, a test's runner).  When the interpreter itself is exiting, the main thread is no
longer alive and the watchdog still fires.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback

import structlog

log = structlog.get_logger("monitor.shutdown")
__all__ = ["exit_on_sigterm", "force_exit_after", "holding_threads", "returned"]

_RETURNED = threading.Event()


def exit_on_sigterm() -> None:
    """Until the daemon's loop handles it, SIGTERM ends the process with exit 0: a stop while
    the daemon starts (loading its libraries, waiting for the database) has nothing to finish,
    as nothing has been taken on yet."""
    signal.signal(signal.SIGTERM, _exit_zero)


def _exit_zero(signum: int, frame: object) -> None:
    raise SystemExit(0)


def force_exit_after(grace: float, code: int = 0) -> threading.Thread:
    """Start a watchdog (a daemon thread: it never holds the exit itself) that ends the
    process with ``code`` if it has not exited ``grace`` seconds from now."""
    _RETURNED.clear()
    watchdog = threading.Thread(
        target=_exit_when_late, args=(grace, code), daemon=True, name="asean-monitor-exit"
    )
    watchdog.start()
    return watchdog


def holding_threads() -> list[dict[str, str]]:
    """The threads that keep the process alive (not daemon threads, not the main thread),
    each with the innermost frame it is in."""
    frames = sys._current_frames()
    held = []
    for thread in threading.enumerate():
        if thread.daemon or thread is threading.main_thread() or thread.ident is None:
            continue
        frame = frames.get(thread.ident)
        where = "" if frame is None else _innermost(frame)
        held.append({"thread": thread.name, "at": where})
    return held


def returned() -> None:
    """The command has returned to its caller: a watchdog stands down if the caller goes on."""
    _RETURNED.set()


def _exit_when_late(grace: float, code: int) -> None:
    threading.Event().wait(grace)
    if _RETURNED.is_set() and threading.main_thread().is_alive():
        return  # run inside another program that goes on (a test's runner): not an exit
    log.warning("daemon.exit_forced", after_s=grace, holding=holding_threads())
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed, or the pipe is gone
            stream.flush()
    os._exit(code)


def _innermost(frame: object) -> str:
    summary = traceback.extract_stack(frame)[-1]  # type: ignore[arg-type]
    return f"{summary.name} ({os.path.basename(summary.filename)}:{summary.lineno})"
