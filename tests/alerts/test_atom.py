"""The Atom feed of a subscription's alerts, read back with feedparser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser

from alerts.atom import ATOM_NS, entry_id, render_atom, rfc3339
from alerts.model import DialogueHit, Evidence
from tests.support.receivers import alert_message

FEED_URL = "http://127.0.0.1:8080/feeds/sub-1.atom"
UPDATED = datetime(2025, 10, 27, 6, 0, tzinfo=UTC)

TITLES = {
    "a-script": "Talks <script>alert('x')</script> & \"quotes\" in Kuala Lumpur",
    "a-vi": "Hội nghị Cấp cao ASEAN-Hoa Kỳ lần thứ 13 khai mạc tại Kuala Lumpur",
    "a-zh": "第13届东盟-美国峰会在吉隆坡开幕",
}


def alerts() -> list[Any]:
    base = datetime(2025, 10, 26, 8, 0, tzinfo=UTC)
    return [
        alert_message(
            alert_id=alert_id,
            idempotency_key=f"k-{alert_id}",
            title=title,
            url=f"https://news.example.org/{alert_id}?a=1&b=2",
            raised_at=base + timedelta(hours=n),
            dialogues=(
                DialogueHit("asean-us", "ASEAN-US", 0.9, (Evidence(f"quote <{n}> & more", 0, 9),)),
            ),
        )
        for n, (alert_id, title) in enumerate(TITLES.items())
    ]


def parse(data: bytes) -> Any:
    parsed = feedparser.parse(data)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    return parsed


def test_feed_is_valid_atom_and_fields_round_trip() -> None:
    messages = alerts()
    data = render_atom("sub-1", "US desk & <friends>", messages, feed_url=FEED_URL, updated=UPDATED)
    parsed = parse(data)
    assert parsed.version == "atom10"
    assert parsed.feed.title == "asean-monitor: US desk & <friends>"
    assert parsed.feed.id.startswith("tag:asean-monitor.org,2025:subscription:sub-1")
    assert parsed.feed.updated == "2025-10-27T06:00:00Z"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [FEED_URL]
    by_id = {entry.id: entry for entry in parsed.entries}
    assert set(by_id) == {entry_id(m.alert_id) for m in messages}
    for message in messages:
        entry = by_id[entry_id(message.alert_id)]
        assert entry.title == TITLES[message.alert_id]
        assert entry.link == message.url
        assert entry.updated == rfc3339(message.raised_at)
        assert entry.summary == message.reason
        content = entry.content[0].value
        assert "13th ASEAN-US Summit" in content
        assert "host Malaysia" in content
        assert "quote &lt;" in content
        assert [t.term for t in entry.tags] == [
            "asean-us",
            "South China Sea",
            "Trade and investment",
        ]


def test_entries_are_newest_first_and_script_never_becomes_markup() -> None:
    data = render_atom("sub-1", "US desk", alerts(), feed_url=FEED_URL, updated=UPDATED)
    parsed = parse(data)
    assert [e.title for e in parsed.entries] == [TITLES["a-zh"], TITLES["a-vi"], TITLES["a-script"]]
    root = ET.fromstring(data)
    assert root.tag == f"{{{ATOM_NS}}}feed"
    titles = [t.text for t in root.iter(f"{{{ATOM_NS}}}title")]
    assert TITLES["a-script"] in titles
    assert b"<script>" not in data


def test_entry_ids_are_uuid_urns_or_tag_uris_and_stable() -> None:
    assert entry_id("0f8e2f2c-7d4b-4d8c-9c1e-6a1f3b2d4e5f") == (
        "urn:uuid:0f8e2f2c-7d4b-4d8c-9c1e-6a1f3b2d4e5f"
    )
    assert entry_id("alert/42 x") == "tag:asean-monitor.org,2025:alert:alert%2F42%20x"
    assert entry_id("alert/42 x") == entry_id("alert/42 x")


def test_characters_xml_cannot_carry_are_dropped_and_unsafe_links_omitted() -> None:
    message = alert_message(
        title="Bad\x00 byte\x0b here", url="javascript:alert(1)", published_at=None
    )
    data = render_atom("s", "n", [message], feed_url=FEED_URL, updated=UPDATED)
    [entry] = parse(data).entries
    assert entry.title == "Bad byte here"
    assert "javascript" not in data.decode("utf-8")
    assert "published" not in entry


def test_an_empty_feed_is_still_valid() -> None:
    naive = datetime(2025, 10, 27, 6, 0)
    parsed = parse(render_atom("s", "n", [], feed_url=FEED_URL, updated=naive))
    assert parsed.entries == []
    assert parsed.feed.updated == "2025-10-27T06:00:00Z"
