"""The shape of ``sources.yaml``: the entries as written, and the resolved :class:`Source`.

``SourcesFile`` / ``DefaultsEntry`` / ``SourceEntry`` validate what the file says (unknown keys
are refused).  :func:`resolve` fills each source's gaps from ``defaults`` and gives the frozen
``Source`` objects the rest of the daemon uses.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from monitor.config.durations import format_duration, parse_duration
from monitor.config.patterns import nested_quantifier

__all__ = [
    "MIN_INTERVAL",
    "Defaults",
    "DefaultsEntry",
    "Source",
    "SourceEntry",
    "SourceKind",
    "SourcesConfig",
    "SourcesFile",
    "known_keys",
    "resolve",
]

MIN_INTERVAL = timedelta(minutes=1)
DEFAULT_INTERVAL = timedelta(minutes=30)
LISTING_KEYS = ("link_pattern", "link_xpath")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TAG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


class SourceKind(StrEnum):
    """How a source lists its articles."""

    FEED = "feed"  # RSS 0.9x/1.0 (RDF)/2.0 or Atom, parsed by feedparser
    JSON_FEED = "json_feed"  # JSON Feed 1.0/1.1
    SITEMAP = "sitemap"  # an XML sitemap or Google News sitemap
    HTML_LISTING = "html_listing"  # an HTML page of links; needs link_pattern or link_xpath


def _interval(value: object) -> timedelta:
    duration = parse_duration(value)
    if duration < MIN_INTERVAL:
        minimum = format_duration(MIN_INTERVAL)
        raise ValueError(f"interval must be at least {minimum}, got {value!r}")
    return duration


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 64:
        raise ValueError(
            f"expected a slug of a-z, 0-9 and single hyphens (e.g. asean-sec), got {value!r}"
        )
    return value


def _tag(value: str) -> str:
    if not _TAG.fullmatch(value):
        raise ValueError(f"expected a lower-case tag of a-z, 0-9, - and _, got {value!r}")
    return value


def _language(value: str) -> str:
    if not _LANGUAGE.fullmatch(value):
        raise ValueError(f"expected a language tag such as en, vi or zh-Hans, got {value!r}")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _url(value: str) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    if not parts.hostname or any(ch.isspace() for ch in text):
        raise ValueError(f"expected an absolute URL with a host and no spaces, got {value!r}")
    try:
        parts.port  # noqa: B018 - urllib checks the port lazily
    except ValueError as exc:
        raise ValueError(f"bad port in {value!r}: {exc}") from None
    return text


def _header_name(value: str) -> str:
    if not _HEADER_NAME.fullmatch(value):
        raise ValueError(f"not a valid HTTP header name: {value!r}")
    return value


def _header_value(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("an HTTP header value must not contain line breaks")
    return value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    refused = nested_quantifier(value)
    if refused is not None:
        raise ValueError(refused)
    return value


def _xpath(value: str) -> str:
    etree: Any = importlib.import_module("lxml.etree")  # lazy: only listings use it
    try:
        etree.XPath(value)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"not a valid XPath expression: {exc}") from None
    return value


Interval = Annotated[timedelta, BeforeValidator(_interval)]
Slug = Annotated[str, AfterValidator(_slug)]
Tag = Annotated[str, AfterValidator(_tag)]
Language = Annotated[str, AfterValidator(_language)]
Text = Annotated[str, AfterValidator(_text)]
HttpURL = Annotated[str, AfterValidator(_url)]
Headers = dict[
    Annotated[str, AfterValidator(_header_name)], Annotated[str, AfterValidator(_header_value)]
]
Regex = Annotated[str, AfterValidator(_regex)]
XPath = Annotated[str, AfterValidator(_xpath)]


class DefaultsEntry(BaseModel):
    """``defaults:``: values every source takes unless it says otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interval: Interval = DEFAULT_INTERVAL
    language: Language = "en"
    user_agent: Text | None = None
    headers: Headers = Field(default_factory=dict)


class SourceEntry(BaseModel):
    """One item of ``sources:`` as written; unset fields come from ``defaults``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Text
    url: HttpURL
    kind: SourceKind = SourceKind.FEED
    interval: Interval | None = None
    language: Language | None = None
    tags: list[Tag] = Field(default_factory=list)
    headers: Headers = Field(default_factory=dict)
    user_agent: Text | None = None
    enabled: bool = True
    link_pattern: Regex | None = None
    link_xpath: XPath | None = None


class SourcesFile(BaseModel):
    """The whole file as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    defaults: DefaultsEntry = Field(default_factory=DefaultsEntry)
    sources: list[SourceEntry]
    matching: dict[str, Any] | None = None


Defaults = DefaultsEntry


class Source(BaseModel):
    """A source to watch, with every default applied."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    url: str
    kind: SourceKind
    interval: timedelta
    language: str
    tags: tuple[str, ...] = ()
    headers: dict[str, str] = Field(default_factory=dict)
    user_agent: str | None = None  # None: the daemon's Settings.user_agent
    enabled: bool = True
    link_pattern: re.Pattern[str] | None = None
    link_xpath: str | None = None

    def __hash__(self) -> int:  # headers is a dict: hash what identifies the source
        return hash((self.id, self.url, self.kind))


class SourcesConfig(BaseModel):
    """A loaded ``sources.yaml``.  ``matching`` is passed raw to ``monitor.matching``."""

    model_config = ConfigDict(frozen=True)

    version: int
    defaults: Defaults
    sources: list[Source]
    matching: dict[str, Any] = Field(default_factory=dict)
    path: Path | None = None

    def source(self, source_id: str) -> Source:
        """The source with id ``source_id``; ``KeyError`` if there is none."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def enabled(self) -> list[Source]:
        """The sources to poll."""
        return [source for source in self.sources if source.enabled]


def resolve(file: SourcesFile, path: Path | None = None) -> SourcesConfig:
    """Apply ``defaults`` to every source."""
    sources = [_resolve_source(entry, file.defaults) for entry in file.sources]
    matching = dict(file.matching or {})
    return SourcesConfig(
        version=file.version, defaults=file.defaults, sources=sources, matching=matching, path=path
    )


def _resolve_source(entry: SourceEntry, defaults: DefaultsEntry) -> Source:
    overridden = {name.lower() for name in entry.headers}
    headers = {k: v for k, v in defaults.headers.items() if k.lower() not in overridden}
    headers.update(entry.headers)
    pattern = re.compile(entry.link_pattern) if entry.link_pattern is not None else None
    return Source(
        id=entry.id,
        name=entry.name,
        url=entry.url,
        kind=entry.kind,
        interval=entry.interval or defaults.interval,
        language=entry.language or defaults.language,
        tags=tuple(dict.fromkeys(entry.tags)),
        headers=headers,
        user_agent=entry.user_agent or defaults.user_agent,
        enabled=entry.enabled,
        link_pattern=pattern,
        link_xpath=entry.link_xpath,
    )


def known_keys(parent: Sequence[str | int]) -> list[str]:
    """The keys allowed in the mapping at ``parent`` (a pydantic ``loc`` without its last part)."""
    loc = tuple(parent)
    if loc == ():
        return list(SourcesFile.model_fields)
    if loc == ("defaults",):
        return list(DefaultsEntry.model_fields)
    if len(loc) == 2 and loc[0] == "sources" and isinstance(loc[1], int):
        return list(SourceEntry.model_fields)
    return []
