"""The alert side as the daemon runs it: channels built from settings, the outbound guard,
digest jobs and the secrets key.  The alerting logic itself lives in :mod:`alerts`.

- :mod:`monitor.delivery.assembly` channels, dispatcher, digests and health watch, wired
- :mod:`monitor.delivery.outbound` the guard every outbound request of the alert side passes
- :mod:`monitor.delivery.digest_jobs` digest subscriptions as cron jobs
- :mod:`monitor.delivery.secret_keys` the secrets key from the settings
"""
