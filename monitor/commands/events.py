"""``asean-monitor events``: the audit export, as JSON lines, streamed in constant memory.

Subscription secrets and URL credentials are shown redacted
(:func:`alerts.secrets.redacted_export`); each line's ``hash`` is the stored one (re-hash a
database copy to verify, not an export)."""

from __future__ import annotations

import json
import sys

import click

from alerts.secrets import redacted_export
from monitor.commands import fail, settings_or_exit
from monitor.wiring import open_store
from store.clock import format_time, parse_time
from store.log import Filter


def parse_option_time(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return format_time(parse_time(value))
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not a date or time (expected ISO 8601, e.g. 2026-05-03 or "
            "2026-05-03T08:00:00Z)",
            param_hint=option,
        ) from exc


def _known_types(types: tuple[str, ...]) -> None:
    """An unknown type would print nothing, silently: exit 2 naming the known ones."""
    from monitor.choices import event_types
    from monitor.vetting import Refused, check_event_types

    try:
        check_event_types("--type", types, event_types())
    except Refused as exc:
        fail(str(exc), 2)


@click.command()
@click.option("--stream", help="Only this stream (e.g. source-vna, article-…).")
@click.option("--type", "types", multiple=True, help="Only this event type (repeatable).")
@click.option("--since", help="Events that occurred at or after this time (UTC if no offset).")
@click.option("--until", help="Events that occurred before this time.")
@click.option("--after", default=0, show_default=True, help="Start after this log position.")
def events(
    stream: str | None, types: tuple[str, ...], since: str | None, until: str | None, after: int
) -> None:
    """Print events as JSON lines: position, stream, version, type, schema_version,
    occurred_at, recorded_at, data, metadata, hash."""
    _known_types(types)
    where = Filter(
        stream, types, parse_option_time(since, "--since"), parse_option_time(until, "--until")
    )
    log = open_store(settings_or_exit())
    write = sys.stdout.write
    try:
        for event in log.iter_all(after, page_size=1000, where=where):
            write(json.dumps(redacted_export(event), ensure_ascii=False) + "\n")
    except BrokenPipeError:  # `asean-monitor events | head` is fine
        sys.stderr.close()
    finally:
        log.close()
