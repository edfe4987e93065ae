"""Reloading ``sources.yaml`` while the daemon runs: on SIGHUP, and when the file changes.

:meth:`SourcesReloader.check` hashes the file's bytes; when the hash differs from the last
one it saw (or when asked to, on SIGHUP), it parses and validates the file.  A valid file
gives the new sources and what changed (:func:`compare`: ids added, removed, changed); a bad
one gives its problems (file, line, field, what was expected) and the daemon keeps the sources
it has.  The same bad file is reported once, not at every check.  The daemon records each
outcome (:func:`outcome_event`: ``sources.reloaded``, ``sources.reload_failed``) before it
acts on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from monitor.config.loader import check_and_load
from monitor.config.model import Source
from monitor.events import SourcesReloaded, SourcesReloadFailed


@dataclass(frozen=True)
class SourcesChange:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Reloaded:
    """The file is valid: ``sources`` replace the old ones."""

    sha256: str
    sources: tuple[Source, ...]
    change: SourcesChange


@dataclass(frozen=True)
class ReloadFailed:
    """The file is not valid; the old sources stay."""

    sha256: str
    problems: tuple[str, ...] = field(default_factory=tuple)


def compare(old: Sequence[Source], new: Sequence[Source]) -> SourcesChange:
    """Which source ids were added, removed or changed (pure)."""
    before, after = {s.id: s for s in old}, {s.id: s for s in new}
    return SourcesChange(
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(sorted(i for i in before.keys() & after.keys() if before[i] != after[i])),
    )


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"


class SourcesReloader:
    """Watches one ``sources.yaml``; ``sources`` are the ones in force."""

    def __init__(self, path: Path, sources: Sequence[Source]) -> None:
        self.path = Path(path)
        self.sources = tuple(sources)
        self.seen = file_sha256(self.path)

    def check(self, force: bool = False) -> Reloaded | ReloadFailed | None:
        """The outcome of reading the file again, or None when it has not changed (and
        ``force`` is not given).  Nothing changes here until :meth:`settle` is called (once
        the outcome is recorded), so an outcome that could not be recorded comes again."""
        sha = file_sha256(self.path)
        if sha == self.seen and not force:
            return None
        problems, config = check_and_load(self.path)
        if problems or config is None:
            return ReloadFailed(sha, tuple(str(p) for p in problems))
        return Reloaded(sha, tuple(config.sources), compare(self.sources, config.sources))

    def settle(self, outcome: Reloaded | ReloadFailed) -> None:
        """The outcome is recorded: its file is the one seen, and a valid one is in force."""
        self.seen = outcome.sha256
        if isinstance(outcome, Reloaded):
            self.sources = outcome.sources


def outcome_event(
    outcome: Reloaded | ReloadFailed, path: Path, owner: str, now: datetime
) -> SourcesReloaded | SourcesReloadFailed:
    """The event that records a reload's outcome."""
    common = {"occurred_at": now, "path": str(path), "sha256": outcome.sha256, "owner": owner}
    if isinstance(outcome, ReloadFailed):
        return SourcesReloadFailed(**common, problems=outcome.problems)
    change = outcome.change
    return SourcesReloaded(
        **common, added=change.added, removed=change.removed, changed=change.changed
    )
