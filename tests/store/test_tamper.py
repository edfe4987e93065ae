"""Tamper evidence: with the triggers dropped, any change to the log is found and located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from monitor.cli import cli
from store import checkpoints
from store.codec import GENESIS_HASH, chain_hash
from store.records import RecordedEvent
from store.sql import COLUMNS, SqlEventLog
from tests.support.store_events import noted

EVENTS = 30


@pytest.fixture
def tampered(sql_url: str, tmp_path: Path) -> dict[str, Any]:
    log = SqlEventLog(sql_url)
    for n in range(EVENTS // 3):
        log.append(f"stream-{n % 4}", [noted(n), noted(n + 40, "Viet Nam – ASEAN"), noted(n + 80)])
    with log.engine.begin() as conn:
        if log.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER events_refuse_update"))
            conn.execute(text("DROP TRIGGER events_refuse_delete"))
        else:
            conn.execute(text("DROP TRIGGER events_refuse_change ON events"))
            conn.execute(text("DROP TRIGGER events_refuse_truncate ON events"))
    env = {"MONITOR_DATABASE_URL": sql_url, "MONITOR_SIGNING_KEY": str(tmp_path / "k" / "a.key")}
    return {"log": log, "env": env, "tmp": tmp_path}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def rows(log: SqlEventLog) -> list[tuple[Any, ...]]:
    with log.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT {COLUMNS} FROM events ORDER BY 1"))]


def write_row(log: SqlEventLog, position: int, values: tuple[Any, ...]) -> None:
    names = [n.strip() for n in COLUMNS.split(",")][1:]
    assignments = ", ".join(f"{n} = :{n}" for n in names)
    with log.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE events SET {assignments} WHERE position = :p"),
            {"p": position, **dict(zip(names, values[1:], strict=True))},
        )


def test_the_untouched_log_verifies(tampered: dict[str, Any]) -> None:
    result = run(tampered["env"], "audit", "verify")
    assert result.exit_code == 0, result.output
    assert f"OK: {EVENTS} events verified" in result.output


def test_one_changed_byte_is_found(tampered: dict[str, Any]) -> None:
    log = tampered["log"]
    original = rows(log)[11]
    data = original[8].replace('"n":', '"m":', 1)
    assert len(data.encode()) == len(original[8].encode())
    write_row(log, 12, (*original[:8], data, *original[9:]))
    result = run(tampered["env"], "audit", "verify")
    assert result.exit_code == 1
    assert "position 12: the stored event does not match its hash" in result.output


def test_a_deleted_row_is_found(tampered: dict[str, Any]) -> None:
    with tampered["log"].engine.begin() as conn:
        conn.execute(text("DELETE FROM events WHERE position = 7"))
    result = run(tampered["env"], "audit", "verify")
    assert result.exit_code == 1
    assert "position 7: the event is missing" in result.output


def test_two_swapped_rows_are_found(tampered: dict[str, Any]) -> None:
    moves = [(5, -5), (9, 5), (-5, 9)]
    with tampered["log"].engine.begin() as conn:
        for old, new in moves:
            conn.execute(
                text("UPDATE events SET position = :n WHERE position = :o"), {"n": new, "o": old}
            )
    result = run(tampered["env"], "audit", "verify")
    assert result.exit_code == 1
    assert "position 5:" in result.output


def rehash_from(log: SqlEventLog, position: int) -> None:
    """What a careful forger does: recompute every hash after the change."""
    stored = rows(log)
    previous = stored[position - 2][10] if position > 1 else GENESIS_HASH
    for row in stored[position - 1 :]:
        event = RecordedEvent(*row)
        previous = chain_hash(previous, event.body())
        write_row(log, event.position, (*row[:10], previous))


def test_a_rehashed_rewrite_is_caught_by_the_signed_checkpoint(tampered: dict[str, Any]) -> None:
    env, log = tampered["env"], tampered["log"]
    assert run(env, "audit", "keygen").exit_code == 0
    made = run(env, "audit", "checkpoint", "--out", str(tampered["tmp"] / "cp.json"))
    assert made.exit_code == 0, made.output
    original = rows(log)[11]
    write_row(log, 12, (*original[:8], original[8].replace('"n":', '"m":', 1), *original[9:]))
    rehash_from(log, 12)
    assert run(env, "audit", "verify").exit_code == 0, "a re-hashed chain is consistent"
    result = run(env, "audit", "verify", "--checkpoint", str(tampered["tmp"] / "cp.json"))
    assert result.exit_code == 1
    assert f"position {EVENTS}: the log differs from the signed checkpoint" in result.output


def test_a_cut_tail_is_caught_by_the_signed_checkpoint(tampered: dict[str, Any]) -> None:
    env, log = tampered["env"], tampered["log"]
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint", "--out", str(tampered["tmp"] / "cp.json")).exit_code == 0
    with log.engine.begin() as conn:
        conn.execute(text("DELETE FROM events WHERE position > :p"), {"p": EVENTS - 3})
    assert run(env, "audit", "verify").exit_code == 0
    result = run(env, "audit", "verify", "--checkpoint", str(tampered["tmp"] / "cp.json"))
    assert result.exit_code == 1
    assert f"position {EVENTS - 2}: the log ends at position {EVENTS - 3}" in result.output


def test_a_checkpoint_signed_with_another_key_is_refused(tampered: dict[str, Any]) -> None:
    env, tmp = tampered["env"], tampered["tmp"]
    assert run(env, "audit", "keygen").exit_code == 0
    other = checkpoints.generate_key(tmp / "k" / "other.key")
    head = tampered["log"].head()
    from datetime import UTC, datetime

    forged = checkpoints.sign(head.position, head.hash, datetime.now(UTC), other)
    checkpoints.write(tmp / "forged.json", forged)
    result = run(env, "audit", "verify", "--checkpoint", str(tmp / "forged.json"))
    assert result.exit_code == 1
    assert "not signed by the trusted key" in result.output
    own = run(env, "audit", "checkpoint", "--out", str(tmp / "own.json"))
    assert own.exit_code == 0
    accepted = run(env, "audit", "verify", "--checkpoint", str(tmp / "own.json"))
    assert accepted.exit_code == 0
    assert "agrees with the checkpoint" in accepted.output
