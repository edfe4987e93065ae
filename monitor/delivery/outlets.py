"""The story's other outlets, added to an alert when it is sent: "also reported by".

An alert is raised for the first article of a story; by the time it is sent (or sent again),
other sources may have reported the same story (``article.linked``).  :func:`story_outlets`
gives the dispatcher a function that adds them to the message from the ``articles`` read
model: up to :data:`SHOWN` other articles of the story, each with its source, address, title,
language and publication date.  Nothing is recorded: the alert's events stay as raised, and a
resend may name more outlets than the first try did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from alerts.model import AlertMessage
from monitor.readmodels.articles import ARTICLES
from store.sql import SqlEventLog

SHOWN = 10
FIELDS = ("source_id", "url", "title", "language", "published_at")


def other_outlets(log: SqlEventLog, article_id: str) -> tuple[dict[str, Any], ...]:
    """The other articles of ``article_id``'s story, the earliest published first."""
    a = ARTICLES.c
    story = select(a.story_id).where(a.article_id == article_id).scalar_subquery()
    query = (
        select(*(a[f] for f in FIELDS))
        .where(a.story_id == story, a.article_id != article_id)
        .order_by(a.published_at, a.article_id)
        .limit(SHOWN)
    )
    with log.reader.connect() as conn:
        return tuple(dict(row._mapping) for row in conn.execute(query))


def story_outlets(log: SqlEventLog) -> Callable[[AlertMessage], AlertMessage]:
    """The dispatcher's ``enrich``: the message with its story's other outlets."""

    def enrich(message: AlertMessage) -> AlertMessage:
        if message.article_id is None:
            return message
        return replace(message, outlets=other_outlets(log, message.article_id))

    return enrich
