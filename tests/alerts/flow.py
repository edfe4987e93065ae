"""Moved to :mod:`tests.support.alert_flow` (tests import no test module); kept for the
modules outside tests/alerts that still import it from here."""

from __future__ import annotations

from tests.support.alert_flow import Flow, flow

__all__ = ["Flow", "flow"]
