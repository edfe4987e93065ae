"""The HTTP service: health, metrics, the API, server-sent events and the dashboard.

It runs in the daemon's asyncio loop (``asean-monitor run``) on ``MONITOR_LISTEN``.
"""
