"""One module per CLI command group; each is a plain click command that ``monitor.cli`` names
and imports only when it runs.  This package's own imports stay light (click and the
settings): the store and the daemon's libraries are imported where they are used."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from monitor.settings import Settings
    from store.sql import SqlEventLog

T = TypeVar("T")


def settings_or_exit() -> Settings:
    from monitor.errors import ConfigError
    from monitor.settings import load_settings

    try:
        return load_settings()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def as_daemon(
    settings: Settings,
    name: str,
    work: Callable[[SqlEventLog], Coroutine[Any, Any, T]],
    *,
    wait_for_database: bool = False,
) -> T:
    """Run ``work`` on the event log while holding its daemon claim: SQLite admits one
    process that does the daemon's work at a time, and a second is refused (exit 3) with a
    message naming the database file and the first process.  With ``wait_for_database`` a
    database that cannot be reached yet (restarting, starting up) is waited for, backing off
    from 1 s to 30 s, instead of failing the start.

    The work's log lines (a delivery that failed, a database that went away) follow
    ``MONITOR_LOG_FORMAT`` on stderr, as the daemon's do (:func:`log_as_the_daemon`)."""
    import asyncio

    from store.errors import DatabaseInUseError

    log_as_the_daemon(settings)
    log = _open(settings, wait_for_database)
    try:
        with log.claim_daemon(name):
            return asyncio.run(work(log))
    except DatabaseInUseError as exc:
        fail(str(exc), 3)
        raise
    finally:
        log.close()


def log_as_the_daemon(settings: Settings) -> None:
    """Configure the process's logging from the settings, unless it is configured already or
    the command runs inside another program that owns stderr (a test's runner swaps
    ``sys.stderr``): only the process's own command decides where its lines go."""
    import sys

    from monitor.logs import configure_logging, configured_format

    if configured_format() is None and sys.stderr is sys.__stderr__:
        configure_logging(settings.log_level, settings.log_format)


def _open(settings: Settings, wait: bool) -> SqlEventLog:
    import time

    import structlog

    from monitor.wiring import open_store
    from store.errors import BackendError

    log = structlog.get_logger("monitor.commands")
    delay = 1.0
    while True:
        try:
            return open_store(settings)
        except BackendError as exc:
            if not wait:
                raise
            log.warning("database.unavailable", round="start", error=str(exc)[:300],
                        retry_in=delay)  # fmt: skip
            time.sleep(delay)
            delay = min(30.0, delay * 2)


def fail(message: str, code: int = 1) -> None:
    """End the command with ``message`` on stderr and exit ``code``: a JSON log line
    (``command.failed``) where the command logs JSON (``run``, ``once``), plain text otherwise."""
    from monitor.logs import configured_format

    if configured_format() == "json":
        import structlog

        structlog.get_logger("monitor.commands").error(
            "command.failed", error=message, exit_code=code
        )
    else:
        click.echo(message, err=True)
    raise SystemExit(code)


__all__ = ["as_daemon", "fail", "log_as_the_daemon", "settings_or_exit"]
