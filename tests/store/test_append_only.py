"""The database itself refuses to change or remove stored events (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from store.sql import SqlEventLog
from tests.support.store_events import noted


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = 'tampered' WHERE position = 1",
        "UPDATE events SET hash = 'x'",
        "DELETE FROM events WHERE position = 2",
        "DELETE FROM events",
    ],
)
def test_triggers_refuse_update_and_delete(sql_url: str, statement: str) -> None:
    log = SqlEventLog(sql_url)
    log.append("s", [noted(1), noted(2)])
    with pytest.raises(DBAPIError, match="append-only"), log.engine.begin() as conn:
        conn.execute(text(statement))
    assert [e.data for e in log.read_stream("s")] == ['{"n":1,"text":""}', '{"n":2,"text":""}']
    log.close()


def test_postgresql_refuses_truncate(postgres_url: str) -> None:
    log = SqlEventLog(postgres_url)
    log.append("s", [noted(1)])
    with pytest.raises(DBAPIError, match="append-only"), log.engine.begin() as conn:
        conn.execute(text("TRUNCATE events"))
    assert log.head().position == 1
    log.close()


def test_migrations_apply_once_and_reopen_cleanly(sql_url: str) -> None:
    first = SqlEventLog(sql_url)
    first.append("s", [noted(1)])
    second = SqlEventLog(sql_url)
    with second.reader.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_migrations")).scalars().all()
    assert sorted(versions) == [1, 2, 3, 4]
    assert second.head() == first.head()
    first.close()
    second.close()


def test_a_newer_schema_is_refused(sqlite_url: str) -> None:
    from store.errors import SchemaError

    log = SqlEventLog(sqlite_url)
    with log.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')")
        )
    log.close()
    with pytest.raises(SchemaError, match="upgrade asean-monitor"):
        SqlEventLog(sqlite_url)
