"""Meetings as streams in the log: one ``meeting-<key>`` stream per identity, written by the
meeting recorder from ``article.matched``, read by the ``meetings`` read model; on SQLite and
PostgreSQL, after a SIGKILL inside the recorder's transaction, and with two recorders at once."""

from __future__ import annotations

import json
import os
import signal
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from monitor.events import MeetingFactRecorded, MeetingIdentified, MeetingReported
from monitor.readmodels.meeting_recorder import MeetingRecorder
from monitor.readmodels.meetings import MEETING_REPORTS, MEETINGS, MeetingProjection
from store.audit import verify_log
from store.projections import ProjectionRunner
from store.sql import SqlEventLog
from tests.support.meeting_articles import record_article, recorder_process
from tests.support.seeds import seed_text

MEETING_TYPES = (
    MeetingIdentified.type_name,
    MeetingReported.type_name,
    MeetingFactRecorded.type_name,
)
FACT_SHEET_KEYS = (
    "asean-us/special-summit/2022/washington",
    "asean-us/sectoral-ministerial.energy/1",
    "asean-us/dialogue.transport/1",
    "asean-us/dialogue.energy/2022",
    "asean-us/dialogue/10",
)
REPORTS = [
    (
        "13th ASEAN-US Summit held in Kuala Lumpur",
        "The 13th ASEAN-US Summit was held in Kuala Lumpur, Malaysia on 26 October 2025. "
        "ASEAN and the United States adopted the ASEAN-US Joint Vision Statement on trade.",
    ),
    (
        "Leaders at the ASEAN–U.S. summit",
        "At the 13th ASEAN–U.S. summit, ASEAN leaders and the United States discussed trade.",
    ),
    (
        "Thủ tướng dự Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13",
        "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 diễn ra tại Kuala Lumpur. ASEAN và Hoa Kỳ "
        "nhất trí tăng cường quan hệ Đối tác Chiến lược Toàn diện.",
    ),
]


@pytest.fixture(params=["sqlite", "postgres"])
def log(request: pytest.FixtureRequest) -> Iterator[SqlEventLog]:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    opened = SqlEventLog(str(request.getfixturevalue(name)))
    yield opened
    opened.close()


def _runner(log: SqlEventLog) -> tuple[ProjectionRunner, MeetingRecorder]:
    recorder = MeetingRecorder(log, lambda: datetime(2025, 10, 28, tzinfo=UTC))
    runner = ProjectionRunner(log, [recorder, MeetingProjection()])
    runner.prepare()
    return runner, recorder


def _meeting_events(log: SqlEventLog) -> list[tuple[str, str, dict[str, object]]]:
    return [(e.stream_id, e.type, e.data_dict()) for e in log.iter_all() if e.type in MEETING_TYPES]


def _publish(log: SqlEventLog) -> None:
    for n, (title, text) in enumerate(REPORTS):
        record_article(log, f"https://news.example/{n}", title, text)


def test_three_reports_of_one_meeting_are_one_stream(log: SqlEventLog) -> None:
    _publish(log)
    runner, _ = _runner(log)
    runner.catch_up_all()
    events = _meeting_events(log)
    assert {stream for stream, _, _ in events} == {"meeting-asean-us/summit/13"}
    kinds = Counter(kind for _, kind, _ in events)
    assert kinds[MeetingIdentified.type_name] == 1
    assert kinds[MeetingReported.type_name] == 3, "each article reports it once"
    facts = [(d["fact"], d["value"]) for _, k, d in events if k == MeetingFactRecorded.type_name]
    assert ("host", "Kuala Lumpur") in facts
    assert ("date", "26 October 2025") in facts
    assert len(facts) == len(set(facts)), "a fact is recorded once"
    with log.engine.connect() as conn:
        (row,) = conn.execute(select(MEETINGS)).mappings().all()
        reports = conn.execute(select(MEETING_REPORTS)).mappings().all()
    assert (row["key"], row["ordinal"], row["reports"]) == ("asean-us/summit/13", 13, 3)
    assert (row["host"], row["date"]) == ("Kuala Lumpur", "26 October 2025")
    assert any(d.startswith("joint-vision-statement") for d in json.loads(row["documents"]))
    assert {r["name"] for r in reports} >= {"13th ASEAN-US Summit", "13th ASEAN–U.S. summit"}


def test_taking_the_articles_again_adds_nothing(log: SqlEventLog) -> None:
    _publish(log)
    runner, recorder = _runner(log)
    runner.catch_up_all()
    before = _meeting_events(log)
    runner.reset(recorder)
    runner.catch_up(recorder)
    assert _meeting_events(log) == before


def test_no_stream_for_a_meeting_without_identity_or_named_in_passing(log: SqlEventLog) -> None:
    record_article(
        log,
        "https://news.example/preview",
        "ASEAN and the US prepare",
        "ASEAN and US leaders will meet at the ASEAN-US Summit; officials prepare the agenda.",
    )
    fact_sheet = record_article(log, "https://state.example/fact-sheet", None, seed_text("000"))
    runner, _ = _runner(log)
    runner.catch_up_all()
    streams = {stream for stream, _, _ in _meeting_events(log)}
    assert "meeting-asean-regional-forum/forum/29" not in streams, "named in passing"
    assert "meeting-east-asia-summit/foreign-ministers/12" not in streams
    assert streams <= {f"meeting-{k}" for k in FACT_SHEET_KEYS}
    events = _meeting_events(log)
    reporters = {d["article_id"] for _, k, d in events if k == MeetingReported.type_name}
    assert reporters <= {fact_sheet}, "the preview names no identified meeting"


@pytest.mark.slow
def test_killed_inside_the_recorders_transaction_loses_nothing(log: SqlEventLog) -> None:
    _publish(log)
    _, recorder = _runner(log)
    process = recorder_process(str(log.url), "--pause")
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == b"appended\n", process.stderr.read() if process.stderr else line
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert _meeting_events(log) == [], "the killed transaction left nothing"
    runner = ProjectionRunner(log, [recorder])
    assert runner.position(recorder) == 0, "nor moved the recorder's position"
    again = recorder_process(str(log.url))
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()[-2000:]
    kinds = Counter(kind for _, kind, _ in _meeting_events(log))
    assert (kinds[MeetingIdentified.type_name], kinds[MeetingReported.type_name]) == (1, 3)
    assert verify_log(log).count == log.head().position


@pytest.mark.slow
def test_two_recorders_at_once_record_each_fact_once(log: SqlEventLog) -> None:
    for n in range(12):
        title, text = REPORTS[n % len(REPORTS)]
        record_article(log, f"https://news.example/{n}", title, text)
    _runner(log)  # the tables and positions exist before both start
    first, second = recorder_process(str(log.url)), recorder_process(str(log.url))
    for process in (first, second):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()[-2000:]
    events = _meeting_events(log)
    kinds = Counter(kind for _, kind, _ in events)
    assert (kinds[MeetingIdentified.type_name], kinds[MeetingReported.type_name]) == (1, 12)
    reported = [d["article_id"] for _, k, d in events if k == MeetingReported.type_name]
    assert len(reported) == len(set(reported))
