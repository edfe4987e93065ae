"""Signed checkpoints from the CLI and for the daemon: no key made unless asked, no file
overwritten, and an unusable key or checkpoint file is one line naming it (issue 14)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa, x25519

from monitor.audit.checkpoints import (
    CheckpointSigningError,
    checkpoint_path,
    daemon_signer,
    sign_checkpoint,
)
from monitor.cli import cli
from monitor.errors import MonitorError
from store import checkpoints
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.store_events import noted

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def log(tmp_path: Path) -> SqlEventLog:
    store = SqlEventLog(sqlite_url_for(tmp_path / "events.db"))
    store.append("stream-1", [noted(1), noted(2)])
    return store


@pytest.fixture
def env(tmp_path: Path, log: SqlEventLog) -> dict[str, str]:
    return {
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "MONITOR_SIGNING_KEY": str(tmp_path / "keys" / "checkpoint.key"),
        "MONITOR_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def one_line(result: Result) -> str:
    """The command's error: exactly one line on stderr, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def key_of(env: dict[str, str]) -> Path:
    return Path(env["MONITOR_SIGNING_KEY"])


def files(directory: Path) -> dict[str, bytes]:
    return (
        {p.name: p.read_bytes() for p in sorted(directory.iterdir())} if directory.exists() else {}
    )


# --- no key is made unless asked -------------------------------------------------------------


def test_checkpoint_without_a_key_makes_none_and_names_keygen(env: dict[str, str]) -> None:
    result = run(env, "audit", "checkpoint")
    assert result.exit_code == 2
    line = one_line(result)
    assert str(key_of(env)) in line
    assert "asean-monitor audit keygen" in line
    assert not key_of(env).exists()
    assert files(Path(env["MONITOR_CHECKPOINT_DIR"])) == {}


def test_a_lost_key_leaves_the_old_checkpoint_untouched(env: dict[str, str]) -> None:
    """The issue's case: the key file is gone; no new key signs over the old checkpoint."""
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    directory = Path(env["MONITOR_CHECKPOINT_DIR"])
    before = files(directory)
    key_of(env).unlink()
    result = run(env, "audit", "checkpoint")
    assert result.exit_code == 2
    assert "asean-monitor audit keygen" in one_line(result)
    assert not key_of(env).exists()
    assert files(directory) == before


def test_keygen_refuses_to_overwrite_a_key(env: dict[str, str]) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    before = key_of(env).read_bytes()
    result = run(env, "audit", "keygen")
    assert result.exit_code == 2
    assert "refusing to overwrite a signing key" in one_line(result)
    assert key_of(env).read_bytes() == before


# --- no checkpoint file is overwritten -------------------------------------------------------


def test_keygen_then_checkpoint_writes_a_verifiable_file(env: dict[str, str]) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    made = run(env, "audit", "checkpoint")
    assert made.exit_code == 0, made.output
    target = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2)
    assert f"checkpoint at position 2 written to {target}" in made.stdout
    verified = run(env, "audit", "verify", "--checkpoint", str(target))
    assert verified.exit_code == 0, verified.output
    assert "agrees with the checkpoint at 2" in verified.stdout
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no temporary file left"


def test_the_same_head_reports_the_existing_checkpoint_and_keeps_its_bytes(
    env: dict[str, str],
) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    target = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2)
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    again = run(env, "audit", "checkpoint")
    assert again.exit_code == 0, again.output
    assert f"checkpoint at position 2 exists already at {target}" in again.stdout
    assert "left unchanged" in again.stdout
    assert target.read_bytes() == before
    assert target.stat().st_mtime_ns == stamp


def test_the_same_head_signed_by_another_key_fails_and_keeps_its_bytes(
    env: dict[str, str],
) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    target = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2)
    before = target.read_bytes()
    key_of(env).unlink()
    assert run(env, "audit", "keygen").exit_code == 0, "a new key, asked for"
    result = run(env, "audit", "checkpoint")
    assert result.exit_code == 1
    line = one_line(result)
    assert str(target) in line
    assert "not signed by the trusted key" in line
    assert target.read_bytes() == before


def test_an_existing_out_file_is_refused_and_keeps_its_bytes(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    out = tmp_path / "mine.json"
    out.write_bytes(b"an operator's file\n")
    result = run(env, "audit", "checkpoint", "--out", str(out))
    assert result.exit_code == 2
    line = one_line(result)
    assert str(out) in line
    assert "exists there already" in line
    assert out.read_bytes() == b"an operator's file\n"


def test_a_moved_head_gets_a_new_file_beside_the_old(env: dict[str, str], log: SqlEventLog) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    directory = Path(env["MONITOR_CHECKPOINT_DIR"])
    first = checkpoint_path(directory, 2)
    before = first.read_bytes()
    log.append("stream-2", [noted(3)])
    assert run(env, "audit", "checkpoint").exit_code == 0
    assert first.read_bytes() == before
    assert checkpoint_path(directory, 3).exists()


# --- unusable key and checkpoint files: one line naming the file -----------------------------


def _pem(key: ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey | x25519.X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _encrypted() -> bytes:
    return ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )


BAD_PRIVATE: dict[str, Callable[[], bytes]] = {
    "not a PEM": lambda: b"this is not a key\n",
    "empty": lambda: b"",
    "truncated": lambda: _pem(ed25519.Ed25519PrivateKey.generate())[:70],
    "an RSA key": lambda: _pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)),
    "an X25519 key": lambda: _pem(x25519.X25519PrivateKey.generate()),
    "encrypted": _encrypted,
    "binary": lambda: bytes(range(256)) + b"PRIVATE KEY",
}


@pytest.mark.parametrize("kind", BAD_PRIVATE)
@pytest.mark.parametrize("command", ["checkpoint", "public-key"])
def test_a_bad_key_file_is_one_line_naming_it(env: dict[str, str], kind: str, command: str) -> None:
    key_of(env).parent.mkdir(parents=True)
    key_of(env).write_bytes(BAD_PRIVATE[kind]())
    before = key_of(env).read_bytes()
    result = run(env, "audit", command)
    assert result.exit_code == 2
    line = one_line(result)
    assert line.startswith(f"{key_of(env)}: expected an Ed25519 private key in PEM")
    assert key_of(env).read_bytes() == before
    assert files(Path(env["MONITOR_CHECKPOINT_DIR"])) == {}


@pytest.mark.parametrize("command", ["checkpoint", "public-key"])
def test_an_unreadable_key_file_is_one_line_naming_it(env: dict[str, str], command: str) -> None:
    key_of(env).mkdir(parents=True)  # a directory where the key should be: unreadable as a file
    result = run(env, "audit", command)
    assert result.exit_code == 2
    assert f"cannot read the signing key {key_of(env)}" in one_line(result)


def _rsa_public() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.mark.parametrize(
    "content", [b"-----BEGIN PUBLIC KEY-----\nAAAA\n", b"nothing\n", _rsa_public()]
)
def test_verify_with_a_bad_public_key_is_one_line_naming_it(
    env: dict[str, str], tmp_path: Path, content: bytes
) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    pem = tmp_path / "auditor.pub"
    pem.write_bytes(content)
    target = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2)
    result = run(env, "audit", "verify", "--checkpoint", str(target), "--public-key", str(pem))
    assert result.exit_code == 2
    assert one_line(result).startswith(f"{pem}: expected an Ed25519 public key in PEM")


def test_verify_with_the_auditors_public_key_passes(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    pem = tmp_path / "auditor.pub"
    pem.write_text(run(env, "audit", "public-key").stdout)
    target = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2)
    result = run(env, "audit", "verify", "--checkpoint", str(target), "--public-key", str(pem))
    assert result.exit_code == 0, result.output


CORRUPT: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "not JSON": lambda good: b"\x00\xff binary",
    "a list": lambda good: b"[1, 2]",
    "no signature": lambda good: good.replace(b'"signature"', b'"signatura"'),
    "a position as text": lambda good: good.replace(b'"position": 2', b'"position": "2"'),
    "a signature not base64": lambda good: good.replace(b'"signature": "', b'"signature": "!'),
    "another format": lambda good: good.replace(b"checkpoint/1", b"checkpoint/9"),
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_verify_with_a_corrupt_checkpoint_is_one_line_naming_it(
    env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    assert run(env, "audit", "checkpoint").exit_code == 0
    good = checkpoint_path(Path(env["MONITOR_CHECKPOINT_DIR"]), 2).read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(CORRUPT[kind](good))
    assert bad.read_bytes() != good
    result = run(env, "audit", "verify", "--checkpoint", str(bad))
    assert result.exit_code == 2
    line = one_line(result)
    assert line.startswith(f"{bad}: ")
    assert "checkpoint" in line


def test_verify_with_a_missing_checkpoint_names_it(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "audit", "keygen").exit_code == 0
    result = run(env, "audit", "verify", "--checkpoint", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2
    assert f"cannot read the checkpoint {tmp_path / 'nowhere.json'}" in one_line(result)


@pytest.mark.slow  # the CLI as a process (the same errors in-process above)
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["audit", "checkpoint"], "asean-monitor audit keygen"),
        (["audit", "public-key"], "expected an Ed25519 private key"),
        (
            ["audit", "verify", "--checkpoint", "cp.json", "--public-key", "bad.pub"],
            "expected an Ed25519 public key",
        ),
        (
            ["audit", "verify", "--checkpoint", "bad.json", "--public-key", "good.pub"],
            "expected a signed checkpoint",
        ),
    ],
)
def test_the_real_command_prints_one_line_and_no_traceback(
    env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    """``python -m monitor`` as an operator runs it (the console script's error handling)."""
    good = ed25519.Ed25519PrivateKey.generate()
    (tmp_path / "good.pub").write_bytes(checkpoints.public_pem(good.public_key()))
    (tmp_path / "bad.pub").write_bytes(b"-----BEGIN PUBLIC KEY-----\n")
    (tmp_path / "bad.json").write_bytes(b'{"format": ')
    checkpoints.write(tmp_path / "cp.json", checkpoints.sign(2, "00" * 32, NOW, good))
    if args[1] == "public-key":
        key_of(env).parent.mkdir(parents=True)
        key_of(env).write_bytes(b"garbage")
    done = subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert says in done.stderr


# --- sign_checkpoint() and the daemon's signer ---------------------------------------------


def test_seal_makes_no_key_unless_asked(log: SqlEventLog, tmp_path: Path) -> None:
    key = tmp_path / "keys" / "k.pem"
    with pytest.raises(CheckpointSigningError, match="asean-monitor audit keygen") as caught:
        sign_checkpoint(log, key, tmp_path / "cp", NOW, only_if_new=True)
    assert caught.value.path == key
    assert str(key) in str(caught.value)
    assert not key.exists()
    assert (
        sign_checkpoint(log, key, tmp_path / "cp", NOW, only_if_new=True, create_key=True)
        is not None
    )
    assert key.exists()


def test_sealing_error_is_a_monitor_error() -> None:
    assert issubclass(CheckpointSigningError, MonitorError)


def test_the_daemon_sealer_makes_the_key_on_the_first_run_only(
    log: SqlEventLog, tmp_path: Path
) -> None:
    key, directory = tmp_path / "keys" / "k.pem", tmp_path / "cp"
    signer = daemon_signer(log, key, directory, lambda: NOW)
    first = signer()
    assert first == checkpoint_path(directory, 2)
    assert key.exists()
    assert checkpoints.read(first, checkpoints.load_public_key(key)).position == 2
    assert signer() is None, "the head did not move"
    key.unlink()
    log.append("stream-2", [noted(3)])
    with pytest.raises(CheckpointSigningError) as caught:
        signer()
    assert str(key) in str(caught.value)
    assert "asean-monitor audit keygen" in str(caught.value)
    assert not key.exists(), "a later run never makes a key"
    assert sorted(p.name for p in directory.iterdir()) == [first.name]


def test_the_daemon_sealer_reports_a_lost_key_even_when_the_head_did_not_move(
    log: SqlEventLog, tmp_path: Path
) -> None:
    key, directory = tmp_path / "k.pem", tmp_path / "cp"
    signer = daemon_signer(log, key, directory, lambda: NOW)
    assert signer() is not None
    key.unlink()
    with pytest.raises(CheckpointSigningError, match="no signing key"):
        signer()


def test_the_daemon_sealer_writes_nothing_for_an_empty_log(tmp_path: Path) -> None:
    empty = SqlEventLog(sqlite_url_for(tmp_path / "empty.db"))
    key = tmp_path / "k.pem"
    assert daemon_signer(empty, key, tmp_path / "cp", lambda: NOW)() is None
    assert not (tmp_path / "cp").exists()


def test_the_daemon_sealer_with_a_bad_key_names_it(log: SqlEventLog, tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    key.write_bytes(b"garbage")
    with pytest.raises(CheckpointSigningError, match="expected an Ed25519 private key") as caught:
        daemon_signer(log, key, tmp_path / "cp", lambda: NOW)()
    assert caught.value.path == key
    assert key.read_bytes() == b"garbage"


# --- the file write itself -------------------------------------------------------------------


def document() -> dict[str, object]:
    return checkpoints.sign(1, "00" * 32, NOW, ed25519.Ed25519PrivateKey.generate())


def test_write_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "cp.json"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        checkpoints.write(target, document())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cp.json"]


def test_a_full_disk_leaves_no_half_written_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        checkpoints.write(tmp_path / "cp" / "cp.json", document())
    assert list((tmp_path / "cp").iterdir()) == []


def test_seal_names_the_file_it_cannot_write(
    log: SqlEventLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    checkpoints.generate_key(tmp_path / "k.pem")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(
        CheckpointSigningError, match="cannot write the checkpoint: No space left"
    ) as caught:
        sign_checkpoint(log, tmp_path / "k.pem", tmp_path / "cp", NOW)
    assert caught.value.path == checkpoint_path(tmp_path / "cp", 2)


def test_without_hard_links_write_still_never_replaces_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    checkpoints.write(tmp_path / "cp.json", document())
    first = (tmp_path / "cp.json").read_bytes()
    with pytest.raises(FileExistsError):
        checkpoints.write(tmp_path / "cp.json", document())
    assert (tmp_path / "cp.json").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["cp.json"]
