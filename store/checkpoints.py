"""Signed checkpoints: ``(position, hash)`` of the log, signed with Ed25519, kept outside it.

A checkpoint file is JSON::

    {"format": "asean-monitor-checkpoint/1", "position": 1234, "hash": "…",
     "created_at": "2026-05-03T08:00:00.000000Z", "key_id": "…", "signature": "…"}

The signature covers the canonical JSON of every other field.  Verification trusts only the
public key it is given (never a key named inside the file), so a checkpoint signed with any
other key is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from store.clock import format_time
from store.codec import canonical_json
from store.errors import CheckpointError

FORMAT = "asean-monitor-checkpoint/1"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    position: int
    hash: str
    created_at: str
    key_id: str


def generate_key(path: Path) -> Ed25519PrivateKey:
    """Write a new private key (PEM, PKCS#8, readable by the owner only) and return it."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(_read(path, "signing key"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from a public PEM, or the public half of a private PEM."""
    data = _read(path, "public key")
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path}: not an Ed25519 public key")
    return key


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
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def read(path: Path, trusted: Ed25519PublicKey) -> Checkpoint:
    """Load a checkpoint file and check its signature against the trusted key."""
    try:
        document = json.loads(_read(path, "checkpoint"))
        body = {k: document[k] for k in ("format", "position", "hash", "created_at", "key_id")}
        signature = base64.b64decode(document["signature"], validate=True)
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"{path}: not a checkpoint file ({exc})") from exc
    if body["format"] != FORMAT:
        raise CheckpointError(f"{path}: unknown checkpoint format {body['format']!r}")
    try:
        trusted.verify(signature, canonical_json(body).encode("utf-8"))
    except InvalidSignature as exc:
        raise CheckpointError(
            f"{path}: the checkpoint is not signed by the trusted key "
            f"(it names key {body['key_id']}, the trusted key is {key_id(trusted)}). "
            "Refusing it: it may be forged, or signed by another installation's key."
        ) from exc
    return Checkpoint(int(body["position"]), str(body["hash"]), str(body["created_at"]),
                      str(body["key_id"]))  # fmt: skip


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read the {what} {path}: {exc.strerror}") from exc
