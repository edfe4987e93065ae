"""A real browser on the service: uvicorn on 127.0.0.1 in a thread, Debian's chromium through
Playwright, and a guard that refuses (and records) every request to another host.

Without chromium or playwright the tests skip, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI

from tests.support.ci import IN_CI

CHROMIUM = os.environ.get("MONITOR_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def need_chromium() -> None:
    problem = None
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        problem = f"no chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed"
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {problem}")
    pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``http://127.0.0.1:<port>`` while uvicorn serves ``app`` in a thread."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class Guarded:
    """A chromium whose every request outside ``base``'s host and port is aborted and kept in
    ``outside`` (the tests assert it stays empty)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser = browser
        self.base = urlsplit(base)
        self.outside: list[str] = []

    def page(self, width: int = 1400, height: int = 900, **options: Any) -> Any:
        context = self.browser.new_context(viewport={"width": width, "height": height}, **options)
        context.route("**/*", self._route)
        return context.new_page()

    def _route(self, route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.netloc == self.base.netloc:
            route.continue_()
            return
        if url.scheme in ("data", "blob", "about"):
            route.continue_()
            return
        self.outside.append(route.request.url)
        route.abort()


@contextmanager
def chromium(base: str) -> Iterator[Guarded]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield Guarded(browser, base)
        finally:
            browser.close()
