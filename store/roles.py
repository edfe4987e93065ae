"""Singleton roles: work that one process at a time may do (projection runners that write,
the checkpoint signer, digests, the source-health watch).

A process asks :meth:`RoleLocks.hold` for a role on every round of that work; it answers
whether this process holds the role now.  On PostgreSQL a role is a session-level advisory
lock on a connection of its own: when the holder dies its session ends, the lock is free, and
the next replica to ask takes the role over.  On SQLite one daemon holds every role (a second
daemon is refused at start).
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod


def role_key(role: str) -> int:
    """A stable signed 64-bit key for ``role`` (PostgreSQL's advisory lock space)."""
    digest = hashlib.sha256(f"asean-monitor role {role}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class RoleLocks(ABC):
    """Which singleton roles this process holds."""

    def __init__(self) -> None:
        self._held: set[str] = set()
        self._mutex = threading.Lock()

    def holds(self, role: str) -> bool:
        """Whether the role was held at the last :meth:`hold` (cheap, no I/O)."""
        return role in self._held

    def held(self) -> frozenset[str]:
        return frozenset(self._held)

    def hold(self, role: str) -> bool:
        """Take the role if it is free, or confirm it is still ours; False otherwise."""
        with self._mutex:
            ok = self._hold(role)
            if ok:
                self._held.add(role)
            else:
                self._held.discard(role)
            return ok

    def release_all(self) -> None:
        with self._mutex:
            self._release()
            self._held.clear()

    @abstractmethod
    def _hold(self, role: str) -> bool: ...

    @abstractmethod
    def _release(self) -> None: ...


class LocalRoles(RoleLocks):
    """Every role is this process's (the database admits one daemon)."""

    def _hold(self, role: str) -> bool:
        return True

    def _release(self) -> None:
        pass
