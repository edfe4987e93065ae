"""The ``Channel`` contract (alerts/channels/port.py), held against every registered kind with
its channel built by the kind's own ``build``, in front of a real receiver on 127.0.0.1:

- a delivered message (an alert, a digest) returns a receipt;
- a receiver that is down is a temporary failure, which the retry policy gives a time;
- a receiver that asks for time (HTTP ``Retry-After``) gets at least that;
- a refusal for good (an HTTP 4xx, an SMTP 5xx, an address the guard refuses) is permanent;
- the idempotency key reaches the receiver where the channel can carry it;
- no secret (HMAC key, password, token in an URL) appears in an error's text or a receipt.

A kind that cannot keep a promise by its nature says why in ``NOT_APPLICABLE``; the suite
checks that every registered kind has a contract fixture (``contract_<kind>``) and that the
fixture provides exactly the promises not excused.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import structlog

from alerts.channels import Channel, ChannelContext, SmtpSettings, kinds
from alerts.errors import DeliveryError
from alerts.messages import digest_id
from alerts.model import (
    AppriseTarget,
    AtomTarget,
    EmailTarget,
    LogTarget,
    Receipt,
    SseTarget,
    WebhookTarget,
)
from alerts.retry import RetryPolicy, next_attempt
from monitor.delivery.assembly import webhook_client
from monitor.delivery.outbound import OutboundGuard
from monitor.settings import load_settings
from tests.support.alert_contract import SMTP_PASSWORD, SMTP_USER, AuthSmtpSink, Contract
from tests.support.receivers import (
    WEBHOOK_SECRET,
    JsonEndpoint,
    Reply,
    WebhookReceiver,
    alert_message,
)

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
]

KINDS = sorted(kinds.registered())
PROMISES = ("receipt", "down", "busy", "reject", "key", "secrets")
PUBLISHED = "published, not pushed: the subscriber reads it, nothing can refuse it"
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "email": {"busy": "SMTP has no Retry-After: a 4xx reply is temporary, the policy backs off"},
    "apprise": {
        "busy": "Apprise does not pass a receiver's Retry-After on",
        "key": "Apprise's services take a title and a body only",
    },
    "log": {
        "down": "the log is always written",
        "busy": "the log is always written",
        "reject": "the log is always written",
        "secrets": "a log target holds no secret, and the log channel cannot fail",
    },
    "atom": dict.fromkeys(("down", "busy", "reject", "key", "secrets"), PUBLISHED),
    "sse": dict.fromkeys(("down", "busy", "reject", "key", "secrets"), PUBLISHED),
}
START = datetime(2025, 10, 26, tzinfo=UTC)
END = START + timedelta(days=1)
NOW = datetime(2026, 5, 3, 8, 0, tzinfo=UTC)
USER, PASSWORD, TOKEN = "hook-user", "url-pa55word-9Z", "query-t0ken-4K7"


def applicable(promise: str) -> list[str]:
    return [k for k in KINDS if promise not in NOT_APPLICABLE.get(k, {})]


@pytest.fixture
def contract(request: pytest.FixtureRequest) -> Contract:
    found = request.getfixturevalue(f"contract_{request.param}")
    assert isinstance(found, Contract)
    return found


def digest_of(channel: Channel, target: Any) -> Awaitable[Receipt]:
    messages = [alert_message(), alert_message(alert_id="a-2", idempotency_key="alert-a-2")]
    return channel.send_digest(
        messages,
        target,
        period_start=START,
        period_end=END,
        subscription_name="US desk",
        subscription_id="sub-1",
    )


async def failures(channel: Channel, target: Any) -> list[DeliveryError]:
    """The errors of an alert and of a digest sent to ``target`` (both must fail)."""
    found = []
    for sending in (channel.send(alert_message(), target), digest_of(channel, target)):
        with pytest.raises(DeliveryError) as caught:
            await sending
        found.append(caught.value)
    return found


def retry_time(error: DeliveryError) -> datetime | None:
    """When the dispatcher's policy would try again after ``error`` (first attempt)."""
    return next_attempt(
        RetryPolicy(),
        1,
        NOW,
        random.Random(1),
        retry_after=error.retry_after,
        permanent=error.permanent,
    )


# ----------------------------------------------------------------------------- the contracts


@pytest.fixture
async def contract_webhook(
    webhook_receiver: WebhookReceiver, closed_port: int
) -> AsyncIterator[Contract]:
    build = kinds.kind_for("webhook").build

    def at(port: int) -> WebhookTarget:
        url = f"http://{USER}:{PASSWORD}@127.0.0.1:{port}/hook?token={TOKEN}"
        return WebhookTarget.model_validate({"url": url, "secret": WEBHOOK_SECRET})

    def answering(reply: Reply, channel: Channel) -> tuple[Channel, Any]:
        webhook_receiver.script(reply, reply)  # the alert's and the digest's
        return channel, at(webhook_receiver.port)

    async with (
        httpx.AsyncClient(trust_env=False) as client,
        webhook_client(load_settings({})) as guarded,  # the daemon's: loopback refused
    ):
        channel = build(ChannelContext(http_client=client, timeouts={"webhook": 2.0}))
        refused = build(ChannelContext(http_client=guarded))
        assert channel is not None
        assert refused is not None
        yield Contract(
            channel,
            at(webhook_receiver.port),
            keys_seen=lambda: [r.headers["idempotency-key"] for r in webhook_receiver.received],
            down=lambda: (channel, at(closed_port)),
            busy=lambda: answering(Reply(503, {"Retry-After": "120"}), channel),
            reject=lambda: answering(Reply(404, body=b"no such hook"), channel),
            secrets=(WEBHOOK_SECRET, PASSWORD, TOKEN),
            more_failures=((refused, at(webhook_receiver.port)),),
        )


@pytest.fixture
def auth_smtp() -> Iterator[AuthSmtpSink]:
    sink = AuthSmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def contract_email(auth_smtp: AuthSmtpSink, closed_port: int) -> Contract:
    build = kinds.kind_for("email").build
    relay = SmtpSettings(
        host="127.0.0.1",
        port=auth_smtp.port,
        from_address="alerts@monitor.test",
        username=SMTP_USER,
        password=SMTP_PASSWORD,
        timeout=5,
    )

    def channel_with(settings: SmtpSettings) -> Channel:
        built = build(ChannelContext(smtp=settings))
        assert built is not None
        return built

    assert build(ChannelContext()) is None, "no channel without an SMTP relay"
    channel, target = channel_with(relay), EmailTarget(to=("desk@monitor.test",))

    def reject() -> tuple[Channel, Any]:
        auth_smtp.reject_next_data("550 5.7.1 refused by policy")
        auth_smtp.reject_next_data("550 5.7.1 refused by policy")
        return channel, target

    def seen() -> list[str]:
        ids = [str(m["Message-ID"]) for m in auth_smtp.messages]
        return [i.removeprefix("<").removesuffix("@asean-monitor>") for i in ids]

    wrong_password = channel_with(replace(relay, password="not-" + SMTP_PASSWORD))
    return Contract(
        channel,
        target,
        keys_seen=seen,
        down=lambda: (channel_with(replace(relay, port=closed_port)), target),
        reject=reject,
        secrets=(SMTP_PASSWORD,),
        more_failures=((wrong_password, target),),
    )


@pytest.fixture
def contract_apprise(json_endpoint: JsonEndpoint, closed_port: int) -> Contract:
    build = kinds.kind_for("apprise").build
    allowed = build(
        ChannelContext(guard=OutboundGuard(allow_private=True), timeouts={"apprise": 5})
    )
    refused = build(ChannelContext(guard=OutboundGuard(allow_private=False)))
    assert allowed is not None
    assert refused is not None

    def at(port: int) -> AppriseTarget:
        return AppriseTarget(url=f"json://{USER}:{PASSWORD}@127.0.0.1:{port}/notify")

    return Contract(
        allowed,
        at(json_endpoint.port),
        down=lambda: (allowed, at(closed_port)),
        reject=lambda: (refused, at(json_endpoint.port)),  # loopback, not allowed: for good
        secrets=(PASSWORD,),
        more_failures=((allowed, AppriseTarget(url=f"nosuchservice://{TOKEN}@host")),),
    )


@pytest.fixture
def contract_log() -> Iterator[Contract]:
    with structlog.testing.capture_logs() as logged:
        channel = kinds.kind_for("log").build(ChannelContext())
        assert channel is not None

        def seen() -> list[str]:
            return [str(e.get("idempotency_key") or e.get("digest_id")) for e in logged]

        yield Contract(channel, LogTarget(), keys_seen=seen)


def _published(kind: str, target: Any) -> Contract:
    channel = kinds.kind_for(kind).build(ChannelContext())
    assert channel is not None
    return Contract(channel, target)


@pytest.fixture
def contract_atom() -> Contract:
    return _published("atom", AtomTarget())


@pytest.fixture
def contract_sse() -> Contract:
    return _published("sse", SseTarget())


# ----------------------------------------------------------------------------- the suite


def test_every_registered_kind_has_a_contract() -> None:
    missing = [k for k in kinds.registered() if f"contract_{k}" not in globals()]
    assert missing == [], f"channel kinds without a contract fixture: {missing}"
    assert set(NOT_APPLICABLE) <= set(kinds.registered())
    for kind, excused in NOT_APPLICABLE.items():
        assert set(excused) <= set(PROMISES), kind
        assert all(reason.strip() for reason in excused.values()), kind
        assert "receipt" not in excused, f"{kind}: every channel delivers"


@pytest.mark.parametrize("contract", KINDS, indirect=True)
async def test_a_contract_provides_every_promise_not_excused(
    contract: Contract, request: pytest.FixtureRequest
) -> None:
    kind = request.node.callspec.params["contract"]
    excused = NOT_APPLICABLE.get(kind, {})
    provided = {p: contract.provides(p) for p in PROMISES}
    assert provided == {p: p not in excused for p in PROMISES}


@pytest.mark.parametrize("contract", applicable("receipt"), indirect=True)
async def test_a_delivered_message_returns_a_receipt(contract: Contract) -> None:
    receipt = await contract.channel.send(alert_message(), contract.target)
    digest = await digest_of(contract.channel, contract.target)
    assert isinstance(receipt, Receipt)
    assert isinstance(digest, Receipt)


@pytest.mark.parametrize("contract", applicable("down"), indirect=True)
async def test_a_receiver_that_is_down_is_a_temporary_failure_with_a_retry_time(
    contract: Contract,
) -> None:
    assert contract.down is not None
    for error in await failures(*contract.down()):
        assert not error.permanent, error
        later = retry_time(error)
        assert later is not None
        assert later > NOW


@pytest.mark.parametrize("contract", applicable("busy"), indirect=True)
async def test_a_receiver_that_asks_for_time_gets_it(contract: Contract) -> None:
    assert contract.busy is not None
    for error in await failures(*contract.busy()):
        assert (error.permanent, error.retry_after) == (False, 120)
        later = retry_time(error)
        assert later is not None
        assert later >= NOW + timedelta(seconds=120)


@pytest.mark.parametrize("contract", applicable("reject"), indirect=True)
async def test_a_refusal_for_good_is_permanent(contract: Contract) -> None:
    assert contract.reject is not None
    for error in await failures(*contract.reject()):
        assert error.permanent, error
        assert retry_time(error) is None, "straight to the dead letters"


@pytest.mark.parametrize("contract", applicable("key"), indirect=True)
async def test_the_idempotency_key_reaches_the_receiver(contract: Contract) -> None:
    assert contract.keys_seen is not None
    message = alert_message()
    await contract.channel.send(message, contract.target)
    await digest_of(contract.channel, contract.target)
    await contract.channel.send(message, contract.target)
    key = message.idempotency_key
    assert contract.keys_seen() == [key, digest_id("sub-1", END), key]


@pytest.mark.parametrize("contract", applicable("secrets"), indirect=True)
async def test_no_secret_appears_in_an_error_or_a_receipt(contract: Contract) -> None:
    errors: list[DeliveryError] = []
    for arrange in (contract.down, contract.busy, contract.reject):
        if arrange is not None:
            errors += await failures(*arrange())
    for channel, target in contract.more_failures:
        errors += await failures(channel, target)
    receipt = await contract.channel.send(alert_message(), contract.target)
    texts = [str(e) for e in errors] + [receipt.detail, str(receipt.message_id)]
    assert len(errors) >= 4, "every failing case was met"
    leaked = [(s, t) for t in texts for s in contract.secrets if s in t]
    assert leaked == []
