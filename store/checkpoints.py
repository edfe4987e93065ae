"""Signed checkpoints: ``(position, hash)`` of the log, signed with Ed25519, kept outside it.

A checkpoint file is JSON::

    {"format": "asean-monitor-checkpoint/1", "position": 1234, "hash": "…",
     "created_at": "2026-05-03T08:00:00.000000Z", "key_id": "…", "signature": "…"}

The signature covers the canonical JSON of every other field.  Verification trusts only the
public key it is given (never a key named inside the file), so a checkpoint signed with any
other key is refused.

:func:`write` never replaces a file: the document goes to a temporary file in the target's
directory, is flushed to disk, and is then linked to its name, which fails if the name is
taken.  A full disk or a kill leaves either no checkpoint or a whole one, and an existing
checkpoint keeps its bytes.  A key or checkpoint file that cannot be used raises
:class:`~store.errors.CheckpointError` naming the file and what was expected.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from store.clock import format_time
from store.codec import canonical_json
from store.errors import CheckpointError
from store.files import PRIVATE_FILE, private_dir

FORMAT = "asean-monitor-checkpoint/1"
_PRIVATE = (
    "an Ed25519 private key in PEM (PKCS#8, unencrypted), as `asean-monitor audit keygen` writes"
)
_PUBLIC = "an Ed25519 public key in PEM, as `asean-monitor audit public-key` prints"
_DOCUMENT = (
    f"a signed checkpoint (JSON, format {FORMAT!r}, as `asean-monitor audit checkpoint` writes)"
)
_FIELDS = ("format", "position", "hash", "created_at", "key_id")
# Errors of file systems without hard links, where write() falls back to a checked rename.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


@dataclass(frozen=True, slots=True)
class Checkpoint:
    position: int
    hash: str
    created_at: str
    key_id: str


def generate_key(path: Path) -> Ed25519PrivateKey:
    """Write a new private key (PEM, PKCS#8, ``0600`` in a directory made ``0700``) and
    return it."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)
        handle.write(pem)
    return key


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The signing key at ``path``; :class:`CheckpointError` naming it if it is not usable."""
    data = _read(path, "signing key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CheckpointError(f"{path}: expected {_PRIVATE}; {_reason(exc)}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path}: expected {_PRIVATE}; it holds another kind of key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from a public PEM, or the public half of a private PEM."""
    data = _read(path, "public key")
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise CheckpointError(f"{path}: expected {_PUBLIC}; {_reason(exc)}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path}: expected {_PUBLIC}; it holds another kind of key")
    return key


def _reason(exc: Exception) -> str:
    """A library's complaint about a key, in a few words (its messages carry URLs)."""
    if isinstance(exc, TypeError):
        return "it is encrypted with a password"
    if isinstance(exc, UnsupportedAlgorithm):
        return "its algorithm is not supported"
    text = str(exc)
    if "PEM" in text or "deserialize" in text or "decode" in text:
        return "it is not a whole PEM key (empty, truncated or another format)"
    return text.split(". See ")[0]


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(position: int, hash_: str, now: datetime, key: Ed25519PrivateKey) -> dict[str, object]:
    """The checkpoint document for ``(position, hash_)``, signed with ``key``."""
    body: dict[str, object] = {
        "format": FORMAT,
        "position": position,
        "hash": hash_,
        "created_at": format_time(now),
        "key_id": key_id(key.public_key()),
    }
    signature = key.sign(canonical_json(body).encode("utf-8"))
    return {**body, "signature": base64.b64encode(signature).decode("ascii")}


def write(path: Path, document: dict[str, object]) -> None:
    """Write ``document`` to ``path`` atomically; :class:`FileExistsError` if ``path`` exists.

    The bytes go to a temporary file in the same directory and are fsynced before the file
    gets its name, so ``path`` is never half-written and never replaced."""
    data = (json.dumps(document, indent=2) + "\n").encode("utf-8")
    private_dir(path.parent)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), PRIVATE_FILE)  # share copies, not the directory
            os.fsync(handle.fileno())
        _publish(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _fsync_directory(path.parent)


def _publish(temporary: Path, path: Path) -> None:
    """Give the written file its name without ever replacing an existing file."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if path.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from exc
        os.rename(temporary, path)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(frozen=True, slots=True)
class SignedDocument:
    """A checkpoint file's fields and signature, read but not yet checked against a key."""

    path: Path
    body: dict[str, Any]
    signature: bytes


def load(path: Path) -> SignedDocument:
    """Read a checkpoint file; :class:`CheckpointError` naming it if it is not one."""
    data = _read(path, "checkpoint")
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise CheckpointError(f"{path}: expected {_DOCUMENT}; it is not JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise CheckpointError(f"{path}: expected {_DOCUMENT}; it holds no JSON object")
    missing = [k for k in (*_FIELDS, "signature") if k not in document]
    if missing:
        raise CheckpointError(f"{path}: expected {_DOCUMENT}; missing {', '.join(missing)}")
    body = {k: document[k] for k in _FIELDS}
    _check_fields(path, body)
    try:
        signature = base64.b64decode(str(document["signature"]), validate=True)
    except ValueError as exc:
        raise CheckpointError(f"{path}: expected {_DOCUMENT}; the signature is not base64") from exc
    return SignedDocument(path, body, signature)


def _check_fields(path: Path, body: dict[str, Any]) -> None:
    if body["format"] != FORMAT:
        found = body["format"]
        raise CheckpointError(f"{path}: unknown checkpoint format {found!r}, expected {FORMAT!r}")
    position = body["position"]
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise CheckpointError(f"{path}: expected {_DOCUMENT}; position is {position!r}")
    for field in ("hash", "created_at", "key_id"):
        if not isinstance(body[field], str):
            raise CheckpointError(f"{path}: expected {_DOCUMENT}; {field} is {body[field]!r}")


def check(signed: SignedDocument, trusted: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint, if its signature is the trusted key's."""
    body = signed.body
    try:
        trusted.verify(signed.signature, canonical_json(body).encode("utf-8"))
    except InvalidSignature as exc:
        raise CheckpointError(
            f"{signed.path}: the checkpoint is not signed by the trusted key "
            f"(it names key {body['key_id']}, the trusted key is {key_id(trusted)}). "
            "Refusing it: it may be forged, or signed by another installation's key."
        ) from exc
    return Checkpoint(body["position"], body["hash"], body["created_at"], body["key_id"])


def read(path: Path, trusted: Ed25519PublicKey) -> Checkpoint:
    """Load a checkpoint file and check its signature against the trusted key."""
    return check(load(path), trusted)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read the {what} {path}: {exc.strerror}") from exc
