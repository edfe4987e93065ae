"""sources.yaml loading (every problem, with its line) and the environment settings."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import (
    MIN_INTERVAL,
    Problem,
    SourceKind,
    SourcesFileError,
    check_sources,
    format_duration,
    load_sources,
    parse_duration,
)
from monitor.errors import ConfigError
from monitor.settings import DEFAULT_USER_AGENT, Settings, describe_settings, load_settings

BUNDLED = Path(__file__).resolve().parents[2] / "sources.yaml"

GOOD = """\
version: 1
defaults:
  interval: 45m
  language: en
  user_agent: test-agent/1.0
  headers: {Accept-Language: en, X-Team: news}
sources:
  - id: asean-secretariat
    name: ASEAN Secretariat news
    url: https://asean.org/feed/
    tags: [asean, official, asean]
  - id: vn-mofa
    name: Viet Nam MOFA
    url: https://mofa.gov.vn/en/news
    kind: html_listing
    link_pattern: "/en/[a-z0-9-]+-\\\\d+\\\\.html$"
    interval: 2h
    language: vi
    headers: {accept-language: vi}
    enabled: false
  - id: json
    name: A JSON feed
    url: http://example.org/feed.json
    kind: json_feed
    interval: 900
matching:
  dialogues: {extra: [a, b]}
"""

# Line numbers matter: the test below asserts them exactly.
BAD = """\
version: 1
defaults:
  interval: 30m
  langauge: en
sources:
  - id: asean-sec
    name: ASEAN Secretariat
    url: https://asean.org/feed/
    interval: 30s
  - id: asean-sec
    name: Duplicate
    url: ftp://example.org/feed
    tags: [Asean]
  - id: Listing Page
    name: A listing without a pattern
    url: https://example.org/news
    kind: html_listing
    language: no
    enabled: true
    enabled: false
  - name: no id here
    url: https://example.org/x
    intervall: 1h
    link_pattern: "(["
  - id: bad-interval
    name: Bad interval
    url: "https://exa mple.org/"
    interval: 10 minutes
    kind: rss
"""

BAD_EXPECTED = [
    (4, "defaults.langauge", "did you mean 'language'"),
    (9, "sources[0].interval", "at least 1m"),
    (10, "sources[1].id", "duplicate id 'asean-sec': already used by sources[0] on line 6"),
    (12, "sources[1].url", "http:// or https://"),
    (13, "sources[1].tags[0]", "lower-case tag"),
    (14, "sources[2].id", "slug"),
    (17, "sources[2].kind", "needs link_pattern"),
    (18, "sources[2].language", "quote the value"),
    (20, "sources[2].enabled", "repeated key (first on line 19)"),
    (21, "sources[3].id", "missing required key 'id'"),
    (23, "sources[3].intervall", "did you mean 'interval'"),
    (24, "sources[3].link_pattern", "applies only to kind html_listing"),
    (24, "sources[3].link_pattern", "not a valid regular expression"),
    (27, "sources[4].url", "no spaces"),
    (28, "sources[4].interval", "expected a duration"),
    (29, "sources[4].kind", "'feed', 'json_feed', 'sitemap' or 'html_listing'"),
]


def write(tmp_path: Path, text: str, name: str = "sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    problems = check_sources(path)
    assert [(p.line, p.field) for p in problems] == [(line, f) for line, f, _ in BAD_EXPECTED]
    for problem, (_, _, fragment) in zip(problems, BAD_EXPECTED, strict=True):
        assert fragment in problem.message, problem
        assert problem.file == path


def test_load_raises_one_error_listing_all_problems(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    with pytest.raises(SourcesFileError) as caught:
        load_sources(path)
    error = caught.value
    assert isinstance(error, ConfigError)
    assert len(error.problems) == len(BAD_EXPECTED)
    text = str(error)
    assert f"{path}: {len(BAD_EXPECTED)} problems" in text
    assert f"{path}:23: sources[3].intervall: unknown key 'intervall'" in text


def test_good_file_loads_with_defaults_applied(tmp_path: Path) -> None:
    config = load_sources(write(tmp_path, GOOD))
    assert check_sources(tmp_path / "sources.yaml") == []
    asean, vn, json = config.sources
    assert asean.interval == timedelta(minutes=45)
    assert asean.kind is SourceKind.FEED
    assert asean.tags == ("asean", "official")
    assert asean.headers == {"Accept-Language": "en", "X-Team": "news"}
    assert asean.user_agent == "test-agent/1.0"
    assert vn.interval == timedelta(hours=2)
    assert vn.language == "vi"
    assert vn.headers == {"X-Team": "news", "accept-language": "vi"}
    assert not vn.enabled
    assert vn.link_pattern is not None
    assert vn.link_pattern.search("https://mofa.gov.vn/en/minister-meets-12.html")
    assert json.interval == timedelta(seconds=900)
    assert json.kind is SourceKind.JSON_FEED
    assert [s.id for s in config.enabled()] == ["asean-secretariat", "json"]
    assert config.source("vn-mofa") is vn
    assert config.matching == {"dialogues": {"extra": ["a", "b"]}}


def test_source_is_frozen_and_hashable(tmp_path: Path) -> None:
    config = load_sources(write(tmp_path, GOOD))
    source = config.sources[0]
    with pytest.raises(ValueError, match="frozen"):
        source.url = "https://elsewhere.example/"  # type: ignore[misc]
    assert len(set(config.sources)) == 3
    with pytest.raises(KeyError):
        config.source("absent")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nsources:\n  - id: a\n    name: [unclosed\n")
    (problem,) = check_sources(path)
    assert problem.line == 5
    assert "not valid YAML" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [
        ("", 1, "", "expected a mapping of keys to values, got nothing"),
        ("- just\n- a list\n", 1, "", "expected a mapping of keys to values, got a list"),
        ("version: 2\nsources: []\n", 1, "version", "expected version: 1"),
        ("version: 1\n", 1, "sources", "missing required key 'sources'"),
        ("version: 1\nsources: []\nsourcse: []\n", 3, "sourcse", "did you mean 'sources'"),
        ("version: 1\nsources:\n  - just-a-string\n", 3, "sources[0]", "got a string"),
        ("version: 1\ndefaults: 3\nsources: []\n", 2, "defaults", "got a number"),
        ("version: 1\nsources: {}\n", 2, "sources", "valid list"),
        ("version: 1\ndefaults: {interval: 1h30x}\nsources: []\n", 2, "defaults.interval", "1h30m"),
        ("version: 1\ndefaults: {interval: 30m1h}\nsources: []\n", 2, "defaults.interval", "first"),
    ],
)
def test_single_problems(tmp_path: Path, text: str, line: int, field: str, fragment: str) -> None:
    (problem,) = check_sources(write(tmp_path, text))
    assert (problem.line, problem.field) == (line, field)
    assert fragment in problem.message


def test_unreadable_file_is_a_problem_without_line(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    (problem,) = check_sources(missing)
    assert problem == Problem(missing, None, "", problem.message)
    assert "cannot read" in problem.message
    with pytest.raises(SourcesFileError, match=r"absent\.yaml: 1 problem"):
        load_sources(missing)


def test_header_names_and_values_are_checked(tmp_path: Path) -> None:
    text = (
        "version: 1\nsources:\n  - id: a\n    name: A\n    url: https://a.example/\n"
        '    headers:\n      "Bad Name": x\n      X-Ok: "two\\nlines"\n'
    )
    problems = check_sources(write(tmp_path, text))
    assert [(p.line, p.field) for p in problems] == [
        (7, "sources[0].headers.Bad Name.[key]"),
        (8, "sources[0].headers.X-Ok"),
    ]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (90, 90),
        ("90", 90),
        ("90s", 90),
        ("15m", 900),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1d", 86400),
        ("2w", 1_209_600),
        (" 1H 5M ", 3900),
        (2.5, 2.5),
    ],
)
def test_durations(text: object, seconds: float) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["", "0", "-5", "5x", "m", "1m1h", "1m1m", True, None, [], "400d"])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ValueError, match=r"duration|units"):
        parse_duration(text)


@pytest.mark.parametrize("seconds", [1, 59, 60, 90, 3600, 5400, 86_400 + 61])
def test_format_duration_round_trips(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


def test_minimum_interval_is_one_minute(tmp_path: Path) -> None:
    assert timedelta(minutes=1) == MIN_INTERVAL
    base = "version: 1\ndefaults: {interval: %s}\nsources: []\n"
    assert check_sources(write(tmp_path, base % "1m", "ok.yaml")) == []
    (problem,) = check_sources(write(tmp_path, base % "59", "short.yaml"))
    assert problem.field == "defaults.interval"


def test_bundled_sources_file_loads() -> None:
    config = load_sources(BUNDLED)
    ids = [source.id for source in config.sources]
    assert len(ids) == len(set(ids)) >= 25
    for source in config.sources:
        assert re.match(r"https?://[^/\s]+/", source.url), source.id
        assert source.interval >= MIN_INTERVAL
        if source.kind is SourceKind.HTML_LISTING:
            assert source.link_pattern is not None or source.link_xpath is not None, source.id
    hosts = " ".join(source.url for source in config.sources)
    for expected in ("asean.org", "mofa.go.jp", "state.gov", "vietnamplus.vn", "bernama.com"):
        assert expected in hosts


# --- settings -----------------------------------------------------------------------------


def test_settings_defaults() -> None:
    settings = load_settings({})
    assert settings.database_url == "sqlite:///data/events.db"
    assert settings.sources == Path("sources.yaml")
    assert (settings.listen_host, settings.listen_port) == ("127.0.0.1", 8080)
    assert settings.allow_private_networks is False
    assert (settings.concurrency, settings.per_host_concurrency) == (16, 2)
    assert settings.fetch_timeout == 20
    assert settings.max_response_bytes == 10 * 1024 * 1024
    assert settings.max_decompressed_bytes == 50 * 1024 * 1024
    assert settings.max_redirects == 5
    assert settings.user_agent == DEFAULT_USER_AGENT
    assert re.fullmatch(r"asean-monitor/\S+ \(\+https://\S+\)", settings.user_agent)
    assert settings.signing_key == Path("data/keys/checkpoint.key")
    assert settings.log_level == "INFO"


def test_settings_from_an_env_mapping() -> None:
    settings = load_settings(
        {
            "MONITOR_DATABASE_URL": "postgresql+psycopg://monitor@db/events",
            "MONITOR_SOURCES": "/etc/monitor/sources.yaml",
            "MONITOR_LISTEN": "[::1]:9000",
            "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
            "monitor_concurrency": "4",
            "MONITOR_MAX_RESPONSE_BYTES": "2MiB",
            "MONITOR_LOG_LEVEL": "debug",
            "UNRELATED": "ignored",
        }
    )
    assert settings.database_url == "postgresql+psycopg://monitor@db/events"
    assert settings.sources == Path("/etc/monitor/sources.yaml")
    assert (settings.listen_host, settings.listen_port) == ("::1", 9000)
    assert settings.allow_private_networks is True
    assert settings.concurrency == 4
    assert settings.max_response_bytes == 2 * 1024 * 1024
    assert settings.log_level == "DEBUG"


def test_load_settings_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_MAX_REDIRECTS", "9")
    assert load_settings().max_redirects == 9


def test_bad_settings_name_each_variable() -> None:
    env = {"MONITOR_CONCURRENCY": "many", "MONITOR_LISTEN": "localhost", "MONITOR_LOG_LEVEL": "x"}
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    text = str(caught.value)
    for name in env:
        assert name in text
    assert "host:port" in text


def test_decompressed_cap_not_below_response_cap() -> None:
    with pytest.raises(ConfigError, match="max_decompressed_bytes"):
        load_settings({"MONITOR_MAX_DECOMPRESSED_BYTES": "1MiB"})


def test_every_setting_is_documented() -> None:
    rows = describe_settings()
    assert [row[0] for row in rows] == [f"MONITOR_{n.upper()}" for n in Settings.model_fields]
    assert all(len(description) > 10 for _, _, description in rows)
    assert rows[2][:2] == ("MONITOR_LISTEN", "127.0.0.1:8080")
