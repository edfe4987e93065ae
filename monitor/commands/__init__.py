"""One module per CLI command group; each is a plain click command added in ``monitor.cli``."""

from __future__ import annotations

import click

from monitor.errors import ConfigError
from monitor.settings import Settings, load_settings


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    raise SystemExit(code)


__all__ = ["fail", "settings_or_exit"]
