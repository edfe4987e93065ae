"""The ``asean-monitor`` command line (also ``python -m monitor``).

Exit codes: 0 success, 1 the command ran and found a problem (a failed verification, nothing
could be polled), 2 bad usage or configuration.
"""

from __future__ import annotations

import click

from alerts.errors import AlertsError
from monitor import __version__
from monitor.commands.alerts import alerts
from monitor.commands.audit import audit
from monitor.commands.events import events
from monitor.commands.ingest import check_config, once, run
from monitor.commands.matching import match, rematch
from monitor.commands.replay import replay
from monitor.commands.secrets import secrets
from monitor.commands.subscriptions import subscribe, subscriptions
from monitor.commands.tokens import token
from monitor.errors import MonitorError
from store.errors import StoreError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="asean-monitor")
def cli() -> None:
    """Watch diplomatic news for ASEAN's dialogue relations, with an auditable event log."""


cli.add_command(audit)
cli.add_command(events)
cli.add_command(replay)
cli.add_command(run)
cli.add_command(once)
cli.add_command(check_config)
cli.add_command(match)
cli.add_command(rematch)
cli.add_command(subscribe)
cli.add_command(subscriptions)
cli.add_command(alerts)
cli.add_command(token)
cli.add_command(secrets)


def main() -> None:
    """The console script: errors the program raises on purpose end in one clear line."""
    try:
        cli(prog_name="asean-monitor")
    except (MonitorError, StoreError, AlertsError) as exc:
        click.echo(f"asean-monitor: {exc}", err=True)
        raise SystemExit(2) from exc
