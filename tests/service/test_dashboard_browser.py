"""Every dashboard page in chromium (Playwright, Debian's /usr/bin/chromium) against uvicorn on
127.0.0.1, over about 100 judged articles (tests/support/dashboard_dataset.py) and over an
empty install.  Any request to another host fails the test (route interception on "**/*").

Screenshots at 1400 and 390 px wide go to ``test-artifacts/dashboard/``, or with
``MONITOR_DASHBOARD_SHOTS=docs`` to ``docs/dashboard/`` (shown in docs/dashboard.md).
Without chromium this is a skip, except under ``CI=true`` where it is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import Guarded, chromium, need_chromium, serving
from tests.support.dashboard_dataset import SCRIPT_TITLE, build_dashboard_log, build_empty_log
from tests.support.service import Service, make_service
from tests.support.service_dataset import Dataset

pytestmark = pytest.mark.slow  # a real browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = (
    ROOT
    / ("docs" if os.environ.get("MONITOR_DASHBOARD_SHOTS") == "docs" else "test-artifacts")
    / "dashboard"
)
WIDTHS = (1400, 390)
TALLEST = 6000
"""Screenshots stop this far down the page (a phone-width list is long)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    need_chromium()
    return build_dashboard_log(tmp_path_factory.mktemp("dash") / "dash.db", datetime.now(UTC))


@pytest.fixture
def site(built: Dataset, tmp_path: Path) -> Iterator[tuple[Service, str, Guarded]]:
    service = make_service(built, tmp_path)
    with serving(service.app) as base, chromium(base) as browser:
        yield service, base, browser
        assert browser.outside == [], "requests left the server"
    service.log.close()


def signed_in(browser: Guarded, base: str, token: str, width: int = 1400, **options: Any) -> Any:
    page = browser.page(width=width, **options)
    page.goto(f"{base}/?token={token}")
    assert page.url == f"{base}/", "the token leaves the address bar"
    return page


def shoot(page: Any, name: str, width: int) -> None:
    """A screenshot of the page from the top (at most TALLEST px), and no sideways scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    page.set_viewport_size({"width": width, "height": 900})
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), TALLEST)
    clip = {"x": 0, "y": 0, "width": width, "height": height}
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True, clip=clip)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} spills"


def test_the_front_page_in_chromium(site: tuple[Service, str, Guarded]) -> None:
    service, base, browser = site
    page = signed_in(browser, base, service.token("read"), timezone_id="Asia/Bangkok")
    assert page.locator("#glance tr[data-dialogue]").count() >= 3
    assert page.locator("#glance").get_by_text("2 of 14 sources failing").is_visible()
    charts = page.locator("figure.timeline")
    assert 3 <= charts.count() <= 15
    first, second = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
    assert first is not None
    assert second is not None
    assert first["y"] == second["y"], "small multiples side by side"
    assert first["height"] < 120
    assert page.locator("svg.chart rect.bar").count() > 10
    assert page.locator("li.story").count() == 20
    assert page.locator("li.story", has_text="reported by 3 outlets").count() == 1
    assert page.locator("#stories mark").count() > 0
    assert page.get_by_role("link", name=SCRIPT_TITLE).is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "Asia/Bangkok" in (page.locator(".localzone").text_content() or "")
    assert "UTC" not in (page.locator("li.story time").first.text_content() or "")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4500, "one screen of summary, a compact timeline, one page of stories"
    for width in WIDTHS:
        shoot(page, "front", width)


def test_an_empty_install_in_chromium(tmp_path: Path) -> None:
    need_chromium()
    service = make_service(build_empty_log(tmp_path / "empty.db"), tmp_path)
    with serving(service.app) as base, chromium(base) as browser:
        page = signed_in(browser, base, service.token("read"))
        assert page.get_by_text("No article has been judged relevant yet").is_visible()
        assert page.get_by_text("No relevant article in this range.").is_visible()
        for width in WIDTHS:
            shoot(page, "front-empty", width)
        assert browser.outside == []
    service.log.close()


def _filter_and_page(page: Any, base: str) -> None:
    page.select_option("select[name=dialogue]", "asean-japan")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "dialogue=asean-japan" in page.url
    tags = page.locator("li.story p.tags")
    assert tags.count() > 0
    for i in range(tags.count()):
        assert "ASEAN-Japan" in (tags.nth(i).text_content() or "")
    page.goto(f"{base}/?since=2000-01-01")
    page.locator("a[rel=next]").click()
    page.wait_for_load_state()
    assert "since=2000-01-01" in page.url
    assert "page=2" in page.url
    assert page.locator("input[name=since]").input_value() == "2000-01-01"
    page.locator("a[rel=prev]").click()
    assert "page=" not in page.url
    page.get_by_role("link", name="clear").click()
    assert page.url.rstrip("?") == f"{base}/"


def test_filters_and_pages_in_chromium_with_and_without_script(
    site: tuple[Service, str, Guarded],
) -> None:
    service, base, browser = site
    token = service.token("read")
    _filter_and_page(signed_in(browser, base, token), base)
    _filter_and_page(signed_in(browser, base, token, java_script_enabled=False), base)
    page = signed_in(browser, base, token)
    page.fill("input[name=q]", "Mekong")
    page.get_by_role("button", name="Filter").click()
    assert "q=Mekong" in page.url
    assert page.locator("#count").is_visible()


def test_the_other_pages_in_chromium(site: tuple[Service, str, Guarded]) -> None:
    service, base, browser = site
    page = signed_in(browser, base, service.token("read"))
    page.goto(f"{base}/meetings")
    assert page.locator("tr.meeting").count() >= 10
    for width in WIDTHS:
        shoot(page, "meetings", width)
    page.goto(f"{base}/sources")
    assert page.locator("li.source").first.get_attribute("data-source") == "gone-feed"
    assert page.get_by_text("find its new address").is_visible()
    for width in WIDTHS:
        shoot(page, "sources", width)
    page.goto(f"{base}/subscriptions")
    assert page.get_by_text("failing: 5 of the last 5 alerts failed").is_visible()
    page.goto(f"{base}/docs")
    assert page.get_by_role("link", name="GET /api/articles", exact=True).is_visible()
    for width in WIDTHS:
        shoot(page, "api-docs", width)
    page.goto(f"{base}/")
    page.get_by_role("link", name=SCRIPT_TITLE).click()
    assert page.locator("#title").text_content() == SCRIPT_TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    for width in WIDTHS:
        shoot(page, "article", width)


def test_alerts_retry_now_and_a_test_alert_in_chromium(site: tuple[Service, str, Guarded]) -> None:
    service, base, browser = site
    reader = signed_in(browser, base, service.token("read"))
    reader.goto(f"{base}/alerts")
    assert reader.locator("tr.alert.dead").count() > 0
    assert reader.get_by_role("button", name="Retry now").count() == 0
    admin = signed_in(browser, base, service.token("admin", name="ops"))
    admin.goto(f"{base}/alerts")
    assert admin.locator("tr.alert").first.get_attribute("class") in ("alert dead", "alert failed")
    for width in WIDTHS:
        shoot(admin, "alerts", width)
    admin.set_viewport_size({"width": 1400, "height": 900})
    alert_id = admin.locator("tr.alert.dead").first.get_attribute("data-alert")
    admin.locator("tr.alert.dead").first.get_by_role("button", name="Retry now").click()
    admin.wait_for_load_state()
    assert f"alert {alert_id} (dead) requeued" in (admin.locator("#message").text_content() or "")
    admin.goto(f"{base}/subscriptions")
    row = admin.locator(f'tr[data-subscription="{service.dataset.log_subscription}"]')
    row.get_by_role("button", name="Send a test alert").click()
    admin.wait_for_load_state()
    assert "delivered through log" in (admin.locator("#message").text_content() or "")
    assert admin.get_by_text("failing: 5 of the last 5 alerts failed").is_visible()
    for width in WIDTHS:
        shoot(admin, "subscriptions", width)
