"""What the channel contract suite (``tests/alerts/test_channel_contract.py``) needs of each
channel kind, and an SMTP server that wants a password.

A :class:`Contract` is one kind's channel, built by its registered ``build``, in front of a
real receiver on 127.0.0.1, with the means to make that receiver accept, be down, ask for time
or refuse for good.  A field left None is a promise the kind cannot keep by its nature; the
suite holds the reasons (``NOT_APPLICABLE``) and checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from alerts.channels import Channel
from tests.support.receivers import SmtpSink

Arrange = Callable[[], tuple[Channel, Any]]
SMTP_USER = "monitor-relay"
SMTP_PASSWORD = "smtp-pa55word-7Q2"


@dataclass
class Contract:
    """One kind in front of its receiver.

    ``target``: the receiver accepts (2xx, 250, written).  ``keys_seen``: the idempotency keys
    the receiver was handed, in order (None: the channel cannot carry one).  Each of ``down``
    (the receiver is not there), ``busy`` (it asks for 120 s) and ``reject`` (it refuses for
    good) arranges its case and gives the channel and target that meet it.  ``secrets``: what
    no error text may hold; ``more_failures``: other failing (channel, target) pairs whose
    texts are checked for them too."""

    channel: Channel
    target: Any
    keys_seen: Callable[[], list[str]] | None = None
    down: Arrange | None = None
    busy: Arrange | None = None
    reject: Arrange | None = None
    secrets: tuple[str, ...] = ()
    more_failures: tuple[tuple[Channel, Any], ...] = ()

    def provides(self, promise: str) -> bool:
        """Whether this contract can be held to ``promise`` (see the suite's PROMISES)."""
        found: dict[str, object] = {
            "receipt": self.target,
            "down": self.down,
            "busy": self.busy,
            "reject": self.reject,
            "key": self.keys_seen,
            "secrets": self.secrets,
        }
        return bool(found[promise])


def _authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # a refusal is answered 535


class AuthSmtpSink(SmtpSink):
    """An :class:`~tests.support.receivers.SmtpSink` that wants ``SMTP_USER`` and
    ``SMTP_PASSWORD`` (AUTH PLAIN, without TLS: it is loopback)."""

    def __init__(self) -> None:
        super().__init__()
        self._controller = Controller(
            self.recorder,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=_authenticate,
            auth_required=True,
            auth_require_tls=False,
            auth_exclude_mechanism=["LOGIN"],  # smtplib then tries PLAIN only: a 535 comes back
        )
