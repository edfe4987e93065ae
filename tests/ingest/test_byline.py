"""``find_author`` answers what trafilatura's ``extract_author`` answers: on real and realistic
pages, and on generated trees built from the names, classes and ids its XPaths test."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from trafilatura.metadata import extract_author

from bench.farm import Farm
from monitor.extract import byline
from monitor.extract.byline import find_author
from monitor.extract.extractor import _parse

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"
FARM = Farm(feeds=48, items=4, base="http://127.0.0.1:9")

TAGS = ("div", "span", "a", "p", "section", "strong", "h3", "address", "author", "time",
        "figure", "b", "li")  # fmt: skip
CLASSES = ("", "author", "byline", "author-name", "writer", "sidebar", "date", "title",
           "comments", "print", "quote", "meta-date", "category", "post-author sidebar",
           "is-hidden", "AuthorName", "journalist-name")  # fmt: skip
IDS = ("", "author", "comments", "zuozhe", "main")
WORDS = ("By", "Nguyen Van A", "VNA", "Staff", "12 May 2026", "  ", "\n", "and", "x" * 130, "")


def test_the_fast_path_is_in_use() -> None:
    """Otherwise every comparison below would compare trafilatura with itself."""
    assert byline._DISCARDED is not None


def farm_pages() -> list[str]:
    pages = [p.read_text("utf-8") for p in sorted(PAGES.glob("*.html"))]
    return pages + [FARM.page(f, i) for f in range(0, 48, 3) for i in range(4)]


@pytest.mark.parametrize("page", farm_pages(), ids=lambda page: str(hash(page))[-8:])
def test_pages(page: str) -> None:
    assert find_author(_parse(page)) == extract_author(_parse(page))


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = ""
    if klass := draw(st.sampled_from(CLASSES)):
        attributes += f' class="{klass}"'
    if ident := draw(st.sampled_from(IDS)):
        attributes += f' id="{ident}"'
    if draw(st.booleans()) and tag == "a":
        attributes += ' rel="author"'
    children = draw(st.lists(elements(depth + 1), max_size=3)) if depth < 4 else []
    inner = "".join(child + draw(st.sampled_from(WORDS)) for child in children)
    return f"<{tag}{attributes}>{draw(st.sampled_from(WORDS))}{inner}</{tag}>"


@pytest.mark.slow  # 400 generated trees (the real pages above stay fast)
@settings(max_examples=400, deadline=None)
@given(st.lists(elements(), min_size=1, max_size=4), st.booleans())
def test_generated_trees(body: list[str], with_rel: bool) -> None:
    markup = (
        "<html><body>" + "".join(body) + ("<rel>me</rel>" if with_rel else "") + "</body></html>"
    )
    assert find_author(lxml_html.fromstring(markup)) == extract_author(lxml_html.fromstring(markup))


def test_other_xpaths_defer_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(byline, "WRITTEN_FOR", "0" * 64)
    assert byline._own_test() is None
