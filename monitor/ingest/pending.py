"""Pending work on an article, read from its stream: what one event started and no event
has ended yet (pure).

An article's stream goes ``item.discovered`` → ``article.extracted`` (or
``article.extraction_failed`` with ``gave_up``; earlier failed tries wait for their
``next_attempt_at``) → ``article.matched``.  A stop at any point leaves the stream where it was;
:func:`next_step` reads it and says what is left to do, so work resumes from the log whatever
the feed says now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from monitor.events import ItemDiscovered
from monitor.readmodels.article_state import fold
from store.clock import parse_time
from store.records import RecordedEvent


class Step(StrEnum):
    EXTRACT = "extract"
    """Fetch and extract the page (its first try, or a retry that is due)."""
    JUDGE = "judge"
    """The text is known (extracted or the summary standing in) but was not judged."""
    WAIT = "wait"
    """A failed try waits for its next attempt."""
    DONE = "done"


@dataclass(frozen=True)
class ArticleWork:
    stream: str
    item: ItemDiscovered
    version: int
    """The stream's version when read: appends expect it (a fence against a second worker)."""
    step: Step
    attempt: int
    """The try the next extraction will be (1 for the first)."""
    text: str = ""
    """For :attr:`Step.JUDGE`: the text to judge."""
    due_at: datetime | None = None


def next_step(events: list[RecordedEvent], now: datetime) -> ArticleWork | None:
    """What is left to do on the article whose whole stream is ``events`` (None: no item)."""
    if not events or events[0].type != ItemDiscovered.type_name:
        return None
    item = events[0].decode()
    assert isinstance(item, ItemDiscovered)
    state = fold(events)
    due = None
    if state.status == "retrying":
        due = parse_time(state.next_attempt_at) if state.next_attempt_at else now
    step = _step(state.settled, state.verdict is not None, due, now)
    text = state.text or ""
    return ArticleWork(
        events[0].stream_id, item, state.version, step, state.attempts + 1, text, due
    )


def _step(done: bool, judged: bool, due: datetime | None, now: datetime) -> Step:
    if done:
        return Step.DONE if judged else Step.JUDGE
    if due is not None and due > now:
        return Step.WAIT
    return Step.EXTRACT
