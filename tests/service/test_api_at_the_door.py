"""Mistakes caught at the door, by the API (issue 18): a subscription or an article or event
filter naming what does not exist is a 422 naming the field, the closest and the valid
choices, and nothing is written; ``GET /api/catalogue`` lists the valid ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.receivers import SmtpSink, smtp_sink_fixture
from tests.support.service import Service, client, make_service
from tests.support.service_dataset import Dataset

pytestmark = pytest.mark.anyio
__all__ = ["smtp_sink_fixture"]

SOURCES = """\
version: 1
defaults: {interval: 30m, language: en}
sources:
  - {id: seeds, name: Seed news, url: https://seeds.example/rss, kind: feed}
  - {id: vna, name: Vietnam News Agency, url: https://vna.example/rss, kind: feed, language: vi}
"""


@pytest.fixture
def door(dataset: Dataset, tmp_path: Path) -> Any:
    """The service with a sources.yaml of its own."""
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    made = make_service(dataset, tmp_path, MONITOR_SOURCES=str(tmp_path / "sources.yaml"))
    yield made
    made.log.close()


def detail(answer: Any) -> tuple[list[str], str]:
    """The 422's one error: its location and message."""
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["detail"]
    return list(error["loc"]), error["msg"]


def created(service: Service) -> int:
    return sum(1 for e in service.log.iter_all(0) if e.type == "subscription.created")


@pytest.mark.parametrize(
    ("rule", "loc", "says"),
    [
        ({"dialogues": ["asean-usa"]}, "dialogues", ["'asean-usa'", "Did you mean 'asean-us'?"]),
        ({"mechanisms": ["summitt"]}, "mechanisms", ["'summitt'", "Did you mean 'summit'?"]),
        ({"topics": ["scs"]}, "topics", ["'scs'", "Did you mean 'south-china-sea'?", "health"]),
        ({"sources": ["vnaa"]}, "sources", ["no configured source 'vnaa'", "'vna'", "seeds"]),
        ({"languages": ["jp"]}, "languages", ["'jp' is not a language code", "'ja'"]),
        (
            {"articles": False, "health": {"failed_for": 3600, "sources": ["vnaa"]}},
            "health.sources",
            ["no configured source 'vnaa'", "'vna'"],
        ),
    ],
)
async def test_a_subscription_naming_what_does_not_exist_is_422(
    door: Service, rule: dict[str, Any], loc: str, says: list[str]
) -> None:
    before = created(door)
    async with client(door.app, door.token("admin")) as http:
        answer = await http.post(
            "/api/subscriptions", json={"name": "typo", "filter": rule, "target": {"type": "log"}}
        )
    where, message = detail(answer)
    assert where == ["body", "filter", *loc.split(".")]
    for part in says:
        assert part in message
    assert "GET /api/catalogue" in message or loc == "languages"
    assert created(door) == before


async def test_a_change_is_checked_but_what_it_leaves_alone_is_not(door: Service) -> None:
    async with client(door.app, door.token("admin")) as http:
        made = await http.post(
            "/api/subscriptions",
            json={"name": "ok", "filter": {"dialogues": ["asean-us"]}, "target": {"type": "log"}},
        )
        assert made.status_code == 201, made.text
        sid = made.json()["subscription_id"]
        door.catch_up()
        typo = await http.patch(f"/api/subscriptions/{sid}", json={"filter": {"topics": ["scs"]}})
        renamed = await http.patch(f"/api/subscriptions/{sid}", json={"name": "renamed"})
    assert detail(typo)[0] == ["body", "filter", "topics"]
    assert renamed.status_code == 200, renamed.text


async def test_targets_that_cannot_deliver_are_422(
    dataset: Dataset, door: Service, tmp_path: Path, smtp_sink: SmtpSink
) -> None:
    """E-mail needs an address and an SMTP server; an Apprise URL must be one Apprise reads
    (refused by the Apprise channel's subscribe-time check already)."""

    def body(to: str) -> dict[str, Any]:
        return {"name": "mail", "target": {"type": "email", "to": [to]}}

    apprise = {"name": "x", "target": {"type": "apprise", "url": "notaurl"}}
    async with client(door.app, door.token("admin")) as http:
        bad = await http.post("/api/subscriptions", json=body("not-an-email"))
        no_smtp = await http.post("/api/subscriptions", json=body("desk@example.org"))
        not_apprise = await http.post("/api/subscriptions", json=apprise)
    assert not_apprise.status_code == 422
    assert "is not an Apprise URL" in not_apprise.text
    assert detail(bad) == (
        ["body", "target", "to"],
        "target.to: 'not-an-email' is not an e-mail address: expected name@domain, "
        "e.g. analyst@example.org",
    )
    where, message = detail(no_smtp)
    assert where == ["body", "target", "to"]
    assert "MONITOR_SMTP_HOST" in message
    smtp = {"MONITOR_SMTP_HOST": "127.0.0.1", "MONITOR_SMTP_PORT": str(smtp_sink.port)}
    (tmp_path / "smtp").mkdir()
    with_smtp = make_service(dataset, tmp_path / "smtp", **smtp)
    try:
        async with client(with_smtp.app, with_smtp.token("admin")) as http:
            accepted = await http.post("/api/subscriptions", json=body("desk@example.org"))
    finally:
        with_smtp.log.close()
    assert accepted.status_code == 201, accepted.text


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"dialogue": "asean-usa"}, "Did you mean 'asean-us'?"),
        ({"topic": "scs"}, "Did you mean 'south-china-sea'?"),
        ({"mechanism": "summitt"}, "Did you mean 'summit'?"),
        ({"language": "jp"}, "Did you mean 'ja'?"),
    ],
)
async def test_an_article_filter_naming_what_does_not_exist_is_422(
    door: Service, params: dict[str, str], says: str
) -> None:
    async with client(door.app, door.token("read")) as http:
        answer = await http.get("/api/articles", params=params)
    where, message = detail(answer)
    assert where == ["query", *params]
    assert says in message


async def test_a_meetings_filter_naming_what_does_not_exist_is_422(door: Service) -> None:
    async with client(door.app, door.token("read")) as http:
        mechanism = await http.get("/api/meetings", params={"mechanism": "no-such"})
        dialogue = await http.get("/api/meetings", params={"dialogue": "asean-jp"})
    assert detail(mechanism)[0] == ["query", "mechanism"]
    where, message = detail(dialogue)
    assert where == ["query", "dialogue"]
    assert "Did you mean 'asean-japan'?" in message


async def test_articles_by_mechanism(door: Service) -> None:
    async with client(door.app, door.token("read")) as http:
        summits = (await http.get("/api/articles", params={"mechanism": "summit"})).json()
        named = (await http.get("/api/articles", params={"meeting": "summit"})).json()
        regional = await http.get("/api/articles", params={"language": "en-GB"})
    assert summits["items"]
    assert any("12th asean-us summit" in a["meetings"] for a in summits["items"])
    assert {a["article_id"] for a in summits["items"]} <= {a["article_id"] for a in named["items"]}
    assert regional.status_code == 200, "a region is fine in an article filter"


async def test_an_unknown_event_type_is_422_with_the_known_ones(door: Service) -> None:
    async with client(door.app, door.token("read")) as http:
        answer = await http.get("/api/events", params={"type": ["source.polled", "article.matchd"]})
        known = await http.get("/api/events", params={"type": "article.matched"})
    where, message = detail(answer)
    assert where == ["query", "type"]
    assert "Did you mean 'article.matched'?" in message
    assert "subscription.created" in message
    assert known.status_code == 200


async def test_the_catalogue_route(door: Service) -> None:
    async with client(door.app, door.token("read")) as http:
        answer = await http.get("/api/catalogue")
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert {"id": "asean-us", "name": "ASEAN-United States"} in document["dialogues"]
    assert {"id": "south-china-sea", "name": "South China Sea"} in document["topics"]
    assert "summit" in [m["id"] for m in document["mechanisms"]]
    assert document["sources"] == [
        {"id": "seeds", "name": "Seed news"},
        {"id": "vna", "name": "Vietnam News Agency"},
    ]
    assert document["languages"] == ["en", "vi"]
    assert "article.matched" in document["event_types"]
    assert document["notes"] == []
