"""Worker processes for CPU-bound calls, driven by the event loop itself: no threads.

``concurrent.futures.ProcessPoolExecutor`` keeps two threads in the calling process (one feeds
the call queue, one manages results) that take the GIL from the event loop for every call.
Here each worker owns one end of a socket pair; a call writes a framed pickle of its arguments
to an idle worker with ``loop.sock_sendall`` and reads the framed answer back with
``loop.sock_recv``, so the loop only wakes when bytes arrive.  Nothing is bound to one event
loop: a pool may serve several loops in turn (tests do), never two at once.

A frame is a 4-byte big-endian length and a pickle; an empty frame tells a worker to exit,
as does the end of its socket (the parent died); workers ignore SIGINT and SIGTERM, which
a terminal or a service manager sends to the whole process group, so that the parent can
finish the calls in flight before it stops them.  The function runs in the worker as
``target(*args)``; what it raises is raised in the caller (pickled; an exception that cannot
be pickled arrives as a ``RuntimeError`` naming it).  The pool's own failures are
:class:`monitor.errors.WorkerTimeoutError` (the call outlived its timeout: the worker was
killed and replaced) and :class:`monitor.errors.WorkerDiedError` (the worker exited during the
call: it was replaced).  A call cancelled in flight also replaces its worker, which may be
half-way through the job.  A worker found dead while idle (the OOM killer) is replaced before
it is given a call, so no call is failed for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import signal
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from typing import Any

from monitor.errors import WorkerDiedError, WorkerTimeoutError

_HEADER = struct.Struct("!I")
_CHUNK = 1 << 18
Target = Callable[..., Any]


class _Worker:
    """One worker process and the parent's end of its socket (non-blocking)."""

    def __init__(self, process: BaseProcess, sock: socket.socket) -> None:
        self.process = process
        self.sock = sock

    def stop(self, *, kill: bool) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.sock.send(_HEADER.pack(0))
        self.sock.close()


class WorkerPool:
    """``workers`` processes running ``target``; ``initializer(*initargs)`` runs once in each
    when it starts (arguments pickled once per worker, not per call)."""

    def __init__(
        self,
        target: Target,
        *,
        workers: int,
        start_method: str = "spawn",
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        if workers < 1:
            raise ValueError(f"WorkerPool: workers >= 1 expected, got {workers}")
        self._context: Any = get_context(start_method)  # its Process class varies by method
        self._start_args = (target, initializer, initargs)
        self._idle: deque[_Worker] = deque()
        self._busy: set[_Worker] = set()
        self._waiting: deque[asyncio.Future[_Worker]] = deque()
        self._missing = 0
        """Workers killed on a cancelled call and not started again yet (lazily, on demand)."""
        self._closed = False
        for _ in range(workers):
            self._idle.append(self._start())

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers (idle and busy)."""
        workers = [*self._idle, *self._busy]
        return [w.process.pid for w in workers if w.process.pid is not None]

    async def call(self, *args: Any, timeout: float) -> Any:
        """``target(*args)`` in a worker; waits for an idle one first (not counted in
        ``timeout``)."""
        request = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)  # before a worker is taken
        worker = await self._acquire()
        loop = asyncio.get_running_loop()
        try:
            reply = await asyncio.wait_for(_exchange(loop, worker.sock, request), timeout)
        except TimeoutError as exc:
            self._replace(worker)
            raise WorkerTimeoutError(f"the call took longer than {timeout}s") from exc
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerDiedError(f"worker {worker.process.pid} died: {exc!r}") from exc
        except BaseException:  # cancelled (a stop's drain cut): no new worker until one is needed
            self._drop(worker)
            raise
        self._release(worker)
        succeeded, value = pickle.loads(reply)
        if succeeded:
            return value
        raise value

    async def _acquire(self) -> _Worker:
        if self._closed:
            raise WorkerDiedError("the worker pool is closed")
        while self._idle and not self._idle[0].process.is_alive():
            self._replace(self._idle.popleft())  # died while idle: this page is not to blame
        if self._idle:
            worker = self._idle.popleft()
        elif self._missing:
            self._missing -= 1
            worker = self._start()
        else:
            waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                worker = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._release(waiter.result())  # handed over as we were cancelled
                raise
        self._busy.add(worker)
        return worker

    def _release(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        if self._closed:
            worker.stop(kill=False)
            return
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _drop(self, worker: _Worker) -> None:
        """Kill a worker whose call was cancelled (its reply may be half read).  A worker is
        started in its place only when a call waits for one: a stop cancels every call, and
        starting a worker per cancelled call (imports, a judge to load) would hold the
        process's exit for seconds."""
        self._busy.discard(worker)
        worker.stop(kill=True)
        worker.process.join(timeout=5)
        self._missing += 1
        if not self._closed and any(not w.done() for w in self._waiting):
            self._missing -= 1
            self._release(self._start())

    def _replace(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        worker.stop(kill=True)
        worker.process.join(timeout=5)
        if not self._closed:
            self._release(self._start())

    def _start(self) -> _Worker:
        parent, child = socket.socketpair()
        process = self._context.Process(
            target=_serve, args=(child, *self._start_args), daemon=True, name="monitor-worker"
        )
        process.start()
        child.close()
        parent.setblocking(False)
        return _Worker(process, parent)

    def close(self, timeout: float = 10.0) -> None:
        """:meth:`shut` then :meth:`join`."""
        self.join(self.shut(), timeout)

    def shut(self) -> list[BaseProcess]:
        """Refuse new calls, cancel the waiting ones and ask the idle workers to exit (busy
        ones exit when their call ends); call it on the loop's thread.  Returns the
        processes asked, for :meth:`join`."""
        self._closed = True
        while self._waiting:
            self._waiting.popleft().cancel()
        idle = list(self._idle)
        self._idle.clear()
        for worker in idle:
            worker.stop(kill=False)
        return [worker.process for worker in idle]

    @staticmethod
    def join(processes: list[BaseProcess], timeout: float = 10.0) -> None:
        """Wait for ``processes`` to exit (it blocks: a thread may do it); kill those still
        alive ``timeout`` seconds from now (an idle worker still starting reads its exit
        frame only once its imports are done)."""
        deadline = time.monotonic() + timeout
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)


async def _exchange(loop: asyncio.AbstractEventLoop, sock: socket.socket, request: bytes) -> bytes:
    await loop.sock_sendall(sock, _framed(request))
    return await _receive(loop, sock)


async def _receive(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    """One frame's payload; EOFError when the worker's end closed first."""
    buffer = bytearray()
    wanted = _HEADER.size
    while len(buffer) < wanted:
        chunk = await loop.sock_recv(sock, max(wanted - len(buffer), _CHUNK))
        if not chunk:
            raise EOFError("the worker closed its socket")
        buffer += chunk
        if wanted == _HEADER.size and len(buffer) >= _HEADER.size:
            wanted += _HEADER.unpack_from(buffer)[0]
    return bytes(buffer[_HEADER.size :])


# -- in the worker process -------------------------------------------------------------------


def _serve(
    sock: socket.socket,
    target: Target,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    """The worker's loop: read a call, run it, write the outcome, until told to stop."""
    # Ctrl-C and a SIGTERM sent to the whole group (systemd stops a unit's cgroup that way) are
    # the parent's to handle: it lets the calls in flight finish, then tells workers to exit.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sock.setblocking(True)
    if initializer is not None:
        initializer(*initargs)
    with sock:
        while (request := _read_frame(sock)) is not None:
            sock.sendall(_framed(_outcome(target, pickle.loads(request))))


def _outcome(target: Target, args: tuple[Any, ...]) -> bytes:
    try:
        result: tuple[bool, Any] = (True, target(*args))
    except Exception as exc:  # every failure goes back to the caller
        result = (False, exc)
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an unpicklable result or exception
        failure = RuntimeError(f"the worker's outcome cannot be pickled: {result[1]!r} ({exc})")
        return pickle.dumps((False, failure), protocol=pickle.HIGHEST_PROTOCOL)


def _framed(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def _read_frame(sock: socket.socket) -> bytes | None:
    """The next frame's payload; None for an empty frame or the end of the socket."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    size = _HEADER.unpack(header)[0]
    return _read_exactly(sock, size) if size else None


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = sock.recv(min(size - len(buffer), _CHUNK))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)
