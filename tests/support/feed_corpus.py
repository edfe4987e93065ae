"""feedparser's 400-file test corpus (tests/fixtures/feedparser): its cases and how each file
is served (see tests/fixtures/feedparser/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "feedparser"


@dataclass(frozen=True)
class Case:
    path: str
    expect: str
    http: bool
    headers: dict[str, str]


def load_cases() -> list[Case]:
    index = json.loads((CORPUS / "index.json").read_text(encoding="utf-8"))
    return [Case(c["path"], c["expect"], c["http"], dict(c["headers"])) for c in index["cases"]]


CASES = load_cases()


def served_headers(case: Case) -> dict[str, str]:
    """The file's own ``Header:`` lines; HTTP cases default to text/xml as upstream does."""
    headers = dict(case.headers)
    if case.http and not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "text/xml"
    return headers
