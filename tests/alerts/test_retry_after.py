"""``Retry-After`` is read once (alerts/http.py) for the webhook channel and the fetcher alike:
delta-seconds or an HTTP-date, a date without a zone read as GMT (RFC 9110 §5.6.7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

import monitor.fetch.headers
from alerts.http import http_failure, retry_after_seconds

NOW = datetime(2025, 10, 26, 12, 0, tzinfo=UTC)


def test_the_fetcher_and_the_channels_share_the_one_reader() -> None:
    assert monitor.fetch.headers.retry_after_seconds is retry_after_seconds


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        (" 0 ", 0.0),
        ("86400", 86400.0),
        ("Sun, 26 Oct 2025 12:02:00 GMT", 120.0),  # IMF-fixdate
        ("Sunday, 26-Oct-25 12:02:00 GMT", 120.0),  # obsolete RFC 850 form
        ("Sun Oct 26 12:02:00 2025", 120.0),  # asctime: names no zone, is GMT
        ("Sun, 26 Oct 2025 12:02:00", 120.0),  # zoneless: GMT, not "unknown"
        ("Sun, 26 Oct 2025 12:02:00 -0000", 120.0),  # "-0000" is read as zoneless
        ("Sun, 26 Oct 2025 19:02:00 +0700", 120.0),  # not HTTP, but the moment is clear
        ("Sun, 26 Oct 2025 11:00:00 GMT", 0.0),  # in the past
        ("Sun, 26 Oct 2025 11:00:00", 0.0),  # in the past, zoneless
    ],
)
def test_seconds_and_http_dates(value: str, seconds: float) -> None:
    assert retry_after_seconds(value, now=NOW) == seconds


@pytest.mark.parametrize(
    "value", [None, "", "   ", "soon", "-5", "1.5", "٣٠", "30 seconds", "Sun, 99 Foo 2025"]
)
def test_anything_else_is_ignored(value: str | None) -> None:
    assert retry_after_seconds(value, now=NOW) is None


def test_a_date_counts_from_the_callers_now_not_the_clock() -> None:
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now=NOW) == 90.0
    assert retry_after_seconds(later, now=NOW + timedelta(seconds=60)) == 30.0


@pytest.mark.parametrize(
    ("status", "permanent"),
    [
        *((s, True) for s in (301, 400, 401, 404, 410, 422)),
        *((s, False) for s in (408, 425, 429, 500, 502, 503)),
    ],
)
def test_http_failures_are_temporary_only_for_408_425_429_and_5xx(
    status: int, permanent: bool
) -> None:
    error = http_failure(status, retry_after=12.0, detail="webhook http://x/ : nope")
    assert (error.status, error.permanent, error.retry_after) == (status, permanent, 12.0)
    assert f"HTTP {status}" in str(error)
