# First version: the container issue finishes it (multi-stage, HEALTHCHECK, compose).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    MONITOR_DATABASE_URL=sqlite:////data/events.db \
    MONITOR_SIGNING_KEY=/data/keys/checkpoint.key

WORKDIR /app
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY store ./store
COPY alerts ./alerts
RUN pip install --no-cache-dir . && useradd --system --uid 10001 --home-dir /data monitor \
    && mkdir -p /data && chown monitor /data
COPY sources.yaml /app/sources.yaml

USER monitor
VOLUME ["/data"]
CMD ["asean-monitor", "run", "--sources", "/app/sources.yaml"]
