"""Subscription secrets: sealed in the log with a key kept outside it, redacted on every read.

What is secret: a webhook's HMAC ``secret`` and its URL (user name and password, query
values), an Apprise URL (its tokens and passwords sit anywhere in it), and any target field
named like a credential.  Such a target is written into ``subscription.created`` /
``subscription.changed`` (schema version 2) in two parts:

- ``target``: the target redacted (:func:`redact_target`), safe to show to anyone;
- ``sealed``: ``{"key": <key id>, "token": <Fernet token>}``, the whole clear target and the
  subscription's id encrypted with the secrets key (:class:`Keyring`, ``cryptography``'s
  Fernet: AES-128-CBC and HMAC-SHA256, authenticated).

The key lives outside the database: ``MONITOR_SECRETS_KEY`` or a key file (one Fernet key a
line, the first seals, every one opens; made by ``asean-monitor secrets keygen``).  A copy of the
log alone reveals nothing; a lost key makes the sealed secrets unreadable while the log still
verifies (its hashes are over the stored bytes): crypto-shredding.  A target that cannot be
opened fails its deliveries permanently with :class:`SecretUnavailableError`.

Events written before version 2 hold their target in clear; they stay (the log is append-only)
but every read path shows them through :func:`redact_event_data` / :func:`redacted_export`,
the one redaction used by the API, the dashboard, ``events``, ``audit trail`` and the CLI.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from alerts.errors import AlertsError, DeliveryError
from alerts.redaction import (
    has_secret,
    redact_target,
    redact_text,
)
from monitor.events import (
    AlertDelivered,
    AlertDeliveryFailed,
    SubscriptionChanged,
    SubscriptionCreated,
)
from store.files import PRIVATE_FILE, private_dir
from store.records import RecordedEvent

KEY_ENV = "MONITOR_SECRETS_KEY"
SUBSCRIPTION_TYPES = frozenset({SubscriptionCreated.type_name, SubscriptionChanged.type_name})
_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    AlertDelivered.type_name: ("detail",),
    AlertDeliveryFailed.type_name: ("error",),
}
_KEY_FILE_HEADER = (
    "# asean-monitor secrets key (Fernet). It decrypts the subscription secrets sealed in the\n"
    "# event log: keep it private and back it up apart from the database. The first key seals,\n"
    "# every key opens (put a new key on the first line to start sealing with it).\n"
)


class SecretsKeyError(AlertsError):
    """The secrets key is missing, unreadable or malformed: the message names where it looked
    and what was expected."""


class SecretUnavailableError(DeliveryError):
    """A sealed target cannot be opened (key lost or wrong, token damaged): permanent."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


# -- redaction of events ---------------------------------------------------------------------


def redact_event_data(type_name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An event's data as every read path shows it: a subscription's target redacted (old
    clear-text events included), URLs in delivery receipts and errors redacted.  Other events
    are returned as they are.

    Idempotent, and the identity on what this version writes: a version-2 subscription event
    (its target already redacted, its ``sealed`` copy ciphertext under a key that is never in
    the database) is shown exactly as stored, so the export of new events re-hashes to the
    log's chain; only events written before sealing differ from their stored bytes."""
    shown = dict(data)
    if type_name in SUBSCRIPTION_TYPES and isinstance(shown.get("target"), Mapping):
        shown["target"] = redact_target(shown["target"])
    for name in _TEXT_FIELDS.get(type_name, ()):
        if isinstance(shown.get(name), str):
            shown[name] = redact_text(shown[name])
    return shown


def redacted_export(event: RecordedEvent) -> dict[str, Any]:
    """:meth:`RecordedEvent.to_export` with its data through :func:`redact_event_data` (the
    ``hash`` stays the stored one; an event written before sealing is shown redacted, so its
    exported data no longer re-hashes to it)."""
    exported = event.to_export()
    exported["data"] = redact_event_data(event.type, exported["data"])
    return exported


# -- keys -----------------------------------------------------------------------------------------


def key_id(key: bytes) -> str:
    """A short public name of a key (12 hex digits of its SHA-256): which key sealed what."""
    return hashlib.sha256(b"asean-monitor secrets key|" + key).hexdigest()[:12]


def _checked_key(text: str, where: str) -> bytes:
    raw = text.strip().encode("ascii", "replace")
    try:
        Fernet(raw)
    except (ValueError, binascii.Error) as exc:
        raise SecretsKeyError(
            f"{where}: not a secrets key (expected 32 bytes in URL-safe base64, 44 characters, "
            "as `asean-monitor secrets keygen` writes)"
        ) from exc
    return raw


@dataclass(frozen=True)
class Keyring:
    """The secrets keys: the first seals, every one opens.  ``where`` says where they were
    looked for (for messages).  An empty keyring opens and seals nothing."""

    keys: tuple[bytes, ...]
    where: str

    @classmethod
    def generate(cls, where: str = "a generated key") -> Keyring:
        return cls((Fernet.generate_key(),), where)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(key_id(k) for k in self.keys)

    def seal(self, subscription_id: str, target: Mapping[str, Any]) -> dict[str, str]:
        """``{"key": id, "token": …}``: the clear target bound to its subscription."""
        if not self.keys:
            raise SecretsKeyError(
                f"no secrets key ({self.where}): make one with `asean-monitor secrets keygen`"
            )
        plain = json.dumps(
            {"subscription_id": subscription_id, "target": dict(target)},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode("utf-8")
        token = Fernet(self.keys[0]).encrypt(plain).decode("ascii")
        return {"key": key_id(self.keys[0]), "token": token}

    def open(self, subscription_id: str, sealed: Mapping[str, Any]) -> dict[str, Any]:
        """The clear target; :class:`SecretUnavailableError` saying why it cannot be had."""
        wanted = str(sealed.get("key"))
        advice = (
            "the subscription cannot deliver until it is made again with a new secret "
            "(see docs/security.md, 'Rotating secrets')"
        )
        key = next((k for k in self.keys if key_id(k) == wanted), None)
        if key is None:
            have = ", ".join(self.ids) or "none"
            raise SecretUnavailableError(
                f"the secret of subscription {subscription_id} cannot be decrypted: it was "
                f"sealed with secrets key {wanted}, which is not available ({self.where}; keys "
                f"held: {have}); {advice}"
            )
        try:
            plain = json.loads(Fernet(key).decrypt(str(sealed.get("token", "")).encode("ascii")))
        except (InvalidToken, ValueError, UnicodeError) as exc:
            raise SecretUnavailableError(
                f"the secret of subscription {subscription_id} cannot be decrypted with secrets "
                f"key {wanted}: the sealed token is damaged; {advice}"
            ) from exc
        if plain.get("subscription_id") != subscription_id:
            raise SecretUnavailableError(
                f"the sealed secret of subscription {subscription_id} belongs to subscription "
                f"{plain.get('subscription_id')}: refused; {advice}"
            )
        target: dict[str, Any] = plain["target"]
        return target


def seal_target(
    subscription_id: str, target: Mapping[str, Any], keyring: Keyring | None
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """``(shown, sealed)`` for an event: a target without secrets is shown whole (sealed None);
    one with secrets is shown redacted and sealed whole with ``keyring``."""
    if not has_secret(target):
        return dict(target), None
    if keyring is None:
        raise SecretsKeyError(
            f"a {target.get('type')} target carries secrets, which are sealed with the secrets "
            f"key; none was given ({KEY_ENV} or the key file)"
        )
    return redact_target(target), keyring.seal(subscription_id, target)


def read_key_file(path: Path) -> tuple[bytes, ...]:
    """The keys in a key file (comment lines and blank lines skipped)."""
    try:
        text = path.read_text("utf-8")
    except UnicodeError as exc:
        raise SecretsKeyError(f"{path}: not a secrets key file (not UTF-8 text)") from exc
    except OSError as exc:
        raise SecretsKeyError(f"{path}: cannot read the secrets key: {exc.strerror}") from exc
    lines = [line.strip() for line in text.splitlines()]
    keys = tuple(
        _checked_key(line, f"{path} line {n}")
        for n, line in enumerate(lines, 1)
        if line and not line.startswith("#")
    )
    if not keys:
        raise SecretsKeyError(f"{path}: no key in the file (expected one Fernet key a line)")
    return keys


def load_keyring(env_value: str | None, key_file: Path) -> Keyring:
    """``MONITOR_SECRETS_KEY`` (keys separated by commas) when set, else the key file; an
    empty keyring when neither exists.  A malformed key raises :class:`SecretsKeyError`."""
    if env_value is not None and env_value.strip():
        parts = [p for p in env_value.split(",") if p.strip()]
        keys = tuple(_checked_key(p, KEY_ENV) for p in parts)
        return Keyring(keys, f"from {KEY_ENV}")
    if not key_file.exists():
        return Keyring((), f"{KEY_ENV} unset; no key file at {key_file}")
    return Keyring(read_key_file(key_file), f"key file {key_file}")


def write_key_file(path: Path) -> Keyring:
    """Make a new key file at ``path`` (``0600``, its directory ``0700`` when made); refuses to
    overwrite (``FileExistsError``)."""
    key = Fernet.generate_key()
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        os.write(fd, _KEY_FILE_HEADER.encode("utf-8") + key + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return Keyring((key,), f"key file {path}")


def sealing_keyring(
    env_value: str | None, key_file: Path, used: Callable[[], Iterable[str]]
) -> Keyring:
    """The keyring to seal a new secret with.  With no key anywhere, the key file is made on
    this first use, unless the log already holds secrets sealed with a key (``used()``: their
    key ids, asked only then): then the missing key is reported instead of silently
    replaced."""
    keyring = load_keyring(env_value, key_file)
    if keyring.keys:
        return keyring
    earlier = sorted(set(used()))
    if earlier:
        raise SecretsKeyError(
            f"no secrets key ({keyring.where}), but the log holds secrets sealed with key "
            f"{', '.join(earlier)}: point MONITOR_SECRETS_KEY_FILE or {KEY_ENV} at that key, "
            "or make a new one with `asean-monitor secrets keygen` (the old secrets stay "
            "unreadable)"
        )
    try:
        return write_key_file(key_file)
    except FileExistsError:  # made meanwhile by another process
        return load_keyring(None, key_file)
    except OSError as exc:
        raise SecretsKeyError(f"{key_file}: cannot write a secrets key: {exc.strerror}") from exc


def sealed_key_ids(events: Iterable[RecordedEvent]) -> set[str]:
    """The ids of the keys that sealed the secrets in these subscription events."""
    found: set[str] = set()
    for event in events:
        if event.type in SUBSCRIPTION_TYPES:
            sealed = event.data_dict().get("sealed")
            if isinstance(sealed, Mapping) and sealed.get("key"):
                found.add(str(sealed["key"]))
    return found
