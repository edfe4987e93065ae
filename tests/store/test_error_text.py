"""A database error never quotes the data of the statement that failed: what an append
carries reaches no log line through the error's text (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from store.errors import StoreError
from store.sql import SqlEventLog
from tests.support.alert_flow import refusing_appends
from tests.support.store_events import noted

SECRET = "https://hook-user:s3cr3t-pass@hooks.example/T0KEN?sig=abcdef"


def test_a_refused_append_s_error_does_not_quote_the_event_s_data(sql_url: str) -> None:
    log = SqlEventLog(sql_url)
    try:
        with refusing_appends(log), pytest.raises((StoreError, Exception)) as caught:
            log.append("s", [noted(1, text=SECRET)])
        text = f"{caught.value}\n{caught.value.__cause__}\n{caught.value.__context__}"
        assert "refuses appends" in text, "the error is the one the trigger raised"
        assert "s3cr3t-pass" not in text
        assert "T0KEN" not in text
    finally:
        log.close()
