"""The ``asean-monitor`` command line (also ``python -m monitor``).

Exit codes: 0 success, 1 the command ran and found a problem (a failed verification, nothing
could be polled), 2 bad usage or configuration.

Commands are imported by name when they run (:class:`LazyGroup`): ``--help`` and
``check-config`` start without the daemon's libraries (SQLAlchemy, FastAPI, trafilatura,
Apprise, the matcher).  A command is one row of :data:`COMMANDS`: its module and attribute,
and its one-line help as ``--help`` lists it (``tests/cli/test_start.py`` checks that the line
is the command's own).
"""

from __future__ import annotations

import importlib

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "alerts": (
        "monitor.commands.alerts:alerts",
        "Alerts in the outbox: list them, send dead letters again.",
    ),
    "audit": (
        "monitor.commands.audit:audit",
        "Prove the event log was not rewritten, and trace why an alert fired.",
    ),
    "catalogue": (
        "monitor.commands.catalogue:catalogue",
        "List the valid ids: dialogues, mechanisms, topics, sources, languages, event types.",
    ),
    "check-config": (
        "monitor.commands.check:check_config",
        "Report every problem of sources.yaml at once (file:line: field: reason).",
    ),
    "events": (
        "monitor.commands.events:events",
        "Print events as JSON lines: position, stream, version, type, schema_version, "
        "occurred_at, recorded_at, data, metadata, hash.",
    ),
    "match": (
        "monitor.commands.matching:match",
        "Judge texts (or HTML pages with --html): dialogues, meetings, topics, evidence.",
    ),
    "once": (
        "monitor.commands.ingest:once",
        "Finish the work a stop left, poll every enabled source once, process new articles, "
        "send due alerts, and print a summary.",
    ),
    "rematch": (
        "monitor.commands.matching:rematch",
        "What would another ruleset have caught? Compares stored judgements with new ones; "
        "touches nothing unless --apply.",
    ),
    "replay": (
        "monitor.commands.replay:replay",
        "Rebuild read models from position 0 and print a digest of each rebuilt table.",
    ),
    "run": (
        "monitor.commands.ingest:run",
        "Run the daemon: poll due sources on their schedules until SIGTERM.",
    ),
    "secrets": (
        "monitor.commands.secrets:secrets",
        "The secrets key: webhook secrets and Apprise URLs are sealed with it in the log.",
    ),
    "subscribe": (
        "monitor.commands.subscriptions:subscribe",
        "Subscribe to alerts: a filter and a channel, instant or as a digest.",
    ),
    "subscriptions": (
        "monitor.commands.subscription_admin:subscriptions",
        "List, edit, pause, resume or delete subscriptions.",
    ),
    "token": ("monitor.commands.tokens:token", "API tokens for the HTTP service."),
}
"""Command name -> ("module:attribute", one-line help)."""
STOPPED_CLEANLY_WHILE_LOADING = frozenset({"run"})
"""Commands that a SIGTERM while their module loads ends with exit 0 (the daemon: a deploy
that stops a replica still loading its libraries; :func:`monitor.shutdown.exit_on_sigterm`)."""


class LazyGroup(click.Group):
    """A group whose commands (``lazy``: name -> (``module:attribute``, help)) are imported
    when they are looked up by name; listing them in ``--help`` imports none."""

    def __init__(self, *args: object, lazy: dict[str, tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy[cmd_name][0].partition(":")
        if cmd_name in STOPPED_CLEANLY_WHILE_LOADING:
            from monitor.shutdown import exit_on_sigterm

            exit_on_sigterm()
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module}:{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with their one-line help, from the table: nothing is imported."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy:
                rows.append((name, _short_help(self.lazy[name][1], limit)))
            elif (command := super().get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _short_help(text: str, limit: int) -> str:
    """``text`` cut as click cuts a command's help for its group's list."""
    return click.Command(None, help=text).get_short_help_str(limit)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``, reading the version only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from monitor import __version__

    click.echo(f"asean-monitor, version {__version__}")
    ctx.exit()


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Watch diplomatic news for ASEAN's dialogue relations, with an auditable event log."""


def main() -> None:
    """The console script: errors the program raises on purpose end in one clear line."""
    try:
        cli(prog_name="asean-monitor")
    except Exception as exc:
        if not _on_purpose(exc):
            raise
        _report(exc)
        raise SystemExit(2) from exc


def _report(exc: Exception) -> None:
    """The one line of an error raised on purpose: a JSON log line where the command logs
    JSON (``run`` and ``once`` under ``MONITOR_LOG_FORMAT=json``), plain text otherwise."""
    from monitor.logs import configured_format

    if configured_format() == "json":
        import structlog

        structlog.get_logger("monitor.cli").error("command.failed", error=str(exc))
    else:
        click.echo(f"asean-monitor: {exc}", err=True)


def _on_purpose(exc: Exception) -> bool:
    """Whether ``exc`` is an error one of the packages raises on purpose (their error modules
    are imported here, once something went wrong, not at every start)."""
    from alerts.errors import AlertsError
    from monitor.errors import MonitorError
    from store.errors import StoreError

    return isinstance(exc, MonitorError | StoreError | AlertsError)
