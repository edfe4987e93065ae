"""``asean-monitor audit trail ARTICLE|ALERT``: where an item came from and what became of it
(a sub-command of ``audit``, added in ``monitor.commands.audit``)."""

from __future__ import annotations

import json
from typing import Any

import click

from monitor.audit.trail import TrailNotFoundError, load_trail, render_trail
from monitor.commands import fail, settings_or_exit
from monitor.wiring import open_current_store


@click.command()
@click.argument("subject")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per step instead of text.")
def trail(subject: str, as_json: bool) -> None:
    """The audit trail of an article (article-…) or an alert (its id): the poll that found it,
    its extraction, the ruleset and evidence that matched it, who was alerted, and every
    delivery attempt with its receipt."""
    log = open_current_store(settings_or_exit())
    try:
        found = load_trail(log, subject)
    except TrailNotFoundError as exc:
        fail(str(exc), 2)
        return
    finally:
        log.close()
    if as_json:
        for step in found.steps:
            entry: dict[str, Any] = {"at": step.at, "what": step.what, "position": step.position}
            entry.update(detail=step.detail, facts=step.facts)
            click.echo(json.dumps(entry, ensure_ascii=False))
        return
    for line in render_trail(found):
        click.echo(line)
