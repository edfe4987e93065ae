"""Issue 14, the fault harness in its short form: 3 replicas of ``asean-monitor run`` on one
PostgreSQL, 300 sources whose feeds gain items, a SIGKILL every 20 s, SIGTERMs at random
moments, one PostgreSQL restart and the receiver down for several dispatch rounds; then every
item discovered once and extracted, every alert delivered once per subscription, no source
polled early, no alert stuck, ``audit verify`` passing and a checkpoint written by the daemon.

About three minutes of wall time on two cores.  The long form is ``python -m
tests.faults.soak`` (tests/faults/README.md).  ``FAULTS_REPO`` runs another tree's daemon.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.ci import IN_CI
from tests.support.faults.harness import Config, json_lines, run
from tests.support.postgres import PostgresUnavailable

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def short_form() -> Config:
    """3 replicas, 300 sources (2 items each at the start, 2 more during the first 50 s),
    faults for 100 s: SIGKILLs at 20, 40, 60, 80 and 100 s, two SIGTERMs at random moments, the
    receiver down for 38 s from its first accepted alert (not before 12 s), and on until some
    alert has failed twice (at most until the faults end): answering 503, then refusing
    connections (the alerts of the first polls meet it, many of them twice), and a
    PostgreSQL restart at 66 s.  Sources are polled every minute, so the items gained are found
    in a second wave of polls from about 54 s: the restart falls on it."""
    config = Config(
        replicas=3,
        sources=300,
        initial_items=2,
        gained_items=2,
        publish_seconds=50.0,
        fault_seconds=100.0,
        kill_every=20.0,
        sigterms=2,
        pg_restart_at=66.0,
        receiver_down_at=12.0,
        receiver_down_seconds=38.0,
        quiesce_timeout=75.0,
        progress=_progress,
    )
    if os.environ.get("FAULTS_REPO"):
        config.repo = Path(os.environ["FAULTS_REPO"])
    return config


def _progress(values: dict[str, Any]) -> None:
    print(json.dumps(values, default=str), file=sys.stderr, flush=True)


@pytest.mark.timeout(480)
def test_replicas_under_faults_lose_nothing_and_double_nothing() -> None:
    config = short_form()
    try:
        result = run(config)
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI=true and PostgreSQL is unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    lines = json_lines(result)
    print("\n".join(lines))
    figures = {f["figure"]: f for f in result.figures}
    faults = figures["faults"]
    # The faults happened as planned (a harness that caused none would prove nothing).
    assert faults["sigkill"] == 5
    assert faults["sigterm"] == 2
    assert len(faults["pg_restart"]) == 1
    # The receiver's outage met alerts, some of them on more than one retry round.
    assert figures["alerts"]["most_failed_attempts"] >= 2
    assert figures["items"]["published"] == 300 * 4
    assert not result.failures, "\n".join(
        json.dumps(f.as_json(), default=str) for f in result.failures
    )
