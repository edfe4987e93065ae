"""``asean-monitor match`` (judge files) and ``asean-monitor rematch`` (what-if over the log)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console

from monitor.audit.rematch import TEXT_TYPES, Change, collect, compare
from monitor.commands import fail, settings_or_exit
from monitor.commands.events import parse_option_time
from monitor.config import SourcesFileError, load_sources
from monitor.errors import ExtractionError, MatchError
from monitor.events import ArticleMatched
from monitor.extract.extractor import extract_article
from monitor.matching import (
    Ruleset,
    judge,
    judged_text,
    judgement_to_json,
    load_ruleset,
    load_ruleset_file,
    render_judgement,
)
from monitor.matching.judging import RulesetJudge, judged_title
from monitor.wiring import open_store
from store import Metadata
from store.log import EventLog, Filter


def _ruleset(rules: Path | None, sources: Path | None) -> Ruleset:
    try:
        if rules is not None:
            return load_ruleset_file(rules)
        path = sources or settings_or_exit().sources
        overrides = load_sources(path).matching if path.exists() else {}
        return load_ruleset(overrides, source=str(path))
    except (MatchError, SourcesFileError) as exc:
        fail(str(exc), 2)
        raise


def _read(name: str, html: bool) -> tuple[str, str | None]:
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    if not html:
        return raw.decode("utf-8", errors="replace"), None
    extracted = extract_article(raw, url=f"file://{Path(name).resolve()}")
    return extracted.text, extracted.title


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--html", is_flag=True, help="The files are HTML pages: extract the article first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.option("--rules", type=click.Path(path_type=Path, exists=True), help="A rules file.")
@click.option("--sources", type=click.Path(path_type=Path), help="sources.yaml (its matching:).")
def match(
    files: tuple[str, ...], html: bool, as_json: bool, rules: Path | None, sources: Path | None
) -> None:
    """Judge texts (or HTML pages with --html): dialogues, meetings, topics, evidence.

    FILE may be - for standard input."""
    ruleset = _ruleset(rules, sources)
    console = Console(highlight=False)
    for name in files:
        try:
            text, title = _read(name, html)
        except (OSError, ExtractionError) as exc:
            fail(f"{name}: {exc}", 2)
            return
        verdict = judge(text, ruleset, title=title)
        if as_json:
            line = json.dumps(judgement_to_json(verdict, name), ensure_ascii=False)
            click.echo(line)
        else:
            console.rule(name)
            console.print(render_judgement(verdict, judged_text(text, title)))


@click.command()
@click.option("--since", required=True, help="Articles judged at or after this time.")
@click.option("--until", help="… and before this time.")
@click.option("--rules", required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--apply", "apply_", is_flag=True, help="Record the new judgements as events.")
def rematch(since: str, until: str | None, rules: Path, apply_: bool) -> None:
    """What would another ruleset have caught? Compares stored judgements with new ones;
    touches nothing unless --apply."""
    ruleset = _ruleset(rules, None)
    judge_with = RulesetJudge(ruleset)
    where = Filter(
        types=TEXT_TYPES,
        since=parse_option_time(since, "--since"),
        until=parse_option_time(until, "--until"),
    )
    log = open_store(settings_or_exit())
    try:
        articles = collect(log.iter_all(where=where))
        changes = [
            compare(a, judge_with(a.text, judged_title(a.feed_title, a.text)))
            for a in articles.values()
            if a.text is not None and a.verdict is not None
        ]
        _report(changes, ruleset.hash)
        if apply_:
            _apply(log, [c for c in changes if c.changed], judge_with.ruleset_hash)
    finally:
        log.close()


def _report(changes: list[Change], ruleset_hash: str) -> None:
    changed = [c for c in changes if c.changed]
    click.echo(
        f"ruleset {ruleset_hash[:12]}: {len(changes)} articles judged again, "
        f"{len(changed)} would change"
    )
    for c in changed:
        parts = [f"+{d}" for d in c.gained] + [f"-{d}" for d in c.lost]
        if c.meetings_before != c.meetings_after:
            parts.append(f"meetings {list(c.meetings_before)} -> {list(c.meetings_after)}")
        click.echo(f"{c.article_id}\t{c.title or ''}\t{' '.join(parts)}")


def _apply(log: EventLog, changes: list[Change], ruleset_hash: str) -> None:
    now = datetime.now(UTC)
    meta = Metadata(causation_id="rematch", extra={"ruleset": ruleset_hash})
    with log.transaction() as tx:
        for c in changes:
            tx.append(c.article_id, [ArticleMatched(occurred_at=now, **c.verdict)], metadata=meta)
    click.echo(f"recorded {len(changes)} new judgements")
