"""Event types of the store's tests (registered once, here): ``test.noted``, ``test.measured``."""

from __future__ import annotations

from datetime import UTC, datetime

from store import Event, event_type


@event_type("test.noted")
class Noted(Event):
    """A small test event."""

    n: int
    text: str = ""


def noted(n: int, text: str = "") -> Noted:
    return Noted(occurred_at=datetime(2026, 5, 3, 8, 0, n % 60, tzinfo=UTC), n=n, text=text)


@event_type("test.measured")
class Measured(Event):
    value: float
