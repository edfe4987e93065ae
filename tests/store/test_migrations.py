"""Upgrading a database an older release left: rows kept, names as this release uses them."""

from __future__ import annotations

from sqlalchemy import inspect, text

from store.engines import backend_for
from store.migrations import LATEST, migrate
from store.sql import SqlEventLog


def test_projection_checkpoints_become_projection_positions_with_their_rows(sql_url: str) -> None:
    backend = backend_for(sql_url)
    engine, _ = backend.engines()
    assert migrate(engine, backend, target=3) == [1, 2, 3]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projection_checkpoints (name, position, version, updated_at) "
                "VALUES ('articles', 41, 2, '2026-12-01T00:00:00Z')"
            )
        )
    engine.dispose()
    log = SqlEventLog(sql_url)  # opening the log applies what is pending
    with log.reader.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        row = conn.execute(text("SELECT name, position, version FROM projection_positions")).one()
        version = conn.execute(text("SELECT MAX(version) FROM schema_migrations")).scalar()
    assert "projection_positions" in tables
    assert "projection_checkpoints" not in tables
    assert tuple(row) == ("articles", 41, 2)
    assert version == LATEST == 4
    log.close()
