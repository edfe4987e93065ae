"""How the dashboard writes times, names and counts (pure).

Times are shown in UTC as ``6 Dec 2026, 14:05 UTC`` inside ``<time datetime=…>`` (the
same-origin ``/static/localtime.js`` may rewrite them in the viewer's zone); names come from
the matching catalogue, an unknown id is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from monitor.matching import titles
from monitor.matching.catalogue import default_catalogue
from monitor.matching.mechanisms import MECHANISMS
from store.clock import parse_time


@dataclass(frozen=True)
class When:
    """A moment as ``<time datetime="{iso}">{text}</time>``."""

    iso: str
    text: str
    day: str


def when(value: str | None) -> When | None:
    """A stored time (``2026-12-06T14:05:09.123456Z``) for people; None stays None."""
    if not value:
        return None
    try:
        moment = parse_time(value)
    except ValueError:
        return When(value, value, value[:10])
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"{moment.day} {moment:%b %Y, %H:%M} UTC"
    return When(iso, text, f"{moment.day} {moment:%b %Y}")


def ago(value: str | None, now: datetime) -> str:
    """``5 min ago``, ``3 h ago``, ``2 days ago``, ``in 4 h`` (rounded down)."""
    if not value:
        return ""
    seconds = int((now - parse_time(value)).total_seconds())
    later = seconds < 0
    seconds = abs(seconds)
    for size, unit in ((86400, " days"), (3600, " h"), (60, " min")):
        if seconds >= size:
            amount = seconds // size
            text = f"{amount}{unit if amount != 1 or unit != ' days' else ' day'}"
            return f"in {text}" if later else f"{text} ago"
    return "just now"


@lru_cache(maxsize=1)
def _dialogues() -> dict[str, str]:
    return {d.id: d.name for d in default_catalogue().dialogues}


@lru_cache(maxsize=1)
def _topics() -> dict[str, str]:
    return {t.id: t.name for t in default_catalogue().topics}


def dialogue_name(ident: str) -> str:
    return _dialogues().get(ident, ident)


def topic_name(ident: str) -> str:
    return _topics().get(ident, ident)


def meeting_title(key: str, dialogue: str) -> str:
    """The meeting's English title (:mod:`monitor.matching.titles`)."""
    return titles.meeting_title(key, dialogue_name(dialogue))


def mechanism_name(ident: str | None) -> str:
    if not ident:
        return ""
    return ident.replace("-", " ").capitalize()


def dialogue_choices() -> list[tuple[str, str]]:
    """``(id, name)`` of every dialogue in the catalogue, by name."""
    return sorted(_dialogues().items(), key=lambda item: item[1])


def topic_choices() -> list[tuple[str, str]]:
    return sorted(_topics().items(), key=lambda item: item[1])


def mechanism_choices() -> list[tuple[str, str]]:
    return [(m, mechanism_name(m)) for m in MECHANISMS]
