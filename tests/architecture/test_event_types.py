"""Each event type is spelt once: in monitor/events.py.  Elsewhere code names it through its
class (``ArticleMatched.type_name``), so renaming or versioning an event is one edit."""

from __future__ import annotations

import ast
from pathlib import Path

import monitor.events  # noqa: F401  (registers every event type)
from store import default_registry

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ROOT / "monitor" / "events.py"
NAMES = frozenset(default_registry.types())


def literals(path: Path, root: Path) -> list[str]:
    """``file:line: 'type'`` for each string constant in ``path`` that is an event type."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES
    ]


def test_no_event_type_literal_outside_the_definitions() -> None:
    assert {"article.matched", "alert.raised", "subscription.created", "token.created"} <= NAMES
    found = [
        hit
        for package in ("monitor", "alerts", "store", "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != DEFINITIONS
        for hit in literals(path, ROOT)
    ]
    assert found == [], "spell event types through their class:\n" + "\n".join(found)


def test_the_check_finds_a_literal(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('if event.type == "article.matched":\n    pass\n', encoding="utf-8")
    assert literals(planted, tmp_path) == ["planted.py:1: 'article.matched'"]
