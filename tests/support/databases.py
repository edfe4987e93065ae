"""Database URLs for the tests (the ``sqlite_url`` fixture of tests/conftest.py is one)."""

from __future__ import annotations

from pathlib import Path


def sqlite_url_for(path: Path) -> str:
    """The event-log URL of the SQLite file at ``path``."""
    return f"sqlite:///{path}"
