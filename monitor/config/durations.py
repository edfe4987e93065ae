"""Durations as written in ``sources.yaml``: ``90``, ``"90s"``, ``"15m"``, ``"1h30m"``, ``"1d"``.

A bare number (or a string of digits) counts seconds.  Otherwise the value is one or more
``<integer><unit>`` parts with the units ``s`` (seconds), ``m`` (minutes), ``h`` (hours),
``d`` (days) and ``w`` (weeks), largest first and each unit at most once.
"""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["format_duration", "parse_duration"]

_UNITS: dict[str, int] = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([wdhms])")
_WHOLE = re.compile(r"(?:\d+[wdhms])+")
_EXPECTED = "a duration such as 90 (seconds), 90s, 15m, 1h30m or 1d"


def parse_duration(value: object) -> timedelta:
    """Return the duration ``value`` names; raise ``ValueError`` saying what was expected."""
    if isinstance(value, bool):
        raise ValueError(f"expected {_EXPECTED}, got {value!r}")
    if isinstance(value, int | float):
        return _seconds(float(value), value)
    if not isinstance(value, str):
        raise ValueError(f"expected {_EXPECTED}, got {type(value).__name__}")
    text = value.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _seconds(float(text), value)
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"expected {_EXPECTED}, got {value!r}")
    return _sum_parts(text, value)


def _sum_parts(text: str, original: str) -> timedelta:
    seen: list[str] = []
    total = 0
    for number, unit in _PART.findall(text):
        if unit in seen or (seen and _UNITS[unit] > _UNITS[seen[-1]]):
            raise ValueError(
                f"units must go largest first, each at most once (e.g. 1h30m), got {original!r}"
            )
        seen.append(unit)
        total += int(number) * _UNITS[unit]
    return _seconds(float(total), original)


def _seconds(seconds: float, original: object) -> timedelta:
    if seconds <= 0:
        raise ValueError(f"a duration must be positive, got {original!r}")
    if seconds > 366 * 86_400:
        raise ValueError(f"a duration must be at most a year, got {original!r}")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Write ``value`` back in the file's syntax (``1h30m``); the inverse of ``parse_duration``."""
    seconds = int(value.total_seconds())
    if seconds <= 0 or seconds != value.total_seconds():
        return str(value.total_seconds())
    parts: list[str] = []
    for unit, size in _UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
