"""Link patterns with a safeguard (issue 15): a nested quantifier such as ``(a+)+$`` is refused
when sources.yaml is loaded (file:line: field: reason), and what passes runs on each listing
page under a time budget."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import SourcesFileError, load_sources
from monitor.config.patterns import nested_quantifier
from monitor.errors import ParseError
from monitor.feeds.listing import parse_listing

ROOT = Path(__file__).resolve().parents[2]

SOURCES = """\
version: 1
sources:
  - id: good
    name: A listing with a plain pattern
    url: https://example.org/news
    kind: html_listing
    link_pattern: '(?i)/news/(?:\\d{{4}}/\\d{{2}}/)?[a-z0-9-]+$'
  - id: hostile
    name: A listing with a catastrophic pattern
    url: https://example.org/press
    kind: html_listing
    link_pattern: '{pattern}'
"""
PATTERN_LINE = 12


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(/[\w-]+)*\.html$", r"/press/(\d+|x)*(.*)+$", r"((ab)*c)*", r"(x{1,5})+y"],
)
def test_a_nested_quantifier_is_refused_with_file_line_field_and_reason(
    tmp_path: Path, pattern: str
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES.format(pattern=pattern), encoding="utf-8")
    with pytest.raises(SourcesFileError) as caught:
        load_sources(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (PATTERN_LINE, "sources[1].link_pattern")
    assert str(problem).startswith(f"{path}:{PATTERN_LINE}: sources[1].link_pattern: nested")
    assert "catastrophic backtracking" in problem.message


def test_check_config_names_the_pattern_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES.format(pattern=r"(a+)+$"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check-config", "--sources", str(path)])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{PATTERN_LINE}: sources[1].link_pattern: nested quantifiers")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "pattern",
    [
        r"/en/[a-z0-9-]+-\d+\.html$",
        r"(\d{1,3}\.){3}\d{1,3}",  # bounded: cannot grow with the URL
        r"(?:\d{4}/\d{2}/)?[a-z0-9-]+",  # optional, not repeated
        r"(a++)+",  # possessive: never backtracks
        r"[/\w-]+\.html$",
    ],
)
def test_plain_patterns_pass(pattern: str) -> None:
    assert nested_quantifier(pattern) is None


def test_every_shipped_pattern_passes() -> None:
    config = load_sources(ROOT / "sources.yaml")
    patterns = [s.link_pattern.pattern for s in config.sources if s.link_pattern is not None]
    assert patterns
    assert [p for p in patterns if nested_quantifier(p)] == []


def _page(*hrefs: str) -> bytes:
    links = "".join(f'<a href="{href}">Story {n}</a>' for n, href in enumerate(hrefs))
    return f"<html><head><title>Press</title></head><body>{links}</body></html>".encode()


def _within(seconds: float, call: object) -> object:
    """Run ``call`` in a daemon thread; fail when it has not returned after ``seconds`` (the
    old code spins for minutes: the thread is left behind, the test is not)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())  # type: ignore[operator]
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"parse_listing still running after {seconds}s"
    return outcome[0]


def test_a_slow_pattern_that_passes_the_check_is_stopped_by_the_page_budget() -> None:
    """Overlapping alternatives ``(a|aa)+$`` are not nested quantifiers, yet exponential on
    ``aaaa…!``: the page fails with a ParseError naming the pattern, within the budget."""
    hostile = "https://example.org/press/" + "a" * 60 + "!"
    page = _page("https://example.org/press/ok", hostile)
    started = time.monotonic()
    outcome = _within(5.0, lambda: parse_listing(page, "https://example.org/", r"(a|aa)+$"))
    assert isinstance(outcome, ParseError), outcome
    assert "(a|aa)+$" in str(outcome)
    assert "took more than 0.5s" in str(outcome)
    assert time.monotonic() - started < 3.0


def test_a_nested_pattern_given_directly_is_stopped_by_the_budget_too() -> None:
    """A pattern that did not come through sources.yaml (``(a+)+$``) on a long hostile URL."""
    hostile = "https://example.org/" + "a" * 20000 + "!"
    page = _page("https://example.org/aaa", hostile)
    started = time.monotonic()
    outcome = _within(5.0, lambda: parse_listing(page, "https://example.org/", r"(a+)+$"))
    assert isinstance(outcome, ParseError), outcome
    assert "(a+)+$" in str(outcome)
    assert time.monotonic() - started < 3.0


def test_the_budget_covers_the_whole_page_not_each_link() -> None:
    hostile = ["https://example.org/press/" + "a" * 26 + f"!{n}" for n in range(200)]
    started = time.monotonic()
    outcome = _within(
        10.0,
        lambda: parse_listing(_page(*hostile), "https://example.org/", r"(a|aa)+$", budget=0.3),
    )
    assert isinstance(outcome, ParseError), outcome
    assert time.monotonic() - started < 3.0
