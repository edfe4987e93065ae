"""The timeline as geometry (pure): small multiples, one small bar chart per dialogue over the
same range and the same vertical scale, for inline SVG.

A bar is a day (or a week, over a year) of articles by their publication date, or by the day
they were discovered when the source gave no publication date (counted apart, and said so).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT, PAD, TOP = 240, 64, 2, 4


@dataclass(frozen=True)
class Bar:
    day: str
    """The first day of the bar's bucket (ISO)."""
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Timeline:
    dialogue: str
    total: int
    peak: int
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True)
class Grid:
    timelines: list[Timeline]
    start: str
    end: str
    bucket_days: int
    peak: int
    """The shared scale: the most articles any dialogue had in one bucket."""
    total: int
    by_discovery: int
    """Articles counted on the day discovered, for want of a publication date."""


def buckets(start: date, end: date, size: int) -> list[date]:
    """The first day of each bucket of ``size`` days from ``start`` through ``end``."""
    count = (end - start).days // size + 1
    return [start + timedelta(days=i * size) for i in range(count)]


def timeline(
    dialogue: str, counts: Counter[date], starts: list[date], size: int, peak: int
) -> Timeline:
    """Bars for one dialogue; ``counts`` are articles per day, ``peak`` the shared scale."""
    step = (WIDTH - 2 * PAD) / len(starts)
    usable = HEIGHT - PAD - TOP
    bars = []
    for i, first in enumerate(starts):
        count = sum(counts.get(first + timedelta(days=d), 0) for d in range(size))
        tall = usable * count / peak if peak else 0
        bars.append(
            Bar(
                first.isoformat(),
                count,
                round(PAD + i * step + step * 0.1, 2),
                round(HEIGHT - PAD - tall, 2),
                round(max(step * 0.8, 0.5), 2),
                round(tall, 2),
            )
        )
    return Timeline(dialogue, sum(counts.values()), max(b.count for b in bars), tuple(bars))


def grid(rows: Iterable[tuple[str, bool, Iterable[str]]], end: date, days: int) -> Grid:
    """Small multiples over the ``days`` days ending on ``end``, from ``(date, published,
    dialogue ids)`` of relevant articles (``published``: the date is the source's)."""
    size = 7 if days > 90 else 1
    start = end - timedelta(days=days - 1)
    per: dict[str, Counter[date]] = {}
    total = by_discovery = 0
    for when, published, dialogues in rows:
        day = date.fromisoformat(when[:10])
        if not start <= day <= end:
            continue
        total += 1
        by_discovery += not published
        for dialogue in dialogues:
            per.setdefault(dialogue, Counter())[day] += 1
    starts = buckets(start, end, size)
    peak = max(
        (
            sum(c.get(s + timedelta(days=d), 0) for d in range(size))
            for c in per.values()
            for s in starts
        ),
        default=0,
    )
    charts = [timeline(d, per[d], starts, size, peak) for d in per]
    charts.sort(key=lambda t: (-t.total, t.dialogue))
    return Grid(charts, start.isoformat(), end.isoformat(), size, peak, total, by_discovery)
