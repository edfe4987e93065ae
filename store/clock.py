"""Time as the store writes it: UTC, microseconds, a fixed-width ISO-8601 text that sorts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> datetime:
    """The default clock of the adapters (the pure core takes ``now`` as an argument)."""
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    """``2026-05-03T08:00:00.000000Z``: refuses naive datetimes, which have no meaning here."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got naive {moment.isoformat()}")
    return moment.astimezone(UTC).strftime(_FORMAT)


def parse_time(text: str) -> datetime:
    """Read back :func:`format_time`'s text (and any ISO-8601 text with an offset or ``Z``)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
