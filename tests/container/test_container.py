"""The container image: hadolint, compose.yaml, and a real build and run with podman.

``scripts/container-test.sh`` builds the image from the unchanged Dockerfile and runs it twice
(SQLite on the /data volume, then the test PostgreSQL reached through the host network), then
brings up compose.yaml's two monitor replicas with podman-compose on one more test database; the
tests below read its PASS/FAIL lines and inspect the image it leaves.  Without podman (or root,
which the local base image needs) these tests are skipped, except under ``CI=true`` where that
is a failure.  docs/container.md describes the setup.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.ci import IN_CI
from tests.support.postgres import fresh_database

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "container-test.sh"
IMAGE = "asean-monitor:test"
UID = "10001"


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _tool(name: str) -> str:
    """The tool from the virtual environment's bin directory or PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        _missing(f"{name} is not installed")
        raise AssertionError("unreachable")
    return found


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


# --- hadolint ------------------------------------------------------------------------------------


def test_dockerfile_passes_hadolint() -> None:
    hadolint = _tool("hadolint")
    result = subprocess.run(
        [hadolint, "--config", str(REPO / ".hadolint.yaml"), "--failure-threshold", "warning",
         str(REPO / "Dockerfile")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# --- compose.yaml --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


REPLICAS = ("monitor-1", "monitor-2")


def _replicas(compose: dict[str, Any]) -> list[dict[str, Any]]:
    return [compose["services"][name] for name in REPLICAS]


def test_compose_runs_two_monitor_replicas_on_postgresql_15(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert re.fullmatch(r"(docker\.io/library/)?postgres:15(\.\d+)?(-\w+)?", db["image"])
    assert db["environment"]["POSTGRES_USER"] == "monitor"
    assert db["environment"]["POSTGRES_DB"] == "monitor"
    monitors = sorted(name for name in compose["services"] if name.startswith("monitor"))
    assert monitors == list(REPLICAS)
    for monitor in _replicas(compose):
        assert monitor["build"]["context"] == "."
        url = monitor["environment"]["MONITOR_DATABASE_URL"]
        # Replicas share work through PostgreSQL; SQLite is single-daemon.
        assert url.startswith("postgresql+psycopg://monitor:")
        assert url.endswith("@db:5432/monitor")
        assert monitor["environment"]["MONITOR_LISTEN"] == "0.0.0.0:8080"


def test_compose_replicas_share_one_definition(compose: dict[str, Any]) -> None:
    """Only the published port differs: same image, database, sources, signing key, volume."""
    first, second = ({k: v for k, v in m.items() if k != "ports"} for m in _replicas(compose))
    assert first == second
    assert first == {k: v for k, v in compose["x-monitor"].items() if k != "ports"}
    assert first["environment"]["MONITOR_SOURCES"] == "/app/sources.yaml"
    assert first["environment"]["MONITOR_SIGNING_KEY"].startswith("/data/keys/")
    assert "./sources.yaml:/app/sources.yaml:ro" in first["volumes"]


def test_compose_publishes_each_replica_on_its_own_loopback_port(compose: dict[str, Any]) -> None:
    published = [monitor["ports"] for monitor in _replicas(compose)]
    assert published == [["127.0.0.1:8080:8080"], ["127.0.0.1:8081:8080"]]
    assert "ports" not in compose["services"]["db"]


def test_compose_stops_replicas_with_sigterm_and_a_grace_period(compose: dict[str, Any]) -> None:
    for monitor in _replicas(compose):
        assert monitor["stop_signal"] == "SIGTERM"
        assert monitor["stop_grace_period"] == "15s"
        assert monitor["restart"] == "unless-stopped"


def test_compose_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    for monitor in _replicas(compose):
        assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
        check = " ".join(monitor["healthcheck"]["test"])
        assert "/healthz" in check
        assert "MONITOR_LISTEN" in check  # follows the port, as the image's HEALTHCHECK does


def test_compose_keeps_state_in_named_volumes(compose: dict[str, Any]) -> None:
    volumes = set(compose["volumes"])
    mounts = {
        name: {v.split(":")[0]: v.split(":")[1] for v in service["volumes"]}
        for name, service in compose["services"].items()
    }
    for name in REPLICAS:  # one volume for both: one signing key for every checkpoint
        assert mounts[name]["monitor-data"] == "/data"
    assert mounts["db"]["db-data"] == "/var/lib/postgresql/data"
    assert {"monitor-data", "db-data"} <= volumes


def _compose_config(password: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "POSTGRES_PASSWORD"}
    if password is not None:
        env["POSTGRES_PASSWORD"] = password
    _tool("podman")  # podman-compose runs podman even for `config`
    return subprocess.run(
        [_tool("podman-compose"), "--file", str(REPO / "compose.yaml"), "config"],
        capture_output=True, text=True, timeout=60, check=False, env=env, cwd=REPO,
    )  # fmt: skip


def test_compose_config_resolves_with_a_password() -> None:
    result = _compose_config("s3cret-for-the-test")
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    for name, port in zip(REPLICAS, (8080, 8081), strict=True):
        monitor = resolved["services"][name]
        url = monitor["environment"]["MONITOR_DATABASE_URL"]
        assert url == "postgresql+psycopg://monitor:s3cret-for-the-test@db:5432/monitor"
        assert monitor["ports"] == [f"127.0.0.1:{port}:8080"]
        assert monitor["volumes"][0] == "monitor-data:/data"
    assert resolved["services"]["db"]["environment"]["POSTGRES_PASSWORD"] == "s3cret-for-the-test"


def test_compose_config_refuses_a_missing_password() -> None:
    result = _compose_config(None)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr + result.stdout


# --- build and run with podman -------------------------------------------------------------------


@pytest.fixture(scope="module")
def container_test(request: pytest.FixtureRequest) -> str:
    """Run scripts/container-test.sh once (on SQLite; on PostgreSQL and compose.yaml's two
    replicas when there is a server)."""
    if shutil.which("podman") is None:
        _missing("podman is not installed (apt-get install -y podman runc debootstrap)")
    if os.geteuid() != 0:
        _missing("the local base image (debootstrap, chroot) needs root")
    env = dict(os.environ, IMAGE=IMAGE, EXPECTED_UID=UID, NO_INSTALL="1")
    env["PODMAN_COMPOSE"] = _tool("podman-compose")
    try:
        server = request.getfixturevalue("postgres_server")
        env["CONTAINER_TEST_DATABASE_URL"] = fresh_database(server)
        env["CONTAINER_TEST_COMPOSE_DATABASE_URL"] = fresh_database(server)
    except pytest.skip.Exception:  # SQLite only, outside CI
        env.pop("CONTAINER_TEST_DATABASE_URL", None)
        env.pop("CONTAINER_TEST_COMPOSE_DATABASE_URL", None)
    result = subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, timeout=1100, check=False, env=env
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"container-test.sh exited {result.returncode}:\n{_tail(output)}"
    return output


def _passes(output: str, what: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("PASS: ") and what in line]


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_every_check_passes(container_test: str) -> None:
    assert "RESULT: PASS" in container_test
    failures = [line for line in container_test.splitlines() if line.startswith("FAIL")]
    assert failures == []
    assert _passes(container_test, "podman build -t asean-monitor:test")


def _runs(output: str) -> list[str]:
    names = re.findall(r"^PASS: (asean-monitor-test-[a-z]+-\d+): podman run", output, re.M)
    assert names, _tail(output)
    return names


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_daemon_becomes_healthy_and_answers(container_test: str) -> None:
    for name in _runs(container_test):
        assert _passes(container_test, f"{name}: podman healthcheck run: healthy")
        assert _passes(container_test, f'{name}: GET /healthz -> {{"status":"ok"}}')
        assert _passes(container_test, f'{name}: GET /readyz -> {{"status":"ready"')


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_daemon_runs_as_the_non_root_uid(container_test: str) -> None:
    for name in _runs(container_test):
        assert _passes(container_test, f"{name}: processes run as uid {UID} (not root)")
        assert _passes(container_test, f"{name}: the daemon (podman top) runs as monitor")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_daemon_records_offline_polls_and_keeps_running(container_test: str) -> None:
    for name in _runs(container_test):
        assert _passes(container_test, f"{name}: source.poll_failed recorded")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_sigterm_exits_zero_within_ten_seconds(container_test: str) -> None:
    for name in _runs(container_test):
        assert _passes(container_test, f"{name}: SIGTERM: exit code 0")
        stopped = re.search(rf"^PASS: {name}: SIGTERM: stopped in (\d+) ms", container_test, re.M)
        assert stopped is not None
        assert int(stopped.group(1)) < 10_000


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_postgresql_run_when_a_server_is_available(container_test: str) -> None:
    names = _runs(container_test)
    assert any("-sqlite-" in name for name in names)
    if IN_CI or os.environ.get("MONITOR_TEST_POSTGRES_URL"):
        assert any("-postgres-" in name for name in names)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_no_test_container_is_left_behind(container_test: str) -> None:
    left = subprocess.run(
        ["podman", "ps", "--all", "--format", "{{.Names}}", "--filter", "name=asean-monitor-test"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout.split()  # fmt: skip
    assert [name for name in _runs(container_test) if name in left] == []
    replicas = re.search(r"^PASS: compose: replicas (\S+) and (\S+)$", container_test, re.M)
    if replicas is not None:
        assert [name for name in replicas.groups() if name in left] == []


# --- compose.yaml's two replicas, brought up by podman-compose -----------------------------------


def _compose_replicas(output: str) -> tuple[str, str]:
    """The two replica containers the script brought up (they need a PostgreSQL server)."""
    found = re.search(r"^PASS: compose: replicas (\S+) and (\S+)$", output, re.M)
    if found is None:
        if IN_CI or os.environ.get("MONITOR_TEST_POSTGRES_URL"):
            pytest.fail(f"compose.yaml's replicas were not brought up:\n{_tail(output)}")
        pytest.skip("no PostgreSQL server: compose.yaml's replicas were not brought up")
    one, two = found.groups()
    assert one.endswith("monitor-1_1"), one
    assert two.endswith("monitor-2_1"), two
    return one, two


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_compose_replicas_are_healthy_and_ready_at_once(container_test: str) -> None:
    assert _passes(container_test, "compose: podman-compose up -d monitor-1 monitor-2")
    for name in _compose_replicas(container_test):
        assert _passes(container_test, f"{name}: podman healthcheck run: healthy")
        assert _passes(container_test, f'{name}: GET /healthz -> {{"status":"ok"}}')
        assert _passes(container_test, f'{name}: GET /readyz -> {{"status":"ready"')
    ready = re.search(
        r"^PASS: compose: both replicas ready at once \(GET /readyz -> 200 on "
        r"127\.0\.0\.1:(\d+) and 127\.0\.0\.1:(\d+)\)$",
        container_test,
        re.M,
    )
    assert ready is not None, _tail(container_test)
    assert ready.group(1) != ready.group(2)  # each replica on its own port


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_compose_replicas_share_one_log_and_one_signing_key(container_test: str) -> None:
    _, two = _compose_replicas(container_test)
    shared = re.search(r"^PASS: compose: both replicas read one event log \(/metrics log "
                       r"position (\d+) on each\)$", container_test, re.M)  # fmt: skip
    assert shared is not None
    assert int(shared.group(1)) >= 1
    assert _passes(container_test, "compose: one checkpoint signing key on the shared")
    assert _passes(container_test, f"compose: {two}: audit checkpoint -> checkpoint at position")
    verified = _passes(container_test, "compose: after both stopped, audit verify -> OK: ")
    assert verified
    assert "agrees with the checkpoint" in verified[0]


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_compose_stops_both_replicas_with_sigterm(container_test: str) -> None:
    """`podman-compose stop` (podman stop -t 15): exit code 0, not a SIGKILL after the grace."""
    for name in _compose_replicas(container_test):
        assert _passes(container_test, f"{name}: SIGTERM: exit code 0")
    assert "info: compose: podman-compose stop monitor-1 monitor-2 returned" in container_test
    assert _passes(container_test, "compose: podman-compose down -v removed the replicas")


@pytest.fixture(scope="module")
def image_config(container_test: str) -> dict[str, Any]:
    inspected = subprocess.run(
        ["podman", "image", "inspect", IMAGE],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    record: dict[str, Any] = json.loads(inspected)[0]
    return {**record["Config"], "Healthcheck": record.get("Healthcheck")}


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_image_settings(image_config: dict[str, Any]) -> None:
    env = dict(item.split("=", 1) for item in image_config["Env"])
    assert env["MONITOR_DATABASE_URL"] == "sqlite:////data/events.db"
    assert env["MONITOR_LISTEN"] == "0.0.0.0:8080"
    assert env["MONITOR_SOURCES"] == "/app/sources.yaml"
    assert env["MONITOR_SIGNING_KEY"].startswith("/data/keys/")
    assert image_config["User"].split(":")[0] == UID
    assert "/data" in image_config["Volumes"]
    assert "8080/tcp" in image_config["ExposedPorts"]
    assert image_config["Cmd"] == ["asean-monitor", "run"]
    assert image_config["StopSignal"] == "SIGTERM"
    assert image_config["Healthcheck"] is not None, "built without --format docker?"
    assert "/healthz" in " ".join(image_config["Healthcheck"]["Test"])
    assert image_config["Labels"]["org.opencontainers.image.title"] == "asean-monitor"
    assert image_config["Labels"]["org.opencontainers.image.licenses"] == "Apache-2.0"
