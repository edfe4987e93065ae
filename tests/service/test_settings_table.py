"""README.md documents every setting: its table has one row per ``describe_settings()`` entry,
with the same default and description (the table is kept in docs/settings.md too)."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.settings import describe_settings

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\|\s*`(MONITOR_[A-Z_]+)`\s*\|\s*`?(.*?)`?\s*\|\s*(.*?)\s*\|\s*$")


def table(path: Path) -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in path.read_text("utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
    return rows


def expected() -> dict[str, tuple[str, str]]:
    return {name: (default, text) for name, default, text in describe_settings()}


def test_the_readme_table_lists_every_setting_as_it_is() -> None:
    found = table(ROOT / "README.md")
    missing = sorted(set(expected()) - set(found))
    assert not missing, f"README.md has no row for {missing} (paste docs/settings.md's table)"
    assert sorted(set(found) - set(expected())) == [], "README.md documents unknown settings"
    assert found == expected()


def test_docs_settings_md_is_the_same_table() -> None:
    assert table(ROOT / "docs" / "settings.md") == expected()
