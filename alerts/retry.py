"""When to try a failed delivery again (pure): exponential backoff with jitter, capped,
honouring Retry-After, up to a number of attempts; then the dead letters."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=6)
    max_attempts: int = 10
    retry_after_cap: timedelta = timedelta(days=1)


def next_attempt(
    policy: RetryPolicy,
    attempt: int,
    now: datetime,
    rng: random.Random,
    *,
    retry_after: float | None = None,
    permanent: bool = False,
) -> datetime | None:
    """When attempt ``attempt + 1`` is due; None when the alert should go to the dead letters.

    The delay is ``min(cap, base * 2^(attempt-1))`` scaled by a random factor in [0.5, 1]
    ("equal jitter"), and never earlier than the receiver's Retry-After (capped at a day)."""
    if permanent or attempt >= policy.max_attempts:
        return None
    grown: timedelta = min(policy.cap, policy.base * 2 ** min(attempt - 1, 40))
    delay = timedelta(seconds=grown.total_seconds() * rng.uniform(0.5, 1.0))
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(timedelta(seconds=retry_after), policy.retry_after_cap))
    return now + delay
