"""Mistakes caught at the door (issue 18): a typo in ``subscribe`` or ``events --type`` is
refused, exit 2 with one line naming the option, the bad value and the closest or valid
choices, and nothing is written; ``asean-monitor catalogue`` lists the valid ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.events import SubscriptionCreated, subscription_stream
from monitor.vetting import Refused, address_problem, aliases_of, check_language, closest
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for
from tests.support.receivers import SmtpSink, smtp_sink_fixture

__all__ = ["smtp_sink_fixture"]

SOURCES = """\
version: 1
defaults: {interval: 30m, language: en}
sources:
  - {id: vna, name: Vietnam News Agency, url: https://vna.example/rss, kind: feed, language: vi}
  - {id: asean-sec, name: ASEAN Secretariat, url: https://asean.example/feed, kind: feed}
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return {
        "MONITOR_DATABASE_URL": sqlite_url_for(tmp_path / "events.db"),
        "MONITOR_SECRETS_KEY_FILE": str(tmp_path / "keys" / "secrets.key"),
        "MONITOR_SOURCES": str(tmp_path / "sources.yaml"),
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def refused(result: Result) -> str:
    """The refusal: exit 2, exactly one line on stderr, no traceback, nothing on stdout."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert "subscribed" not in result.stdout
    return lines[0]


def subscriptions_in(env: dict[str, str]) -> list[str]:
    log = SqlEventLog(env["MONITOR_DATABASE_URL"])
    try:
        return [e.stream_id for e in log.iter_all(0) if e.type == "subscription.created"]
    finally:
        log.close()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["--dialogue", "asean-usa"],
            ["--dialogue: no dialogue 'asean-usa'", "Did you mean 'asean-us'?", "asean-japan"],
        ),
        (
            ["--mechanism", "summitt"],
            ["--mechanism: no mechanism 'summitt'", "Did you mean 'summit'?", "foreign-ministers"],
        ),
        (["--topic", "scs"], ["--topic: no topic 'scs'", "Did you mean 'south-china-sea'?"]),
        (["--source", "vnaa"], ["--source: no configured source 'vnaa'", "'vna'", "asean-sec"]),
        (["--language", "jp"], ["--language: 'jp' is not a language code", "'ja'", "en, vi"]),
        (["--language", "en-GB"], ["--language: 'en-GB'", "give 'en'"]),
    ],
)
def test_an_unknown_id_in_the_filter_is_refused(
    env: dict[str, str], args: list[str], says: list[str]
) -> None:
    line = refused(run(env, "subscribe", *args, "--log"))
    for part in says:
        assert part in line
    assert "asean-monitor catalogue" in line or "language" in line
    assert subscriptions_in(env) == []


def test_valid_ids_are_accepted(env: dict[str, str]) -> None:
    assert "'vna'" in refused(run(env, "subscribe", "--source", "VNA", "--log"))
    args = ["--dialogue", "asean-us", "--mechanism", "summit", "--topic", "south-china-sea"]
    done = run(env, "subscribe", *args, "--source", "vna", "--language", "vi", "--log")
    assert done.exit_code == 0, done.output
    assert len(subscriptions_in(env)) == 1


def test_an_address_that_is_not_one_is_refused(env: dict[str, str], smtp_sink: SmtpSink) -> None:
    smtp = {"MONITOR_SMTP_HOST": "127.0.0.1", "MONITOR_SMTP_PORT": str(smtp_sink.port)}
    line = refused(run({**env, **smtp}, "subscribe", "--email", "not-an-email"))
    assert line.startswith("--email: 'not-an-email' is not an e-mail address")
    assert "analyst@example.org" in line
    named = refused(run({**env, **smtp}, "subscribe", "--email", "Ann <ann@example.org>"))
    assert "give the address alone" in named
    assert subscriptions_in(env) == []


def test_email_without_an_smtp_server_is_refused_and_with_one_accepted(
    env: dict[str, str], smtp_sink: SmtpSink
) -> None:
    line = refused(run(env, "subscribe", "--email", "desk@example.org"))
    assert "need an SMTP server" in line
    assert "MONITOR_SMTP_HOST" in line
    smtp = {"MONITOR_SMTP_HOST": "127.0.0.1", "MONITOR_SMTP_PORT": str(smtp_sink.port)}
    done = run({**env, **smtp}, "subscribe", "--email", "desk@example.org")
    assert done.exit_code == 0, done.output
    assert len(subscriptions_in(env)) == 1


def test_an_apprise_url_apprise_cannot_read_is_refused(env: dict[str, str]) -> None:
    line = refused(run(env, "subscribe", "--apprise", "notaurl"))
    assert line.startswith("--apprise: (not an URL) is not an Apprise URL")
    assert "ntfy" in line, "the allowed schemes are named"
    unknown = refused(run(env, "subscribe", "--apprise", "slack://"))
    assert "Apprise cannot use this URL" in unknown


def test_an_ntfy_url_without_a_topic_is_refused(env: dict[str, str]) -> None:
    """Apprise reads "ntfy://ntfy.example.org" as ntfy.sh with no topic: it would send nothing."""
    line = refused(run(env, "subscribe", "--apprise", "ntfy://ntfy.example.org"))
    assert "names no ntfy topic" in line
    assert "ntfy://HOST/TOPIC" in line
    assert subscriptions_in(env) == []


def test_an_unknown_event_type_is_refused_with_the_known_ones(env: dict[str, str]) -> None:
    line = refused(run(env, "events", "--type", "article.matchd"))
    assert line.startswith("--type: no event type 'article.matchd'")
    assert "Did you mean 'article.matched'?" in line
    assert "subscription.created" in line
    assert run(env, "events", "--type", "article.matched").exit_code == 0


def test_a_stored_subscription_naming_unknown_ids_still_loads(env: dict[str, str]) -> None:
    """The check is at the door: what the log already holds is read as it is."""
    log = SqlEventLog(env["MONITOR_DATABASE_URL"])
    old = SubscriptionCreated(
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        subscription_id="0ld0ld0ld0ld",
        name="old typo",
        filter={"dialogues": ["asean-usa"], "topics": ["scs"], "languages": ["EN"]},
        target={"type": "log"},
        delivery={},
    )
    log.append(subscription_stream("0ld0ld0ld0ld"), [old])
    log.close()
    listed = run(env, "subscriptions", "list")
    assert listed.exit_code == 0, listed.output
    assert "0ld0ld0ld0ld" in listed.stdout
    assert "asean-usa" in refused(run(env, "subscribe", "--dialogue", "asean-usa", "--log"))


def test_the_catalogue_lists_ids_names_sources_and_languages(env: dict[str, str]) -> None:
    shown = run(env, "catalogue")
    assert shown.exit_code == 0, shown.output
    for text in ("asean-us", "ASEAN-United States", "foreign-ministers", "south-china-sea"):
        assert text in shown.stdout
    assert "Vietnam News Agency" in shown.stdout
    assert "en, vi" in shown.stdout
    assert "article.matched" in shown.stdout
    document = json.loads(run(env, "catalogue", "--json").stdout)
    assert {"id": "asean-us", "name": "ASEAN-United States"} in document["dialogues"]
    assert {"id": "vna", "name": "Vietnam News Agency"} in document["sources"]
    assert "summit" in [m["id"] for m in document["mechanisms"]]
    assert "scs" not in [t["id"] for t in document["topics"]]
    assert document["languages"] == ["en", "vi"]


def test_the_catalogue_without_sources_yaml_says_so(env: dict[str, str], tmp_path: Path) -> None:
    shown = run({**env, "MONITOR_SOURCES": "nope.yaml"}, "catalogue", "--json")
    document = json.loads(shown.stdout)
    assert document["sources"] is None
    assert document["notes"] == ["no nope.yaml: sources are not checked"]
    done = run({**env, "MONITOR_SOURCES": str(tmp_path / "nope.yaml")}, "subscribe", "--source",
               "anything", "--log")  # fmt: skip
    assert done.exit_code == 0, "without sources.yaml, sources are not checked"


def test_sources_yaml_matching_changes_the_dialogues(env: dict[str, str], tmp_path: Path) -> None:
    """A dialogue added by sources.yaml's ``matching:`` is valid; one it disables is not."""
    matching = """\
matching:
  disable: [asean-russia]
  dialogues:
    asean-gcc: {name: ASEAN-Gulf Cooperation Council, kind: partner, aliases: [GCC]}
"""
    (tmp_path / "sources.yaml").write_text(SOURCES + matching, encoding="utf-8")
    added = run(env, "subscribe", "--dialogue", "asean-gcc", "--log")
    assert added.exit_code == 0, added.output
    off = refused(run(env, "subscribe", "--dialogue", "asean-russia", "--log"))
    assert off == (
        "--dialogue: the dialogue 'asean-russia' is disabled by the matching: settings of "
        "sources.yaml; enable it there or choose another"
    )
    listed = json.loads(run(env, "catalogue", "--json").stdout)
    assert {"id": "asean-gcc", "name": "ASEAN-Gulf Cooperation Council"} in listed["dialogues"]


def test_the_closest_ids_and_what_a_language_and_an_address_are() -> None:
    known = {
        "asean-us": "ASEAN-United States",
        "asean-uk": "ASEAN-United Kingdom",
        "south-china-sea": "South China Sea",
    }
    aliases = aliases_of(known)
    assert closest("asean-usa", known, aliases) == ["asean-us"]
    assert closest("scs", known, aliases) == ["south-china-sea"]
    assert closest("ASEAN-UK", known, aliases) == ["asean-uk"]
    assert closest("South China Sea", known, aliases) == ["south-china-sea"]
    assert closest("nothing-like-it", known, aliases) == []
    for good in ("analyst@example.org", "a.b+desk@sub.example.co.uk", "ops@exämple.org"):
        assert address_problem(good) is None
    for bad in ("not-an-email", "a@localhost", "a..b@example.org", "Ann <a@example.org>"):
        assert address_problem(bad)
    check_language("language", "en-GB")
    check_language("language", "vi", region=False)
    for value, says in [("en-GB", "give 'en'"), ("jp", "'ja'"), ("EN", "'en'"), ("xx", "E.g.")]:
        with pytest.raises(Refused, match=says):
            check_language("filter.languages", value, region=False)
