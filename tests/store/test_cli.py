"""The audit export and replay commands, through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner

from monitor.cli import cli
from store.sql import SqlEventLog
from tests.support.store_events import Measured, noted

KEYS = {
    "position", "stream", "version", "type", "schema_version", "occurred_at", "recorded_at",
    "data", "metadata", "hash",
}  # fmt: skip


def invoke(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"MONITOR_DATABASE_URL": url})
    return result.exit_code, result.stdout, result.stderr


def test_events_exports_json_lines_with_filters(sqlite_url: str) -> None:
    log = SqlEventLog(sqlite_url)
    log.append("a", [noted(1, "ASEAN–Japan"), noted(50)])
    log.append("b", [Measured(occurred_at=datetime(2026, 6, 1, tzinfo=UTC), value=2.5)])
    code, out, _ = invoke(sqlite_url, "events")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [e["position"] for e in lines] == [1, 2, 3]
    assert set(lines[0]) == KEYS
    assert lines[0]["data"] == {"n": 1, "text": "ASEAN–Japan"}
    assert lines[0]["metadata"]["event_id"] == log.read_page()[0].event_id
    assert lines[2]["hash"] == log.head().hash
    _, out, _ = invoke(sqlite_url, "events", "--type", "test.measured")
    assert [json.loads(x)["stream"] for x in out.splitlines()] == ["b"]
    _, out, _ = invoke(
        sqlite_url, "events", "--since", "2026-05-03T08:00:30Z", "--until", "2026-06-01"
    )
    assert [json.loads(x)["position"] for x in out.splitlines()] == [2]
    _, out, _ = invoke(sqlite_url, "events", "--stream", "a", "--after", "1")
    assert [json.loads(x)["position"] for x in out.splitlines()] == [2]


def test_events_names_a_bad_time(sqlite_url: str) -> None:
    code, _, err = invoke(sqlite_url, "events", "--since", "last tuesday")
    assert code == 2
    assert "--since" in err
    assert "ISO 8601" in err


def test_replay_prints_the_same_digests_twice(sqlite_url: str) -> None:
    log = SqlEventLog(sqlite_url)
    for n in range(50):
        log.append(f"s-{n % 5}", [noted(n)])
    code, first, _ = invoke(sqlite_url, "replay", "--all")
    assert code == 0
    log.append("s-9", [noted(99)])
    _, changed, _ = invoke(sqlite_url, "replay", "--projection", "streams")
    _, again, _ = invoke(sqlite_url, "replay", "--all")
    assert "streams\tstream_index\t5 rows\tsha256:" in first

    def streams_line(output: str) -> str:
        return next(line for line in output.splitlines() if line.startswith("streams\t"))

    assert streams_line(changed) == streams_line(again)
    assert streams_line(changed) != streams_line(first)
    _, digest_only, _ = invoke(sqlite_url, "replay", "--all", "--digest-only")
    assert digest_only == again


def test_replay_refuses_an_unknown_projection(sqlite_url: str) -> None:
    code, _, err = invoke(sqlite_url, "replay", "--projection", "nope")
    assert code == 2
    assert "unknown: nope" in err
