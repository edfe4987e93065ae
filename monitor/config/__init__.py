"""Configuration of what to watch: the ``sources.yaml`` file.

Public API::

    load_sources(path) -> SourcesConfig      # raises SourcesFileError (a ConfigError)
    check_sources(path) -> list[Problem]     # for ``asean-monitor check-config``
    check_and_load(path) -> (problems, config or None)   # both, the file parsed once

See ``docs/sources.md`` for the file format.
"""

from monitor.config.durations import format_duration, parse_duration
from monitor.config.loader import check_and_load, check_sources, load_sources
from monitor.config.model import (
    MIN_INTERVAL,
    Defaults,
    Source,
    SourceKind,
    SourcesConfig,
)
from monitor.config.problems import Problem, SourcesFileError

__all__ = [
    "MIN_INTERVAL",
    "Defaults",
    "Problem",
    "Source",
    "SourceKind",
    "SourcesConfig",
    "SourcesFileError",
    "check_and_load",
    "check_sources",
    "format_duration",
    "load_sources",
    "parse_duration",
]
