"""The dashboard over the ASGI app: access, escaping, marks, the chart, failing sources."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from monitor.service.dashboard.charts import grid
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
        assert html.count("<script") == 1, "only the same-origin localtime.js"
        assert '<script src="/static/localtime.js" defer></script>' in html
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert re.search(r"<mark>(ASEAN-US|ASEAN–US|United States|U\.S\.-ASEAN)</mark>", page)
    assert article.status_code == 200
    assert "<mark>ASEAN-Japan</mark>" in article.text
    assert "audit trail" in article.text.lower()
    assert "corr-test" in article.text
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert nothing.status_code == 404


async def test_the_overview_draws_bars_and_the_sources_page_puts_failing_first(
    dataset: Any, tmp_path: Path
) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="1")
    async with client(service.app) as browser:
        page = (await browser.get("/?days=365")).text
        sources_page = (await browser.get("/sources")).text
        subscriptions = (await browser.get("/subscriptions")).text
    service.log.close()
    bars = re.findall(r'<rect class="bar"[^>]*data-count="(\d+)"', page)
    shown = re.search(r"(\d+) relevant articles? from", page)
    assert shown is not None
    assert bars
    assert sum(int(c) for c in bars) >= int(shown.group(1)) > 0
    sources = re.findall(r'<li class="source (failing|ok)" data-source="([^"]+)"', sources_page)
    assert sources[0] == ("failing", "down")
    assert {s for _, s in sources[1:]} == {"seeds", "evil"}
    assert "the site has a server error" in sources_page
    assert "US watchers" in subscriptions
    assert "test-secret" not in subscriptions


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


def test_small_multiples_share_one_scale_by_publication_date() -> None:
    rows = [
        ("2026-05-01T08:00:00.000000Z", True, ["asean-us"]),
        ("2026-05-01T09:00:00.000000Z", True, ["asean-us", "asean-japan"]),
        ("2026-05-03T10:00:00.000000Z", False, ["asean-us"]),
        ("2026-01-01T10:00:00.000000Z", True, ["asean-us"]),
    ]
    charts = grid(rows, date(2026, 5, 3), 7)
    assert charts.start == "2026-04-27"
    assert (charts.total, charts.by_discovery, charts.peak) == (3, 1, 2)
    us, japan = charts.timelines
    assert [b.count for b in us.bars][-3:] == [2, 0, 1]
    assert [b.count for b in japan.bars][-3:] == [1, 0, 0]
    assert japan.bars[-3].height == pytest.approx(us.bars[-3].height / 2), "one scale"
    year = grid(rows, date(2026, 5, 3), 365)
    assert year.bucket_days == 7
    assert year.total == 4
    assert len(year.timelines[0].bars) == 53


async def test_the_meetings_page_lists_each_meeting_once_by_identity(
    dataset: Any, tmp_path: Path
) -> None:
    service = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="true")
    async with client(service.app) as browser:
        page = (await browser.get("/meetings")).text
    service.log.close()
    rows = re.findall(
        r'<tr class="meeting" data-key="[^"]+">\s*<td><strong class="title">([^<]+)</strong>'
        r'(?:<br><span class="muted small first-name">first reported as “([^”]+)”</span>)?.*?'
        r'<span class="count">(\d+) articles?</span>',
        page,
        re.S,
    )
    names = [name for name, _, _ in rows]
    assert len(names) == len(set(names))
    assert ("36th ASEAN-Japan Forum", "", "2") in rows, "two articles, one meeting"
    assert ("12th ASEAN-United States Summit", "12th ASEAN-US Summit", "1") in rows, "its title"
    firsts = [first for _, first, _ in rows]
    assert "U.S.-ASEAN Summit" not in names + firsts, "a summit the text does not identify"
