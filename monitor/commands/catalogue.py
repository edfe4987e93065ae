"""``asean-monitor catalogue``: every id a subscription or a filter may name, with its name:
dialogues, meeting mechanisms, topics, the configured sources and their languages, and the
event types of ``asean-monitor events --type`` (the same document as ``GET /api/catalogue``)."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from monitor.commands import settings_or_exit

SECTIONS = (
    ("dialogues", "Dialogues (--dialogue)"),
    ("mechanisms", "Meeting mechanisms (--mechanism)"),
    ("topics", "Topics (--topic)"),
    ("sources", "Sources (--source)"),
)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of tables.")
def catalogue(as_json: bool) -> None:
    """List the valid ids: dialogues, mechanisms, topics, sources, languages, event types."""
    from monitor.choices import catalogue_document, choices_for, event_types

    document = catalogue_document(choices_for(settings_or_exit()), event_types())
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    console = Console(width=120)
    for key, title in SECTIONS:
        if document[key] is not None:
            console.print(_table(title, document[key]))
    languages = ", ".join(document["languages"]) or "(none configured)"
    console.print(f"Languages of the sources (--language, any ISO 639-1 code): {languages}")
    console.print(f"Event types (events --type): {', '.join(document['event_types'])}")
    for note in document["notes"]:
        click.echo(f"note: {note}", err=True)


def _table(title: str, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("id")
    table.add_column("name")
    for row in rows:
        table.add_row(row["id"], row["name"])
    return table
