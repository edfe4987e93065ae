"""One guard for every outbound request of the alert side (issue 15): every allowed Apprise
scheme reaches a real endpoint on 127.0.0.1 only when private networks are allowed, every
other scheme is refused, and subscribe refuses what delivery would refuse.

Vendor services (Slack, Telegram …) are tested by a resolver that answers their names with a
TLS endpoint on 127.0.0.1 and refuses every other name: nothing leaves the machine, and what
the guard vets is the name the plugin really connects to.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alerts.channels import AppriseChannel, EmailChannel
from alerts.channels.apprise_channel import ALLOWED_SCHEMES, check_url
from alerts.errors import DeliveryError, SubscriptionError
from alerts.model import AppriseTarget, EmailTarget, WebhookTarget
from monitor.delivery.assembly import channels, webhook_client
from monitor.delivery.outbound import OutboundGuard, check_target
from monitor.settings import load_settings
from tests.support.databases import sqlite_url_for
from tests.support.receivers import (
    WEBHOOK_SECRET,
    JsonEndpoint,
    Reply,
    SmtpSink,
    _Recorder,
    alert_message,
    free_port,
    json_endpoint_fixture,
    smtp_sink_fixture,
)

__all__ = ["json_endpoint_fixture", "smtp_sink_fixture"]

ROOT = Path(__file__).resolve().parents[2]
ALLOW = load_settings({"MONITOR_ALLOW_PRIVATE_NETWORKS": "1"})
DENY = load_settings({})

VENDOR_HOSTS = {
    "slack": "hooks.slack.com",
    "tgram": "api.telegram.org",
    "discord": "discord.com",
    "pover": "api.pushover.net",
    "gchat": "chat.googleapis.com",
    "ntfy": "ntfy.sh",
}

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


# ------------------------------------------------------------------------------------ helpers


def _certificate(directory: Path) -> ssl.SSLContext:
    """A server context with a self-signed certificate (clients here say verify=no)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    return _certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_endpoint(tls_context: ssl.SSLContext) -> Iterator[JsonEndpoint]:
    """A :class:`JsonEndpoint` speaking HTTPS on 127.0.0.1."""
    server = JsonEndpoint()
    server._http.socket = tls_context.wrap_socket(server._http.socket, server_side=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtps_sink(tls_context: ssl.SSLContext) -> Iterator[_Recorder]:
    """An SMTP server on 127.0.0.1 speaking TLS from the first byte (``mailtos://``)."""
    recorder = _Recorder()
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), ssl_context=tls_context
    )
    controller.start()
    recorder.port = controller.port  # type: ignore[attr-defined]
    yield recorder
    controller.stop()


class LoopbackResolver:
    """``getaddrinfo`` for the tests: vendor names answer with 127.0.0.1 and the port of a
    local endpoint; IP literals and ``localhost`` answer as themselves; any other name is an
    error, so no test ever asks the network.  ``asked`` lists the names it was asked."""

    def __init__(self, names: dict[str, int] | None = None) -> None:
        self.names = dict(names or {})
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        with self._lock:
            self.asked.append(name)
        if name in self.names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", self.names[name]))]
        if name == "localhost":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]
        try:
            return socket.getaddrinfo(
                name, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST
            )
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, f"test resolver: no {name!r}") from None


def guard(allow: bool, resolver: LoopbackResolver | None = None) -> OutboundGuard:
    return OutboundGuard(allow_private=allow, getaddrinfo=resolver or LoopbackResolver())


async def _send(channel: AppriseChannel, url: str, digest: bool) -> None:
    if not digest:
        await channel.send(alert_message(), AppriseTarget(url=url))
        return
    start = dt.datetime(2025, 10, 26, tzinfo=dt.UTC)
    await channel.send_digest(
        [alert_message()],
        AppriseTarget(url=url),
        period_start=start,
        period_end=start + dt.timedelta(days=1),
        subscription_name="US desk",
    )


async def refused(channel: AppriseChannel, url: str, *, digest: bool = False) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        await _send(channel, url, digest)
    assert caught.value.permanent, caught.value
    return caught.value


# ---------------------------------------------------------- schemes that name their own host

PLAIN_NAMED = {
    "json": "json://{host}:{port}/notify",
    "form": "form://{host}:{port}/notify",
    "ntfy": "ntfy://{host}:{port}/asean-desk",
    "gotify": "gotify://{host}:{port}/Atoken0123456789",
    "mmost": "mmost://{host}:{port}/token0123456789abcdef",
    "apprise": "apprise://{host}:{port}/asean-key",
}


@pytest.mark.parametrize("scheme", sorted(PLAIN_NAMED))
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_a_named_host_on_loopback_is_reached_only_when_private_networks_are_allowed(
    json_endpoint: JsonEndpoint, scheme: str, host: str
) -> None:
    url = PLAIN_NAMED[scheme].format(host=host, port=json_endpoint.port)
    error = await refused(AppriseChannel(timeout=5, guard=guard(False)), url)
    assert "loopback" in str(error)
    assert "MONITOR_ALLOW_PRIVATE_NETWORKS" in str(error)
    assert json_endpoint.received == []
    with pytest.raises(SubscriptionError, match="loopback"):
        await check_target(AppriseTarget(url=url), guard(False))

    await check_target(AppriseTarget(url=url), guard(True))
    receipt = await AppriseChannel(timeout=5, guard=guard(True)).send(
        alert_message(), AppriseTarget(url=url)
    )
    assert receipt.message_id == alert_message().idempotency_key
    assert len(json_endpoint.received) == 1


SECURE_NAMED = {
    "jsons": "jsons://127.0.0.1:{port}/notify?verify=no",
    "forms": "forms://127.0.0.1:{port}/notify?verify=no",
    "ntfys": "ntfys://127.0.0.1:{port}/asean-desk?verify=no",
    "gotifys": "gotifys://127.0.0.1:{port}/Atoken0123456789?verify=no",
    "mmosts": "mmosts://127.0.0.1:{port}/token0123456789abcdef?verify=no",
    "apprises": "apprises://127.0.0.1:{port}/asean-key?verify=no",
}


@pytest.mark.parametrize("scheme", sorted(SECURE_NAMED))
async def test_the_https_variants_are_vetted_the_same_way(
    tls_endpoint: JsonEndpoint, scheme: str
) -> None:
    url = SECURE_NAMED[scheme].format(port=tls_endpoint.port)
    assert "loopback" in str(await refused(AppriseChannel(timeout=5, guard=guard(False)), url))
    assert tls_endpoint.received == []
    await AppriseChannel(timeout=5, guard=guard(True)).send(alert_message(), AppriseTarget(url=url))
    assert len(tls_endpoint.received) == 1


# ------------------------------------------------------------------------------------ e-mail


async def test_mailto_names_an_smtp_host_that_is_vetted(smtp_sink: SmtpSink) -> None:
    url = f"mailto://127.0.0.1:{smtp_sink.port}?from=alerts@example.org&to=desk@example.org"
    assert check_url(url).hosts == (("127.0.0.1", smtp_sink.port),)
    assert "loopback" in str(await refused(AppriseChannel(timeout=5, guard=guard(False)), url))
    assert smtp_sink.messages == []
    with pytest.raises(SubscriptionError, match="loopback"):
        await check_target(AppriseTarget(url=url), guard(False))
    await AppriseChannel(timeout=5, guard=guard(True)).send(alert_message(), AppriseTarget(url=url))
    [mail] = smtp_sink.messages
    assert "ASEAN-US" in str(mail["Subject"])


async def test_mailto_with_a_separate_smtp_server_vets_that_server(smtp_sink: SmtpSink) -> None:
    """The address's domain is public-looking; the ``smtp=`` server is what is connected to."""
    url = (
        f"mailto://alerts@example.org:{smtp_sink.port}?smtp=localhost&to=desk@example.org"
        "&from=alerts@example.org"
    )
    assert check_url(url).hosts == (("localhost", smtp_sink.port),)
    assert "'localhost'" in str(await refused(AppriseChannel(timeout=5, guard=guard(False)), url))
    assert smtp_sink.messages == []


async def test_mailtos_over_tls_is_vetted(smtps_sink: _Recorder) -> None:
    port = smtps_sink.port  # type: ignore[attr-defined]
    query = "from=alerts@example.org&to=desk@example.org&mode=ssl&verify=no"
    url = f"mailtos://127.0.0.1:{port}?{query}"
    assert "loopback" in str(await refused(AppriseChannel(timeout=5, guard=guard(False)), url))
    assert smtps_sink.messages == []
    await AppriseChannel(timeout=5, guard=guard(True)).send(alert_message(), AppriseTarget(url=url))
    assert len(smtps_sink.messages) == 1


# --------------------------------------------------------------------------- vendor services

VENDOR_URLS = {
    "slack": ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/?verify=no", "/services/"),
    "tgram": ("tgram://123456789:abcdefg_hijklmnop/12315544/?verify=no", "/bot123456789:"),
    "discord": ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js?verify=no", "/api/webhooks/"),
    "pover": (
        "pover://uQiRzpo4DXghDmr9QzzfQu27cmVRsG@azGDORePK8gMaC0QOYAMyEEuzJnyUi?verify=no",
        "/1/messages.json",
    ),
    "gchat": ("gchat://workspace/key/token?verify=no", "/v1/spaces/workspace/messages"),
    "ntfy": ("ntfys://asean-desk?verify=no", "/"),
}


@pytest.mark.parametrize("service", sorted(VENDOR_URLS))
async def test_a_vendor_service_is_vetted_by_the_name_its_plugin_connects_to(
    tls_endpoint: JsonEndpoint, service: str
) -> None:
    url, path = VENDOR_URLS[service]
    vendor = VENDOR_HOSTS[service]
    assert check_url(url).hosts == ()  # nothing the user named: the service's own host
    resolver = LoopbackResolver({vendor: tls_endpoint.port})
    error = await refused(AppriseChannel(timeout=5, guard=guard(False, resolver)), url)
    assert f"'{vendor}'" in str(error)
    assert "loopback" in str(error)
    assert tls_endpoint.received == []
    assert vendor in resolver.asked

    if service == "slack":
        tls_endpoint.script(Reply(200, {"Content-Type": "text/plain"}, b"ok"))
    allowed = guard(True, LoopbackResolver({vendor: tls_endpoint.port}))
    await AppriseChannel(timeout=5, guard=allowed).send(alert_message(), AppriseTarget(url=url))
    [seen] = tls_endpoint.received
    assert seen.path.startswith(path)
    assert seen.headers["host"] == vendor


# ---------------------------------------------------------------------------- refused schemes


@pytest.fixture
def udp_listener() -> Iterator[socket.socket]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(0.5)
    yield listener
    listener.close()


@pytest.mark.parametrize("allow", [False, True])
async def test_xml_syslog_rsyslog_and_unknown_schemes_are_refused_whatever_the_setting(
    json_endpoint: JsonEndpoint, udp_listener: socket.socket, allow: bool
) -> None:
    http = json_endpoint.port
    udp = udp_listener.getsockname()[1]
    urls = [
        f"xml://127.0.0.1:{http}/notify",
        f"xmls://127.0.0.1:{http}/notify",
        "syslog://",
        "syslog://local5",
        f"rsyslog://127.0.0.1:{udp}/local5",
        f"https://127.0.0.1:{http}/services/T1/B2/C3",  # Apprise reads some https:// URLs
        f"http://127.0.0.1:{http}/hook",
        "nosuchscheme://127.0.0.1/x",
        "not an url",
    ]
    channel = AppriseChannel(timeout=3, guard=guard(allow))
    for url in urls:
        error = await refused(channel, url)
        scheme = url.partition("://")[0]
        assert "not allowed" in str(error) or "not an Apprise URL" in str(error), error
        if "://" in url:
            assert f"'{scheme}'" in str(error)
        with pytest.raises(SubscriptionError, match=r"target\.url"):
            await check_target(AppriseTarget(url=url), guard(allow))
    assert json_endpoint.received == []
    with pytest.raises(TimeoutError):
        udp_listener.recvfrom(4096)


async def test_a_list_of_urls_cannot_smuggle_a_refused_scheme(
    json_endpoint: JsonEndpoint,
) -> None:
    """``Apprise.add`` splits on commas and spaces; the channel sends one URL, as checked."""
    first = f"json://127.0.0.1:{json_endpoint.port}/first"
    second = f"xml://127.0.0.1:{json_endpoint.port}/second"
    channel = AppriseChannel(timeout=5, guard=guard(True))
    with pytest.raises(DeliveryError, match="one URL only"):
        await channel.send(alert_message(), AppriseTarget(url=f"{first} {second}"))
    await channel.send(alert_message(), AppriseTarget(url=f"{first},{second}"))
    assert [r.path.split("%")[0] for r in json_endpoint.received] == ["/first"]


def test_the_allow_list_is_what_the_docs_say() -> None:
    docs = (ROOT / "docs" / "alerts-channels.md").read_text(encoding="utf-8")
    for scheme in ALLOWED_SCHEMES:
        assert f"`{scheme}`" in docs, scheme
    assert not {"xml", "xmls", "syslog", "rsyslog"} & set(ALLOWED_SCHEMES)


# ------------------------------------------------------------- connections, not only the URL


async def test_a_redirect_to_a_refused_address_is_refused(json_endpoint: JsonEndpoint) -> None:
    """The first hop is allowed (127.0.0.1/32 only); the redirect to 127.0.0.2 is vetted at
    the connection and refused, though the URL itself passed."""
    target = f"http://127.0.0.2:{json_endpoint.port}/inside"
    json_endpoint.script(Reply(302, {"Location": target}))
    narrow = OutboundGuard(
        allow_private=False, allowed_networks=["127.0.0.1/32"], getaddrinfo=LoopbackResolver()
    )
    url = f"json://127.0.0.1:{json_endpoint.port}/outside"
    error = await refused(AppriseChannel(timeout=5, guard=narrow), url)
    assert "127.0.0.2" in str(error)
    assert [r.path for r in json_endpoint.received] == ["/outside"]


async def test_a_name_that_turns_private_after_the_check_is_refused_at_the_connection(
    json_endpoint: JsonEndpoint,
) -> None:
    """DNS rebinding: the name is public when vetted before the send, loopback when the
    plugin resolves it to connect; the connection goes nowhere."""

    class Rebinding(LoopbackResolver):
        def __call__(self, host: Any, port: Any, *a: Any, **k: Any) -> list[tuple[Any, ...]]:
            if host == "rebind.example":
                self.asked.append(host)
                if len(self.asked) == 1:
                    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
            return super().__call__(host, port, *a, **k)

    resolver = Rebinding()
    url = f"json://rebind.example:{json_endpoint.port}/x"
    error = await refused(AppriseChannel(timeout=5, guard=guard(False, resolver)), url)
    assert "loopback" in str(error)
    assert resolver.asked == ["rebind.example", "rebind.example"]
    assert json_endpoint.received == []


async def test_code_outside_a_guarded_block_resolves_as_before() -> None:
    guard(False)  # installs the gated getaddrinfo
    answers = await asyncio.to_thread(
        socket.getaddrinfo, "127.0.0.1", 80, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST
    )
    assert answers[0][4][0] == "127.0.0.1"


# --------------------------------------------------------------------- the daemon's wiring


@pytest.mark.parametrize("scheme", ["json", "form"])
async def test_the_daemons_channels_refuse_apprise_to_loopback_unless_allowed(
    json_endpoint: JsonEndpoint, scheme: str
) -> None:
    """Issue 15: ``json://127.0.0.1:PORT/…`` and ``form://localhost…`` POSTed to loopback
    while webhooks in the same run were refused."""
    host = "127.0.0.1" if scheme == "json" else "localhost"
    url = f"{scheme}://{host}:{json_endpoint.port}/notify"
    async with webhook_client(DENY) as client:
        channel = channels(DENY, client).channel_for(AppriseTarget(url=url))
        assert isinstance(channel, AppriseChannel)
        assert "loopback" in str(await refused(channel, url))
        assert "loopback" in str(await refused(channel, url, digest=True))
    assert json_endpoint.received == []
    async with webhook_client(ALLOW) as client:
        channel = channels(ALLOW, client).channel_for(AppriseTarget(url=url))
        await channel.send(alert_message(), AppriseTarget(url=url))
    assert len(json_endpoint.received) == 1


async def test_the_operators_smtp_relay_is_trusted(smtp_sink: SmtpSink) -> None:
    """MONITOR_SMTP_HOST is the operator's choice (docs/security.md): a relay on 127.0.0.1
    is used without MONITOR_ALLOW_PRIVATE_NETWORKS; subscriptions name recipients only."""
    settings = load_settings(
        {"MONITOR_SMTP_HOST": "127.0.0.1", "MONITOR_SMTP_PORT": str(smtp_sink.port)}
    )
    async with webhook_client(settings) as client:
        channel = channels(settings, client).channel_for(EmailTarget(to=("desk@example.org",)))
        assert isinstance(channel, EmailChannel)
        await channel.send(alert_message(), EmailTarget(to=("desk@example.org",)))
    assert len(smtp_sink.messages) == 1


async def test_a_webhook_digest_is_guarded_too(json_endpoint: JsonEndpoint) -> None:
    from alerts.channels import WebhookChannel

    target = WebhookTarget.model_validate(
        {"url": json_endpoint.url("/hook"), "secret": WEBHOOK_SECRET}
    )
    start = dt.datetime(2025, 10, 26, tzinfo=dt.UTC)
    async with webhook_client(DENY) as client:
        with pytest.raises(DeliveryError) as caught:
            await WebhookChannel(client).send_digest(
                [alert_message()],
                target,
                period_start=start,
                period_end=start + dt.timedelta(days=1),
                subscription_name="US desk",
            )
    assert caught.value.permanent
    assert "loopback" in str(caught.value)
    assert json_endpoint.received == []


async def test_check_target_refuses_a_webhook_to_loopback() -> None:
    target = WebhookTarget.model_validate(
        {"url": "http://127.0.0.1:9/hook", "secret": WEBHOOK_SECRET}
    )
    with pytest.raises(SubscriptionError, match=r"target\.url: .*loopback"):
        await check_target(target, guard(False))
    await check_target(target, guard(True))


# -------------------------------------------------------------------------- subscribe (CLI)


def _subscribe(tmp_path: Path, *args: str, allow: bool) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")},
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "PYTHONPATH": str(ROOT),
    }
    if allow:
        env["MONITOR_ALLOW_PRIVATE_NETWORKS"] = "1"
    command = [sys.executable, "-m", "monitor", "subscribe", "--name", "desk", *args]
    return subprocess.run(
        command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.slow  # the CLI as a process (check_target is tested fast above)
def test_subscribe_refuses_an_apprise_url_to_loopback_with_one_clear_line(
    tmp_path: Path, json_endpoint: JsonEndpoint
) -> None:
    url = f"json://127.0.0.1:{json_endpoint.port}/notify"
    refused_run = _subscribe(tmp_path, "--apprise", url, allow=False)
    assert refused_run.returncode == 2, refused_run.stderr
    lines = refused_run.stderr.strip().splitlines()
    assert len(lines) == 1, refused_run.stderr
    assert "loopback" in lines[0]
    assert "MONITOR_ALLOW_PRIVATE_NETWORKS" in lines[0]
    assert "Traceback" not in refused_run.stderr
    made = _subscribe(tmp_path, "--apprise", url, allow=True)
    assert made.returncode == 0, made.stderr


@pytest.mark.slow  # the CLI as a process (check_target is tested fast above)
def test_subscribe_refuses_a_scheme_outside_the_allow_list(tmp_path: Path) -> None:
    result = _subscribe(tmp_path, "--apprise", "rsyslog://203.0.113.9/local5", allow=True)
    assert result.returncode == 2, result.stderr
    assert "'rsyslog' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # the CLI as a process (check_target is tested fast above)
def test_subscribe_refuses_a_webhook_to_loopback(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    args = ("--webhook", url, "--secret", WEBHOOK_SECRET)
    result = _subscribe(tmp_path, *args, allow=False)
    assert result.returncode == 2, result.stderr
    assert "loopback" in result.stderr
    assert _subscribe(tmp_path, *args, allow=True).returncode == 0
