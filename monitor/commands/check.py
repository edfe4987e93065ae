"""``asean-monitor check-config``: every problem of sources.yaml at once.

It imports only what reading the file needs (click, the config model), so that it answers in
a fraction of a second: the daemon's libraries are never loaded here.
"""

from __future__ import annotations

from pathlib import Path

import click

from monitor.commands import fail, settings_or_exit

sources_option = click.option(
    "--sources",
    "sources_path",
    type=click.Path(path_type=Path),
    envvar="MONITOR_SOURCES",
    help="sources.yaml to read (default: MONITOR_SOURCES, then ./sources.yaml).",
)


@click.command("check-config")
@sources_option
def check_config(sources_path: Path | None) -> None:
    """Report every problem of sources.yaml at once (file:line: field: reason)."""
    from monitor.config import check_and_load

    path = sources_path or settings_or_exit().sources
    problems, config = check_and_load(path)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems or config is None:
        fail(f"{path}: {len(problems)} problem(s)", 1)
        return
    enabled = sum(1 for s in config.sources if s.enabled)
    click.echo(f"{path}: OK, {len(config.sources)} sources ({enabled} enabled)")
