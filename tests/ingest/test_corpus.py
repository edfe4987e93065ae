"""feedparser's 400-file test corpus, served over HTTP and run through fetch + parse_feed.

For every file: the fetch returns the exact bytes; parse_feed raises nothing but ParseError,
and ParseError only when feedparser itself found nothing; our ``bozo`` agrees with
feedparser's.  Where the file's ``Expect:`` condition holds for feedparser as we call it (our
final URL as the base, the served Content-Type) and concerns what we store (titles, links,
dates, languages, encoding, sanitised text, ETag/Last-Modified), the same condition must hold
for our ParsedFeed (text comparisons read as text).  See tests/fixtures/feedparser/README.md.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import pytest

from monitor.errors import ParseError
from monitor.feeds import ParsedFeed, html_to_text, parse_feed
from monitor.feeds.syndication import found_anything, run_feedparser
from monitor.fetch import Fetcher, FetcherConfig, FetchResult
from tests.support.feed_corpus import CASES, CORPUS, Case, served_headers
from tests.support.httpserver import HTTPTestServer

UPSTREAM_ORIGIN = "http://127.0.0.1:8097"
CONFIG = FetcherConfig(user_agent="asean-monitor-test/1.0", allowed_networks=("127.0.0.1/32",))
NOW = datetime(2026, 1, 1, tzinfo=UTC)
HTTP_NAMES = ("etag", "modified", "modified_parsed")


@pytest.fixture(scope="module")
def corpus_server() -> Iterator[HTTPTestServer]:
    server = HTTPTestServer()
    for case in CASES:
        server.add("/" + case.path, (CORPUS / case.path).read_bytes(), headers=served_headers(case))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_index_lists_the_whole_corpus() -> None:
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.xml")}
    assert len(CASES) == 400
    assert {c.path for c in CASES} == on_disk


def test_enough_conditions_concern_what_we_store() -> None:
    stored = [c for c in CASES if concerns_stored(c.expect)]
    assert len(stored) >= 250, len(stored)


@pytest.mark.slow  # 400 files fetched and parsed (parse_feed's own tests are fast)
@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
async def test_corpus_file(corpus_server: HTTPTestServer, case: Case) -> None:
    async with Fetcher(CONFIG) as fetcher:
        fetched = await fetcher.fetch(corpus_server.url("/" + case.path))
    assert fetched.body == (CORPUS / case.path).read_bytes()
    reference = run_feedparser(fetched.body, url=fetched.url, content_type=fetched.content_type)
    try:
        ours = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type, now=NOW)
    except ParseError:
        assert not found_anything(reference), "ParseError although feedparser found a feed"
        return
    assert ours.bozo == bool(reference.get("bozo"))
    assert all(isinstance(i.title, str) and isinstance(i.summary, str) for i in ours.items)
    check_expectation(case, corpus_server, reference, ours, fetched)


def check_expectation(
    case: Case, server: HTTPTestServer, reference: Any, ours: ParsedFeed, fetched: FetchResult
) -> None:
    expect = case.expect.replace(UPSTREAM_ORIGIN, server.base_url)
    # Over HTTP feedparser would also report the validators the server sent: add them.
    served = {name.lower(): value for name, value in case.headers.items()}
    validators = stored_view(
        ParsedFeed("", None, None, None, []),
        etag=served.get("etag"),
        last_modified=served.get("last-modified"),
    )
    namespace = {**reference, **{k: validators[k] for k in HTTP_NAMES if k in validators}}
    if not (concerns_stored(expect) and evaluate(compile_expect(expect), namespace)):
        return
    view = stored_view(ours, etag=fetched.etag, last_modified=fetched.last_modified)
    holds = evaluate(compile_expect(expect, text_comparisons=True), view)
    assert holds, f"Expect: {case.expect}\nours: {view!r}"


# -- reading the Expect conditions safely ---------------------------------------------------
#
# The conditions are Python expressions over feedparser's result dict.  They are parsed with
# ``ast``; only a whitelist of node types, names and calls is accepted, and evaluation runs with
# no builtins.  ``stored_view`` puts our ParsedFeed in the same shape so that the conditions about
# what we store can be evaluated against it; text comparisons are read as text (markup in the
# expected value is rendered to text first, since we store text, not HTML).

_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare,
    ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot, ast.Lt, ast.Gt, ast.LtE, ast.GtE,
    ast.Subscript, ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List, ast.Dict, ast.BinOp,
    ast.Add, ast.Attribute, ast.Call,
)  # fmt: skip
_CALLS = frozenset({"ord", "len", "isinstance", "locals", "get", "has_key"})
_FEED_KEYS = frozenset({"title", "link", "language", "ttl"})
_ENTRY_KEYS = frozenset(
    {"title", "link", "id", "guid", "description", "summary", "content", "published",
     "published_parsed", "updated", "updated_parsed", "author", "tags", "language"}
)  # fmt: skip
_TEXT_KEYS = frozenset({"title", "description", "summary", "value"})
_STORED_NAMES = frozenset(
    {"bozo", "encoding", "version", "feed", "entries", "etag", "modified", "modified_parsed"}
)


class UnsafeExpression(ValueError):
    """The expression uses something outside the whitelist."""


def compile_expect(source: str, *, text_comparisons: bool = False) -> Any:
    """Parse and vet ``source``; optionally wrap text comparisons' expected side in _text()."""
    tree = ast.parse(source.strip(), mode="eval")
    for node in ast.walk(tree):
        _vet(node)
    if text_comparisons:
        tree = ast.fix_missing_locations(_TextComparisons().visit(tree))
    return compile(tree, "<expect>", "eval")


def _vet(node: ast.AST) -> None:
    if not isinstance(node, _NODES):
        raise UnsafeExpression(f"node {type(node).__name__} is not allowed")
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        raise UnsafeExpression(f"attribute {node.attr!r} is not allowed")
    if isinstance(node, ast.Name) and node.id.startswith("_"):
        raise UnsafeExpression(f"name {node.id!r} is not allowed")
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in _CALLS:
            raise UnsafeExpression(f"call of {name!r} is not allowed")


def evaluate(code: Any, namespace: Mapping[str, Any]) -> bool:
    """The condition's truth in ``namespace``; any error counts as False."""
    scope: dict[str, Any] = {
        "__builtins__": {},
        "ord": ord,
        "len": len,
        "isinstance": isinstance,
        "locals": lambda: namespace,
        "datetime": dt,
        "feedparser": feedparser,
        "_text": _as_text,
    }
    try:
        return bool(eval(code, scope, dict(namespace)))
    except Exception:
        return False


def concerns_stored(source: str) -> bool:
    """True when every name and key path in the condition is one we store."""
    tree = ast.parse(source.strip(), mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in ("ord", "len")
        ):
            return False
        if isinstance(node, ast.Name) and node.id not in _STORED_NAMES | {"ord", "len"}:
            return False
        if isinstance(node, ast.Subscript | ast.Attribute) and not _stored_path(_path(node)):
            return False
    return True


def _path(node: ast.AST) -> list[object]:
    keys: list[object] = []
    while isinstance(node, ast.Subscript | ast.Attribute):
        if isinstance(node, ast.Attribute):
            keys.append(node.attr)
        elif isinstance(node.slice, ast.Constant):
            keys.append(node.slice.value)
        else:
            keys.append(None)
        node = node.value
    keys.append(node.id if isinstance(node, ast.Name) else None)
    return keys[::-1]


def _stored_path(path: list[object]) -> bool:
    root, rest = path[0], path[1:]
    if root == "feed":
        return len(rest) <= 1 and (not rest or rest[0] in _FEED_KEYS)
    if root != "entries":
        return not rest
    if len(rest) <= 1:
        return all(isinstance(k, int) for k in rest)
    key, deeper = rest[1], rest[2:]
    if key not in _ENTRY_KEYS:
        return False
    if key == "content":
        return deeper in ([], [0], [0, "value"]) or (len(deeper) <= 2 and deeper[-1] == "value")
    if key == "tags":
        return len(deeper) <= 2 and (len(deeper) < 2 or deeper[1] == "term")
    return not deeper


class _Record(dict[str, Any]):
    """A dict whose keys read as attributes too, as feedparser's result does."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _record(values: Mapping[str, Any]) -> _Record:
    return _Record({k: v for k, v in values.items() if v is not None})


def stored_view(
    parsed: ParsedFeed, *, etag: str | None = None, last_modified: str | None = None
) -> dict[str, Any]:
    """Our ParsedFeed (and the fetch's validators) in the shape of feedparser's result."""
    feed = {"title": parsed.title, "link": parsed.link, "language": parsed.language}
    feed["ttl"] = str(parsed.ttl) if parsed.ttl is not None else None
    entries = []
    for item in parsed.items:
        entry: dict[str, Any] = {
            "title": item.title, "link": item.link, "id": item.guid, "guid": item.guid,
            "description": item.summary, "summary": item.summary,
            "content": [_record({"value": item.content})], "published": item.published_raw,
            "published_parsed": _utc_tuple(item.published),
            # feedparser answers "updated" with "published" when there is none; so do we here.
            "updated": item.updated_raw or item.published_raw,
            "updated_parsed": _utc_tuple(item.updated or item.published),
            "author": item.author, "tags": [_record({"term": t}) for t in item.tags],
            "language": item.language,
        }  # fmt: skip
        entries.append(_record(entry))
    validators: dict[str, Any] = {"etag": etag, "modified": last_modified}
    if last_modified:
        validators["modified_parsed"] = parsedate_to_datetime(last_modified).utctimetuple()
    return {
        **{k: v for k, v in validators.items() if v is not None},
        "bozo": int(parsed.bozo),
        "encoding": parsed.encoding,
        "version": parsed.format,
        "feed": _record(feed),
        "entries": entries,
    }


def _utc_tuple(value: datetime | None) -> tuple[int, ...] | None:
    return tuple(value.utctimetuple()) if value is not None else None


def _as_text(value: object) -> object:
    return html_to_text(value) if isinstance(value, str) else value


def _wrap_text(expression: ast.expr) -> ast.expr:
    return ast.Call(ast.Name("_text", ast.Load()), [expression], [])


class _TextComparisons(ast.NodeTransformer):
    """``x['title'] == '<b>a</b>'`` becomes ``x['title'] == _text('<b>a</b>')``."""

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        last = _path(node.left)[-1]
        if last in _TEXT_KEYS and all(isinstance(op, ast.Eq) for op in node.ops):
            node.comparators = [_wrap_text(c) for c in node.comparators]
        return node
