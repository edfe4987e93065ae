"""Errors of the ``alerts`` package; the tree is drawn in the package docstring."""

from __future__ import annotations


class AlertsError(Exception):
    """Root of everything the alerts package raises on purpose."""


class SubscriptionError(AlertsError):
    """A subscription is invalid: the message names the field and what was expected."""


class QueryError(SubscriptionError):
    """A keyword query does not parse: the message names the position."""


class DeliveryError(AlertsError):
    """A channel could not deliver.  Only a 2xx (or an accepted SMTP message) is a delivery.

    ``permanent``: retrying cannot help (a bad address); the alert goes to the dead letters.
    ``retry_after``: seconds the receiver asked us to wait (HTTP Retry-After).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        permanent: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.permanent = permanent
