"""A process that runs the meeting recorder over the log as the daemon's projection runner does,
for the SIGKILL and two-process tests (``tests/meetings/test_meeting_streams.py``)::

    python -m tests.support.meeting_recorder_process URL [--pause]

It catches the recorder up and prints ``caught up <position>``.  With ``--pause`` it stops
inside the first page's transaction, after the recorder appended that page's meeting events and
before the commit, prints ``appended`` and sleeps: the moment a test kills it at.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from sqlalchemy import Connection

from monitor.readmodels.meeting_recorder import MeetingRecorder, reported_meetings
from store.projections import ProjectionRunner
from store.records import RecordedEvent
from store.sql import SqlEventLog


class PausingRecorder(MeetingRecorder):
    """The recorder, holding its first transaction open once it has appended."""

    def __init__(self, log: SqlEventLog) -> None:
        super().__init__(log, lambda: datetime.now(UTC))
        self.paused = False

    def apply(self, conn: Connection, event: RecordedEvent) -> None:
        super().apply(conn, event)
        if not self.paused and reported_meetings(event.data_dict()):
            self.paused = True
            print("appended", flush=True)
            time.sleep(120)


def main(url: str, pause: bool) -> None:
    log = SqlEventLog(url)
    recorder = PausingRecorder(log) if pause else MeetingRecorder(log, lambda: datetime.now(UTC))
    runner = ProjectionRunner(log, [recorder])
    runner.prepare()
    print(f"caught up {runner.catch_up(recorder)}", flush=True)
    log.close()


if __name__ == "__main__":
    main(sys.argv[1], "--pause" in sys.argv[2:])
