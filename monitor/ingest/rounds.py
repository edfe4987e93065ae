"""The daemon's rounds: how often each kind of work runs (:class:`Cadence`), how rounds back
off while the database is away (:class:`Backoff`), and which sources are due (pure)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from monitor.config import Source

log = structlog.get_logger("monitor.daemon")


def due_sources(
    sources: Sequence[Source],
    next_checks: dict[str, datetime | None],
    busy: set[str],
    now: datetime,
) -> list[Source]:
    """Enabled sources whose next check has come and that are not being polled (pure)."""
    return [
        s
        for s in sources
        if s.enabled and s.id not in busy and (next_checks.get(s.id) or now) <= now
    ]


def source_resource(source_id: str) -> str:
    return f"source:{source_id}"


@dataclass(frozen=True)
class Cadence:
    """Seconds between rounds of each kind of work, and the grace of a stop."""

    tick: float = 5.0
    drain: float = 6.0
    dispatch: float = 5.0
    sign: float = 3600.0
    health: float = 60.0
    reload: float = 5.0
    """How often ``sources.yaml`` is looked at for a change."""


class Backoff:
    """Rounds skipped while the database is away: 1 s, doubling to 60 s, reset on success."""

    def __init__(self) -> None:
        self.wait = 0.0
        self.until = 0.0

    def ready(self) -> bool:
        return time.monotonic() >= self.until

    def failed(self, what: str, exc: BaseException) -> None:
        self.wait = min(60.0, max(1.0, self.wait * 2))
        self.until = time.monotonic() + self.wait
        log.warning("database.unavailable", round=what, error=str(exc)[:300], retry_in=self.wait)

    def succeeded(self) -> None:
        if self.wait:
            log.info("database.available")
        self.wait = 0.0
