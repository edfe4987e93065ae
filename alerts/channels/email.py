"""Email channel: plain text and an HTML alternative over SMTP (``smtplib`` in a worker thread).

The ``Message-ID`` is derived from the idempotency key (``<key@asean-monitor>``), so a resend
of the same alert is recognisable by the receiving side.  An SMTP 5xx reply is a permanent
failure; a 4xx reply, a refused connection, a timeout or a dropped session is temporary.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from functools import partial

import anyio.to_thread

from alerts.channels.port import ChannelContext, ChannelKind
from alerts.errors import DeliveryError
from alerts.model import AlertMessage, EmailTarget, Receipt
from alerts.payloads import digest_key
from alerts.render import PRODUCT, Rendering, render_alert, render_digest

MESSAGE_ID_DOMAIN = "asean-monitor"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
_DOT_ATOM = re.compile(r"^[A-Za-z0-9_+=-]+(?:\.[A-Za-z0-9_+=-]+)*$")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to submit mail.  ``starttls`` upgrades the session before any login."""

    host: str
    from_address: str
    port: int = 25
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0


def message_id_for(key: str) -> str:
    """``<key@asean-monitor>``; a key that is not a plain dot-atom is replaced by its hash."""
    local = key if _DOT_ATOM.match(key) and len(key) <= 200 else _hashed(key)
    return f"<{local}@{MESSAGE_ID_DOMAIN}>"


def _header(text: str) -> str | Header:
    """ASCII as is; anything else as RFC 2047 words that keep every space.

    (``email.policy.default`` drops the space between two encoded words when it folds a
    subject such as "Hà Nội", so the compat32 ``Header`` does the encoding.)
    """
    return text if text.isascii() else Header(text, "utf-8")


def _hashed(key: str) -> str:
    return "k" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


@dataclass(frozen=True)
class _Envelope:
    message_id: str
    alert_ids: tuple[str, ...]
    rendering: Rendering


class EmailChannel:
    """Sends alerts and digests to ``EmailTarget.to`` through the SMTP server in ``settings``."""

    def __init__(
        self, settings: SmtpSettings, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._settings = settings
        self._clock = clock

    async def send(self, message: AlertMessage, target: EmailTarget) -> Receipt:
        envelope = _Envelope(
            message_id_for(message.idempotency_key), (message.alert_id,), render_alert(message)
        )
        return await self._submit(envelope, target)

    async def send_digest(
        self,
        messages: Sequence[AlertMessage],
        target: EmailTarget,
        *,
        period_start: datetime,
        period_end: datetime,
        subscription_name: str,
        subscription_id: str | None = None,
    ) -> Receipt:
        rendering = render_digest(
            messages,
            subscription_name=subscription_name,
            period_start=period_start,
            period_end=period_end,
        )
        key = digest_key(messages, period_end, subscription_id)
        envelope = _Envelope(message_id_for(key), tuple(m.alert_id for m in messages), rendering)
        return await self._submit(envelope, target)

    def _compose(self, envelope: _Envelope, target: EmailTarget) -> Message:
        for address in (self._settings.from_address, *target.to):
            if _UNSAFE.search(address):
                raise DeliveryError(
                    f"email address {address!r} has control characters", permanent=True
                )
        mail = MIMEMultipart("alternative")
        mail["Subject"] = _header(envelope.rendering.subject)  # type: ignore[assignment]
        mail["From"] = self._settings.from_address
        mail["To"] = ", ".join(target.to)
        mail["Date"] = format_datetime(self._clock())
        mail["Message-ID"] = envelope.message_id
        mail["Auto-Submitted"] = "auto-generated"
        mail["X-Mailer"] = PRODUCT
        mail["X-Asean-Monitor-Alert-Ids"] = " ".join(envelope.alert_ids)[:900]
        mail.attach(MIMEText(envelope.rendering.text, "plain", "utf-8"))
        mail.attach(MIMEText(envelope.rendering.html, "html", "utf-8"))
        return mail

    async def _submit(self, envelope: _Envelope, target: EmailTarget) -> Receipt:
        mail = self._compose(envelope, target)
        submit = partial(_submit_blocking, self._settings, mail, list(target.to))
        refused = await anyio.to_thread.run_sync(submit)
        detail = f"refused: {', '.join(sorted(refused))}" if refused else "accepted"
        return Receipt(250, envelope.message_id, detail=detail)


def _submit_blocking(settings: SmtpSettings, mail: Message, to: list[str]) -> list[str]:
    """Submit ``mail``; the recipients refused while others were accepted.  Raises DeliveryError."""
    where = f"SMTP {settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username is not None:
                smtp.login(settings.username, settings.password or "")
            refused = smtp.send_message(mail, settings.from_address, to)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        raise DeliveryError(
            f"{where}: every recipient refused: {exc.recipients}",
            status=min(codes, default=None),
            permanent=permanent,
        ) from exc
    except smtplib.SMTPResponseException as exc:
        reply = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        raise DeliveryError(
            f"{where}: {exc.smtp_code} {reply}",
            status=exc.smtp_code,
            permanent=500 <= exc.smtp_code < 600,
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"{where}: {exc} (check the STARTTLS setting)", permanent=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from exc
    return sorted(refused)


def build(context: ChannelContext) -> EmailChannel | None:
    """The e-mail channel when the operator configured an SMTP relay (MONITOR_SMTP_HOST)."""
    return EmailChannel(context.smtp) if context.smtp is not None else None


CHANNEL = ChannelKind(
    "email", EmailTarget, build, "e-mail (text and HTML) through the operator's SMTP relay"
)
