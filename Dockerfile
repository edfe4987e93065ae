# asean-monitor: the daemon and its HTTP service in one process.
# Build:  docker build -t asean-monitor .       (or: podman build --format docker ...)
# Run:    docker run -d -p 8080:8080 -v asean-monitor-data:/data asean-monitor
# Details: docs/container.md.

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: a virtual environment with the dependencies and the project ----------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /src

# Dependencies first, in their own layer: it is reused while only the code changes.
COPY pyproject.toml README.md ./
RUN mkdir monitor store alerts \
    && pip install . \
    && pip uninstall --yes asean-monitor

COPY monitor ./monitor
COPY store ./store
COPY alerts ./alerts
RUN pip install --no-deps . \
    && python -m compileall -q /opt/venv/lib \
    && asean-monitor --version

# --- runtime: the virtual environment, the bundled sources.yaml, a non-root user --------------
FROM ${PYTHON_IMAGE} AS runtime

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="asean-monitor" \
      org.opencontainers.image.description="News monitoring daemon for ASEAN's dialogue relations, with a tamper-evident event log" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/asean-monitor/asean-monitor" \
      org.opencontainers.image.url="https://github.com/asean-monitor/asean-monitor" \
      org.opencontainers.image.documentation="https://github.com/asean-monitor/asean-monitor/blob/main/docs/container.md" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11-slim"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MONITOR_DATABASE_URL=sqlite:////data/events.db \
    MONITOR_LISTEN=0.0.0.0:8080 \
    MONITOR_SOURCES=/app/sources.yaml \
    MONITOR_SIGNING_KEY=/data/keys/checkpoint.key

# A fixed uid/gid, so a host directory mounted on /data can be prepared for it (chown 10001).
RUN groupadd --system --gid 10001 monitor \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin monitor \
    && mkdir -p /data/keys \
    && chown -R 10001:10001 /data \
    && chmod 0700 /data/keys

COPY --from=builder /opt/venv /opt/venv
COPY sources.yaml /app/sources.yaml

WORKDIR /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080

# GET /healthz on the port of MONITOR_LISTEN (slim has no curl); proxies are bypassed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h, _, p = os.environ.get('MONITOR_LISTEN', '0.0.0.0:8080').rpartition(':'); h = {'0.0.0.0': '127.0.0.1', '::': '::1', '': '127.0.0.1'}.get(h.strip('[]'), h.strip('[]')); h = f'[{h}]' if ':' in h else h; raise SystemExit(0 if r.build_opener(r.ProxyHandler({})).open(f'http://{h}:{p}/healthz', timeout=4).status == 200 else 1)"]

STOPSIGNAL SIGTERM
CMD ["asean-monitor", "run"]
