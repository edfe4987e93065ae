"""Renderings of one alert and of a digest: readable, escaped, grouped by dialogue."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from alerts.messages import digest_id
from alerts.model import AlertMessage, DialogueHit, Evidence
from alerts.payloads import alert_payload, digest_key, digest_payload, to_json_bytes
from alerts.render import (
    OTHER_GROUP,
    group_digest,
    meeting_label,
    ordinal,
    render_alert,
    render_digest,
)
from tests.support.receivers import alert_message

START = datetime(2025, 10, 26, 0, 0, tzinfo=UTC)
END = START + timedelta(days=1)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_one_alert_says_what_why_which_meeting_and_where() -> None:
    rendering = render_alert(alert_message())
    assert rendering.subject == (
        "[asean-monitor] ASEAN-US: Leaders open the 13th ASEAN-US Summit in Kuala Lumpur"
    )
    text = rendering.text
    assert text.startswith("Leaders open the 13th ASEAN-US Summit in Kuala Lumpur\n")
    assert "Why: ASEAN-US dialogue (score 0.91) at the 13th ASEAN-US Summit" in text
    assert "Dialogue: ASEAN-US (score 0.91)" in text
    assert "“the 13th ASEAN-US Summit”" in text
    assert "“President of the United States”" in text
    assert "Meeting: 13th ASEAN-US Summit (13th meeting; summit; host Malaysia; 2025-10-26)" in text
    assert "Topics: South China Sea, Trade and investment" in text
    assert "Read: https://news.example.org/asean-us-summit" in text
    assert "subscription “US desk”" in text


def test_html_escapes_feed_text_and_links_only_http_urls() -> None:
    hostile = alert_message(
        title="<script>alert(1)</script> & <b>bold</b>",
        reason="matched <img src=x onerror=alert(2)>",
        url="javascript:alert(3)",
        dialogues=(DialogueHit("asean-us", "ASEAN-US", 0.8, (Evidence("<iframe>", 0, 8),)),),
    )
    page = read_html(render_alert(hostile).html)
    assert {"script", "b", "img", "iframe"}.isdisjoint(page.tags)
    assert page.hrefs == []
    text = "".join(page.text)
    assert "<script>alert(1)</script> & <b>bold</b>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "<iframe>" in text
    linked = read_html(render_alert(alert_message()).html)
    assert linked.hrefs == ["https://news.example.org/asean-us-summit"] * 2


def test_subject_is_one_line_and_follow_ups_and_health_alerts_say_so() -> None:
    rendering = render_alert(alert_message(title="Line one\r\nBcc: victim@example.org"))
    assert "\n" not in rendering.subject
    assert "\r" not in rendering.subject
    update = render_alert(alert_message(kind="follow_up", follows="a-1"))
    assert update.subject.startswith("[asean-monitor] ASEAN-US: Update: Leaders open")
    assert "Follow-up to alert a-1" in update.text
    health = render_alert(
        alert_message(kind="source_failing", title="example-news", dialogues=(), meetings=())
    )
    assert health.subject == "[asean-monitor] Source failing: example-news"


def test_ordinals_and_meeting_labels() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 112)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "112th",
    ]
    label = meeting_label(
        {
            "name": "ASEAN Post Ministerial Conference with Japan",
            "ordinal": None,
            "mechanism": "pmc",
        }
    )
    assert label == "ASEAN Post Ministerial Conference with Japan (no ordinal; pmc)"


def _story(alert_id: str, dialogue: str, name: str, hour: int, **more: object) -> AlertMessage:
    quote = f"evidence for {alert_id}"
    fields: dict[str, object] = {
        "alert_id": alert_id,
        "idempotency_key": f"k-{alert_id}",
        "title": f"Story {alert_id}",
        "published_at": START + timedelta(hours=hour),
        "raised_at": START + timedelta(hours=hour, minutes=5),
        "dialogues": (DialogueHit(dialogue, name, 0.8, (Evidence(quote, 0, len(quote)),)),),
        "meetings": (
            {
                "name": f"{name} meeting {alert_id}",
                "ordinal": hour,
                "mechanism": "x",
                "dialogue": dialogue,
            },
        ),
    }
    fields.update(more)
    return alert_message(**fields)


def digest_messages() -> list[AlertMessage]:
    both = (
        DialogueHit("asean-japan", "ASEAN-Japan", 0.95, (Evidence("Japan quote", 0, 11),)),
        DialogueHit("asean-us", "ASEAN-US", 0.4),
    )
    return [
        _story("us-late", "asean-us", "ASEAN-US", 20),
        _story("jp-1", "asean-japan", "ASEAN-Japan", 9, dialogues=both),
        _story("us-early", "asean-us", "ASEAN-US", 3),
        _story("health", "", "", 12, kind="source_silent", dialogues=(), meetings=()),
        _story("us-mid", "asean-us", "ASEAN-US", 11),
    ]


def test_digest_groups_by_strongest_dialogue_sorted_by_time() -> None:
    groups = group_digest(digest_messages())
    assert [(g.dialogue_id, g.dialogue_name) for g in groups] == [
        ("asean-us", "ASEAN-US"),
        ("asean-japan", "ASEAN-Japan"),
        (None, OTHER_GROUP),
    ]
    assert [m.alert_id for m in groups[0].messages] == ["us-early", "us-mid", "us-late"]
    assert [m.alert_id for m in groups[1].messages] == ["jp-1"]


def test_digest_text_is_one_readable_message_with_counts_meetings_and_evidence() -> None:
    rendering = render_digest(
        digest_messages(), subscription_name="Tokyo desk", period_start=START, period_end=END
    )
    assert rendering.subject == (
        "[asean-monitor] Tokyo desk: 5 alerts in 2 dialogues, "
        "2025-10-26 00:00 UTC to 2025-10-27 00:00 UTC"
    )
    text = rendering.text
    sections = [
        text.index(h)
        for h in ("== ASEAN-US (3) ==", "== ASEAN-Japan (1) ==", f"== {OTHER_GROUP} (1) ==")
    ]
    assert sections == sorted(sections)
    order = [text.index(f"Story {i}") for i in ("us-early", "us-mid", "us-late")]
    assert order == sorted(order)
    us_block = text[sections[0] : sections[1]]
    assert "Meeting: ASEAN-US meeting us-mid (11th meeting; x)" in us_block
    assert "Evidence: “evidence for us-mid”" in us_block
    jp_block = text[sections[1] : sections[2]]
    assert "Evidence: “Japan quote”" in jp_block
    assert "Also: ASEAN-US" in jp_block
    assert "Source silent: Story health" in text[sections[2] :]


def test_digest_html_is_grouped_and_escaped() -> None:
    messages = [*digest_messages(), _story("x", "asean-us", "ASEAN-US", 1, title="<script>x")]
    html = render_digest(
        messages, subscription_name="<desk>", period_start=START, period_end=END
    ).html
    page = read_html(html)
    assert "script" not in page.tags
    assert page.tags.count("h2") == 3
    assert page.tags.count("li") == 6
    assert "&lt;desk&gt;" in html
    assert "<script>x" in "".join(page.text)


def test_empty_digest_says_so() -> None:
    rendering = render_digest([], subscription_name="d", period_start=START, period_end=END)
    assert "0 alerts in 0 dialogues" in rendering.subject
    assert "No alerts in this period." in rendering.text


def test_alert_payload_is_versioned_json() -> None:
    message = alert_message(kind="follow_up", follows="a-1", extra={"story_id": "s-9"})
    decoded = json.loads(to_json_bytes(alert_payload(message)))
    assert decoded["schema"] == "asean-monitor.alert/1"
    assert decoded["follows"] == "a-1"
    assert decoded["article"]["published_at"] == "2025-10-26T09:00:00+00:00"
    assert decoded["extra"] == {"story_id": "s-9"}
    assert to_json_bytes({"b": "é", "a": 1}) == '{"a":1,"b":"é"}'.encode()


def test_a_digest_key_derives_from_its_subscription_and_period_only() -> None:
    messages = digest_messages()
    key = digest_key(messages, END)
    assert re.fullmatch(r"digest-[0-9a-f]{32}", key)
    assert key == digest_id("sub-1", END), "the messages' subscription, and the end of the period"
    assert key == digest_key(list(reversed(messages)), END)
    assert key == digest_key(messages[:-1], END), "a resend is the same digest whatever it holds"
    assert key == digest_key([], END, "sub-1"), "an empty digest of the subscription too"
    assert key != digest_key(messages, END + timedelta(hours=1))
    assert key != digest_key(messages, END, "sub-2")
    assert digest_id("sub-1", END.astimezone(timezone(timedelta(hours=7)))) == key
    payload = digest_payload(messages, subscription_name="d", period_start=START, period_end=END)
    assert payload["digest_id"] == key
    assert payload["subscription"] == {"id": "sub-1", "name": "d"}
    assert payload["count"] == 5
    assert [len(g["alerts"]) for g in payload["groups"]] == [3, 1, 1]
    empty = digest_payload(
        [], subscription_name="d", period_start=START, period_end=END, subscription_id="sub-1"
    )
    assert (empty["digest_id"], empty["subscription"]["id"]) == (key, "sub-1")


@pytest.mark.parametrize("kind", ["source_failing", "source_silent", "source_recovered"])
def test_health_alerts_render_without_dialogues(kind: str) -> None:
    message = alert_message(kind=kind, dialogues=(), meetings=(), topics=(), url=None)
    rendering = render_alert(message)
    assert "Dialogue:" not in rendering.text
    assert "Read:" not in rendering.text
    assert read_html(rendering.html).hrefs == []


def test_the_storys_other_outlets_are_named_in_every_rendering() -> None:
    outlets = (
        {
            "source_id": "vna",
            "url": "https://vna.example/a",
            "title": "Hội nghị <b>",
            "language": "vi",
        },
        {"source_id": "kyodo", "url": "javascript:alert(1)", "title": "Summit", "language": "en"},
    )
    message = alert_message(outlets=outlets)
    rendering = render_alert(message)
    assert "Also reported by: Hội nghị <b> (vna, vi); Summit (kyodo, en)" in rendering.text
    assert '<a href="https://vna.example/a">Hội nghị &lt;b&gt; (vna, vi)</a>' in rendering.html
    assert "javascript:" not in rendering.html, "only http(s) addresses become links"
    assert alert_payload(message)["outlets"] == [dict(o) for o in outlets]
