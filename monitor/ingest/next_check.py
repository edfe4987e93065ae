"""When to poll a source next: a pure function of what the last polls saw and ``now``.

:func:`next_check` starts from the source's interval and then:

* **frequent publishers** are polled sooner, down to a floor (5 min): Miniflux's
  entry-frequency policy, ``gap = week / entries in the last week``, generalised to feeds that
  show less than a week (``gap = span / entries``, the span at least 6 h so one burst does not
  count as a habit).  Identical timestamps count once (feeds that stamp every entry with the
  build time).  The floor never raises a source's own, shorter interval;
* **failures** back off exponentially: interval × 2^(failures-1), capped at 6 h (or at the
  interval when that is longer), never giving up;
* **jitter** of ±10 % spreads the polls of sources with one interval;
* **server hints** are never beaten: ``Cache-Control: max-age``, the RSS ``<ttl>`` and
  ``Retry-After`` each set a "not before"; the strongest wins when it is later than the computed
  time, plus 0-10 % jitter.  A hint longer than 7 days counts as 7 days, so a broken header
  cannot silence a source.

The result carries the reason (:class:`CheckReason`) for the source health view.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

__all__ = [
    "DEFAULT_LIMITS",
    "EXTRACTION_RETRIES",
    "CheckReason",
    "NextCheck",
    "PolicyLimits",
    "extraction_retry",
    "next_check",
    "publishing_gap",
]


class CheckReason(StrEnum):
    """Why the next check is when it is."""

    INTERVAL = "interval"  # the source's interval
    FREQUENT = "frequent"  # lowered: the source publishes often
    BACKOFF = "backoff"  # raised: the last polls failed
    CACHE_CONTROL = "cache_control"  # raised to the response's Cache-Control max-age
    FEED_TTL = "feed_ttl"  # raised to the feed's <ttl>
    RETRY_AFTER = "retry_after"  # raised to the server's Retry-After


@dataclass(frozen=True)
class NextCheck:
    """When to poll next, why, and the delay from ``now``."""

    at: datetime
    reason: CheckReason
    delay: timedelta


@dataclass(frozen=True)
class PolicyLimits:
    """The policy's constants."""

    floor: timedelta = timedelta(minutes=5)
    backoff_cap: timedelta = timedelta(hours=6)
    hint_cap: timedelta = timedelta(days=7)
    jitter: float = 0.10
    window: timedelta = timedelta(days=7)
    min_span: timedelta = timedelta(hours=6)


DEFAULT_LIMITS = PolicyLimits()


def next_check(
    now: datetime,
    source_interval: timedelta,
    *,
    entry_dates: Sequence[datetime] = (),
    cache_control_max_age: timedelta | float | None = None,
    feed_ttl: timedelta | None = None,
    retry_after: timedelta | datetime | float | None = None,
    consecutive_failures: int = 0,
    rng: random.Random,
    limits: PolicyLimits = DEFAULT_LIMITS,
) -> NextCheck:
    """The next check of a source (see the module docstring).

    ``now`` must be timezone-aware; naive ``entry_dates`` are taken as UTC.  Plain numbers for
    ``cache_control_max_age`` and ``retry_after`` are seconds; a ``retry_after`` datetime is the
    HTTP-date form.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if source_interval <= timedelta(0):
        raise ValueError(f"source_interval must be positive, got {source_interval}")
    base, reason = _base(now, source_interval, entry_dates, consecutive_failures, limits)
    delay = base * rng.uniform(1 - limits.jitter, 1 + limits.jitter)
    if reason is CheckReason.FREQUENT:
        delay = max(delay, limits.floor)
    elif reason is CheckReason.BACKOFF and source_interval <= limits.backoff_cap:
        delay = min(delay, limits.backoff_cap)
    hints = _hints(now, cache_control_max_age, feed_ttl, retry_after, limits)
    if hints and hints[0][0] >= delay:
        hint, reason = hints[0]
        delay = hint * rng.uniform(1, 1 + limits.jitter)
    return NextCheck(at=now + delay, reason=reason, delay=delay)


def _base(
    now: datetime,
    interval: timedelta,
    entry_dates: Sequence[datetime],
    failures: int,
    limits: PolicyLimits,
) -> tuple[timedelta, CheckReason]:
    if failures > 0:
        grown = interval * 2 ** min(failures - 1, 32)
        return max(interval, min(grown, limits.backoff_cap)), CheckReason.BACKOFF
    gap = publishing_gap(now, entry_dates, limits)
    if gap is not None and gap < interval and interval > limits.floor:
        return max(gap, limits.floor), CheckReason.FREQUENT
    return interval, CheckReason.INTERVAL


def publishing_gap(
    now: datetime, entry_dates: Sequence[datetime], limits: PolicyLimits = DEFAULT_LIMITS
) -> timedelta | None:
    """The mean time between entries published in the last week, ``None`` under two entries."""
    start = now - limits.window
    recent = {date for date in map(_aware, entry_dates) if start <= date <= now}
    if len(recent) < 2:
        return None
    span = max(now - min(recent), limits.min_span)
    return span / len(recent)


def _hints(
    now: datetime,
    max_age: timedelta | float | None,
    ttl: timedelta | None,
    retry_after: timedelta | datetime | float | None,
    limits: PolicyLimits,
) -> list[tuple[timedelta, CheckReason]]:
    """Server "not before" hints, strongest first (ties: Retry-After, then TTL, then max-age)."""
    if isinstance(retry_after, datetime):
        retry_after = _aware(retry_after) - now
    found = [
        (_delay(retry_after, limits.hint_cap), CheckReason.RETRY_AFTER, 0),
        (_delay(ttl, limits.hint_cap), CheckReason.FEED_TTL, 1),
        (_delay(max_age, limits.hint_cap), CheckReason.CACHE_CONTROL, 2),
    ]
    usable = [(d, r, rank) for d, r, rank in found if d is not None]
    usable.sort(key=lambda item: (-item[0].total_seconds(), item[2]))
    return [(delay, reason) for delay, reason, _ in usable]


def _delay(value: timedelta | float | None, cap: timedelta) -> timedelta | None:
    """A positive hint as a delay of at most ``cap``; ``None`` for none, zero, negative, NaN."""
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if not seconds > 0:  # also refuses NaN
        return None
    return min(timedelta(seconds=min(seconds, cap.total_seconds())), cap)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


EXTRACTION_RETRIES = (timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
"""Waits before the 2nd, 3rd and 4th try of a page that failed for a passing reason; after
the 4th failed try the page is given up (its feed summary stands in, visibly)."""

RETRYABLE_REASONS = frozenset({"timeout", "transport", "worker_timeout", "worker_died"})
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def extraction_retry(
    attempt: int,
    now: datetime,
    reason: str,
    *,
    status: int | None = None,
    retry_after: float | None = None,
    rng: random.Random,
) -> datetime | None:
    """When to try a failed page again, or None to give it up (pure).

    Only passing failures are retried (a timeout, a dropped connection, 408/425/429/5xx);
    a 404, an oversized page or a page without text fails for good at once.  ``Retry-After``
    is honoured when later, up to a day."""
    passing = reason in RETRYABLE_REASONS or (
        reason == "http_status" and status in RETRYABLE_STATUSES
    )
    if not passing or attempt > len(EXTRACTION_RETRIES):
        return None
    wait = EXTRACTION_RETRIES[attempt - 1] * (1 + rng.uniform(0, 0.1))
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=min(retry_after, 86_400)))
    return now + wait
