"""The article API over a log the real pipeline made: filters, search, pages, detail."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from tests.support.service import Service, client
from tests.support.service_dataset import PAYLOAD_TITLE

pytestmark = pytest.mark.anyio


async def articles(service: Service, **params: Any) -> list[dict[str, Any]]:
    async with client(service.app, service.token("read")) as http:
        answer = await http.get("/api/articles", params=params)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_filters_by_dialogue_topic_meeting_source_and_time(service: Service) -> None:
    every = await articles(service)
    assert len(every) == 6
    us = await articles(service, dialogue="asean-us")
    assert {a["source_id"] for a in us} == {"seeds"}
    assert len(us) == 4
    assert all("asean-us" in a["dialogues"] for a in us)
    japan = await articles(service, dialogue="asean-japan")
    assert {a["title"] for a in japan} >= {PAYLOAD_TITLE}
    forum = await articles(service, meeting="36th ASEAN-Japan Forum")
    assert len(forum) == 2
    assert all("36th asean-japan forum" in a["meetings"] for a in forum)
    summits = await articles(service, meeting="summit")
    assert any("12th asean-us summit" in a["meetings"] for a in summits)
    assert await articles(service, topic="health") == [a for a in every if "health" in a["topics"]]
    assert [a["source_id"] for a in await articles(service, source="evil")] == ["evil"]
    later = await articles(service, since="2026-05-04T00:00:00Z")
    assert [a["source_id"] for a in later] == ["evil"]
    earlier = await articles(service, until="2026-05-04T00:00:00Z")
    assert len(earlier) == 5
    assert "evil" not in {a["source_id"] for a in earlier}
    assert await articles(service, language="vi") == []


async def test_full_text_search_over_title_and_text(service: Service) -> None:
    # "Cybercrime" is in the body of the 12th ASEAN-US Summit story, not in any title.
    found = await articles(service, q="cybercrime")
    assert [a["title"] for a in found] == [
        "12th ASEAN-US Summit: partners commit to deeper Comprehensive Strategic Partnership"
    ]
    both = await articles(service, q="CYBERCRIME summit")
    assert both == found
    assert await articles(service, q="cybercrime xylophone") == []
    assert await articles(service, q="100%_") == []
    titled = await articles(service, q="relationship")
    assert "The United States-ASEAN Relationship" in {a["title"] for a in titled}


async def test_pages_follow_the_cursor_without_repeats(service: Service) -> None:
    seen: list[str] = []
    cursor = None
    async with client(service.app, service.token("read")) as http:
        for _ in range(10):
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await http.get("/api/articles", params=params)).json()
            seen += [a["article_id"] for a in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        bad = await http.get("/api/articles", params={"cursor": "not-a-cursor"})
        bad_time = await http.get("/api/articles", params={"since": "yesterday"})
    everything = [a["article_id"] for a in await articles(service)]
    assert seen == everything
    assert len(set(seen)) == 6
    assert bad.status_code == 422
    assert "cursor" in bad.text
    assert bad_time.status_code == 422
    assert "since" in bad_time.text


async def test_an_article_with_its_matches_evidence_alerts_and_history(service: Service) -> None:
    summit = (await articles(service, q="cybercrime"))[0]
    async with client(service.app, service.token("read")) as http:
        answer = await http.get(f"/api/articles/{summit['article_id']}")
        missing = await http.get("/api/articles/article-0000")
    assert missing.status_code == 404
    body = answer.json()
    assert [e["type"] for e in body["events"]] == [
        "item.discovered",
        "article.extracted",
        "article.matched",
    ]
    match = body["match"]
    assert match["relevant"]
    assert match["ruleset"] == summit["ruleset"]
    us = next(d for d in match["dialogues"] if d["id"] == "asean-us")
    for evidence in us["evidence"]:
        quoted = match["judged_text"][evidence["start"] : evidence["end"]]
        assert quoted == evidence["quote"]
    assert "12th ASEAN-US Summit" in {m["name"] for m in match["meetings"]}
    assert {a["subscription_id"] for a in body["alerts"]} == {
        service.dataset.webhook_subscription,
        service.dataset.log_subscription,
    }
    whats = [s["what"] for s in body["trail"]["steps"]]
    assert whats[:4] == ["polled", "discovered", "extracted", "matched"]
    assert body["text_sha256"] == body["events"][1]["data"]["text_sha256"]


async def test_without_the_search_model_titles_are_still_searched(service: Service) -> None:
    with service.log.engine.begin() as conn:
        conn.execute(text("DROP TABLE article_search"))
    async with client(service.app, service.token("read")) as http:
        by_title = await http.get("/api/articles", params={"q": "RELATIONSHIP"})
        by_body = await http.get("/api/articles", params={"q": "cybercrime"})
        by_topic = await http.get("/api/articles", params={"topic": "health"})
    assert [a["title"] for a in by_title.json()["items"]] == [
        "The United States-ASEAN Relationship"
    ]
    assert by_body.json()["items"] == []
    assert by_topic.status_code == 503
    assert "article_search" in by_topic.json()["detail"]
