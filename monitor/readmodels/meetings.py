"""The ``meetings`` read model: each meeting identity with what its stream says of it.

``meetings`` holds one row per key (dialogue, mechanism, ordinal or year and place, the name
it was first seen under; the first date, host and chair reported, the outcome documents, how
many articles report it and the newest publication date among them); ``meeting_reports`` one
row per (meeting, article).  Both are folded from the meeting streams that
:mod:`monitor.readmodels.meeting_recorder` writes, and rebuilt from them by ``replay``.
"""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select, update
from sqlmodel import Field, SQLModel

from monitor.events import MeetingFactRecorded, MeetingIdentified, MeetingReported
from store.projections import Projection, upsert
from store.records import RecordedEvent


class MeetingRow(SQLModel, table=True):
    __tablename__ = "meetings"

    key: str = Field(primary_key=True)
    dialogue: str = Field(index=True)
    mechanism: str
    ordinal: int | None = None
    year: int | None = None
    place: str | None = None
    name: str
    identified_at: str
    date: str | None = None
    host: str | None = None
    chair: str | None = None
    documents: str = "[]"
    """A JSON list of "kind: name" strings, in the order they were first reported."""
    reports: int = 0
    last_published_at: str | None = None


class MeetingReportRow(SQLModel, table=True):
    __tablename__ = "meeting_reports"

    key: str = Field(primary_key=True)
    article_id: str = Field(primary_key=True)
    story_id: str
    name: str
    title: str | None = None
    url: str | None = None
    source_id: str | None = None
    published_at: str | None = None
    reported_at: str


MEETINGS = cast(Table, MeetingRow.__table__)  # type: ignore[attr-defined]
MEETING_REPORTS = cast(Table, MeetingReportRow.__table__)  # type: ignore[attr-defined]


class MeetingProjection(Projection):
    name = "meetings"
    version = 1
    tables = (MEETINGS, MEETING_REPORTS)
    types = (
        MeetingIdentified.type_name,
        MeetingReported.type_name,
        MeetingFactRecorded.type_name,
    )

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        if event.type == MeetingIdentified.type_name:
            _identified(conn, data, event)
        elif event.type == MeetingReported.type_name:
            _reported(conn, data, event)
        else:
            _fact(conn, data)


def _identified(conn: Connection, data: dict[str, Any], event: RecordedEvent) -> None:
    fields = ("key", "dialogue", "mechanism", "ordinal", "year", "place", "name")
    row = {**{k: data.get(k) for k in fields}, "identified_at": event.occurred_at}
    upsert(conn, MEETINGS, row, ["key"])


def _reported(conn: Connection, data: dict[str, Any], event: RecordedEvent) -> None:
    fields = ("key", "article_id", "story_id", "name", "title", "url", "source_id")
    row = {
        **{k: data.get(k) for k in fields},
        "published_at": data.get("published_at"),
        "reported_at": event.occurred_at,
    }
    upsert(conn, MEETING_REPORTS, row, ["key", "article_id"])
    key = data["key"]
    reports = MEETING_REPORTS.c
    count = select(func.count()).where(reports.key == key).scalar_subquery()
    newest = select(func.max(reports.published_at)).where(reports.key == key).scalar_subquery()
    conn.execute(
        update(MEETINGS)
        .where(MEETINGS.c.key == key)
        .values(reports=count, last_published_at=newest)
    )


def _fact(conn: Connection, data: dict[str, Any]) -> None:
    key, fact, value = data["key"], data["fact"], data["value"]
    row = conn.execute(select(MEETINGS).where(MEETINGS.c.key == key)).mappings().first()
    if row is None:
        return
    if fact == "document":
        documents = [*json.loads(row["documents"]), value]
        changes: dict[str, Any] = {"documents": json.dumps(documents, ensure_ascii=False)}
    elif row[fact] is None:
        changes = {fact: value}
    else:
        return  # the first report of a fact stands; later ones stay in the stream
    conn.execute(update(MEETINGS).where(MEETINGS.c.key == key).values(**changes))
