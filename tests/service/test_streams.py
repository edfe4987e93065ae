"""The alert stream's bookkeeping, on the service served over 127.0.0.1: the overall cap, slots
given back when a client goes, public readers capped per address, ``Last-Event-ID`` replay over
a real log of alerts, and streams ending when the service stops."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from monitor.service.streams import StreamHub
from tests.support.service import Service, make_service
from tests.support.service_dataset import Dataset
from tests.support.service_live import open_stream, serving, watch

ID = re.compile(rb"^id: (\d+)$", re.MULTILINE)


def port_of(base: str) -> int:
    port = urlsplit(base).port
    assert port is not None
    return port


def wait_until(condition: object, timeout: float) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        assert time.monotonic() - started < timeout, "condition not met in time"
        time.sleep(0.02)
    return time.monotonic() - started


def test_the_overall_cap_and_slots_given_back_when_clients_go(service: Service) -> None:
    hub: StreamHub = service.app.state.streams
    hub.total = 3
    tokens = [service.token("read", f"reader{n}") for n in range(4)]
    with serving(service.app) as base:
        port = port_of(base)
        opened = [open_stream(port, token) for token in tokens[:3]]
        assert [status for status, _ in opened] == [200, 200, 200]
        status, refused = open_stream(port, tokens[3])
        assert status == 429
        assert b"3 event streams are open" in refused.received
        refused.sock.close()
        opened[0][1].sock.close()
        wait_until(lambda: len(hub.slots) == 2, 5)
        status, again = open_stream(port, tokens[3])
        assert status == 200
        for _, stream in opened[1:]:
            stream.sock.close()
        again.sock.close()
        wait_until(lambda: not hub.slots, 5)
        wait_until(lambda: hub._watcher is None, 5)


def test_public_readers_are_capped_per_address(dataset: Dataset, tmp_path: Path) -> None:
    public = make_service(dataset, tmp_path, MONITOR_PUBLIC_READS="1")
    hub: StreamHub = public.app.state.streams
    hub.per_client = 2
    try:
        with serving(public.app) as base:
            port = port_of(base)
            opened = [open_stream(port, None) for _ in range(2)]
            assert [status for status, _ in opened] == [200, 200]
            status, refused = open_stream(port, None)
            assert status == 429
            assert b"2 event streams are open for this token" in refused.received
            # a token of one's own is not counted with the address
            status, own = open_stream(port, public.token("read"))
            assert status == 200
            for stream in [refused, own, *(s for _, s in opened)]:
                stream.sock.close()
    finally:
        public.log.close()


def test_last_event_id_replays_the_alerts_after_it(service: Service) -> None:
    alerts = [e.position for e in service.log.iter_all() if e.type == "alert.raised"]
    assert len(alerts) >= 2, "the dataset should hold alerts"
    token = service.token("read")
    with serving(service.app) as base:
        port = port_of(base)
        status, everything = open_stream(port, token, "0")
        _, after = open_stream(port, token, str(alerts[-2]))
        _, beyond = open_stream(port, token, str(service.log.head().position + 1000))
        streams = [everything, after, beyond]
        deadline = time.monotonic() + 10
        while len(ID.findall(everything.received)) < len(alerts):
            watch(streams, min(deadline, time.monotonic() + 0.2))
            assert time.monotonic() < deadline, everything.received[-300:]
        watch(streams, time.monotonic() + 0.5)
        assert status == 200
        assert [int(i) for i in ID.findall(everything.received)] == alerts
        assert [int(i) for i in ID.findall(after.received)] == alerts[-1:]
        # past the log's end is "from now": the next alert arrives, nothing is missed
        assert ID.findall(beyond.received) == []
        assert all(s.ended is None for s in streams)
        for stream in streams:
            stream.sock.close()


def test_streams_end_when_the_service_stops(service: Service) -> None:
    token = service.token("read")
    with serving(service.app) as base:
        port = port_of(base)
        streams = [open_stream(port, token)[1] for _ in range(3)]
        service.app.state.context.stopping = lambda: True
        stopped = time.monotonic()
        watch(streams, stopped + 5)
        assert all(s.ended is not None for s in streams)
        took = max(s.ended for s in streams if s.ended is not None) - stopped
        assert took < 3, took
        for stream in streams:
            stream.sock.close()
