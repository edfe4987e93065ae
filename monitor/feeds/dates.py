"""Dates from feeds, normalised to UTC with the raw text kept beside them."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """feedparser's ``*_parsed`` (already UTC) to an aware datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def parse_date(raw: str | None) -> datetime | None:
    """An ISO 8601 / W3C-DTF or RFC 822 date to UTC; a date without zone is taken as UTC.

    A date alone (``2025-10-26``) is midnight UTC.  Unreadable text gives None.
    """
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    parsed = _iso(text) or _rfc822(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _iso(text: str) -> datetime | None:
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
