"""The dashboard in a real browser (Debian's chromium through Playwright) against uvicorn on
127.0.0.1: the pages load, the chart is drawn, an injected title runs nothing.

Screenshots go to ``test-artifacts/``.  Without chromium this is a skip, except under
``CI=true`` where it is a failure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.support.browser import ARGS, CHROMIUM, free_port, need_chromium
from tests.support.service import Service, make_service
from tests.support.service_dataset import PAYLOAD

pytestmark = pytest.mark.slow  # a real browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def served(dataset: Any, tmp_path: Path) -> Iterator[tuple[Service, str]]:
    need_chromium()
    service = make_service(dataset, tmp_path)
    port = free_port()
    config = uvicorn.Config(service.app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield service, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    service.log.close()


def test_the_dashboard_in_chromium(served: tuple[Service, str]) -> None:
    from playwright.sync_api import sync_playwright

    service, base = served
    token = service.token("read")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            denied = page.goto(f"{base}/")
            assert denied is not None
            assert denied.status == 401
            page.goto(f"{base}/?token={token}")
            assert page.url == f"{base}/", "the token leaves the address bar"
            page.goto(f"{base}/?days=365")
            bars = page.locator("svg.chart rect.bar")
            assert bars.count() >= 2
            heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
            assert max(heights) > 0
            box = bars.first.bounding_box()
            assert box is not None
            assert box["height"] > 0
            assert box["width"] > 0
            assert page.locator("#stories mark").count() > 0
            page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
            page.goto(f"{base}/sources")
            assert page.locator("li.failing").first.get_attribute("data-source") == "down"
            page.goto(f"{base}/?days=365")

            # the payload's item has the seed's text: the same story, one of its reports
            page.locator("li.story details summary").first.click()
            page.get_by_role("link", name=f"ASEAN-Japan Forum {PAYLOAD}").click()
            page.wait_for_load_state()
            assert page.locator("#title").text_content() == f"ASEAN-Japan Forum {PAYLOAD}"
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.locator("#text mark").count() > 0
            assert page.locator("#trail tr.step").count() >= 4
            page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 1000
