"""The dashboard's pages on PostgreSQL: the session's log copied into a fresh database (a skip
locally without PostgreSQL, a failure under CI=true), every page and filter answered."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.pg_service import pg_service as pg_service  # the fixture
from tests.support.service import Service, client

pytestmark = pytest.mark.anyio

PAGES = (
    "/",
    "/?days=365",
    "/?days=365&dialogue=asean-us&mechanism=summit&language=en&since=2020-01-01&q=summit",
    "/?topic=south-china-sea&source=seeds&until=2030-01-01&page=2",
    "/meetings",
    "/meetings?dialogue=asean-japan",
    "/alerts",
    "/alerts?status=failed",
    "/sources",
    "/subscriptions",
    "/docs",
)


async def test_every_page_on_postgresql(pg_service: Service) -> None:
    pg = pg_service
    answers: dict[str, Any] = {}
    async with client(pg.app) as browser:
        browser.cookies.set("am_dashboard", pg.token("read"))
        for path in PAGES:
            answers[path] = await browser.get(path)
    assert {path: a.status_code for path, a in answers.items()} == dict.fromkeys(PAGES, 200)
    assert re.search(r'<rect class="bar"', answers["/?days=365"].text)
    assert "36th ASEAN-Japan Forum" in answers["/meetings"].text
    assert 'data-source="down"' in answers["/sources"].text
    assert "US watchers" in answers["/subscriptions"].text
    assert re.search(r'<li class="story"', answers[PAGES[2]].text)
