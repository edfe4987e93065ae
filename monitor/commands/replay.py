"""``asean-monitor replay``: drop read models and rebuild them from the log."""

from __future__ import annotations

import hashlib

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from monitor.commands import settings_or_exit
from monitor.readmodels.registry import all_projections
from monitor.wiring import open_store
from store.projections import ProjectionRunner, digest


@click.command()
@click.option("--projection", "names", multiple=True, help="Rebuild only this read model.")
@click.option("--all", "everything", is_flag=True, help="Rebuild every read model.")
@click.option("--digest-only", is_flag=True, help="Print the digests without rebuilding.")
def replay(names: tuple[str, ...], everything: bool, digest_only: bool) -> None:
    """Rebuild read models from position 0 and print a digest of each rebuilt table.

    Two rebuilds of the same log print the same digests."""
    known = {p.name: p for p in all_projections()}
    unknown = [n for n in names if n not in known]
    if unknown or not (names or everything):
        raise click.UsageError(
            f"name a projection with --projection ({', '.join(known)}) or use --all"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    chosen = list(known.values()) if everything else [known[n] for n in names]
    log = open_store(settings_or_exit())
    runner = ProjectionRunner(log, chosen)
    console = Console(stderr=True)
    if not digest_only:
        _rebuild(runner, console)
    overall = hashlib.sha256()
    for projection in chosen:
        for table in digest(log, projection):
            line = f"{projection.name}\t{table.table}\t{table.rows} rows\tsha256:{table.sha256}"
            click.echo(line)
            overall.update(f"{table.table}:{table.sha256}\n".encode())
    click.echo(f"all\t-\t-\tsha256:{overall.hexdigest()}")
    log.close()


def _rebuild(runner: ProjectionRunner, console: Console) -> None:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=console) as bar:
        for projection in runner.projections:
            task = bar.add_task(f"replay {projection.name}", total=runner.log.head().position)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            runner.reset(projection)
            runner.catch_up(projection, advance)
