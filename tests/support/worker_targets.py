"""The target of the worker-pool tests' workers: module level, since spawned workers (and the
orphaning test's own parent process) import it by name."""

from __future__ import annotations

import os
import time


class Unpicklable(Exception):
    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("not this one")


def work(action: str, seconds: float = 0.0) -> object:
    """The workers' target (module level: spawned workers import it)."""
    time.sleep(seconds)
    if action == "pid":
        return os.getpid()
    if action == "fail":
        raise KeyError("no such key")
    if action == "unpicklable":
        raise Unpicklable("kept here")
    if action == "die":
        os._exit(3)
    return action.upper()
