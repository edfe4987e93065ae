"""``sources``: each source's health: last success, last error, failures, next check."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Table, select
from sqlmodel import Field, SQLModel

from monitor.events import SourcePolled, SourcePollFailed
from store.clock import format_time, parse_time
from store.projections import Projection, upsert
from store.records import RecordedEvent


class SourceHealth(SQLModel, table=True):
    __tablename__ = "source_health"

    source_id: str = Field(primary_key=True)
    url: str
    polls: int = 0
    failures: int = 0
    consecutive_failures: int = 0
    last_polled_at: str | None = None
    last_success_at: str | None = None
    last_status: int | None = None
    failing_since: str | None = None
    last_error_at: str | None = None
    last_error_reason: str | None = None
    last_error: str | None = None
    next_check_at: str | None = None
    next_check_reason: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    items_new_total: int = 0
    last_new_at: str | None = None


SOURCE_HEALTH = cast(Table, SourceHealth.__table__)  # type: ignore[attr-defined]


class SourceHealthProjection(Projection):
    name = "sources"
    version = 1
    tables = (SOURCE_HEALTH,)
    types = (SourcePolled.type_name, SourcePollFailed.type_name)

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        data = event.data_dict()
        row = conn.execute(
            select(SOURCE_HEALTH).where(SOURCE_HEALTH.c.source_id == data["source_id"])
        ).first()
        current: dict[str, Any] = dict(row._mapping) if row else {"polls": 0, "failures": 0}
        current.update(source_id=data["source_id"], url=data["url"], polls=current["polls"] + 1)
        current["last_polled_at"] = event.occurred_at
        current["next_check_at"] = format_time(parse_time(data["next_check_at"]))
        current["next_check_reason"] = data["next_check_reason"]
        if event.type == SourcePolled.type_name:
            _succeeded(current, data, event.occurred_at)
        else:
            _failed(current, data, event.occurred_at)
        upsert(conn, SOURCE_HEALTH, current, ["source_id"])


def _succeeded(current: dict[str, Any], data: dict[str, Any], at: str) -> None:
    current.update(
        consecutive_failures=0,
        failing_since=None,
        last_success_at=at,
        last_status=data["status"],
        items_new_total=current.get("items_new_total", 0) + data["items_new"],
    )
    if not data["not_modified"]:
        current.update(
            etag=data["etag"], last_modified=data["last_modified"], body_sha256=data["body_sha256"]
        )
    if data["items_new"]:
        current["last_new_at"] = at


def _failed(current: dict[str, Any], data: dict[str, Any], at: str) -> None:
    if not current.get("failing_since"):
        current["failing_since"] = at
    current.update(
        failures=current["failures"] + 1,
        consecutive_failures=data["attempt"],
        last_error_at=at,
        last_error_reason=data["reason"],
        last_error=data["detail"],
        last_status=data["status"],
    )
