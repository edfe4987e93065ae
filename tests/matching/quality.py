"""``python -m tests.matching.quality``: print the figures quoted in docs/matching.md (the
scoring itself is tests/support/matching_quality.py)."""

from __future__ import annotations

from tests.support.matching_quality import report

if __name__ == "__main__":
    print("\n".join(report()))
