"""HTTP rules shared by the alert channels and the fetcher (pure: no clock, no I/O).

``Retry-After`` is read here once, for the webhook channel and for ``monitor.fetch`` alike
(``monitor.fetch.headers`` re-exports :func:`retry_after_seconds`): the alerts side may not
import the daemon's fetcher, the fetcher may import this.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from alerts.errors import DeliveryError

USER_AGENT = "asean-monitor/0.1 (alert delivery; +https://github.com/asean-monitor)"
TEMPORARY_STATUSES = frozenset({408, 425, 429})
"""4xx answers that say "later", not "never" (every 5xx is temporary too)."""


def retry_after_seconds(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, counted from ``now`` (timezone-aware).

    RFC 9110 §10.2.3: delay-seconds (ASCII digits) or an HTTP-date.  HTTP-dates are always
    GMT, so a date that names no zone (``Sun, 06 Nov 1994 08:49:37``, or the ``-0000`` that
    ``email.utils`` reads as "zone unknown") is taken as UTC.  A date in the past gives 0.0;
    a value that is neither form (or absent, or blank) gives None.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def is_temporary(status: int) -> bool:
    """Whether an HTTP failure status is worth retrying: 408, 425, 429 and every 5xx."""
    return status >= 500 or status in TEMPORARY_STATUSES


def http_failure(status: int, *, retry_after: float | None, detail: str) -> DeliveryError:
    """The ``DeliveryError`` for a non-2xx answer: temporary for 408/425/429/5xx, else
    permanent (a 3xx too: redirects are not followed)."""
    return DeliveryError(
        f"receiver answered HTTP {status}: {detail}"
        if detail
        else f"receiver answered HTTP {status}",
        status=status,
        retry_after=retry_after,
        permanent=not is_temporary(status),
    )
