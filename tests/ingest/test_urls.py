"""Canonical URLs, story keys, stream ids and rel=canonical resolution."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import ParseError
from monitor.ingest.urls import (
    InvalidURLError,
    article_stream_id,
    canonical_url,
    resolve_canonical,
    same_site,
    story_key,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # scheme, host case, default ports, fragments, empty path
        ("HTTPS://WWW.Example.COM", "https://www.example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://user:secret@example.com/a", "https://example.com/a"),
        # tracking parameters dropped, the rest sorted
        ("https://e.com/a?utm_source=x&utm_medium=rss&id=7", "https://e.com/a?id=7"),
        ("https://e.com/a?fbclid=1&gclid=2&b=2&a=1", "https://e.com/a?a=1&b=2"),
        ("https://e.com/a?mc_cid=1&mc_eid=2&igshid=3&ref=tw&ref_src=x", "https://e.com/a"),
        ("https://e.com/a?cmpid=1&ocid=2&_ga=3&spm=4&yclid=5&UTM_Campaign=6", "https://e.com/a"),
        ("https://e.com/a?z=1&&a=2&", "https://e.com/a?a=2&z=1"),
        ("https://e.com/a?id=2&id=1", "https://e.com/a?id=2&id=1"),
        ("https://e.com/a?flag&a=", "https://e.com/a?a=&flag"),
        ("https://e.com/a?outputType=amp&p=1", "https://e.com/a?p=1"),
        # percent-encoding and dot segments
        ("https://e.com/%7Euser/%2fpath", "https://e.com/~user/%2Fpath"),
        ("https://e.com/a%41b", "https://e.com/aAb"),
        ("https://e.com/tin tức", "https://e.com/tin%20t%E1%BB%A9c"),
        ("https://e.com/50%", "https://e.com/50%25"),
        ("https://e.com/a/./b/../c", "https://e.com/a/c"),
        ("https://e.com/a/b/..", "https://e.com/a/"),
        ("https://e.com/../../a", "https://e.com/a"),
        ("https://e.com/%2E%2E/a", "https://e.com/a"),
        ("https://e.com/s?q=caf%c3%a9+au+lait", "https://e.com/s?q=caf%C3%A9+au+lait"),
        # IDNA
        ("https://bộngoạigiao.vn/tin", "https://xn--bngoigiao-376dsw.vn/tin"),
        ("https://MÜNCHEN.de/", "https://xn--mnchen-3ya.de/"),
        ("https://[2001:DB8::0001]:443/x", "https://[2001:db8::1]/x"),
        # mobile hosts and AMP pages
        ("https://m.example.com/news/1", "https://example.com/news/1"),
        ("https://mobile.example.co.uk/news/1", "https://example.co.uk/news/1"),
        ("https://amp.example.com/news/1", "https://example.com/news/1"),
        ("https://en.m.wikipedia.org/wiki/ASEAN", "https://en.wikipedia.org/wiki/ASEAN"),
        ("https://m.gov.vn/a", "https://m.gov.vn/a"),
        ("https://m.co/a", "https://m.co/a"),
        ("https://e.com/news/story/amp", "https://e.com/news/story"),
        ("https://e.com/news/story/amp/", "https://e.com/news/story/"),
        ("https://e.com/amp/news/story", "https://e.com/news/story"),
        ("https://e.com/news/story.amp.html", "https://e.com/news/story.html"),
        ("https://e.com/news/story.amp", "https://e.com/news/story"),
        ("https://e.com/news/story?amp=1", "https://e.com/news/story"),
        ("https://e.com/amp", "https://e.com/"),
        (
            "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/amp/?utm_x=1",
            "https://www.example.com/a/",
        ),
        ("https://www.google.com/amp/s/m.example.com/a", "https://example.com/a"),
        ("https://www.google.com/search?q=amp", "https://www.google.com/search?q=amp"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "mailto:press@example.com",
        "javascript:alert(1)",
        "/relative/path",
        "https://",
        "https://exa mple.com/",
        "https://example.com:99999/",
        "https://example.com:port/",
        "https://[::zz]/",
        "",
    ],
)
def test_invalid_urls_raise(url: str) -> None:
    with pytest.raises(InvalidURLError) as caught:
        canonical_url(url)
    assert isinstance(caught.value, ParseError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("http://www.example.com/a/", "https://example.com/a"),
        ("https://m.example.com/a?utm_source=x", "https://www.example.com/a#top"),
        ("https://example.com/a/amp/", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ],
)
def test_story_key_ignores_scheme_www_and_final_slash(first: str, second: str) -> None:
    assert story_key(first) == story_key(second)


def test_story_key_keeps_what_tells_stories_apart() -> None:
    keys = {
        story_key(u)
        for u in (
            "https://example.com/a",
            "https://example.com/b",
            "https://example.com/a?id=2",
            "https://news.example.com/a",
            "https://example.com:8080/a",
        )
    }
    assert len(keys) == 5
    assert story_key("https://www.example.com/") == "example.com/"


def test_article_stream_id_hashes_the_canonical_url() -> None:
    url = "https://WWW.example.com/news/1?utm_source=rss#x"
    digest = hashlib.sha256(b"https://www.example.com/news/1").hexdigest()
    assert article_stream_id(url) == "article-" + digest[:32]
    assert re.fullmatch(r"article-[0-9a-f]{32}", article_stream_id("http://e.com"))
    assert article_stream_id("http://e.com/x") != article_stream_id("https://e.com/x")


@pytest.mark.parametrize(
    ("page", "rel", "expected"),
    [
        ("https://e.com/a?utm_source=x", None, "https://e.com/a"),
        ("https://e.com/a", "", "https://e.com/a"),
        ("https://e.com/a", "  ", "https://e.com/a"),
        ("https://e.com/a?p=1", "https://e.com/story-1", "https://e.com/story-1"),
        ("https://e.com/news/a", "../story-1#x", "https://e.com/story-1"),
        ("https://e.com/a", "//www.e.com/b", "https://www.e.com/b"),
        ("https://m.e.com/a", "https://www.e.com/b", "https://www.e.com/b"),
        (
            "https://en.vietnamplus.vn/a",
            "https://www.vietnamplus.vn/b",
            "https://www.vietnamplus.vn/b",
        ),
        ("https://mofa.gov.vn/a", "https://other.gov.vn/b", "https://mofa.gov.vn/a"),
        ("https://e.com/a", "https://elsewhere.com/b", "https://e.com/a"),
        ("https://e.com/a", "javascript:void(0)", "https://e.com/a"),
        ("https://e.com/a", "ftp://e.com/b", "https://e.com/a"),
        ("https://e.com/a", "https://e.com/", "https://e.com/a"),
        ("https://e.com/", "https://e.com/", "https://e.com/"),
    ],
)
def test_resolve_canonical(page: str, rel: str | None, expected: str) -> None:
    assert resolve_canonical(page, rel) == expected


def test_same_site() -> None:
    assert same_site("https://www.state.gov/a", "http://state.gov/b")
    assert same_site("https://english.news.cn/a", "https://www.news.cn/b")
    assert same_site("https://www.mofa.go.jp/a", "https://mofa.go.jp/b")
    assert not same_site("https://www.mofa.go.jp/a", "https://www.mofa.go.kr/b")
    assert not same_site("https://mofa.gov.vn/a", "https://baochinhphu.gov.vn/b")
    assert not same_site("https://a.example.com/", "https://example.org/")


# --- properties ------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [*"aAzZ09-._~%/?#&=+;:@!$'()*,[] ", "%2e", "%2E", "%41", "%7e", "%zz", "%", "..", ".",
     "amp", "/amp", "/amp/", ".amp", ".amp.", "é", "ộ", "\u3002", "\\", "utm_x=1", "ref=2",
     "/c/s/", "/amp/s/", "example.org/", "m."]
)  # fmt: skip
_HOSTS = st.sampled_from(
    ["example.com", "M.Example.COM", "m.m.example.com", "en.m.wikipedia.org", "bộngoạigiao.vn",
     "[::1]", "127.0.0.1", "amp.x.co.uk", "m.gov.vn", "xn--bngoigiao-376dsw.vn", "a_b.example.com",
     "www-e-com.cdn.ampproject.org", "www.google.com", "example.com.", "ÉXAMPLE.com"]
)  # fmt: skip
_URLS = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https", "HTTP", "hTTps"]),
    _HOSTS,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(_PIECES, max_size=24).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(_URLS)
def test_canonical_url_is_idempotent(url: str) -> None:
    try:
        canonical = canonical_url(url)
    except InvalidURLError:
        return
    assert canonical_url(canonical) == canonical
    assert story_key(canonical) == story_key(url)
    assert article_stream_id(canonical) == article_stream_id(url)
    assert canonical.isascii()
    assert "#" not in canonical
    query = canonical.partition("?")[2]
    assert not any(part.lower().startswith("utm_") for part in query.split("&"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_is_canonical_or_refused(text: str) -> None:
    try:
        canonical = canonical_url(text)
    except InvalidURLError:
        return
    assert canonical_url(canonical) == canonical
