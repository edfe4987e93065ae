"""Errors of the ``store`` package; the tree is drawn in the package docstring."""

from __future__ import annotations


class StoreError(Exception):
    """Root of everything the store raises on purpose."""


class ConcurrencyError(StoreError):
    """The stream's current version differs from the version the writer expected."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, the writer expected {expected}"
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class DuplicateEventError(StoreError):
    """An event id is already stored, but not as the same event in the same stream."""

    def __init__(self, event_id: str, detail: str) -> None:
        super().__init__(f"event id {event_id} is already stored: {detail}")
        self.event_id = event_id


class EventEncodingError(StoreError):
    """An event cannot be encoded; nothing of its batch is stored."""


class AppendOnlyError(StoreError):
    """The database refused to change or remove a stored event."""


class SchemaError(StoreError):
    """The database schema cannot be used by this version of the software."""


class BackendError(StoreError):
    """A database failure that has no more specific meaning."""


class IntegrityError(StoreError):
    """The log is not what was written: ``position`` is the first place it differs."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class CheckpointError(IntegrityError):
    """A signed checkpoint is unreadable, not signed by the trusted key, or contradicts the log."""


class DatabaseInUseError(StoreError):
    """Another daemon works on a database that admits only one (SQLite)."""


class FencedError(StoreError):
    """An append carried a lease that another process has taken over since: refused."""

    def __init__(self, resource: str, token: int, current: int | None) -> None:
        holder = "nobody" if current is None else f"token {current}"
        super().__init__(
            f"lease {resource!r} token {token} was taken over ({holder} now): append refused"
        )
        self.resource = resource
        self.token = token
