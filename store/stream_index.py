"""The built-in read model: one row per stream (its version, size and latest event)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table
from sqlmodel import Field, SQLModel

from store.projections import Projection, upsert
from store.records import RecordedEvent


class StreamSummary(SQLModel, table=True):
    __tablename__ = "stream_index"

    stream_id: str = Field(primary_key=True)
    version: int
    first_position: int
    last_position: int
    last_type: str
    last_occurred_at: str


STREAM_INDEX = cast(Table, StreamSummary.__table__)  # type: ignore[attr-defined]


class StreamIndexProjection(Projection):
    """``streams``: which streams exist, how long they are, what happened last."""

    name = "streams"
    version = 1
    tables = (STREAM_INDEX,)

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        values = {
            "stream_id": event.stream_id,
            "version": event.stream_version,
            "first_position": event.position,
            "last_position": event.position,
            "last_type": event.type,
            "last_occurred_at": event.occurred_at,
        }
        update = ["version", "last_position", "last_type", "last_occurred_at"]
        upsert(conn, STREAM_INDEX, values, ["stream_id"], update)
