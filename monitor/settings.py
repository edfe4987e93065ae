"""Deployment settings, from the environment (prefix ``MONITOR_``).

What to watch lives in ``sources.yaml``; how to run lives here.  Every field carries a
description: ``describe_settings()`` lists them for the README's table.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from monitor import __version__
from monitor.errors import ConfigError

__all__ = ["DEFAULT_USER_AGENT", "ENV_PREFIX", "Settings", "describe_settings", "load_settings"]

ENV_PREFIX = "MONITOR_"
PROJECT_URL = "https://github.com/asean-monitor/asean-monitor"
DEFAULT_USER_AGENT = f"asean-monitor/{__version__} (+{PROJECT_URL})"
MIB = 1024 * 1024
_SIZE = re.compile(r"(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?", re.IGNORECASE)
_FACTORS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 10**6, "mib": MIB, "gb": 10**9, "gib": 1024**3}
_LISTEN = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]]+):(?P<port>\d{1,5})")


def _byte_size(value: object) -> object:
    """``"10MiB"``, ``"500 kB"`` or a plain number of bytes."""
    if isinstance(value, str) and (match := _SIZE.fullmatch(value.strip())):
        return int(match.group(1)) * _FACTORS[(match.group(2) or "b").lower()]
    return value


ByteSize = Annotated[int, BeforeValidator(_byte_size), Field(gt=0)]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["json", "console"]


class Settings(BaseSettings):
    """How the daemon runs.  Environment variable = ``MONITOR_`` + the field name, upper-case."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    database_url: str = Field(
        "sqlite:///data/events.db",
        description="Event store URL: sqlite:///path or postgresql+psycopg://user@host/db.",
    )
    sources: Path = Field(
        Path("sources.yaml"), description="Path of the sources.yaml file (what to watch)."
    )
    listen: str = Field(
        "127.0.0.1:8080", description="host:port of the HTTP service ([::1]:8080 for IPv6)."
    )
    allow_private_networks: bool = Field(
        False,
        description="Allow fetches to private, loopback and link-local addresses (1/true).",
    )
    concurrency: int = Field(16, ge=1, description="Fetches in flight at once, overall.")
    per_host_concurrency: int = Field(2, ge=1, description="Fetches in flight at once per host.")
    fetch_timeout: float = Field(
        20.0, gt=0, description="Seconds to wait for a connection or for the next bytes."
    )
    max_response_bytes: ByteSize = Field(
        10 * MIB, description="Largest response body fetched, in bytes (10MiB style accepted)."
    )
    max_decompressed_bytes: ByteSize = Field(
        50 * MIB, description="Largest body after gzip/deflate/brotli decoding, in bytes."
    )
    max_redirects: int = Field(5, ge=0, description="Redirects followed before giving up.")
    user_agent: str = Field(
        DEFAULT_USER_AGENT, min_length=1, description="User-Agent header sent with every fetch."
    )
    signing_key: Path = Field(
        Path("data/keys/checkpoint.key"),
        description="Ed25519 private key file that signs event-log checkpoints.",
    )
    secrets_key: SecretStr | None = Field(
        None,
        description="Key that encrypts subscription secrets in the log (Fernet, as "
        "secrets keygen --print gives; several separated by commas, the first seals); "
        "when set, the key file is not read.",
    )
    secrets_key_file: Path = Field(
        Path("data/keys/secrets.key"),
        description="Key file that encrypts subscription secrets in the log (unset: "
        "secrets.key beside MONITOR_SIGNING_KEY); made by secrets keygen or the first "
        "subscription with a secret. Keep it off the database's backups.",
    )
    checkpoint_dir: Path = Field(
        Path("data/checkpoints"),
        description="Where signed checkpoints are written (copy them off the machine).",
    )
    checkpoint_interval: float = Field(
        3600.0, gt=0, description="Seconds between signed checkpoints written by the daemon."
    )
    log_level: LogLevel = Field(
        "INFO",
        description="Least severe log level written: DEBUG, INFO, WARNING, ERROR or CRITICAL.",
    )
    log_format: LogFormat | None = Field(
        None,
        description="Format of every log line: json (one JSON object a line) or console "
        "(readable in a terminal); unset: console when stderr is a terminal, json otherwise.",
    )
    smtp_host: str | None = Field(
        None, description="SMTP server for e-mail alerts (unset: e-mail alerts are refused)."
    )
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP server port (587 submission).")
    smtp_starttls: bool = Field(False, description="Upgrade the SMTP session with STARTTLS.")
    smtp_username: str | None = Field(None, description="SMTP login user (optional).")
    smtp_password: str | None = Field(None, description="SMTP login password (optional).")
    smtp_from: str = Field("asean-monitor@localhost", description="From address of e-mail alerts.")
    dispatch_interval: float = Field(
        5.0, gt=0, description="Seconds between rounds of the alert dispatcher."
    )
    lease_seconds: float = Field(
        30.0,
        ge=2,
        description="Seconds a replica's claim on a source, article or alert lasts unless "
        "renewed; a stopped replica's work is taken over after it.",
    )
    drain_seconds: float = Field(
        6.0,
        ge=0,
        description="Seconds SIGTERM lets work in flight finish; the rest resumes at the next "
        "start (nothing is lost either way).",
    )
    public_reads: bool = Field(
        False, description="Serve the read API and dashboard without a token (1/true)."
    )
    max_request_bytes: ByteSize = Field(
        MIB,
        description="Largest HTTP request body accepted, in bytes (1MiB style accepted); a "
        "larger one is answered 413 without being read.",
    )

    @model_validator(mode="before")
    @classmethod
    def _secrets_key_beside_signing_key(cls, data: Any) -> Any:
        """The secrets key file defaults to ``secrets.key`` beside the signing key."""
        if isinstance(data, dict) and "secrets_key_file" not in data and data.get("signing_key"):
            beside = Path(str(data["signing_key"])).parent / "secrets.key"
            return {**data, "secrets_key_file": beside}
        return data

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        match = _LISTEN.fullmatch(value.strip())
        if match is None or not 0 < int(match.group("port")) < 65536:
            raise ValueError("expected host:port such as 127.0.0.1:8080 or [::1]:8080")
        return value.strip()

    @model_validator(mode="after")
    def _sizes(self) -> Settings:
        if self.max_decompressed_bytes < self.max_response_bytes:
            raise ValueError("max_decompressed_bytes must be at least max_response_bytes")
        return self

    @property
    def listen_host(self) -> str:
        """The host part of ``listen``, without IPv6 brackets."""
        return self.listen.rsplit(":", 1)[0].strip("[]")

    @property
    def listen_port(self) -> int:
        """The port part of ``listen``."""
        return int(self.listen.rsplit(":", 1)[1])


class _MappingEnvSource(EnvSettingsSource):
    """The environment source, reading a given mapping instead of ``os.environ``."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = dict(environ)
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {key.lower(): value for key, value in self._environ.items()}


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``env`` (``os.environ`` when ``None``); ``ConfigError`` naming each bad
    variable and what it expects."""
    environ = os.environ if env is None else env
    values: dict[str, Any] = _MappingEnvSource(Settings, environ)()
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(_describe_errors(exc)) from None


def _describe_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        name = f"{ENV_PREFIX}{field.upper()}" if field else "settings"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(
            f"  {name}: {message} (got {error.get('input')!r})" if field else f"  {name}: {message}"
        )
    return "invalid settings in the environment:\n" + "\n".join(lines)


def describe_settings() -> list[tuple[str, str, str]]:
    """One row per setting: environment variable, default as text, description."""
    return [_row(name, info) for name, info in Settings.model_fields.items()]


def _row(name: str, info: FieldInfo) -> tuple[str, str, str]:
    return (f"{ENV_PREFIX}{name.upper()}", str(info.get_default()), info.description or "")
