"""A worker process's body for the log-format tests: start as the extraction workers start
(their pool initializer), then log a library's warning as trafilatura would."""

from __future__ import annotations

import logging

from monitor.extract.extractor import _start_worker


def warn_like_a_library(message: str) -> None:
    """Run in a spawned process: the extraction worker's start, then one library warning."""
    _start_worker(None)
    logging.getLogger("trafilatura.core").warning(message)
