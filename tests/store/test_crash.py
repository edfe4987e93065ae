"""A writer killed with SIGKILL mid-batch: after restart the log verifies, whole batches only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.audit import verify_log
from store.sql import SqlEventLog
from tests.support.crash_writer import BATCH
from tests.support.store_events import noted

pytestmark = pytest.mark.slow  # writers killed with SIGKILL, on each backend

ROOT = Path(__file__).resolve().parents[2]


def start_writer(url: str, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_writer", url, mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], wanted: str) -> list[str]:
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.strip())
        if line.strip() == wanted:
            return lines
    raise AssertionError(f"writer ended before {wanted!r}: {lines}")


def assert_whole_batches(url: str) -> int:
    log = SqlEventLog(url)
    report = verify_log(log)
    sizes: dict[str, int] = {}
    for event in log.iter_all():
        sizes[event.stream_id] = sizes.get(event.stream_id, 0) + 1
    assert set(sizes.values()) <= {BATCH}, f"partial batches survived: {sizes}"
    assert report.count == BATCH * len(sizes)
    log.append("after-restart", [noted(1)])
    assert verify_log(log).count == report.count + 1
    log.close()
    return len(sizes)


def test_killed_while_holding_a_batch_open(sql_url: str) -> None:
    writer = start_writer(sql_url, "hold")
    try:
        wait_for_line(writer, "holding")
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert assert_whole_batches(sql_url) == 2


@pytest.mark.parametrize("delay", [0.4, 0.9])
def test_killed_at_an_arbitrary_moment(sql_url: str, delay: float) -> None:
    writer = start_writer(sql_url, "loop")
    try:
        wait_for_line(writer, "committed 0")
        time.sleep(delay)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert assert_whole_batches(sql_url) >= 1
