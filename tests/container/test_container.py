"""The container image: hadolint, compose.yaml, and a real build and run with podman.

``scripts/container-test.sh`` builds the image from the unchanged Dockerfile and runs it twice
(SQLite on the /data volume, then the test PostgreSQL reached through the host network); the
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

from tests.support.postgres import fresh_database

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "container-test.sh"
IMAGE = "asean-monitor:test"
UID = "10001"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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


def test_compose_runs_the_monitor_on_postgresql_15(compose: dict[str, Any]) -> None:
    monitor, db = compose["services"]["monitor"], compose["services"]["db"]
    assert monitor["build"]["context"] == "."
    assert re.fullmatch(r"(docker\.io/library/)?postgres:15(\.\d+)?(-\w+)?", db["image"])
    url = monitor["environment"]["MONITOR_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://monitor:")
    assert url.endswith("@db:5432/monitor")
    assert db["environment"]["POSTGRES_USER"] == "monitor"
    assert db["environment"]["POSTGRES_DB"] == "monitor"
    assert monitor["environment"]["MONITOR_LISTEN"] == "0.0.0.0:8080"


def test_compose_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    monitor, db = compose["services"]["monitor"], compose["services"]["db"]
    assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "/healthz" in " ".join(monitor["healthcheck"]["test"])


def test_compose_keeps_state_in_named_volumes(compose: dict[str, Any]) -> None:
    volumes = set(compose["volumes"])
    mounts = {
        name: {v.split(":")[0]: v.split(":")[1] for v in service["volumes"]}
        for name, service in compose["services"].items()
    }
    assert mounts["monitor"]["monitor-data"] == "/data"
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
    url = resolved["services"]["monitor"]["environment"]["MONITOR_DATABASE_URL"]
    assert url == "postgresql+psycopg://monitor:s3cret-for-the-test@db:5432/monitor"
    assert resolved["services"]["db"]["environment"]["POSTGRES_PASSWORD"] == "s3cret-for-the-test"


def test_compose_config_refuses_a_missing_password() -> None:
    result = _compose_config(None)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr + result.stdout


# --- build and run with podman -------------------------------------------------------------------


@pytest.fixture(scope="module")
def container_test(request: pytest.FixtureRequest) -> str:
    """Run scripts/container-test.sh once (on SQLite, and on PostgreSQL when there is one)."""
    if shutil.which("podman") is None:
        _missing("podman is not installed (apt-get install -y podman runc debootstrap)")
    if os.geteuid() != 0:
        _missing("the local base image (debootstrap, chroot) needs root")
    env = dict(os.environ, IMAGE=IMAGE, EXPECTED_UID=UID, NO_INSTALL="1")
    try:
        server = request.getfixturevalue("postgres_server")
        env["CONTAINER_TEST_DATABASE_URL"] = fresh_database(server)
    except pytest.skip.Exception:
        env.pop("CONTAINER_TEST_DATABASE_URL", None)  # SQLite only, outside CI
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
