"""Fault tests: replicas under SIGKILL, SIGTERM, a PostgreSQL restart, a receiver down."""
