"""Fixtures for the matching tests: the shipped ruleset (compiled once) and the seed texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.matching import Ruleset, load_ruleset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset()


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
