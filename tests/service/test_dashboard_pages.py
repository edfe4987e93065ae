"""The dashboard's pages over about 100 judged articles (tests/support/dashboard_dataset.py),
through the ASGI app: stories grouped, filters and pages in the address, the summary band,
the timeline by publication date, meetings, alerts with "retry now" for admins, sources with
what to do, subscriptions whose deliveries fail, and /docs without a CDN."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from alerts.outbox import ALERTS
from monitor.events import AlertRequeued
from monitor.readmodels.articles import ARTICLES
from tests.support.dashboard_dataset import SCRIPT_TITLE, build_dashboard_log, build_empty_log
from tests.support.service import Service, client, make_service
from tests.support.service_dataset import PAYLOAD, Dataset

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return build_dashboard_log(tmp_path_factory.mktemp("dash") / "dash.db", datetime.now(UTC))


@pytest.fixture
def dash(built: Dataset, tmp_path: Path) -> Iterator[Service]:
    made = make_service(built, tmp_path, MONITOR_PUBLIC_READS="1")
    yield made
    made.log.close()


async def get(service: Service, path: str, token: str | None = None) -> str:
    async with client(service.app, token) as browser:
        answer = await browser.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.text


def retold(service: Service) -> dict[str, int]:
    """Stories with more than one article: story id -> articles."""
    with service.log.reader.connect() as conn:
        rows = conn.execute(
            select(ARTICLES.c.story_id, func.count())
            .group_by(ARTICLES.c.story_id)
            .having(func.count() > 1)
        ).all()
    return {str(story): int(count) for story, count in rows}


def stories_on(page: str) -> list[str]:
    return re.findall(r'<li class="story" data-story="([^"]+)"', page)


async def test_a_story_told_by_three_outlets_is_one_row(dash: Service) -> None:
    pages = [await get(dash, f"/?page={n}") for n in range(1, 6)]
    shown = [story for page in pages for story in stories_on(page)]
    assert len(shown) == len(set(shown)), "each story once"
    many = retold(dash)
    assert len(many) == 10
    assert set(many) <= set(shown)
    three = next(story for story, count in many.items() if count == 3)
    page = next(p for p in pages if f'data-story="{three}"' in p)
    row = page[page.index(f'data-story="{three}"') :].split("</li>\n", 1)[0]
    assert "reported by 3 outlets" in row
    assert "3 reports" in row


async def test_filters_and_pages_stay_in_the_links(dash: Service) -> None:
    japan = await get(dash, "/?dialogue=asean-japan")
    rows = japan.split('<li class="story"')[1:]
    assert rows
    assert all("ASEAN-Japan</a>" in row for row in rows)
    assert 'href="?dialogue=asean-japan&amp;page=2"' in japan or "page 1 of" not in japan
    everything = await get(dash, "/")
    assert 'rel="next" href="?page=2"' in everything
    second = await get(dash, "/?page=2")
    assert not set(stories_on(everything)) & set(stories_on(second))
    assert 'rel="prev" href="?"' in second
    japanese = await get(dash, "/?language=ja&source=kyodo")
    assert stories_on(japanese)
    assert all(" · kyodo" in row for row in japanese.split('<li class="story"')[1:])
    assert '<option value="ja" selected>' in japanese
    words = await get(dash, "/?q=Mekong")
    assert all("mekong" in row.lower() for row in words.split('<li class="story"')[1:])
    none = await get(dash, "/?since=2001-01-01&until=2001-01-31")
    assert "No story matches these filters." in none
    wrong = await get(dash, "/?since=yesterday")
    assert "since: &#39;yesterday&#39; is not a day" in wrong


async def test_the_band_counts_by_dialogue_and_says_what_fails(dash: Service) -> None:
    page = await get(dash, "/")
    band = page[page.index('id="glance"') : page.index('id="timeline"')]
    assert "2 of 14 sources failing" in band
    with dash.log.reader.connect() as conn:
        failing = conn.execute(
            select(func.count()).where(ALERTS.c.status.in_(("failed", "dead")))
        ).scalar_one()
    assert f"{failing} alerts failing" in band
    row = re.search(r'<tr data-dialogue="asean-japan">(.*?)</tr>', band, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row.group(1))
    assert cells[-1] == str(failing), "every failing alert is the Japan desk's"
    assert ">ASEAN-Japan</a>" in row.group(1), "names, not ids"
    assert "asean-japan</a>" not in page


async def test_the_timeline_is_by_publication_date_in_small_multiples(dash: Service) -> None:
    page = await get(dash, "/?days=90")
    charts = re.findall(r'<figure class="timeline" data-dialogue="([^"]+)"', page)
    assert 3 <= len(charts) <= 15
    assert "had none and count on the day they were discovered" in page
    japan = await get(dash, "/?days=90&dialogue=asean-japan")
    bars = re.findall(r'data-day="[^"]+" data-count="(\d+)"', japan)
    with dash.log.reader.connect() as conn:
        expected = conn.execute(
            select(func.count()).where(
                ARTICLES.c.relevant.is_(True), ARTICLES.c.dialogues.contains("asean-japan")
            )
        ).scalar_one()
    assert sum(int(b) for b in bars) == expected, "60 days of articles all fall in 90 days"
    assert re.findall(r'<figure class="timeline" data-dialogue="([^"]+)"', japan) == ["asean-japan"]


async def test_dates_are_for_people(dash: Service) -> None:
    page = await get(dash, "/")
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"[^>]*>'
        r"\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC</time>",
        page,
    )
    assert not re.search(r">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z<", page), "no raw ISO"


async def test_a_script_title_is_text(dash: Service) -> None:
    page = await get(dash, "/?dialogue=asean-japan&page=1") + await get(dash, "/alerts")
    page += await get(dash, "/meetings")
    assert PAYLOAD not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert page.count("<script") == 3, "only /static/localtime.js, once per page"
    assert SCRIPT_TITLE.startswith("ASEAN-Japan ties")


async def test_meetings_are_a_table_with_their_facts_and_reports(dash: Service) -> None:
    page = await get(dash, "/meetings")
    rows = re.findall(r'<tr class="meeting" data-key="([^"]+)">(.*?)</tr>', page, re.S)
    assert len(rows) >= 10
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys))
    assert any('data-label="ordinal">26<' in row for _, row in rows)
    assert any('data-label="host">' in row and "Kuala Lumpur" in row for _, row in rows)
    assert all('href="/articles/article-' in row for _, row in rows)
    retold = [row for _, row in rows if '3 articles</span> <span class="muted">in 1 story' in row]
    assert retold, "a story told by three outlets reports its meeting once"
    assert retold[0].count("<li>") == 1
    assert re.search(r"<span class=\"muted\">[\w-]+, [\w-]+, [\w-]+ · ", retold[0])
    china = await get(dash, "/meetings?dialogue=asean-china")
    assert all(
        "ASEAN-China</td>" in row
        for _, row in re.findall(r'<tr class="meeting" data-key="([^"]+)">(.*?)</tr>', china, re.S)
    )


async def test_alerts_show_dead_letters_and_admins_retry_them(dash: Service) -> None:
    reader, admin = dash.token("read"), dash.token("admin", name="ops")
    as_reader = await get(dash, "/alerts?status=dead", reader)
    dead = re.findall(r'<tr class="alert dead" data-alert="([^"]+)"', as_reader)
    assert dead
    assert "Retry now" not in as_reader
    assert "HTTP 503 from https://hooks.example.org/japan-desk" in as_reader
    as_admin = await get(dash, "/alerts?status=dead", admin)
    assert as_admin.count(">Retry now</button>") == len(dead)
    origin = {"origin": "http://service.test"}
    async with client(dash.app) as browser:
        browser.cookies.set("am_dashboard", reader)
        refused = await browser.post(f"/alerts/{dead[0]}/retry", headers=origin)
        browser.cookies.set("am_dashboard", admin)
        cross = await browser.post(
            f"/alerts/{dead[0]}/retry", headers={"sec-fetch-site": "cross-site"}
        )
        forged = await browser.post(
            f"/alerts/{dead[0]}/retry", headers={"origin": "https://evil.example"}
        )
        done = await browser.post(f"/alerts/{dead[0]}/retry", headers=origin)
        shown = await browser.get(done.headers["location"])
    assert refused.status_code == 403
    assert forged.status_code == 403
    assert cross.status_code == 403
    assert done.status_code == 303
    assert done.headers["location"].startswith("/alerts?message=")
    assert f"alert {dead[0]} (dead) requeued" in shown.text
    with dash.log.reader.connect() as conn:
        stream = conn.execute(
            select(ALERTS.c.stream_id).where(ALERTS.c.alert_id == dead[0])
        ).scalar_one()
    requeued = [e for e in dash.log.read_stream(stream) if e.type == AlertRequeued.type_name]
    assert [e.data_dict()["requested_by"] for e in requeued] == ["dashboard:ops"]


async def test_sources_say_what_to_do(dash: Service) -> None:
    page = await get(dash, "/sources")
    sources = re.findall(r'<li class="source (failing|ok)" data-source="([^"]+)"', page)
    assert [s for _, s in sources[:2]] == ["gone-feed", "slow-feed"]
    assert {state for state, _ in sources[2:]} == {"ok"}
    assert "the feed is gone or moved: find its new address" in page
    assert "raise MONITOR_FETCH_TIMEOUT" in page


async def test_a_subscription_whose_alerts_all_fail_is_failing(dash: Service) -> None:
    page = await get(dash, "/subscriptions")
    hook = re.search(
        r'<tr class="subscription (\w+)" data-subscription="' + dash.dataset.webhook_subscription,
        page,
    )
    logged = re.search(
        r'<tr class="subscription (\w+)" data-subscription="' + dash.dataset.log_subscription, page
    )
    assert hook is not None
    assert hook.group(1) == "failing"
    assert logged is not None
    assert logged.group(1) == "active"
    assert "failing: 5 of the last 5 alerts failed" in page
    assert "dashboard-test-secret" not in page
    assert "dialogues: ASEAN-Japan" in page


async def test_every_page_has_the_navigation(dash: Service) -> None:
    for path in ("/", "/meetings", "/alerts", "/sources", "/subscriptions", "/docs"):
        page = await get(dash, path)
        for href in (
            '"/"',
            '"/meetings"',
            '"/alerts"',
            '"/sources"',
            '"/subscriptions"',
            '"/docs"',
        ):
            assert f"<a href={href}" in page, (path, href)
        assert page.count('aria-current="page"') == 1


async def test_the_api_docs_need_no_cdn(dash: Service) -> None:
    async with client(dash.app) as browser:
        docs = await browser.get("/docs")
        redoc = await browser.get("/redoc")
        schema = await browser.get("/openapi.json")
    assert docs.status_code == 200
    assert redoc.status_code == 404
    assert schema.status_code == 200
    assert "swagger" not in docs.text.lower()
    assert "cdn" not in docs.text.lower()
    assert not re.search(r'(src|href)="(https?:)?//', docs.text), "nothing from another host"
    for path in schema.json()["paths"]:
        assert f"<code>{path}</code>" in docs.text.replace("&#39;", "'")
    assert "default-src 'self'" in docs.headers["content-security-policy"]


async def test_an_empty_install_says_so(tmp_path: Path) -> None:
    empty = build_empty_log(tmp_path / "empty.db")
    (tmp_path / "service").mkdir()
    service = make_service(empty, tmp_path / "service", MONITOR_PUBLIC_READS="1")
    try:
        pages = {
            path: await get(service, path)
            for path in ("/", "/meetings", "/alerts", "/sources", "/subscriptions")
        }
    finally:
        service.log.close()
    assert "No article has been judged relevant yet" in pages["/"]
    assert "no source polled yet" in pages["/"]
    assert "No meeting identified yet." in pages["/meetings"]
    assert "No alert." in pages["/alerts"]
    assert "No source polled yet." in pages["/sources"]
    assert "No subscription yet." in pages["/subscriptions"]


async def test_admins_send_a_test_alert_from_the_subscriptions_page(dash: Service) -> None:
    reader, admin = dash.token("read"), dash.token("admin", name="ops")
    logged = dash.dataset.log_subscription
    assert "Send a test alert" not in await get(dash, "/subscriptions", reader)
    assert (await get(dash, "/subscriptions", admin)).count(">Send a test alert</button>") == 2
    same = {"sec-fetch-site": "same-origin"}
    async with client(dash.app) as browser:
        browser.cookies.set("am_dashboard", reader)
        refused = await browser.post(f"/subscriptions/{logged}/test", headers=same)
        browser.cookies.set("am_dashboard", admin)
        done = await browser.post(f"/subscriptions/{logged}/test", headers=same)
        shown = await browser.get(done.headers["location"])
    assert refused.status_code == 403
    assert done.status_code == 303
    assert "test alert to &#39;Everything&#39; delivered through log" in shown.text
    tested = [e for e in dash.log.read_stream(f"subscription-{logged}") if "tested" in e.type]
    assert len(tested) == 1
    assert tested[0].data_dict()["delivered"] is True
