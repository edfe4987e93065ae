"""The schedule policy: interval, jitter, server hints, frequent publishers, backoff."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.ingest.next_check import (
    DEFAULT_LIMITS,
    CheckReason,
    NextCheck,
    PolicyLimits,
    next_check,
    publishing_gap,
)

NOW = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def check(interval: timedelta = 30 * MINUTE, seed: int = 7, **kwargs: object) -> NextCheck:
    return next_check(NOW, interval, rng=random.Random(seed), **kwargs)  # type: ignore[arg-type]


def entries(count: int, every: timedelta, start: datetime = NOW) -> list[datetime]:
    return [start - every * i for i in range(count)]


def test_plain_interval_with_jitter_within_ten_percent() -> None:
    delays = [check(seed=seed).delay for seed in range(200)]
    assert all(27 * MINUTE <= d <= 33 * MINUTE for d in delays)
    assert min(delays) < 28 * MINUTE  # jitter spreads both ways
    assert max(delays) > 32 * MINUTE
    result = check()
    assert result.reason is CheckReason.INTERVAL
    assert result.at == NOW + result.delay


def test_same_seed_same_answer() -> None:
    assert check(seed=3) == check(seed=3)
    assert check(seed=3).at != check(seed=4).at


def test_retry_after_beats_the_interval() -> None:
    result = check(retry_after=2 * HOUR)
    assert result.reason is CheckReason.RETRY_AFTER
    assert 2 * HOUR <= result.delay <= 2.2 * HOUR


def test_retry_after_as_http_date_and_seconds() -> None:
    at = check(retry_after=NOW + 3 * HOUR)
    assert at.reason is CheckReason.RETRY_AFTER
    assert at.at >= NOW + 3 * HOUR
    seconds = check(retry_after=5400.0)
    assert seconds.reason is CheckReason.RETRY_AFTER
    assert seconds.delay >= 90 * MINUTE


def test_short_or_past_hints_do_not_pull_the_check_earlier() -> None:
    for hint in (
        {"retry_after": 60.0},
        {"retry_after": NOW - HOUR},
        {"cache_control_max_age": 0},
        {"feed_ttl": 5 * MINUTE},
        {"cache_control_max_age": float("nan")},
    ):
        result = check(**hint)
        assert result.reason is CheckReason.INTERVAL, hint
        assert result.delay >= 27 * MINUTE


def test_feed_ttl_raises_the_interval() -> None:
    result = check(feed_ttl=3 * HOUR)
    assert result.reason is CheckReason.FEED_TTL
    assert 3 * HOUR <= result.delay <= 3.3 * HOUR


def test_cache_control_max_age_raises_the_interval() -> None:
    result = check(cache_control_max_age=7200)
    assert result.reason is CheckReason.CACHE_CONTROL
    assert result.delay >= 2 * HOUR


def test_strongest_hint_wins() -> None:
    result = check(cache_control_max_age=3600, feed_ttl=4 * HOUR, retry_after=2 * HOUR)
    assert result.reason is CheckReason.FEED_TTL
    assert result.delay >= 4 * HOUR


def test_absurd_hints_are_capped_so_the_source_is_not_silenced() -> None:
    result = check(retry_after=timedelta(days=365))
    assert result.reason is CheckReason.RETRY_AFTER
    assert DEFAULT_LIMITS.hint_cap <= result.delay <= DEFAULT_LIMITS.hint_cap * 1.1
    assert check(retry_after=1e300).delay <= DEFAULT_LIMITS.hint_cap * 1.1


def test_frequent_publisher_lowered_to_the_floor() -> None:
    busy = entries(200, 2 * MINUTE)  # one item every two minutes
    result = check(entry_dates=busy)
    assert result.reason is CheckReason.FREQUENT
    assert DEFAULT_LIMITS.floor <= result.delay <= DEFAULT_LIMITS.floor * 1.1


def test_moderate_publisher_lowered_towards_its_rate() -> None:
    week = entries(7 * 24 * 6, 10 * MINUTE)  # ~six an hour, but only the last week counts
    gap = publishing_gap(NOW, week)
    assert gap is not None
    assert 9 * MINUTE <= gap <= 11 * MINUTE
    result = check(entry_dates=week)
    assert result.reason is CheckReason.FREQUENT
    assert 0.9 * gap <= result.delay <= 1.1 * gap


def test_miniflux_weekly_count() -> None:
    weekly = entries(84, 2 * HOUR)  # 84 entries over the week: Miniflux says every 2 h
    gap = publishing_gap(NOW, weekly)
    assert gap == (83 * 2 * HOUR) / 84  # the span they cover, over their count
    assert check(interval=4 * HOUR, entry_dates=weekly).delay <= 1.1 * 2 * HOUR


def test_slow_publisher_keeps_the_interval() -> None:
    slow = entries(5, timedelta(days=1))
    assert check(entry_dates=slow).reason is CheckReason.INTERVAL


def test_a_burst_is_not_a_habit() -> None:
    burst = entries(6, MINUTE)  # six releases in five minutes after a summit
    gap = publishing_gap(NOW, burst)
    assert gap == DEFAULT_LIMITS.min_span / 6
    result = check(interval=2 * HOUR, entry_dates=burst)
    assert result.reason is CheckReason.FREQUENT
    assert result.delay >= 0.9 * HOUR


def test_identical_timestamps_count_once_and_old_or_future_are_ignored() -> None:
    stamped = [NOW] * 50
    assert publishing_gap(NOW, stamped) is None
    old = entries(100, MINUTE, start=NOW - timedelta(days=8))
    future = entries(100, MINUTE, start=NOW + timedelta(days=1))
    assert publishing_gap(NOW, old + future) is None
    naive = [d.replace(tzinfo=None) for d in entries(100, 2 * MINUTE)]
    assert publishing_gap(NOW, naive) is not None


def test_floor_never_raises_a_shorter_configured_interval() -> None:
    busy = entries(500, MINUTE)
    result = check(interval=2 * MINUTE, entry_dates=busy)
    assert result.reason is CheckReason.INTERVAL
    assert result.delay <= 2.2 * MINUTE


def test_backoff_grows_exponentially() -> None:
    delays = [check(consecutive_failures=n).delay for n in (1, 2, 3, 4)]
    for n, delay in enumerate(delays):
        base = 30 * MINUTE * 2**n
        assert 0.9 * base <= delay <= 1.1 * base
    assert check(consecutive_failures=1).reason is CheckReason.BACKOFF


def test_backoff_is_capped_and_never_gives_up() -> None:
    cap = DEFAULT_LIMITS.backoff_cap
    for failures in (5, 10, 100, 10_000):
        for seed in range(20):
            result = check(consecutive_failures=failures, seed=seed)
            assert 0.9 * cap <= result.delay <= cap
            assert result.reason is CheckReason.BACKOFF


def test_backoff_ignores_publishing_rate_but_honours_retry_after() -> None:
    busy = entries(200, 2 * MINUTE)
    assert check(consecutive_failures=2, entry_dates=busy).delay >= 54 * MINUTE
    result = check(consecutive_failures=1, retry_after=3 * HOUR)
    assert result.reason is CheckReason.RETRY_AFTER
    assert result.delay >= 3 * HOUR


def test_failing_slow_source_is_not_polled_more_often_than_a_healthy_one() -> None:
    result = check(interval=timedelta(days=1), consecutive_failures=3)
    assert result.delay >= 0.9 * timedelta(days=1)


def test_custom_limits() -> None:
    limits = PolicyLimits(floor=10 * MINUTE, backoff_cap=HOUR, jitter=0.0)
    busy = entries(200, MINUTE)
    frequent = next_check(NOW, HOUR, entry_dates=busy, rng=random.Random(1), limits=limits)
    assert frequent.delay == 10 * MINUTE
    failing = next_check(NOW, HOUR, consecutive_failures=9, rng=random.Random(1), limits=limits)
    assert failing.delay == HOUR


@pytest.mark.parametrize(
    ("now", "interval"),
    [(NOW.replace(tzinfo=None), HOUR), (NOW, timedelta(0)), (NOW, -HOUR)],
)
def test_bad_arguments(now: datetime, interval: timedelta) -> None:
    with pytest.raises(ValueError, match=r"timezone-aware|positive"):
        next_check(now, interval, rng=random.Random(0))
