"""The article list's filters as they travel in the address (``?dialogue=…&page=2``): read
forgivingly from the query string (a value that cannot mean anything is dropped and said so)
and written back into links, so every link keeps the filter."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from urllib.parse import urlencode

TEXT_FIELDS = ("dialogue", "mechanism", "topic", "language", "source", "q")
RANGES = (7, 30, 90, 365)
DEFAULT_RANGE = 30
MAX_LENGTH = 200


@dataclass(frozen=True)
class Filters:
    dialogue: str = ""
    mechanism: str = ""
    topic: str = ""
    language: str = ""
    source: str = ""
    q: str = ""
    since: str = ""
    """A day (YYYY-MM-DD): published (or, without a publication date, discovered) on or after."""
    until: str = ""
    """A day: published on or before (the whole day)."""
    page: int = 1
    days: int = DEFAULT_RANGE
    """The timeline's range: the last 7, 30, 90 or 365 days."""
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in (*TEXT_FIELDS, "since", "until"))

    def since_time(self) -> str | None:
        return f"{self.since}T00:00:00.000000Z" if self.since else None

    def until_time(self) -> str | None:
        """The start of the day after ``until`` (the bound is exclusive)."""
        if not self.until:
            return None
        after = date.fromisoformat(self.until) + timedelta(days=1)
        return f"{after.isoformat()}T00:00:00.000000Z"

    def link(self, **changes: object) -> str:
        """``?…`` with these filters and ``changes`` (``page`` goes back to 1 unless given)."""
        changed = replace(self, **{"page": 1, **changes})  # type: ignore[arg-type]
        pairs = [
            (f.name, str(getattr(changed, f.name)))
            for f in fields(changed)
            if f.name != "problems" and getattr(changed, f.name) != f.default
        ]
        return "?" + urlencode(pairs) if pairs else "?"


def _day(name: str, value: str, problems: list[str]) -> str:
    try:
        return date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        problems.append(f"{name}: {value[:40]!r} is not a day (YYYY-MM-DD); ignored")
        return ""


def _number(name: str, value: str, allowed: tuple[int, ...] | None, default: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        return default
    if allowed is not None:
        return number if number in allowed else default
    return max(1, min(number, 10_000))


def parse_filters(query: Mapping[str, str]) -> Filters:
    """Filters from a query string; text is trimmed and cut to 200 characters."""
    problems: list[str] = []
    texts = {name: query.get(name, "").strip()[:MAX_LENGTH] for name in TEXT_FIELDS}
    return Filters(
        **texts,
        since=_day("since", query.get("since", "").strip(), problems),
        until=_day("until", query.get("until", "").strip(), problems),
        page=_number("page", query.get("page", ""), None, 1),
        days=_number("days", query.get("days", ""), RANGES, DEFAULT_RANGE),
        problems=tuple(problems),
    )


def linker(**params: object) -> Callable[..., str]:
    """A ``link(**changes)`` for a page's own parameters (empty ones and page 1 left out)."""

    def link(**changes: object) -> str:
        merged = {**params, "page": 1, **changes}
        pairs = [
            (k, str(v)) for k, v in merged.items() if v not in ("", None) and (k, v) != ("page", 1)
        ]
        return "?" + urlencode(pairs) if pairs else "?"

    return link
