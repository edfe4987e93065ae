"""The meetings API over a log the real pipeline made: one row per identity, its facts and the
articles that report it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.service import Service, client

pytestmark = pytest.mark.anyio


async def get(service: Service, path: str, **params: Any) -> Any:
    async with client(service.app, service.token("read")) as http:
        answer = await http.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_meetings_are_identities_with_their_facts_and_reports(service: Service) -> None:
    meetings = {m["key"]: m for m in await get(service, "/api/meetings")}
    assert {"asean-us/summit/12", "asean-us/summit/13", "asean-japan/forum/36"} <= set(meetings)
    forum = meetings["asean-japan/forum/36"]
    assert (forum["dialogue"], forum["mechanism"], forum["ordinal"]) == ("asean-japan", "forum", 36)
    assert forum["reports"] == 2, "the seed and the other article naming it: one meeting"
    assert forum["date"] == "27 May 2021"
    assert forum["title"] == "36th ASEAN-Japan Forum"
    thirteenth = meetings["asean-us/summit/13"]
    assert thirteenth["title"] == "13th ASEAN-United States Summit", "one title, made from the key"
    assert thirteenth["host"] == "Kuala Lumpur, Malaysia"
    assert any(d.startswith("joint-vision-statement: ") for d in thirteenth["documents"])
    japan = await get(service, "/api/meetings", dialogue="asean-japan")
    assert {m["dialogue"] for m in japan} == {"asean-japan"}
    assert await get(service, "/api/meetings", mechanism="commemorative-summit") == []


async def test_one_meeting_lists_the_articles_reporting_it(service: Service) -> None:
    forum = await get(service, "/api/meetings/asean-japan/forum/36")
    assert len(forum["articles"]) == 2
    assert forum["title"] == "36th ASEAN-Japan Forum"
    assert {a["name"] for a in forum["articles"]} == {"36th ASEAN-Japan Forum"}
    assert all(a["article_id"].startswith("article-") for a in forum["articles"])
    async with client(service.app, service.token("read")) as http:
        missing = await http.get("/api/meetings/asean-japan/forum/99")
        anonymous = await client(service.app).get("/api/meetings")
    assert missing.status_code == 404
    assert "/api/meetings" in missing.json()["detail"]
    assert anonymous.status_code == 401


async def test_an_articles_meetings_carry_their_key(service: Service) -> None:
    async with client(service.app, service.token("read")) as http:
        listed = (
            await http.get("/api/articles", params={"meeting": "12th ASEAN-US Summit"})
        ).json()["items"]
        detail = (await http.get(f"/api/articles/{listed[0]['article_id']}")).json()
    keys = [m["key"] for m in detail["match"]["meetings"]]
    assert "asean-us/summit/12" in keys
