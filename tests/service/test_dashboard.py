"""The dashboard over the ASGI app: access, escaping, marks, the chart, failing sources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from monitor.service.dashboard.charts import timeline
from monitor.service.dashboard.marks import highlight, snippets
from tests.support.service import Service, client, make_service
from tests.support.service_dataset import PAYLOAD

pytestmark = pytest.mark.anyio


async def test_a_token_in_the_address_becomes_an_httponly_cookie(service: Service) -> None:
    token = service.token("read")
    async with client(service.app) as browser:
        refused = await browser.get("/")
        wrong = await browser.get("/", params={"token": "am_wrong"})
        entered = await browser.get("/", params={"token": token})
        cookie = entered.headers["set-cookie"]
        browser.cookies.set("am_dashboard", token)
        page = await browser.get("/")
    assert refused.status_code == 401
    assert "read token is needed" in refused.text
    assert wrong.status_code == 401
    assert "unknown or revoked" in wrong.text
    assert entered.status_code == 303
    assert entered.headers["location"] == "http://service.test/"
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert token in cookie
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]


async def test_feed_text_is_escaped_and_evidence_marked(dataset: Any, tmp_path: Path) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="true")
    async with client(service.app) as browser:
        page = (await browser.get("/")).text
        evil = next(a for a in (await browser.get("/api/articles?source=evil")).json()["items"])
        article = await browser.get(f"/articles/{evil['article_id']}")
        css = await browser.get("/static/dashboard.css")
        nothing = await browser.get("/static/../app.py")
    service.log.close()
    for html in (page, article.text):
        assert PAYLOAD not in html
        assert "<script" not in html
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert re.search(r"<mark>(ASEAN-US|ASEAN–US|United States|U\.S\.-ASEAN)</mark>", page)
    assert article.status_code == 200
    assert "<mark>ASEAN-Japan</mark>" in article.text
    assert "audit trail" in article.text.lower()
    assert "corr-test" in article.text
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert nothing.status_code == 404


async def test_the_overview_draws_bars_and_puts_failing_sources_first(
    dataset: Any, tmp_path: Path
) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="1")
    async with client(service.app) as browser:
        page = (await browser.get("/")).text
    service.log.close()
    bars = re.findall(r'<rect class="bar"[^>]*data-count="(\d+)"', page)
    assert sum(int(c) for c in bars) == 6, "four ASEAN-US and two ASEAN-Japan articles"
    sources = re.findall(r'<tr class="(failing|ok)" data-source="([^"]+)"', page)
    assert sources[0] == ("failing", "down")
    assert {s for _, s in sources[1:]} == {"seeds", "evil"}
    assert "36th ASEAN-Japan Forum" in page
    assert "12th ASEAN-US Summit" in page
    assert "US watchers" in page
    assert "test-secret" not in page


def test_marks_merge_overlaps_and_snippets_stay_short() -> None:
    text = "The 12th ASEAN-US Summit met in Vientiane; ASEAN-US ties grew."
    assert highlight(text, [(9, 17), (13, 24)]) == [
        ("The 12th ", False),
        ("ASEAN-US Summit", True),
        (" met in Vientiane; ASEAN-US ties grew.", False),
    ]
    [passage] = snippets(text, [(43, 51)], width=5)
    assert passage == [
        ("…", False),
        ("ane; ", False),
        ("ASEAN-US", True),
        (" ties", False),
        ("…", False),
    ]


def test_a_timeline_has_a_bar_per_day_scaled_to_the_peak() -> None:
    chart = timeline("asean-us", ["2026-05-01", "2026-05-01", "2026-05-03"])
    assert [b.day for b in chart.bars] == ["2026-05-01", "2026-05-02", "2026-05-03"]
    assert [b.count for b in chart.bars] == [2, 0, 1]
    tall, empty, half = (b.height for b in chart.bars)
    assert empty == 0
    assert tall == pytest.approx(2 * half)


async def test_the_meetings_card_lists_each_meeting_once_by_identity(
    dataset: Any, tmp_path: Path
) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="true")
    async with client(service.app) as browser:
        page = (await browser.get("/")).text
    service.log.close()
    card = page[page.index('id="meetings"') : page.index('id="sources"')]
    rows = re.findall(
        r"<tr><td><a href=\"/articles/[^\"]+\">([^<]+)</a></td><td>([^<]*)</td>"
        r"<td>(\d+)</td></tr>",
        card,
    )
    names = [name for name, _, _ in rows]
    assert len(names) == len(set(names))
    assert ("36th ASEAN-Japan Forum", "forum", "2") in rows, "two articles, one meeting"
    assert "U.S.-ASEAN Summit" not in names, "a summit the text does not identify is no meeting"
