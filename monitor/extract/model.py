"""What extraction gives: the :class:`Extracted` result the extractor port returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Extracted:
    """What a page says.  ``date`` is trafilatura's ISO date (``YYYY-MM-DD``) when found;
    ``canonical_url`` comes from ``<link rel="canonical">`` (absolute, http(s) only)."""

    url: str
    text: str
    text_sha256: str
    title: str | None
    author: str | None
    date: str | None
    language: str | None
    site_name: str | None
    canonical_url: str | None
    encoding: str
    fingerprint: str = ""
    """SimHash of the text (:func:`monitor.ingest.stories.fingerprint`), computed in the worker."""
    judgement: dict[str, Any] | None = None
    """The worker's judgement of the text (and of the title it was given, as
    :func:`monitor.matching.judging.judged_title` chooses), when the pool has a judge."""
    ruleset: str | None = None
    """The content hash of the ruleset that made ``judgement``."""
