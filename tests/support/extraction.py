"""One real extraction process pool for a session (spawning one costs a second); its worker
judges with the shipped rules, as the daemon's do.  A conftest.py (or a module) that imports
the ``extractor`` fixture offers it to its tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.extract.extractor import Extractor
from monitor.matching import load_ruleset
from monitor.matching.judging import RulesetJudge


@pytest.fixture(scope="session")
def extractor() -> Iterator[Extractor]:
    """One real extraction process pool for the session (spawning one costs a second); its
    worker judges with the shipped rules, as the daemon's do."""
    pool = Extractor(workers=1, timeout=60, judge=RulesetJudge(load_ruleset()))
    yield pool
    pool.close()
