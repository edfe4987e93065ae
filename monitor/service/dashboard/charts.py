"""The timeline chart as geometry (pure): bars of articles per day, for an inline SVG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT, PAD = 600, 120, 18
MAX_DAYS = 90


@dataclass(frozen=True)
class Bar:
    day: str
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
    first: str
    last: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT


def days_between(first: date, last: date) -> list[date]:
    span = min((last - first).days, MAX_DAYS - 1)
    start = last - timedelta(days=span)
    return [start + timedelta(days=i) for i in range(span + 1)]


def timeline(dialogue: str, days: Iterable[str]) -> Timeline:
    """Bars for one dialogue; ``days`` are ISO dates, one per article (repeats count)."""
    counts = Counter(days)
    every = days_between(date.fromisoformat(min(counts)), date.fromisoformat(max(counts)))
    peak = max(counts.values())
    step = (WIDTH - 2 * PAD) / len(every)
    usable = HEIGHT - 2 * PAD
    bars = []
    for i, day in enumerate(every):
        count = counts.get(day.isoformat(), 0)
        tall = usable * count / peak
        bars.append(
            Bar(
                day.isoformat(),
                count,
                round(PAD + i * step + step * 0.1, 2),
                round(HEIGHT - PAD - tall, 2),
                round(step * 0.8, 2),
                round(tall, 2),
            )
        )
    return Timeline(
        dialogue,
        sum(counts.values()),
        peak,
        every[0].isoformat(),
        every[-1].isoformat(),
        tuple(bars),
    )


def timelines(rows: Iterable[tuple[str, Iterable[str]]]) -> list[Timeline]:
    """One timeline per dialogue from ``(discovered_at, dialogue ids)`` of judged articles."""
    per: dict[str, list[str]] = {}
    for discovered_at, dialogues in rows:
        for dialogue in dialogues:
            per.setdefault(dialogue, []).append(discovered_at[:10])
    return [timeline(d, per[d]) for d in sorted(per)]
