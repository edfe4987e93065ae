"""The fault harness of issue 14: real ``asean-monitor run`` replicas on one PostgreSQL, under
faults, then a check that nothing was lost and nothing doubled.

What it starts, all on 127.0.0.1:

- a PostgreSQL cluster of its own (:class:`tests.support.postgres.PostgresCluster`), or a
  given server (then no restart fault);
- a feed farm whose feeds gain items during the run (:mod:`tests.support.faults.farm`);
- an idempotent webhook receiver that counts each idempotency key
  (:class:`tests.support.receivers.CountingWebhookReceiver`), with two subscriptions of
  different filters (``asean-us``, ``asean-japan``) made by ``asean-monitor subscribe``;
- N replicas: ``python -m monitor run`` subprocesses with the ``MONITOR_*`` settings of a
  shared deployment (one database, one signing key, one checkpoint directory).

Faults, on a schedule from the replicas' start (``t``): a SIGKILL of a random replica every
``kill_every`` seconds, a SIGTERM of a random replica at ``sigterms`` random moments (each
replaced at once by a new replica in its slot), one ``pg_ctl restart -m fast``, and the receiver
down (503, then refusing connections) for ``receiver_down_seconds`` and until some alert has
failed twice (the outage must meet retries; at the latest, up when the faults end).  A replica
that exits by
itself is a failure; it is replaced too.  Then the faults stop and the harness waits for the
system to quiesce (every farm item discovered, extracted and judged; every alert raised and
delivered), stops the replicas with SIGTERM and checks (:mod:`tests.support.faults.checks`).

Measured on the way: each replica's CPU and memory (RSS of the daemon and its extraction
workers, from ``/proc``), PostgreSQL sessions (``pg_stat_activity``), who holds which lease at
each kill and when another replica claimed it (the ``leases`` table), role takeovers (the
daemons' ``role.acquired`` log lines), SIGTERM drain times.

Every figure is one JSON line (``{"figure": ...}``); every failed check one JSON line
(``{"failure": ...}``) with examples.  :func:`run` returns them; ``tests.faults.soak`` prints
them and exits 1 on a failure.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from monitor.events import AlertDeliveryFailed
from tests.support.faults import checks
from tests.support.faults.checks import Ev, Fault, KeySeen, Result
from tests.support.faults.farm import Schedule, running_growing_farm
from tests.support.postgres import PostgresCluster, fresh_database
from tests.support.receivers import WEBHOOK_SECRET, CountingWebhookReceiver

ROOT = Path(__file__).resolve().parents[3]
WORK = ("discovered", "extracted", "matched", "raised", "delivered", "accepted_keys")
"""The counts that must stay still for the work to be done (not the head: polls go on)."""
ROUTINE = frozenset({"source.polled", "source.poll_failed", "role.acquired", "role.lost",
                     "daemon.started", "daemon.stopped", "checkpoint.written"})  # fmt: skip
"""Log lines counted elsewhere; every other event is counted in the ``replicas`` figure."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SUBSCRIPTIONS = (("us-desk", "asean-us"), ("japan-desk", "asean-japan"))
"""Two subscriptions with different filters: "once per subscription" is tested."""


@dataclass
class Config:
    replicas: int = 3
    sources: int = 300
    initial_items: int = 2
    """Items each feed lists from the start."""
    gained_items: int = 2
    """Items each feed gains during ``publish_seconds``."""
    publish_seconds: float = 50.0
    fault_seconds: float = 100.0
    kill_every: float = 20.0
    sigterms: int = 2
    pg_restart_at: float | None = 66.0
    receiver_down_at: float | None = 12.0
    receiver_down_seconds: float = 38.0
    quiesce_timeout: float = 90.0
    lease_seconds: float = 10.0
    drain_seconds: float = 8.0
    dispatch_interval: float = 2.0
    checkpoint_interval: float = 10.0
    interval: str = "1m"
    page_size: str = "small"
    per_host_concurrency: int = 4
    seed: int = 14
    workdir: Path | None = None
    keep: bool = False
    """Keep the working directory (replica logs, sources.yaml) even when every check passes."""
    repo: Path = ROOT
    """The tree whose ``monitor`` package the replicas run."""
    python: str = sys.executable
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment for the replicas and the CLI (e.g. a secrets key)."""
    postgres_url: str | None = None
    """A server to use instead of a cluster of the harness's own (no restart fault then)."""
    progress: Callable[[dict[str, Any]], None] | None = None


@dataclass
class Replica:
    name: str
    slot: int
    port: int
    log_path: Path
    process: subprocess.Popen[bytes]
    started_at: float
    end: str | None = None
    """``sigkill``, ``sigterm``, ``stop`` (the final SIGTERM) or ``crashed``."""
    signalled_at: float | None = None
    ended_at: float | None = None
    returncode: int | None = None
    overran: bool = False
    """SIGTERM not obeyed within the drain period plus grace: killed."""

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class LeaseWatch:
    """The leases a replica held when it was killed, until each is claimed again."""

    replica: str
    at: float
    owner: str | None
    tokens: dict[str, int]
    taken: dict[str, float] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def now_text(moment: float | None = None) -> str:
    at = datetime.fromtimestamp(time.time() if moment is None else moment, UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# -- /proc ----------------------------------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()


def cpu_ticks(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[11]) + int(fields[12])


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                tree[int(fields[1])].append(int(entry.name))
    return tree


def family(pid: int, tree: dict[int, list[int]]) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def socket_inode(local_port: int, remote_port: int) -> int | None:
    """The inode of the established IPv4 TCP socket from ``local_port`` to ``remote_port`` on
    127.0.0.1, asked of the kernel's sock_diag netlink interface (established sockets only, so
    the cost does not grow with the thousands of closed connections a run leaves in TIME_WAIT);
    ``/proc/net/tcp`` when netlink is not available."""
    with suppress(OSError):
        return _diag_inodes().get((local_port, remote_port))
    with suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            parts = line.split()
            ports = (int(parts[1].rsplit(":", 1)[1], 16), int(parts[2].rsplit(":", 1)[1], 16))
            if ports == (local_port, remote_port):
                return int(parts[9])
    return None


def _diag_inodes() -> dict[tuple[int, int], int]:
    """(local port, remote port) -> inode of every established IPv4 TCP socket."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)  # NETLINK_SOCK_DIAG
    try:
        # inet_diag_req_v2: family, protocol, ext, pad, states (1 << TCP_ESTABLISHED), sockid
        request = struct.pack("=BBBBI", socket.AF_INET, socket.IPPROTO_TCP, 0, 0, 1 << 1)
        request += bytes(48)
        header = struct.pack("=IHHII", 16 + len(request), 20, 0x1 | 0x300, 1, 0)  # dump
        sock.sendto(header + request, (0, 0))
        found: dict[tuple[int, int], int] = {}
        while True:
            data = sock.recv(65536)
            offset = 0
            while offset < len(data):
                length, kind = struct.unpack_from("=IH", data, offset)
                if kind in (2, 3):  # NLMSG_ERROR, NLMSG_DONE
                    return found
                body = offset + 16  # inet_diag_msg: 4 bytes, sockid (ports first), ..., inode
                sport, dport = struct.unpack_from(">HH", data, body + 4)
                found[(sport, dport)] = struct.unpack_from("=I", data, body + 68)[0]
                offset += (length + 3) & ~3
    finally:
        sock.close()


# -- the daemons' logs --------------------------------------------------------------------------


def log_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON lines of a replica's stderr (other lines are skipped)."""
    with suppress(OSError), path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("{"):
                with suppress(ValueError):
                    value = json.loads(line)
                    if isinstance(value, dict):
                        yield value


def stamp(line: dict[str, Any]) -> float | None:
    text = line.get("timestamp")
    return checks.parse_time(text).timestamp() if isinstance(text, str) else None


# -- the run -------------------------------------------------------------------------------------


class Harness:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.result = Result()
        self.faults: list[Fault] = []
        self.replicas: list[Replica] = []
        self.live: dict[int, Replica] = {}
        self.generation: Counter[int] = Counter()
        self.watches: list[LeaseWatch] = []
        self.samples: dict[str, dict[int, int]] = defaultdict(dict)
        """replica name -> pid -> largest CPU ticks seen."""
        self.rss: dict[str, list[int]] = defaultdict(list)
        self.pg_sessions: list[int] = []
        self.pg_cpu: dict[int, int] = {}
        self.reapers: list[threading.Thread] = []
        self.unidentified: Counter[str] = Counter()
        """POSTs whose sender could not be named, by why."""
        self.cluster: PostgresCluster | None = None
        self.schedule = Schedule(
            config.sources, config.initial_items, config.gained_items, config.publish_seconds
        )
        self.t0 = 0.0
        self.work = Path()
        self.url = self.database = ""
        self._db: psycopg.Connection[Any] | None = None

    # -- progress and figures

    def note(self, **values: Any) -> None:
        if self.config.progress is not None:
            values = {"t": round(time.time() - self.t0, 1) if self.t0 else 0, **values}
            self.config.progress(values)

    # -- the database, for the harness's own reads (reconnects after a restart)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        for attempt in range(3):
            try:
                if self._db is None or self._db.closed:
                    self._db = psycopg.connect(libpq(self.url), autocommit=True, connect_timeout=3)
                return list(self._db.execute(sql, params).fetchall())
            except psycopg.Error:
                with suppress(Exception):
                    if self._db is not None:
                        self._db.close()
                self._db = None
                if attempt == 2:
                    raise
                time.sleep(0.5)
        return []

    def try_query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]] | None:
        try:
            return self.query(sql, params)
        except psycopg.Error:
            return None

    # -- setup

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
        c = self.config
        return {
            **base,
            "PYTHONUNBUFFERED": "1",
            "MONITOR_DATABASE_URL": self.url,
            "MONITOR_SOURCES": str(self.work / "sources.yaml"),
            "MONITOR_ALLOW_PRIVATE_NETWORKS": "1",
            "MONITOR_SIGNING_KEY": str(self.work / "keys" / "checkpoint.key"),
            "MONITOR_CHECKPOINT_DIR": str(self.work / "checkpoints"),
            "MONITOR_CHECKPOINT_INTERVAL": str(c.checkpoint_interval),
            "MONITOR_DISPATCH_INTERVAL": str(c.dispatch_interval),
            "MONITOR_LEASE_SECONDS": str(c.lease_seconds),
            "MONITOR_DRAIN_SECONDS": str(c.drain_seconds),
            "MONITOR_PER_HOST_CONCURRENCY": str(c.per_host_concurrency),
            **c.env,
        }

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.config.python, "-m", "monitor", *args],
            cwd=self.config.repo,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def write_sources(self, base: str) -> None:
        lines = ["version: 1", "defaults:", f"  interval: {self.config.interval}", "sources:"]
        for n in range(self.config.sources):
            lines += [
                f"  - id: farm-{n:04d}",
                f"    name: Farm feed {n}",
                f"    url: {base}/feeds/{n}.xml",
            ]
        (self.work / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def subscribe(self, receiver: CountingWebhookReceiver) -> None:
        usage = self.cli("subscribe", "--help").stdout
        for name, dialogue in SUBSCRIPTIONS:
            args = [
                "subscribe",
                "--name",
                name,
                "--dialogue",
                dialogue,
                "--webhook",
                receiver.url(f"/hook/{name}"),
            ]
            if "--secret-file" in usage:
                secret = self.work / "keys" / f"{name}.secret"
                secret.write_text(WEBHOOK_SECRET, encoding="utf-8")
                args += ["--secret-file", str(secret)]
            else:
                args += ["--secret", WEBHOOK_SECRET]
            done = self.cli(*args)
            if done.returncode != 0:
                raise RuntimeError(f"subscribe failed ({done.returncode}): {done.stderr.strip()}")
            self.note(step="subscribed", said=done.stdout.strip())

    # -- replicas

    def spawn(self, slot: int) -> Replica:
        self.generation[slot] += 1
        name = f"r{slot}.{self.generation[slot]}"
        port = free_port()
        path = self.work / "replicas" / f"{name}.log"
        env = {**self.env(), "MONITOR_LISTEN": f"127.0.0.1:{port}"}
        handle = path.open("wb")
        process = subprocess.Popen(
            [self.config.python, "-m", "monitor", "run"],
            cwd=self.config.repo,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        replica = Replica(name, slot, port, path, process, time.time())
        self.replicas.append(replica)
        self.live[slot] = replica
        self.note(step="spawned", replica=name, pid=process.pid)
        return replica

    def victim(self) -> Replica | None:
        alive = [r for r in self.live.values() if r.alive and r.end is None]
        return self.rng.choice(alive) if alive else None

    def sigkill(self) -> None:
        replica = self.victim()
        if replica is None:
            return
        watch = self.lease_snapshot(replica)
        at = time.time()
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait()
        replica.end, replica.signalled_at, replica.ended_at = "sigkill", at, time.time()
        replica.returncode = replica.process.returncode
        if watch is not None:
            watch.at = at
            self.watches.append(watch)
        self.faults.append(Fault("sigkill", at, replica.name))
        self.note(fault="sigkill", replica=replica.name, leases=len(watch.tokens) if watch else 0)
        self.spawn(replica.slot)

    def sigterm(self, replica: Replica | None = None, *, end: str = "sigterm") -> Replica | None:
        replica = replica or self.victim()
        if replica is None:
            return None
        at = time.time()
        replica.end, replica.signalled_at = end, at
        replica.process.send_signal(signal.SIGTERM)
        grace = self.config.drain_seconds + 15

        def reap() -> None:
            try:
                replica.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                replica.overran = True
                replica.process.kill()
                replica.process.wait()
            replica.ended_at = time.time()
            replica.returncode = replica.process.returncode

        thread = threading.Thread(target=reap, daemon=True)
        thread.start()
        self.reapers.append(thread)
        if end == "sigterm":
            self.faults.append(Fault("sigterm", at, replica.name))
            self.note(fault="sigterm", replica=replica.name)
            self.spawn(replica.slot)
        return replica

    def check_crashes(self) -> None:
        for slot, replica in list(self.live.items()):
            if replica.end is None and not replica.alive:
                replica.end, replica.ended_at = "crashed", time.time()
                replica.returncode = replica.process.returncode
                self.note(
                    problem="replica exited by itself",
                    replica=replica.name,
                    returncode=replica.returncode,
                )
                self.spawn(slot)

    def sender_of(self, client_port: int, server_port: int) -> str | None:
        """The replica that owns the TCP connection from ``client_port`` to the receiver."""
        inode = socket_inode(client_port, server_port)
        if inode is None:
            self.unidentified["no socket row"] += 1
            return None
        target = f"socket:[{inode}]"
        for replica in [r for r in self.replicas if r.alive]:
            folder = Path(f"/proc/{replica.pid}/fd")
            with suppress(OSError):
                for fd in folder.iterdir():
                    with suppress(OSError):
                        if os.readlink(fd) == target:
                            return replica.name
        self.unidentified["no live replica holds the socket (killed during its POST?)"] += 1
        return None

    # -- leases

    def daemon_name(self, replica: Replica) -> str | None:
        for line in log_lines(replica.log_path):
            if line.get("event") == "daemon.started":
                for key in ("replica", "owner", "replica_id"):
                    if isinstance(line.get(key), str):
                        return str(line[key])
        return None

    def lease_snapshot(self, replica: Replica) -> LeaseWatch | None:
        rows = self.try_query(
            "SELECT resource, owner, token FROM leases WHERE owner IS NOT NULL AND expires_at > %s",
            (now_text(),),
        )
        if rows is None:
            return None
        known = self.daemon_name(replica)
        owners = {str(o) for _, o, _ in rows}
        mine = [
            o
            for o in owners
            if o == known or (known and known in o) or str(replica.pid) in o or replica.name in o
        ]
        owner = mine[0] if len(mine) == 1 else None
        tokens = {str(r): int(t) for r, o, t in rows if o == owner}
        return LeaseWatch(replica.name, time.time(), owner, tokens)

    def follow_leases(self) -> None:
        open_ = [
            w for w in self.watches if len(w.taken) < len(w.tokens) and w.at > time.time() - 120
        ]
        if not open_:
            return
        rows = self.try_query("SELECT resource, owner, token FROM leases")
        if rows is None:
            return
        current = {str(r): (o, int(t)) for r, o, t in rows}
        seen = time.time()
        for watch in open_:
            for resource, token in watch.tokens.items():
                if resource in watch.taken:
                    continue
                now = current.get(resource)
                if now is None or now[1] > token:
                    watch.taken[resource] = seen

    # -- resources

    def sample(self) -> None:
        tree = children_of()
        for replica in self.live.values():
            if not replica.alive:
                continue
            pids = family(replica.pid, tree)
            self.rss[replica.name].append(sum(rss_kb(p) for p in pids))
            ticks = self.samples[replica.name]
            for pid in pids:
                value = cpu_ticks(pid)
                if value is not None:
                    ticks[pid] = max(ticks.get(pid, 0), value)
        if self.cluster is not None:
            with suppress(OSError, ValueError, IndexError):
                postmaster = int((self.cluster.data / "postmaster.pid").read_text().split()[0])
                fields = _stat_fields(postmaster) or []
                total = sum(int(fields[i]) for i in (11, 12, 13, 14)) if fields else 0
                total += sum(cpu_ticks(p) or 0 for p in tree.get(postmaster, []))
                self.pg_cpu[postmaster] = max(self.pg_cpu.get(postmaster, 0), total)
        rows = self.try_query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (self.database,)
        )
        if rows:
            self.pg_sessions.append(int(rows[0][0]))

    # -- progress of the work

    def progress(self) -> dict[str, int]:
        rows = self.query(
            "SELECT"
            " (SELECT count(DISTINCT stream_id) FROM events WHERE type = 'item.discovered'),"
            " (SELECT count(DISTINCT stream_id) FROM events WHERE type = 'article.extracted'"
            "   OR (type = 'article.extraction_failed'"
            "       AND coalesce(data::jsonb->>'gave_up', 'false') = 'true')),"
            " (SELECT count(DISTINCT stream_id) FROM events WHERE type = 'article.matched'),"
            " (SELECT count(*) FROM events WHERE type = 'alert.raised'),"
            " (SELECT count(DISTINCT data::jsonb->>'alert_id') FROM events"
            "   WHERE type = 'alert.delivered'),"
            " (SELECT max(position) FROM events)"
        )
        discovered, extracted, matched, raised, delivered, head = rows[0]
        return {
            "discovered": int(discovered),
            "extracted": int(extracted),
            "matched": int(matched),
            "raised": int(raised),
            "delivered": int(delivered),
            "head": int(head or 0),
        }

    def quiet(self, state: dict[str, int], accepted: int, items: int) -> bool:
        return (
            state["discovered"] >= items
            and state["extracted"] >= state["discovered"]
            and state["matched"] >= state["discovered"]
            and state["delivered"] >= state["raised"]
            and accepted >= state["raised"]
        )

    # -- the whole run

    def run(self) -> Result:
        c = self.config
        made = c.workdir is None
        self.work = c.workdir or Path(tempfile.mkdtemp(prefix="asean-monitor-faults-"))
        for sub in ("replicas", "keys", "checkpoints"):
            (self.work / sub).mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            if c.postgres_url is None:
                self.cluster = PostgresCluster(max_connections=300)
                stack.callback(self.cluster.stop)
                server = self.cluster.start()
            else:
                server = c.postgres_url
            self.url = fresh_database(server)
            self.database = self.url.rsplit("/", 1)[1]
            receiver = CountingWebhookReceiver()
            receiver.identify = lambda port: self.sender_of(port, receiver.port)
            receiver.start()
            stack.callback(receiver.stop)
            stack.callback(self._close_db)
            keygen = self.cli("audit", "keygen", "--key", self.env()["MONITOR_SIGNING_KEY"])
            if keygen.returncode != 0:
                raise RuntimeError(f"audit keygen failed: {keygen.stderr.strip()}")
            sealing = self.cli("secrets", "keygen")  # the key that seals webhook secrets
            if sealing.returncode != 0 and "No such command" not in sealing.stderr:
                raise RuntimeError(f"secrets keygen failed: {sealing.stderr.strip()}")
            self.subscribe(receiver)
            self.t0 = time.time()
            base, _farm_pid = stack.enter_context(
                running_growing_farm(self.schedule, self.t0, c.page_size)
            )
            self.write_sources(base)
            stack.callback(self._stop_everything)
            for slot in range(c.replicas):
                self.spawn(slot)
            self.note(step="replicas started", database=self.url, workdir=str(self.work))
            self.faulty_phase(receiver)
            quiesced = self.quiesce(receiver)
            self.stop_replicas()
            farm = httpx.get(f"{base}/_stats", timeout=10).json()
            self.collect(receiver, farm, base, quiesced)
        if made and not c.keep and not self.result.failures:
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            self.result.figure("workdir", path=str(self.work))
        return self.result

    def _close_db(self) -> None:
        if self._db is not None:
            with suppress(Exception):
                self._db.close()

    def _stop_everything(self) -> None:
        for replica in self.replicas:
            if replica.alive:
                replica.process.kill()
                replica.process.wait()

    def plan(self) -> list[tuple[float, str]]:
        c = self.config
        plan: list[tuple[float, str]] = []
        k = c.kill_every
        while 0 < k <= c.fault_seconds + 1e-9:
            plan.append((k, "sigkill"))
            k += c.kill_every
        busy = [t for t, _ in plan]
        if c.pg_restart_at is not None and (self.cluster is not None):
            plan.append((c.pg_restart_at, "pg_restart"))
            busy.append(c.pg_restart_at)
        for _ in range(c.sigterms):
            for _attempt in range(100):
                at = self.rng.uniform(5, c.fault_seconds)
                if all(abs(at - b) > 4 for b in busy):
                    break
            plan.append((at, "sigterm"))
            busy.append(at)
        if c.receiver_down_at is not None:
            plan.append((c.receiver_down_at, "receiver_503"))
        return sorted(plan)

    def faulty_phase(self, receiver: CountingWebhookReceiver) -> None:
        plan = self.plan()
        self.note(step="plan", plan=[(round(t, 1), what) for t, what in plan])
        last_sample = 0.0
        end = self.t0 + self.config.fault_seconds + 1
        while time.time() < end or plan:
            now = time.time()
            for entry in [p for p in plan if self.t0 + p[0] <= now]:
                what = entry[1]
                if what == "receiver_503" and not self.outage_due(receiver, now):
                    continue
                if what == "receiver_up" and not self.outage_met(now):
                    continue
                plan.remove(entry)
                self.act(what, receiver)
                if what == "receiver_503":  # the rest of the outage follows the real start
                    half = self.config.receiver_down_seconds / 2
                    plan.append((now - self.t0 + half, "receiver_refuse"))
                    plan.append((now - self.t0 + 2 * half, "receiver_up"))
            plan.sort()
            self.check_crashes()
            self.follow_leases()
            if now - last_sample >= 5:
                self.sample()
                last_sample = now
            time.sleep(0.25)

    def outage_due(self, receiver: CountingWebhookReceiver, now: float) -> bool:
        """The receiver goes down once it has accepted a first alert (so that the outage meets
        alerts however long the replicas take to start), or half-way through the faults."""
        with receiver.lock:
            started = any(k.accepted for k in receiver.keys.values())
        return started or now >= self.t0 + self.config.fault_seconds / 2

    def outage_met(self, now: float) -> bool:
        """The receiver comes back once some alert has failed twice (under load the replicas'
        retries may all fall after a fixed outage, which would then prove less than it
        should), or when the faults end."""
        if now >= self.t0 + self.config.fault_seconds:
            return True
        rows = self.try_query(
            "SELECT 1 FROM events WHERE type = %s GROUP BY stream_id HAVING count(*) >= 2 LIMIT 1",
            (AlertDeliveryFailed.type_name,),
        )
        return bool(rows)

    def act(self, what: str, receiver: CountingWebhookReceiver) -> None:
        if what == "sigkill":
            self.sigkill()
        elif what == "sigterm":
            self.sigterm()
        elif what == "pg_restart":
            assert self.cluster is not None
            at = time.time()
            took = self.cluster.restart()
            self.faults.append(Fault("pg_restart", at, None, {"seconds": round(took, 2)}))
            self.note(fault="pg_restart", seconds=round(took, 2))
        elif what in ("receiver_503", "receiver_refuse"):
            receiver.down(what.removeprefix("receiver_"))
            self.faults.append(Fault("receiver_down", time.time(), None, {"mode": receiver.mode}))
            self.note(fault="receiver down", mode=receiver.mode)
        elif what == "receiver_up":
            receiver.up()
            self.faults.append(Fault("receiver_up", time.time()))
            self.note(fault="receiver up")

    def quiesce(self, receiver: CountingWebhookReceiver) -> dict[str, Any]:
        """Wait until the work is done (and stays done for a few dispatch rounds)."""
        items = len(self.schedule.published(self.config.publish_seconds))
        started = time.time()
        deadline = started + self.config.quiesce_timeout
        calm_since: float | None = None
        state: dict[str, int] = {}
        last_sample = 0.0
        while time.time() < deadline:
            self.check_crashes()
            self.follow_leases()
            if time.time() - last_sample >= 5:
                self.sample()
                last_sample = time.time()
            try:
                fresh = self.progress()
            except psycopg.Error:
                time.sleep(1)
                continue
            with receiver.lock:
                accepted = sum(1 for k in receiver.keys.values() if k.accepted)
            fresh["accepted_keys"] = accepted
            if any(fresh[k] != state.get(k) for k in WORK):
                self.note(step="quiescing", items=items, **fresh)
            same = all(fresh[k] == state.get(k) for k in WORK)  # polls move the head on
            if self.quiet(fresh, accepted, items) and same:
                calm_since = calm_since or time.time()
                if time.time() - calm_since >= 3 * self.config.dispatch_interval + 2:
                    return {"reached": True, "seconds": round(time.time() - started, 1), **fresh}
            else:
                calm_since = None
            state = fresh
            time.sleep(1)
        with receiver.lock:
            accepted = sum(1 for k in receiver.keys.values() if k.accepted)
        # Done at the deadline, only the calm window cut short: reached (the checks look anyway).
        done = bool(state) and self.quiet(state, accepted, items)
        return {"reached": done, "seconds": round(time.time() - started, 1), **state}

    def stop_replicas(self) -> None:
        for replica in list(self.live.values()):
            if replica.alive and replica.end is None:
                self.sigterm(replica, end="stop")
        for thread in self.reapers:
            thread.join()
        self.note(step="replicas stopped")

    # -- the checks

    def read_log(self) -> list[Ev]:
        rows = self.query(
            "SELECT position, stream_id, type, occurred_at, recorded_at, data, metadata "
            "FROM events ORDER BY position"
        )
        return [
            Ev(
                int(p),
                s,
                t,
                checks.parse_time(o),
                checks.parse_time(r),
                json.loads(d),
                json.loads(m),
            )
            for p, s, t, o, r, d, m in rows
        ]

    def collect(
        self,
        receiver: CountingWebhookReceiver,
        farm: dict[str, Any],
        base: str,
        quiesced: dict[str, Any],
    ) -> None:
        c, result = self.config, self.result
        ended = time.time()
        events = self.read_log()
        with receiver.lock:
            keys = {
                k: KeySeen(
                    v.posts,
                    v.accepted,
                    v.bad_signature,
                    v.first_accepted_at,
                    list(v.log),
                    v.truncated,
                )
                for k, v in receiver.keys.items()
            }
        alert_rows = [
            {"alert_id": a, "status": s, "attempts": n, "next_attempt_at": x, "last_error": e}
            for a, s, n, x, e in self.try_query(
                "SELECT alert_id, status, attempts, next_attempt_at, last_error FROM alerts"
            )
            or []
        ]
        replica_of, roles, logged = self.read_daemon_logs()
        result.figure(
            "run",
            replicas=c.replicas,
            sources=c.sources,
            interval=c.interval,
            lease_seconds=c.lease_seconds,
            drain_seconds=c.drain_seconds,
            fault_seconds=c.fault_seconds,
            publish_seconds=c.publish_seconds,
            items_per_feed=f"{c.initial_items}+{c.gained_items}",
            events=len(events),
            wall_s=round(ended - self.t0, 1),
            seed=c.seed,
            **code_version(c.repo),
        )
        result.figure("quiesce", **quiesced)
        if receiver.errors:
            result.fail("receiver.errors", "the harness's receiver raised while handling POSTs "
                        "(answered 500): a harness bug", receiver.errors)  # fmt: skip
        if not quiesced["reached"]:
            result.fail(
                "quiesce",
                f"the work did not finish within {c.quiesce_timeout:.0f} s "
                "after the faults stopped",
                [quiesced],
            )
        result.figure(
            "faults",
            sigkill=sum(1 for f in self.faults if f.kind == "sigkill"),
            sigterm=sum(1 for f in self.faults if f.kind == "sigterm"),
            pg_restart=[f.detail for f in self.faults if f.kind == "pg_restart"],
            receiver_down=[f.detail for f in self.faults if f.kind == "receiver_down"],
            receiver_posts_refused_503=receiver.refused_while_down,
            receiver_errors=len(receiver.errors),
            senders_unidentified=dict(self.unidentified),
            crashed=sum(1 for r in self.replicas if r.end == "crashed"),
            timeline=[
                [round(f.at - self.t0, 1), f.kind, f.replica or f.detail.get("mode")]
                for f in self.faults
            ],
        )
        expected = [
            f"{base}/articles/{f}/{i}.html" for f, i in self.schedule.published(c.publish_seconds)
        ]
        ends = {r.name: _ending(r) for r in self.replicas}
        checks.check_items(events, expected, result, replica_of, ends)
        checks.check_alerts(events, keys, alert_rows, result, self.faults, ended)
        checks.check_polls(
            events,
            [f"farm-{n:04d}" for n in range(c.sources)],
            replica_of,
            self.faults,
            ended,
            _seconds(c.interval) * 1.1 + c.lease_seconds + 30,
            result,
        )
        result.figure(
            "farm",
            **{k: v for k, v in farm.items() if k != "pages_fetched_again"},
            pages_fetched_again=len(farm.get("pages_fetched_again", {})),
            examples_fetched_again=dict(list(farm.get("pages_fetched_again", {}).items())[:5]),
        )
        self.takeovers(events, replica_of, roles)
        self.replica_checks(logged)
        self.costs()
        self.leases_at_end()
        self.checkpoint_checks(logged)

    def read_daemon_logs(
        self,
    ) -> tuple[dict[str, str], list[tuple[float, str, str, str]], dict[str, Any]]:
        replica_of: dict[str, str] = {}
        roles: list[tuple[float, str, str, str]] = []
        errors: Counter[str] = Counter()
        checkpoints_logged = 0
        started: dict[str, float] = {}
        stopped: dict[str, float] = {}
        names: dict[str, str] = {}
        notable: Counter[str] = Counter()
        elsewhere: dict[str, str] = {}
        for replica in self.replicas:
            for line in log_lines(replica.log_path):
                event = str(line.get("event", ""))
                if event not in ROUTINE:
                    error = str(line.get("error") or "").split("\n", 1)[0][:90]
                    notable[f"{event}: {error}" if error else event] += 1
                if event == "daemon.stopped":
                    stopped[replica.name] = stamp(line) or 0.0
                corr = line.get("correlation_id")
                if isinstance(corr, str) and event.startswith("source."):
                    replica_of[corr] = replica.name  # the poll's own line says who polled
                elif isinstance(corr, str):
                    elsewhere.setdefault(corr, replica.name)
                if event == "daemon.started":
                    started[replica.name] = stamp(line) or 0.0
                    for key in ("replica", "owner", "replica_id"):
                        if isinstance(line.get(key), str):
                            names[str(line[key])] = replica.name
                if event in ("role.acquired", "role.lost"):
                    at = stamp(line)
                    if at is not None:
                        roles.append((at, replica.name, event, str(line.get("role"))))
                if event == "checkpoint.written":
                    checkpoints_logged += 1
                if line.get("level") in ("error", "critical", "exception"):
                    errors[event] += 1
        for corr, name in elsewhere.items():
            replica_of.setdefault(corr, name)
        return (
            replica_of,
            roles,
            {
                "errors": errors,
                "checkpoints": checkpoints_logged,
                "started": started,
                "stopped": stopped,
                "names": names,
                "notable": notable,
            },
        )

    def takeovers(
        self,
        events: list[Ev],
        replica_of: dict[str, str],
        roles: list[tuple[float, str, str, str]],
    ) -> None:
        result = self.result
        leases = []
        for watch in self.watches:
            taken = [watch.taken[r] - watch.at for r in watch.tokens if r in watch.taken]
            kinds = Counter(r.split(":", 1)[0] for r in watch.tokens)
            leases.append(
                {
                    "replica": watch.replica,
                    "owner": watch.owner,
                    "held": dict(kinds),
                    "taken_over_s": checks.summary(taken),
                    "never_taken": len(watch.tokens) - len(taken),
                }
            )
        role_rows = checks.role_takeovers(self.faults, roles, result)
        role_times = [r["takeover_s"] for r in role_rows if r["takeover_s"] is not None]
        result.figure(
            "takeover",
            kills=sum(1 for f in self.faults if f.kind == "sigkill"),
            lease_seconds=self.config.lease_seconds,
            leases_at_kill=leases,
            lease_takeover_s=checks.summary(
                [t - w.at for w in self.watches for r, t in w.taken.items() if r in w.tokens]
            ),
            roles=role_rows,
            role_takeover_s=checks.summary(role_times),
            role_lines_logged=len(roles),
            work=checks.work_takeovers(events, self.faults, replica_of),
        )

    def replica_checks(self, logged: dict[str, Any]) -> None:
        result = self.result
        crashed = [r for r in self.replicas if r.end == "crashed"]
        if crashed:
            result.fail(
                "replicas.crashed",
                "replicas exited without being signalled",
                [
                    {"replica": r.name, "returncode": r.returncode, "tail": _tail(r.log_path)}
                    for r in crashed
                ],
            )
        termed = [r for r in self.replicas if r.end in ("sigterm", "stop")]
        drains = [
            r.ended_at - r.signalled_at
            for r in termed
            if r.ended_at is not None and r.signalled_at is not None
        ]
        bad = [r for r in termed if r.returncode != 0 or r.overran]
        slow = [
            r
            for r in termed
            if r.ended_at
            and r.signalled_at
            and r.ended_at - r.signalled_at > self.config.drain_seconds + 5
        ]
        startup = [
            logged["started"][r.name] - r.started_at
            for r in self.replicas
            if logged["started"].get(r.name)
        ]
        result.figure(
            "replicas",
            incarnations=len(self.replicas),
            sigterm_exit_s=checks.summary(drains),
            sigterm_nonzero=len(bad),
            start_to_daemon_started_s=checks.summary(startup),
            never_started=sum(
                1 for r in self.replicas if r.name not in logged["started"] and r.end != "sigkill"
            ),
            error_lines=dict(logged["errors"].most_common(8)),
            other_log_events=dict(logged["notable"].most_common(12)),
            sigterm_phases=[
                {
                    "replica": r.name,
                    "to_daemon_stopped_s": round(logged["stopped"][r.name] - r.signalled_at, 1)
                    if r.name in logged["stopped"] and r.signalled_at
                    else None,
                    "to_exit_s": round(r.ended_at - r.signalled_at, 1)
                    if r.ended_at and r.signalled_at
                    else None,
                }
                for r in termed
            ],
        )
        if bad:
            result.fail(
                "replicas.sigterm",
                "SIGTERM did not end the replica with exit code 0 (or it had to be killed)",
                [
                    {
                        "replica": r.name,
                        "returncode": r.returncode,
                        "overran": r.overran,
                        "tail": _tail(r.log_path),
                    }
                    for r in bad
                ],
            )
        if slow:
            result.fail(
                "replicas.drain",
                f"SIGTERM took longer than the drain period "
                f"({self.config.drain_seconds:.0f} s) plus 5 s",
                [
                    {
                        "replica": r.name,
                        "seconds": round((r.ended_at or 0) - (r.signalled_at or 0), 1),
                    }
                    for r in slow
                ],
            )

    def costs(self) -> None:
        per: list[dict[str, Any]] = []
        for replica in self.replicas:
            ticks = sum(self.samples.get(replica.name, {}).values())
            lived = (replica.ended_at or time.time()) - replica.started_at
            rss = self.rss.get(replica.name, [])
            per.append(
                {
                    "replica": replica.name,
                    "lived_s": round(lived, 1),
                    "cpu_s": round(ticks / CLOCK_TICKS, 2),
                    "cpu_share": round(ticks / CLOCK_TICKS / lived, 3) if lived > 0 else None,
                    "rss_peak_mb": round(max(rss) / 1024, 1) if rss else None,
                    "rss_median_mb": round(statistics.median(rss) / 1024, 1) if rss else None,
                }
            )
        steady = [p for p in per if p["lived_s"] >= 40 and p["rss_median_mb"] is not None]
        sessions = self.pg_sessions
        self.result.figure(
            "replica_cost",
            replicas_measured=len(steady),
            cpu_share=checks.summary([p["cpu_share"] for p in steady]),
            rss_median_mb=checks.summary([p["rss_median_mb"] for p in steady]),
            rss_peak_mb=checks.summary([p["rss_peak_mb"] for p in steady]),
            pg_sessions=checks.summary([float(s) for s in sessions]),
            pg_sessions_per_replica=round(statistics.median(sessions) / self.config.replicas, 1)
            if sessions
            else None,
            postgres_cpu_s=round(sum(self.pg_cpu.values()) / CLOCK_TICKS, 1),
            run_s=round(time.time() - self.t0, 1),
            per_replica=per,
        )

    def leases_at_end(self) -> None:
        rows = self.try_query(
            "SELECT split_part(resource, ':', 1), owner IS NOT NULL, expires_at < %s, count(*) "
            "FROM leases GROUP BY 1, 2, 3",
            (now_text(),),
        )
        if rows is None:
            self.result.figure("leases_at_end", table=False)
            return
        self.result.figure(
            "leases_at_end",
            table=True,
            rows=[
                {"kind": k, "held": bool(h), "expired": bool(x), "count": int(n)}
                for k, h, x, n in rows
            ],
        )

    def checkpoint_checks(self, logged: dict[str, Any]) -> None:
        folder = self.work / "checkpoints"
        files = sorted(folder.glob("*.json"))
        verify = self.cli("audit", "verify", *(["--checkpoint", str(files[-1])] if files else []))
        self.result.figure(
            "audit",
            checkpoints_written=len(files),
            checkpoint_lines_logged=logged["checkpoints"],
            latest=files[-1].name if files else None,
            verify_returncode=verify.returncode,
            verify=(verify.stdout.strip() or verify.stderr.strip())[-300:],
        )
        if not files:
            self.result.fail(
                "checkpoints",
                f"the daemons wrote no signed checkpoint in {folder}",
                [f"MONITOR_CHECKPOINT_INTERVAL={self.config.checkpoint_interval}"],
            )
        if verify.returncode != 0:
            self.result.fail(
                "audit.verify",
                "`asean-monitor audit verify` failed",
                [verify.stdout.strip()[-500:], verify.stderr.strip()[-1500:]],
            )


def code_version(repo: Path) -> dict[str, Any]:
    """The commit the replicas ran, and whether tracked files differed from it."""
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    label = repo / ".snapshot-commit"
    if label.exists():  # a `git archive` of a commit, unpacked elsewhere
        return {"repo": str(repo), "commit": label.read_text().strip(), "uncommitted": []}
    if head.returncode != 0:
        return {"repo": str(repo), "commit": None}
    changed = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    )
    edited = [line[3:] for line in changed.stdout.splitlines()]
    return {"repo": str(repo), "commit": head.stdout.strip(), "uncommitted": edited[:20]}


def _ending(replica: Replica) -> str:
    if replica.end is None:
        return "running"
    at = datetime.fromtimestamp(replica.signalled_at or replica.ended_at or 0, UTC)
    return f"{replica.end} at {at:%H:%M:%S}"


def _seconds(interval: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    text = interval.strip().lower()
    return float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)


def _tail(path: Path, lines: int = 6) -> list[str]:
    with suppress(OSError):
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return []


def run(config: Config) -> Result:
    """One harness run: figures and failures (nothing printed but ``config.progress``)."""
    return Harness(config).run()


def json_lines(result: Result) -> list[str]:
    lines = [json.dumps(f, default=str) for f in result.figures]
    lines += [json.dumps(f.as_json(), default=str) for f in result.failures]
    return lines
