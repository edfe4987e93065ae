"""``asean-monitor match`` and ``rematch`` through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from monitor.cli import cli
from monitor.events import ArticleExtracted, ArticleMatched, ItemDiscovered
from monitor.matching import JUDGEMENT_SCHEMA, load_ruleset
from monitor.matching.judging import RulesetJudge, judged_title
from store import Metadata
from store.sql import SqlEventLog
from tests.support.databases import sqlite_url_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
WHEN = datetime(2026, 5, 3, 8, tzinfo=UTC)


def invoke(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env or {}, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_match_json_prints_one_valid_object_per_file_in_order(tmp_path: Path) -> None:
    code, out, err = invoke(
        "match", "--json", "--sources", str(tmp_path / "none.yaml"), *map(str, SEEDS)
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["path"] for line in lines] == [str(s) for s in SEEDS]
    for line in lines:
        jsonschema.validate(line, JUDGEMENT_SCHEMA)
    relevant = [[d["id"] for d in line["dialogues"] if d["relevant"]] for line in lines]
    assert relevant == [["asean-us"]] * 4 + [["asean-japan"]]


def test_match_reads_html_pages_and_standard_input(tmp_path: Path) -> None:
    page = FIXTURES / "pages" / "004_f7c1be859b819757.html"
    code, out, _ = invoke("match", "--json", "--html", str(page))
    assert code == 0
    verdict = json.loads(out)
    assert [m["name"] for m in verdict["meetings"]][:1] == ["36th ASEAN-Japan Forum"]
    code, out, _ = invoke(
        "match", "--json", "-", stdin="Shares rose. The SEA Games opened in Bangkok."
    )
    assert code == 0
    assert json.loads(out)["relevant"] is False


def test_match_without_json_highlights_the_evidence() -> None:
    code, out, _ = invoke("match", str(SEEDS[3]))
    assert code == 0
    assert "RELEVANT" in out
    assert "13th ASEAN–US Summit" in out


def test_match_names_a_bad_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("disable: asean-us\nbogus: 1\n", encoding="utf-8")
    code, _, err = invoke("match", "--rules", str(rules), str(SEEDS[0]))
    assert code == 2
    assert str(rules) in err


def test_rematch_reports_then_applies_a_new_ruleset(tmp_path: Path) -> None:
    url = sqlite_url_for(tmp_path / "events.db")
    log = SqlEventLog(url)
    judge = RulesetJudge(load_ruleset())
    for seed in SEEDS:
        stream = f"article-{seed.stem}"
        text = seed.read_text(encoding="utf-8")
        log.append(
            stream,
            [
                ItemDiscovered(
                    occurred_at=WHEN,
                    source_id="s",
                    url=f"https://x.example/{seed.stem}",
                    canonical_url=f"https://x.example/{seed.stem}",
                    guid=seed.stem,
                    title=seed.stem,
                ),
                ArticleExtracted(
                    occurred_at=WHEN,
                    url="u",
                    final_url="u",
                    canonical_url="u",
                    title=None,
                    text=text,
                    text_sha256="0",
                    fingerprint="0",
                    html_sha256="0",
                    duration_ms=1,
                ),
                ArticleMatched(occurred_at=WHEN, **judge(text, None)),
            ],
            metadata=Metadata(extra={"ruleset": judge.ruleset_hash}),
        )
    head = log.head().position
    rules = tmp_path / "rules.yaml"
    rules.write_text("disable: [asean-japan]\n", encoding="utf-8")
    env = {"MONITOR_DATABASE_URL": url}
    code, out, err = invoke("rematch", "--since", "2026-05-01", "--rules", str(rules), env=env)
    assert code == 0, err
    assert "5 articles judged again, 1 would change" in out
    assert "article-004_f7c1be859b819757" in out
    assert "-asean-japan" in out
    assert log.head().position == head, "without --apply nothing is recorded"
    code, out, _ = invoke(
        "rematch", "--since", "2026-05-01", "--rules", str(rules), "--apply", env=env
    )
    assert code == 0
    added = list(log.iter_all(after=head))
    assert [(e.stream_id, e.type) for e in added] == [
        ("article-004_f7c1be859b819757", "article.matched")
    ]
    assert added[0].metadata_dict()["ruleset"] != judge.ruleset_hash
    assert added[0].data_dict()["relevant"] is False
    log.close()


def test_rematch_with_the_same_rules_changes_nothing_whatever_the_page_title(
    tmp_path: Path,
) -> None:
    """The daemon judges the text beside the feed's title (left out when the text starts with
    it); rematch judges the same way, so a page title spelt otherwise is no change."""
    url = sqlite_url_for(tmp_path / "events.db")
    log = SqlEventLog(url)
    judge = RulesetJudge(load_ruleset())
    seed = SEEDS[3]
    text = seed.read_text(encoding="utf-8")
    feed_title = text.splitlines()[0]
    log.append(
        "article-x",
        [
            ItemDiscovered(
                occurred_at=WHEN,
                source_id="s",
                url="https://x.example/a",
                canonical_url="https://x.example/a",
                guid="a",
                title=feed_title,
            ),
            ArticleExtracted(
                occurred_at=WHEN,
                url="u",
                final_url="u",
                canonical_url="u",
                title="At the 13th ASEAN-US Summit, Vietnam proposes directions",
                text=text,
                text_sha256="0",
                fingerprint="0",
                html_sha256="0",
                duration_ms=1,
            ),
            ArticleMatched(occurred_at=WHEN, **judge(text, judged_title(feed_title, text))),
        ],
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text("disable: []\n", encoding="utf-8")
    env = {"MONITOR_DATABASE_URL": url}
    code, out, err = invoke("rematch", "--since", "2026-05-01", "--rules", str(rules), env=env)
    assert code == 0, err
    assert "1 articles judged again, 0 would change" in out
    log.close()
