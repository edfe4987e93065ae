"""Every id on the alert path is derived, never drawn at random: a resend (after a crash, after
an upgrade) carries the id and the idempotency key of the first send."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

from alerts.messages import alert_key, digest_id

ROOT = Path(__file__).resolve().parents[2]
ALERT_PATH = [
    *sorted((ROOT / "alerts").glob("*.py")),
    *sorted((ROOT / "alerts" / "channels").glob("*.py")),
    *sorted((ROOT / "monitor" / "delivery").glob("*.py")),
]
RANDOM = {"uuid1", "uuid4", "token_hex", "token_bytes", "token_urlsafe", "urandom", "getrandbits"}


def _names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [a.name for a in node.names]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    return [node.id] if isinstance(node, ast.Name) else []


def random_ids(path: Path) -> list[str]:
    """``file:line: name`` for each use (or import) of a random-id maker in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.name}:{getattr(node, 'lineno', 0)}: {name}"
        for node in ast.walk(tree)
        for name in _names(node)
        if name in RANDOM
    ]


def test_no_random_id_anywhere_on_the_alert_path() -> None:
    assert len(ALERT_PATH) > 20
    found = [hit for path in ALERT_PATH for hit in random_ids(path)]
    assert found == [], "derive ids (uuid5 of what they name) on the alert path:\n" + "\n".join(
        found
    )


def test_the_check_finds_one(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import uuid\nfrom uuid import uuid4\nkey = uuid.uuid4().hex\n", "utf-8")
    assert random_ids(planted) == ["planted.py:2: uuid4", "planted.py:3: uuid4"]


def test_the_derivations_do_not_change() -> None:
    """Pinned: a digest sent before an upgrade and resent after it keeps its key."""
    end = datetime(2025, 10, 27, tzinfo=UTC)
    assert digest_id("sub-1", end) == "digest-f176dc091db55f49ad8d74f1a53750dc"
    assert alert_key("0f8e2f2c") == "alert-0f8e2f2c"
