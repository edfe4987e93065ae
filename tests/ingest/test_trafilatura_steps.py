"""The article's metadata and text are what trafilatura with ``with_metadata=True`` gives, page
by page, although
:mod:`monitor.extract.trafilatura_steps` skips the categories, tags and licence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import trafilatura

from bench.farm import Farm
from bench.ingest_baselines import TRAFILATURA_OPTIONS
from monitor.errors import ExtractionError
from monitor.extract.extractor import _config, extract_article

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
FARM = Farm(feeds=40, items=5, base="http://127.0.0.1:9")

BARE_PAGES = """\
<html><head><title>Joint statement | Ministry of Foreign Affairs</title></head>
<body><article><h1>Joint statement</h1><p>{body}</p>
<p class="byline">By Nguyen Van A</p></article></body></html>"""
SHORT_AUTHOR = """\
<html><head><meta name="author" content="admin"><meta property="og:site_name" content="@vnanet">
<title>Readout</title></head><body><article><p>{body}</p></article></body></html>"""
MENU_ONLY = (
    "<html><body><nav><ul>"
    + "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(40))
    + "</ul></nav></body></html>"
)
BODY = "Ministers of ASEAN and Japan met in Tokyo on 3 May 2026 and adopted a plan. " * 8


def pages() -> list[tuple[str, str]]:
    seeds = [(f"https://example.org/{p.stem}", p.read_text("utf-8")) for p in PAGES.glob("*.html")]
    farm = [(FARM.page_url(f, i), FARM.page(f, i)) for f in range(0, 40, 7) for i in range(5)]
    made = [("https://mofa.example.gov/news/1", BARE_PAGES.format(body=BODY)),
            ("https://vnanet.example/en/2", SHORT_AUTHOR.format(body=BODY))]  # fmt: skip
    short = [("https://example.org/short", "<html><body><p>Too short.</p></body></html>")]
    return seeds + farm + short + made


def trafilatura_fields(url: str, html: str) -> dict[str, Any] | None:
    document = trafilatura.bare_extraction(html, url=url, config=_config(), **TRAFILATURA_OPTIONS)
    if document is None or not str(document.text or "").strip():
        return None
    found = document.as_dict()
    return {key: found[key] for key in ("title", "author", "date", "sitename", "text")}


@pytest.mark.parametrize(("url", "html"), pages(), ids=lambda value: str(value)[-40:])
def test_fields_match_trafilatura_with_metadata(url: str, html: str) -> None:
    expected = trafilatura_fields(url, html)
    assert expected is not None
    article = extract_article(html.encode("utf-8"), url=url, http_charset="utf-8")
    got = {"title": article.title, "author": article.author, "date": article.date,
           "sitename": article.site_name, "text": article.text}  # fmt: skip
    assert got == {key: (value.strip() or None) if isinstance(value, str) and key != "text"
                   else value for key, value in expected.items()}  # fmt: skip


def test_made_pages_exercise_the_fallbacks() -> None:
    """The two made pages reach the paths a meta-rich page skips: the title element, the site
    name from the title or the URL, an author without a space dropped, an '@' stripped."""
    bare, short = (trafilatura_fields(*page) for page in pages()[-2:])
    assert bare is not None
    assert short is not None
    assert bare["title"] == "Joint statement"
    assert bare["sitename"]
    assert short["author"] is None
    assert short["sitename"] == "Vnanet"


@pytest.mark.parametrize(
    "html",
    [MENU_ONLY, "<html><body><script>var a = 1;</script><div> </div></body></html>"],
    ids=["menu-only", "script-only"],
)
def test_no_article_where_trafilatura_finds_none(html: str) -> None:
    assert trafilatura_fields("https://example.org/x", html) is None
    with pytest.raises(ExtractionError, match="no article text"):
        extract_article(html.encode(), url="https://example.org/x", http_charset="utf-8")
