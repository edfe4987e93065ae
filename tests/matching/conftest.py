"""Fixtures for the matching tests: the shipped ruleset (compiled once).  The seed texts are
tests/support/seeds.py's."""

from __future__ import annotations

import pytest

from monitor.matching import Ruleset, load_ruleset


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset()
