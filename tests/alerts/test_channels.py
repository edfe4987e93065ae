"""Channels against real receivers on 127.0.0.1: webhook, SMTP (aiosmtpd), Apprise, log."""

from __future__ import annotations

import io
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import httpx
import pytest
import structlog

from alerts.channels import (
    AppriseChannel,
    ChannelRegistry,
    EmailChannel,
    LogChannel,
    NoChannelError,
    SmtpSettings,
    WebhookChannel,
    build_registry,
    message_id_for,
)
from alerts.errors import DeliveryError
from alerts.model import (
    AppriseTarget,
    AtomTarget,
    EmailTarget,
    LogTarget,
    WebhookTarget,
)
from alerts.published import PublishedChannel
from alerts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify
from tests.support.receivers import (
    WEBHOOK_SECRET,
    JsonEndpoint,
    Reply,
    SmtpSink,
    WebhookReceiver,
    alert_message,
    closed_port_fixture,  # noqa: F401
    json_endpoint_fixture,  # noqa: F401
    smtp_sink_fixture,  # noqa: F401
    webhook_receiver_fixture,  # noqa: F401
)

PERIOD = (datetime(2025, 10, 26, 0, 0, tzinfo=UTC), datetime(2025, 10, 27, 0, 0, tzinfo=UTC))


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as client:
        yield client


def hook(receiver: WebhookReceiver, secret: str = WEBHOOK_SECRET) -> WebhookTarget:
    return WebhookTarget.model_validate({"url": receiver.url("/hook"), "secret": secret})


# ----------------------------------------------------------------------------- signing


def test_signature_verifies_and_refuses_tampering_and_stale_times() -> None:
    body = b'{"schema":"asean-monitor.alert/1"}'
    headers = {
        TIMESTAMP_HEADER: "1761469800",
        SIGNATURE_HEADER: sign("s3cret-key", 1761469800, body),
    }
    assert headers[SIGNATURE_HEADER].startswith("v1=")
    assert len(headers[SIGNATURE_HEADER]) == 3 + 64
    assert verify("s3cret-key", headers, body, now=1761469800 + 10)
    lowered = {k.lower(): v for k, v in headers.items()}
    assert verify("s3cret-key", lowered, body, now=1761469800)
    assert not verify("s3cret-key", headers, body + b" ", now=1761469800)
    assert not verify("other-key!", headers, body, now=1761469800)
    assert not verify("s3cret-key", headers, body, now=1761469800 + 301)
    assert not verify("s3cret-key", headers, body, now=1761469800 - 301)
    assert not verify("s3cret-key", {SIGNATURE_HEADER: headers[SIGNATURE_HEADER]}, body, now=0)


def test_signature_accepts_one_valid_among_several_and_odd_headers_fail_cleanly() -> None:
    body = b"{}"
    good = sign("new-secret", 100, body)
    rotated = {TIMESTAMP_HEADER: "100", SIGNATURE_HEADER: f"v1=deadbeef, {good}"}
    assert verify("new-secret", rotated, body, now=100)
    weird = {TIMESTAMP_HEADER: "100", SIGNATURE_HEADER: "v1=ünïcode"}
    assert not verify("new-secret", weird, body, now=100)
    assert not verify("new-secret", {TIMESTAMP_HEADER: "-5", SIGNATURE_HEADER: good}, body, now=100)


# ----------------------------------------------------------------------------- webhook


@pytest.mark.anyio
async def test_webhook_delivers_a_signed_versioned_payload(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    message = alert_message()
    receipt = await WebhookChannel(http_client, timeout=5).send(message, hook(webhook_receiver))
    assert receipt.status == 200
    assert receipt.message_id == "req-1"
    [seen] = webhook_receiver.received
    assert seen.signature_ok
    assert seen.headers["idempotency-key"] == message.idempotency_key
    assert seen.headers["content-type"] == "application/json"
    assert "asean-monitor" in seen.headers["user-agent"]
    assert abs(int(seen.headers["x-asean-monitor-timestamp"]) - time.time()) < 60
    payload = seen.json()
    assert payload["schema"] == "asean-monitor.alert/1"
    assert payload["alert_id"] == message.alert_id
    assert payload["kind"] == "article"
    assert payload["follows"] is None
    assert payload["article"]["url"] == message.url
    assert payload["links"]["article"] == message.url
    assert payload["subscription"] == {"id": "sub-1", "name": "US desk"}
    assert payload["dialogues"][0]["id"] == "asean-us"
    assert payload["dialogues"][0]["score"] == pytest.approx(0.91)
    quotes = [e["quote"] for e in payload["dialogues"][0]["evidence"]]
    assert quotes == ["the 13th ASEAN-US Summit", "President of the United States"]
    assert payload["meetings"][0]["ordinal"] == 13
    assert payload["topics"] == ["South China Sea", "Trade and investment"]
    assert webhook_receiver.stored == {message.idempotency_key: seen.body}


@pytest.mark.anyio
async def test_webhook_follow_up_names_the_first_alert(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    message = alert_message(kind="follow_up", follows="first-alert", idempotency_key="k-2")
    await WebhookChannel(http_client).send(message, hook(webhook_receiver))
    payload = webhook_receiver.received[0].json()
    assert (payload["kind"], payload["follows"]) == ("follow_up", "first-alert")


@pytest.mark.anyio
async def test_webhook_500_is_temporary(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    webhook_receiver.script(Reply(500, body=b"database down"))
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client).send(alert_message(), hook(webhook_receiver))
    assert (caught.value.status, caught.value.permanent) == (500, False)
    assert "database down" in str(caught.value)
    assert webhook_receiver.stored == {}


@pytest.mark.anyio
async def test_webhook_429_passes_retry_after_on(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    webhook_receiver.script(Reply(429, {"Retry-After": "30"}))
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client).send(alert_message(), hook(webhook_receiver))
    assert (caught.value.status, caught.value.retry_after) == (429, 30)
    assert not caught.value.permanent


@pytest.mark.anyio
async def test_webhook_retry_after_as_http_date_uses_the_channel_clock(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    now = time.time()
    later = format_datetime(datetime.fromtimestamp(int(now) + 90, UTC), usegmt=True)
    webhook_receiver.script(Reply(503, {"Retry-After": later}))
    channel = WebhookChannel(http_client, clock=lambda: float(int(now)))
    with pytest.raises(DeliveryError) as caught:
        await channel.send(alert_message(), hook(webhook_receiver))
    assert caught.value.retry_after == 90
    assert not caught.value.permanent


@pytest.mark.anyio
async def test_webhook_404_is_permanent_not_a_delivery(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    webhook_receiver.script(Reply(404, body=b"no such hook"))
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client).send(alert_message(), hook(webhook_receiver))
    assert (caught.value.status, caught.value.permanent) == (404, True)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "permanent"),
    [(301, True), (400, True), (410, True), (408, False), (502, False), (503, False)],
)
async def test_webhook_status_classes(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient, status: int, permanent: bool
) -> None:
    webhook_receiver.script(Reply(status, {"Location": webhook_receiver.url("/elsewhere")}))
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client).send(alert_message(), hook(webhook_receiver))
    assert (caught.value.status, caught.value.permanent) == (status, permanent)
    assert [r.path for r in webhook_receiver.received] == ["/hook"]


@pytest.mark.anyio
async def test_webhook_wrong_secret_is_refused_by_the_receiver(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    target = hook(webhook_receiver, secret="not-the-shared-secret")
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client).send(alert_message(), target)
    assert (caught.value.status, caught.value.permanent) == (401, True)
    assert not webhook_receiver.received[0].signature_ok
    assert webhook_receiver.stored == {}


@pytest.mark.anyio
async def test_webhook_slow_answer_times_out_then_a_retry_is_a_repeat_the_receiver_drops(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    message = alert_message()
    webhook_receiver.script(Reply(200, delay=1.5))
    channel = WebhookChannel(http_client, timeout=0.3)
    with pytest.raises(DeliveryError) as caught:
        await channel.send(message, hook(webhook_receiver))
    assert not caught.value.permanent
    assert "timed out" in str(caught.value)
    receipt = await channel.send(message, hook(webhook_receiver))
    assert receipt.status == 200
    keys = [r.headers["idempotency-key"] for r in webhook_receiver.received]
    assert keys == [message.idempotency_key, message.idempotency_key]
    assert list(webhook_receiver.stored) == [message.idempotency_key]
    assert webhook_receiver.repeats == {message.idempotency_key: 1}


@pytest.mark.anyio
async def test_webhook_connection_refused_is_temporary(
    closed_port: int, http_client: httpx.AsyncClient
) -> None:
    target = WebhookTarget.model_validate(
        {"url": f"http://127.0.0.1:{closed_port}/hook", "secret": WEBHOOK_SECRET}
    )
    with pytest.raises(DeliveryError) as caught:
        await WebhookChannel(http_client, timeout=2).send(alert_message(), target)
    assert not caught.value.permanent
    assert caught.value.status is None


@pytest.mark.anyio
async def test_webhook_digest_is_signed_and_grouped(
    webhook_receiver: WebhookReceiver, http_client: httpx.AsyncClient
) -> None:
    messages = [alert_message(), alert_message(alert_id="a-2", idempotency_key="k-2")]
    receipt = await WebhookChannel(http_client).send_digest(
        messages,
        hook(webhook_receiver),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        subscription_name="US desk",
    )
    assert receipt.status == 200
    [seen] = webhook_receiver.received
    payload = seen.json()
    assert seen.signature_ok
    assert seen.headers["idempotency-key"] == payload["digest_id"]
    assert payload["schema"] == "asean-monitor.digest/1"
    assert payload["count"] == 2
    assert [g["dialogue"]["id"] for g in payload["groups"]] == ["asean-us"]
    assert {a["alert_id"] for a in payload["groups"][0]["alerts"]} == {messages[0].alert_id, "a-2"}


# ----------------------------------------------------------------------------- email


def smtp_settings(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, from_address="alerts@monitor.test", timeout=5)


def parts(mail: EmailMessage) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in mail.walk():
        if isinstance(part, EmailMessage) and not part.is_multipart():
            found[part.get_content_type()] = str(part.get_content())
    return found


@pytest.mark.anyio
async def test_email_arrives_with_text_and_escaped_html_and_a_key_derived_message_id(
    smtp_sink: SmtpSink,
) -> None:
    message = alert_message(title="Talks <script>alert(1)</script> & more in Hà Nội")
    target = EmailTarget(to=("desk@monitor.test", "chief@monitor.test"))
    receipt = await EmailChannel(smtp_settings(smtp_sink.port)).send(message, target)
    assert receipt.status == 250
    assert receipt.message_id == "<sub-1.story-42@asean-monitor>"
    [mail] = smtp_sink.messages
    assert mail["Message-ID"] == receipt.message_id
    assert mail["From"] == "alerts@monitor.test"
    assert mail["To"] == "desk@monitor.test, chief@monitor.test"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert "Hà Nội" in str(mail["Subject"])
    assert "\n" not in str(mail["Subject"])
    assert mail.get_content_type() == "multipart/alternative"
    bodies = parts(mail)
    assert set(bodies) == {"text/plain", "text/html"}
    assert "<script>alert(1)</script>" in bodies["text/plain"]
    assert "<script>" not in bodies["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in bodies["text/html"]
    assert "13th ASEAN-US Summit" in bodies["text/plain"]
    assert smtp_sink.recorder.envelopes == [
        ("alerts@monitor.test", ["desk@monitor.test", "chief@monitor.test"])
    ]


@pytest.mark.anyio
async def test_email_resend_has_the_same_message_id(smtp_sink: SmtpSink) -> None:
    channel, target = EmailChannel(smtp_settings(smtp_sink.port)), EmailTarget(to=("d@m.test",))
    await channel.send(alert_message(), target)
    await channel.send(alert_message(), target)
    ids = [m["Message-ID"] for m in smtp_sink.messages]
    assert ids == ["<sub-1.story-42@asean-monitor>"] * 2


@pytest.mark.anyio
async def test_email_550_reply_is_permanent(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject_next_data("550 5.7.1 Message rejected as spam")
    with pytest.raises(DeliveryError) as caught:
        await EmailChannel(smtp_settings(smtp_sink.port)).send(
            alert_message(), EmailTarget(to=("d@m.test",))
        )
    assert (caught.value.status, caught.value.permanent) == (550, True)
    assert "rejected as spam" in str(caught.value)
    assert smtp_sink.messages == []


@pytest.mark.anyio
async def test_email_451_reply_is_temporary(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject_next_data("451 4.3.0 Try again later")
    with pytest.raises(DeliveryError) as caught:
        await EmailChannel(smtp_settings(smtp_sink.port)).send(
            alert_message(), EmailTarget(to=("d@m.test",))
        )
    assert (caught.value.status, caught.value.permanent) == (451, False)


@pytest.mark.anyio
async def test_email_unknown_recipient_is_permanent(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject_next_rcpt("550 5.1.1 No such user")
    with pytest.raises(DeliveryError) as caught:
        await EmailChannel(smtp_settings(smtp_sink.port)).send(
            alert_message(), EmailTarget(to=("nobody@m.test",))
        )
    assert (caught.value.status, caught.value.permanent) == (550, True)


@pytest.mark.anyio
async def test_email_server_down_is_temporary(closed_port: int) -> None:
    with pytest.raises(DeliveryError) as caught:
        await EmailChannel(smtp_settings(closed_port)).send(
            alert_message(), EmailTarget(to=("d@m.test",))
        )
    assert not caught.value.permanent


@pytest.mark.anyio
async def test_email_digest_has_counts_in_the_subject(smtp_sink: SmtpSink) -> None:
    messages = [alert_message(), alert_message(alert_id="a-2", idempotency_key="k-2")]
    receipt = await EmailChannel(smtp_settings(smtp_sink.port)).send_digest(
        messages,
        EmailTarget(to=("d@m.test",)),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        subscription_name="US desk",
    )
    [mail] = smtp_sink.messages
    assert mail["Message-ID"] == receipt.message_id
    assert receipt.message_id is not None
    assert receipt.message_id.startswith("<digest-")
    assert "2 alerts in 1 dialogue" in str(mail["Subject"])
    assert set(parts(mail)) == {"text/plain", "text/html"}


@pytest.mark.anyio
async def test_email_address_with_a_line_break_is_refused_before_sending(
    smtp_sink: SmtpSink,
) -> None:
    target = EmailTarget(to=("d@m.test\r\nBcc: all@m.test",))
    with pytest.raises(DeliveryError) as caught:
        await EmailChannel(smtp_settings(smtp_sink.port)).send(alert_message(), target)
    assert caught.value.permanent
    assert smtp_sink.messages == []


def test_message_id_keeps_plain_keys_and_hashes_odd_ones_stably() -> None:
    assert message_id_for("sub-1.story-42") == "<sub-1.story-42@asean-monitor>"
    odd = message_id_for("sub 1/story <42>@x")
    assert odd == message_id_for("sub 1/story <42>@x")
    assert odd != message_id_for("sub 1/story <43>@x")
    assert " " not in odd
    assert odd.count("@") == 1


# ----------------------------------------------------------------------------- apprise


@pytest.mark.anyio
async def test_apprise_posts_title_and_body_to_a_real_local_endpoint(
    json_endpoint: JsonEndpoint,
) -> None:
    message = alert_message()
    url = f"json://127.0.0.1:{json_endpoint.port}/notify"
    await AppriseChannel(timeout=5).send(message, AppriseTarget(url=url))
    [seen] = json_endpoint.received
    assert seen.path == "/notify"
    body = seen.json()
    assert body["title"].startswith("[asean-monitor] ASEAN-US: Leaders open the 13th")
    assert "Why: ASEAN-US dialogue (score 0.91)" in body["message"]
    assert message.url in body["message"]


@pytest.mark.anyio
async def test_apprise_endpoint_failure_is_temporary(json_endpoint: JsonEndpoint) -> None:
    json_endpoint.script(Reply(500))
    url = f"json://127.0.0.1:{json_endpoint.port}/notify"
    with pytest.raises(DeliveryError) as caught:
        await AppriseChannel(timeout=5).send(alert_message(), AppriseTarget(url=url))
    assert not caught.value.permanent
    assert len(json_endpoint.received) >= 1


@pytest.mark.anyio
async def test_apprise_unusable_url_is_permanent_and_redacted() -> None:
    target = AppriseTarget(url="nosuchservice://token-SECRET@host")
    with pytest.raises(DeliveryError) as caught:
        await AppriseChannel().send(alert_message(), target)
    assert caught.value.permanent
    assert "SECRET" not in str(caught.value)


# ----------------------------------------------------------------------------- log, registry


@pytest.mark.anyio
async def test_log_channel_writes_one_json_line() -> None:
    stream = io.StringIO()
    logger = structlog.wrap_logger(
        structlog.PrintLogger(stream), processors=[structlog.processors.JSONRenderer()]
    )
    receipt = await LogChannel(logger).send(alert_message(), LogTarget())
    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["event"] == "alert"
    assert record["alert_id"] == alert_message().alert_id
    assert record["schema"] == "asean-monitor.alert/1"
    assert receipt.message_id == alert_message().alert_id


@pytest.mark.anyio
async def test_registry_picks_by_target_type_and_refuses_unknown_ones(
    http_client: httpx.AsyncClient,
) -> None:
    registry = build_registry(http_client=http_client, smtp=smtp_settings(25))
    assert isinstance(
        registry.channel_for(
            WebhookTarget.model_validate({"url": "http://127.0.0.1/h", "secret": WEBHOOK_SECRET})
        ),
        WebhookChannel,
    )
    assert isinstance(registry.channel_for(EmailTarget(to=("a@b.test",))), EmailChannel)
    assert isinstance(registry.channel_for(AppriseTarget(url="json://127.0.0.1")), AppriseChannel)
    assert isinstance(registry.channel_for(LogTarget()), LogChannel)
    assert isinstance(registry.channel_for(AtomTarget()), PublishedChannel)
    without_email = build_registry(http_client=http_client)
    with pytest.raises(NoChannelError) as caught:
        without_email.channel_for(EmailTarget(to=("a@b.test",)))
    assert caught.value.permanent
    assert "'email'" in str(caught.value)
    assert "webhook" in str(caught.value), "it names the types it has"
    custom = ChannelRegistry()
    custom.register("atom", LogChannel())
    assert isinstance(custom.channel_for(AtomTarget()), LogChannel)
