"""What the HTTP service can see of the running daemon (passed in, never global)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from monitor.settings import Settings
from store.projections import ProjectionRunner
from store.sql import SqlEventLog

MAX_PROJECTION_LAG = 10_000


@dataclass
class ServiceContext:
    settings: Settings
    log: SqlEventLog
    runner: ProjectionRunner
    scheduler_running: Callable[[], bool] = field(default=lambda: True)
    stopping: Callable[[], bool] = field(default=lambda: False)

    def projection_lag(self) -> int:
        head = self.log.head().position
        lowest = min((self.runner.position(p) for p in self.runner.projections), default=head)
        return head - lowest
