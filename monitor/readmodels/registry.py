"""Every read model the daemon keeps, by name (built-in ones use the same extension point),
and the processors that follow the log to act on it (the alert router, the meeting recorder)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from alerts.outbox import OutboxProjection
from alerts.routing import Router
from alerts.subscriptions import SubscriptionProjection
from monitor.readmodels.articles import ArticleProjection
from monitor.readmodels.meeting_recorder import MeetingRecorder
from monitor.readmodels.meetings import MeetingProjection
from monitor.readmodels.search import ArticleSearchProjection
from monitor.readmodels.sources import SourceHealthProjection
from monitor.readmodels.tokens import TokenProjection
from store.projections import Projection
from store.sql import SqlEventLog
from store.stream_index import StreamIndexProjection


def all_projections() -> list[Projection]:
    """The read models ``run`` keeps live and ``replay`` rebuilds, in dependency order."""
    return [
        StreamIndexProjection(),
        SourceHealthProjection(),
        ArticleProjection(),
        ArticleSearchProjection(),
        SubscriptionProjection(),
        OutboxProjection(),
        TokenProjection(),
        MeetingProjection(),
    ]


def processors(log: SqlEventLog, clock: Callable[[], datetime]) -> list[Projection]:
    """Followers that append events (never rebuilt by ``replay``): the alert router and the
    meeting recorder."""
    return [Router(log, clock), MeetingRecorder(log, clock)]
