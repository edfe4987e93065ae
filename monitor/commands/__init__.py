"""One module per CLI command group; each is a plain click command added in ``monitor.cli``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import click

from monitor.errors import ConfigError
from monitor.settings import Settings, load_settings
from store.errors import DatabaseInUseError
from store.sql import SqlEventLog

T = TypeVar("T")


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def as_daemon(
    settings: Settings, name: str, work: Callable[[SqlEventLog], Coroutine[Any, Any, T]]
) -> T:
    """Run ``work`` on the event log while holding its daemon claim: SQLite admits one
    process that does the daemon's work at a time, and a second is refused (exit 3) with a
    message naming the database file and the first process."""
    from monitor.wiring import open_store

    log = open_store(settings)
    try:
        with log.claim_daemon(name):
            return asyncio.run(work(log))
    except DatabaseInUseError as exc:
        fail(str(exc), 3)
        raise
    finally:
        log.close()


def fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    raise SystemExit(code)


__all__ = ["as_daemon", "fail", "settings_or_exit"]
