#!/usr/bin/env bash
# Build the asean-monitor image with podman from the unchanged Dockerfile and check that it
# works: healthy, /healthz answers, runs as the non-root uid, SIGTERM stops it with exit code 0
# in under 10 s.  Then (given a PostgreSQL database) bring up compose.yaml's two replicas with
# podman-compose and check both are ready at once on one log and stop cleanly.  Prints one
# PASS/FAIL line per check and exits non-zero on any failure.
#
# Used by CI (through tests/container/test_container.py) and by hand: `sudo scripts/container-test.sh`.
# How podman is set up on machines without a registry or docker engine: docs/container.md.
#
# Environment:
#   IMAGE              tag to build (default asean-monitor:test)
#   EXPECTED_UID       uid the daemon must run as (default 10001, the Dockerfile's)
#   HEALTHY_TIMEOUT    seconds to wait for the healthcheck to pass (default 60)
#   CONTAINERS_CONF    podman configuration; when unset one that works here is written
#   NO_INSTALL=1       never apt-get install missing tools
#   CONTAINER_TEST_DATABASE_URL
#                      also run the image on this PostgreSQL (postgresql+psycopg://...@127.0.0.1:PORT/DB,
#                      reached through the host network); SQLite on the /data volume is always run
#   CONTAINER_TEST_COMPOSE_DATABASE_URL
#                      also run compose.yaml's two replicas (podman-compose, with an override for
#                      the image, ports and database) on this empty PostgreSQL database
#   PODMAN_COMPOSE     podman-compose to use (default: PATH, then .venv/bin/podman-compose)
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
IMAGE="${IMAGE:-asean-monitor:test}"
EXPECTED_UID="${EXPECTED_UID:-10001}"
HEALTHY_TIMEOUT="${HEALTHY_TIMEOUT:-60}"
NAMES=()
COMPOSE_PROJECT=""
PODMAN_COMPOSE=""
WORK="$(mktemp -d /tmp/asean-monitor-container-test.XXXXXX)"
FAILURES=0
STARTED=$SECONDS

say() { printf '%s\n' "$*"; }
pass() { say "PASS: $*"; }
fail() { say "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
abort() { fail "$*"; finish; }

cleanup() {
  local name
  for name in "${NAMES[@]}"; do
    if podman container exists "$name" 2>/dev/null; then
      podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
    fi
  done
  if [ -n "$COMPOSE_PROJECT" ]; then  # the compose run's containers and named volumes
    for name in $(podman ps --all --format '{{.Names}}' \
      --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" 2>/dev/null); do
      podman rm -f -v -t 0 "$name" >/dev/null 2>&1 || true
    done
    for name in $(podman volume ls --format '{{.Name}}' \
      --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" 2>/dev/null); do
      podman volume rm -f "$name" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$WORK"
}

finish() {
  cleanup
  trap - EXIT
  if [ "$FAILURES" -eq 0 ]; then
    say "RESULT: PASS (all container checks passed in $((SECONDS - STARTED)) s)"
    exit 0
  fi
  say "RESULT: FAIL ($FAILURES check(s) failed after $((SECONDS - STARTED)) s)"
  exit 1
}
trap 'cleanup' EXIT

# --- tools -------------------------------------------------------------------------------------
install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${NO_INSTALL:-0}" = 1 ] || [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    abort "missing tools: ${missing[*]} (apt-get install -y ${missing[*]})"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log"; abort "apt-get install ${missing[*]}"; }
}

# crun cannot set rlimits or use hybrid cgroups in this sandbox: runc, cgroupfs, allowed limits.
write_containers_conf() {
  if [ -n "${CONTAINERS_CONF:-}" ]; then
    say "using CONTAINERS_CONF=$CONTAINERS_CONF"
    return 0
  fi
  local nofile
  nofile="$(ulimit -Hn)"
  [ "$nofile" = unlimited ] && nofile=1048576
  export CONTAINERS_CONF="$WORK/containers.conf"
  cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Only loopback in the sources the test daemon polls: nothing leaves the machine.
write_loopback_sources() {
  cat >"$WORK/sources.yaml" <<EOF
version: 1
sources:
  - id: loopback-closed-port
    name: A closed port on loopback (the poll fails and the daemon keeps running)
    url: http://127.0.0.1:$1/feed.xml
    kind: feed
    interval: 1h
EOF
  chmod 0644 "$WORK/sources.yaml"
}

# --- build -------------------------------------------------------------------------------------
install_tools
write_containers_conf
say "podman $(podman version --format '{{.Client.Version}}'), runtime runc, image $IMAGE"

if scripts/make-base-image.sh; then
  pass "base image python:3.11-slim available"
else
  abort "scripts/make-base-image.sh"
fi

build_started=$SECONDS
if podman build --pull=never --format docker --network=host -t "$IMAGE" . >"$WORK/build.log" 2>&1
then
  pass "podman build -t $IMAGE ($((SECONDS - build_started)) s)"
else
  tail -n 40 "$WORK/build.log"
  abort "podman build -t $IMAGE"
fi

healthcheck="$(podman image inspect -f '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Test}}{{end}}' "$IMAGE")"
if [[ "$healthcheck" == *healthz* ]]; then
  pass "image has a HEALTHCHECK calling /healthz"
else
  fail "image has no HEALTHCHECK calling /healthz (got: ${healthcheck:-none})"
fi

image_user="$(podman image inspect -f '{{.Config.User}}' "$IMAGE")"
if [ -n "$image_user" ] && [ "${image_user%%:*}" != 0 ] && [ "${image_user%%:*}" != root ]; then
  pass "image USER is $image_user"
else
  fail "image USER is '${image_user}' (expected a non-root user)"
fi

# The bundled sources.yaml is valid inside the image (no network needed).
if podman run --rm --network=none "$IMAGE" asean-monitor check-config >"$WORK/check.log" 2>&1
then
  pass "bundled sources.yaml: $(tail -n 1 "$WORK/check.log")"
else
  cat "$WORK/check.log"
  fail "asean-monitor check-config on the bundled /app/sources.yaml"
fi

# --- run ---------------------------------------------------------------------------------------
# Poll `podman healthcheck run` (no systemd here to run it on a timer) until it passes.
wait_healthy() {
  local name="$1" deadline=$((SECONDS + HEALTHY_TIMEOUT)) started=$SECONDS
  while [ $SECONDS -lt $deadline ]; do
    [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
    if podman healthcheck run "$name" >/dev/null 2>&1; then
      pass "$name: podman healthcheck run: healthy after $((SECONDS - started)) s"
      return 0
    fi
    sleep 1
  done
  podman logs "$name" 2>&1 | tail -n 40
  if [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ]; then
    abort "$name: not healthy within ${HEALTHY_TIMEOUT} s"
  fi
  abort "$name: exited (code $(podman inspect -f '{{.State.ExitCode}}' "$name")) before it was healthy"
}

# Retry a check up to 20 times, 0.5 s apart; its output is left in $out.
retry() {
  local pattern="$1" i
  shift
  for i in $(seq 1 20); do
    out="$("$@" 2>&1)"
    # shellcheck disable=SC2053
    [[ "$out" == $pattern ]] && return 0
    [ "$i" -lt 20 ] && sleep 0.5
  done
  return 1
}

check_user() {
  local name="$1" uid top
  uid="$(podman exec "$name" id -u 2>&1)"
  if [ "$uid" = "$EXPECTED_UID" ]; then
    pass "$name: processes run as uid $uid (not root)"
  else
    fail "$name: podman exec id -u -> $uid (expected $EXPECTED_UID)"
  fi
  top="$(podman top "$name" user 2>/dev/null | awk 'NR == 2 {print $1}')"
  if [ -n "$top" ] && [ "$top" != root ] && [ "$top" != 0 ]; then
    pass "$name: the daemon (podman top) runs as $top"
  else
    fail "$name: podman top shows the daemon running as '$top'"
  fi
}

check_http() {
  local name="$1" port="$2" body
  body="$(curl -sS --noproxy '*' --max-time 5 "http://127.0.0.1:$port/healthz" 2>&1)"
  if [ "$(printf '%s' "$body" | tr -d ' \n')" = '{"status":"ok"}' ]; then
    pass "$name: GET /healthz -> $body"
  else
    fail "$name: GET /healthz -> $body (expected {\"status\":\"ok\"})"
  fi
  if retry '*"status":"ready"*' curl -sS --noproxy '*' --max-time 5 "http://127.0.0.1:$port/readyz"
  then
    pass "$name: GET /readyz -> $out"
  else
    fail "$name: GET /readyz -> $out (expected status ready)"
  fi
}

# Offline, the daemon records the failed poll in its event log and keeps running.
check_log() {
  local name="$1"
  if retry '*source.poll_failed*loopback-closed-port*' \
    podman exec "$name" asean-monitor events --type source.poll_failed; then
    pass "$name: source.poll_failed recorded for the unreachable source; the daemon runs on"
  else
    fail "$name: no source.poll_failed event in the log (got: ${out:0:300})"
  fi
}

# SIGTERM through `podman stop -t 10`: exit code 0, well before podman would SIGKILL.
check_stop() {
  local name="$1" started elapsed_ms code
  started="$(date +%s%N)"
  podman stop -t 10 "$name" >/dev/null 2>&1
  elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  code="$(podman inspect -f '{{.State.ExitCode}}' "$name" 2>&1)"
  if [ "$code" = 0 ]; then
    pass "$name: SIGTERM: exit code 0"
  else
    podman logs "$name" 2>&1 | tail -n 20
    fail "$name: SIGTERM: exit code $code (expected 0)"
  fi
  if [ "$elapsed_ms" -lt 10000 ]; then
    pass "$name: SIGTERM: stopped in ${elapsed_ms} ms (< 10 s)"
  else
    fail "$name: SIGTERM: took ${elapsed_ms} ms (expected < 10 s)"
  fi
}

# run_daemon NAME [DATABASE_URL]: start the image as CI would, then check it end to end.
run_daemon() {
  local name="$1" database_url="${2:-}" port
  port="$(free_port)"
  local env=(-e "MONITOR_LISTEN=127.0.0.1:$port" -e MONITOR_SOURCES=/config/sources.yaml)
  [ -n "$database_url" ] && env+=(-e "MONITOR_DATABASE_URL=$database_url")
  NAMES+=("$name")
  if podman run -d --name "$name" --network=host --http-proxy=false "${env[@]}" \
    -v "$WORK/sources.yaml:/config/sources.yaml:ro" "$IMAGE" >/dev/null 2>"$WORK/run.log"; then
    pass "$name: podman run -d (MONITOR_LISTEN=127.0.0.1:$port)"
  else
    cat "$WORK/run.log"
    abort "$name: podman run -d $IMAGE"
  fi
  wait_healthy "$name"
  check_http "$name" "$port"
  check_user "$name"
  check_log "$name"
  if [ -z "$database_url" ]; then
    if podman exec "$name" test -s /data/events.db; then
      pass "$name: event log on the /data volume (/data/events.db)"
    else
      fail "$name: no /data/events.db in the container"
    fi
  fi
  check_stop "$name"
}

# --- compose.yaml: two replicas on one PostgreSQL ----------------------------------------------
# podman-compose runs compose.yaml itself, with an override written here: the image just built
# (never pulled), host networking (the test PostgreSQL listens on the host's loopback), a free
# loopback port for each replica, the loopback sources.yaml, and the test database in place of
# the `db` service, which is not started (`--no-deps`: there is no registry to pull postgres
# from, and the database must be the local one).  Everything else is compose.yaml's own: the
# shared x-monitor definition, its healthcheck, the shared monitor-data volume, stop_signal and
# stop_grace_period.

find_podman_compose() {
  local found="${PODMAN_COMPOSE:-}"
  [ -z "$found" ] && found="$(command -v podman-compose || true)"
  [ -z "$found" ] && [ -x .venv/bin/podman-compose ] && found="$PWD/.venv/bin/podman-compose"
  printf '%s' "$found"
}

# podman-compose with the test's project name and override.  No proxy variable reaches the
# containers (podman copies them in by default), so nothing is sent beyond loopback.
compose() {
  env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY -u ftp_proxy -u FTP_PROXY \
    -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY POSTGRES_PASSWORD=unused-by-the-test \
    "$PODMAN_COMPOSE" --in-pod false --project-name "$COMPOSE_PROJECT" \
    --file compose.yaml --file "$WORK/compose.override.yaml" "$@"
}

compose_container() {
  podman ps --all --format '{{.Names}}' --filter "label=io.podman.compose.project=$COMPOSE_PROJECT" \
    --filter "label=io.podman.compose.service=$1" | head -n 1
}

# write_compose_override DATABASE_URL PORT1 PORT2
write_compose_override() {
  local database_url="$1" service port
  shift
  printf '# Written by scripts/container-test.sh for one run.\nservices:\n' \
    >"$WORK/compose.override.yaml"
  for service in monitor-1 monitor-2; do
    port="$1"
    shift
    cat >>"$WORK/compose.override.yaml" <<EOF
  $service:
    image: $IMAGE
    pull_policy: never
    network_mode: host
    ports: !reset []
    environment:
      MONITOR_DATABASE_URL: "$database_url"
      MONITOR_LISTEN: 127.0.0.1:$port
    volumes:
      - $WORK/sources.yaml:/app/sources.yaml:ro
EOF
  done
}

# The event log's head position as each running replica's /metrics reports it: "P1 P2".
log_positions() {
  local port position positions=()
  for port in "$@"; do
    position="$(curl -sS --noproxy '*' --max-time 5 "http://127.0.0.1:$port/metrics" 2>/dev/null \
      | awk '$1 == "asean_monitor_log_position" {printf "%d", $2}')"
    positions+=("${position:-none}")
  done
  printf '%s\n' "${positions[*]}"
}

# Both /readyz answer 200 in the same pass; the two codes are left in $out.
both_ready() {
  local i a b
  for i in $(seq 1 40); do
    a="$(curl -sS -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 5 \
      "http://127.0.0.1:$1/readyz" 2>/dev/null)"
    b="$(curl -sS -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 5 \
      "http://127.0.0.1:$2/readyz" 2>/dev/null)"
    out="$a $b"
    [ "$a" = 200 ] && [ "$b" = 200 ] && return 0
    sleep 0.5
  done
  return 1
}

run_compose() {
  local database_url="$1" port1 port2 one two name key1 key2 started elapsed_ms state left i
  local checkpoint=/data/container-test.checkpoint compose_started=$SECONDS
  PODMAN_COMPOSE="$(find_podman_compose)"
  if [ -z "$PODMAN_COMPOSE" ]; then
    fail "compose: podman-compose not found (pip install podman-compose, or set PODMAN_COMPOSE)"
    return
  fi
  COMPOSE_PROJECT="asean-monitor-test-compose-$$"
  port1="$(free_port)"
  port2="$(free_port)"
  while [ "$port2" = "$port1" ]; do port2="$(free_port)"; done
  write_compose_override "$database_url" "$port1" "$port2"

  if compose up -d --no-build --no-deps monitor-1 monitor-2 >"$WORK/compose-up.log" 2>&1; then
    pass "compose: podman-compose up -d monitor-1 monitor-2 (compose.yaml, one PostgreSQL)"
  else
    tail -n 40 "$WORK/compose-up.log"
    abort "compose: podman-compose up -d monitor-1 monitor-2"
  fi
  one="$(compose_container monitor-1)"
  two="$(compose_container monitor-2)"
  if [ -n "$one" ] && [ -n "$two" ] && [ "$one" != "$two" ]; then
    pass "compose: replicas $one and $two"
  else
    tail -n 40 "$WORK/compose-up.log"
    abort "compose: expected two containers, got '${one}' and '${two}'"
  fi

  # compose.yaml's own healthcheck (it follows MONITOR_LISTEN's port), then HTTP on each port.
  wait_healthy "$one"
  wait_healthy "$two"
  check_http "$one" "$port1"
  check_http "$two" "$port2"
  if both_ready "$port1" "$port2"; then
    pass "compose: both replicas ready at once (GET /readyz -> 200 on 127.0.0.1:$port1 and 127.0.0.1:$port2)"
  else
    fail "compose: the replicas were not ready at once (/readyz codes: $out)"
  fi

  # One log: both running daemons report the same head position, past the first poll (the
  # failed poll of the loopback source).
  for i in $(seq 1 20); do
    out="$(log_positions "$port1" "$port2")"
    [[ "$out" == [1-9]* ]] && [ "${out% *}" = "${out#* }" ] && break
    sleep 0.5
  done
  if [[ "$out" == [1-9]* ]] && [ "${out% *}" = "${out#* }" ]; then
    pass "compose: both replicas read one event log (/metrics log position ${out% *} on each)"
  else
    fail "compose: the replicas do not read one log (/metrics log positions: $out)"
  fi

  # One signing key on the shared monitor-data volume: made in one replica, the same file in the
  # other, which signs a checkpoint with it.
  out="$(podman exec "$one" asean-monitor audit keygen 2>&1)"
  [[ "$out" == *"exists already"* ]] || [[ "$out" == wrote* ]] || say "audit keygen: $out"
  key1="$(podman exec "$one" sha256sum /data/keys/checkpoint.key 2>&1)"
  key2="$(podman exec "$two" sha256sum /data/keys/checkpoint.key 2>&1)"
  if [[ "$key1" == [0-9a-f]*" "* ]] && [ "$key1" = "$key2" ]; then
    pass "compose: one checkpoint signing key on the shared monitor-data volume (${key1%% *})"
  else
    fail "compose: signing keys differ or are missing ($one: ${key1:0:120}; $two: ${key2:0:120})"
  fi
  if out="$(podman exec "$two" asean-monitor audit checkpoint --out "$checkpoint" 2>&1)"; then
    pass "compose: $two: audit checkpoint -> $out"
  else
    fail "compose: $two: audit checkpoint --out $checkpoint -> $out"
  fi

  # A deploy: SIGTERM to both at once, with compose.yaml's stop_grace_period (podman stop -t 15).
  # Exit code 0 is the check: a replica still running after the grace period is SIGKILLed (137).
  # The time, podman-compose's own start included, is only reported: it swells on a loaded host.
  started="$(date +%s%N)"
  compose stop monitor-1 monitor-2 >"$WORK/compose-stop.log" 2>&1
  elapsed_ms=$((($(date +%s%N) - started) / 1000000))
  for name in "$one" "$two"; do
    state="$(podman inspect -f '{{.State.Running}} {{.State.ExitCode}}' "$name" 2>&1)"
    if [ "$state" = "false 0" ]; then
      pass "$name: SIGTERM: exit code 0"
    else
      podman logs "$name" 2>&1 | tail -n 20
      fail "$name: SIGTERM: running and exit code: $state (expected false 0)"
    fi
  done
  say "info: compose: podman-compose stop monitor-1 monitor-2 returned after ${elapsed_ms} ms"

  # After both stopped: the shared log verifies, and agrees with the checkpoint monitor-2 signed.
  if out="$(compose run --rm --no-deps monitor-1 \
    asean-monitor audit verify --checkpoint "$checkpoint" 2>"$WORK/compose-run.log")" \
    && [[ "$out" == OK:* ]]; then
    pass "compose: after both stopped, audit verify -> $out"
  else
    tail -n 20 "$WORK/compose-run.log"
    fail "compose: audit verify --checkpoint $checkpoint -> $out"
  fi

  compose down -v >"$WORK/compose-down.log" 2>&1
  left="$(podman ps --all --format '{{.Names}}' \
    --filter "label=io.podman.compose.project=$COMPOSE_PROJECT")"
  left+="$(podman volume ls --format '{{.Name}}' \
    --filter "label=io.podman.compose.project=$COMPOSE_PROJECT")"
  if [ -z "$left" ]; then
    pass "compose: podman-compose down -v removed the replicas and the monitor-data volume"
  else
    tail -n 20 "$WORK/compose-down.log"
    fail "compose: left behind after podman-compose down -v: $left"
  fi
  pass "compose: two replicas up, checked and down in $((SECONDS - compose_started)) s"
}

write_loopback_sources "$(free_port)"
run_daemon "asean-monitor-test-sqlite-$$"
if [ -n "${CONTAINER_TEST_DATABASE_URL:-}" ]; then
  run_daemon "asean-monitor-test-postgres-$$" "$CONTAINER_TEST_DATABASE_URL"
fi
if [ -n "${CONTAINER_TEST_COMPOSE_DATABASE_URL:-}" ]; then
  run_compose "$CONTAINER_TEST_COMPOSE_DATABASE_URL"
fi

finish
