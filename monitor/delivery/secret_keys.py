"""The secrets key from the settings: ``MONITOR_SECRETS_KEY``, else ``MONITOR_SECRETS_KEY_FILE``
(by default ``secrets.key`` beside the signing key).  See :mod:`alerts.secrets`."""

from __future__ import annotations

from alerts.secrets import (
    SUBSCRIPTION_TYPES,
    Keyring,
    load_keyring,
    sealed_key_ids,
    sealing_keyring,
)
from monitor.settings import Settings
from store.log import EventLog, Filter


def _env_key(settings: Settings) -> str | None:
    return settings.secrets_key.get_secret_value() if settings.secrets_key else None


def keyring(settings: Settings) -> Keyring:
    """The keys that open sealed secrets (empty when there is none: deliveries that need one
    then fail permanently, naming it).  A malformed key raises ``SecretsKeyError``."""
    return load_keyring(_env_key(settings), settings.secrets_key_file)


def sealing_keyring_for(settings: Settings, log: EventLog) -> Keyring:
    """The keys to seal a new secret with; the key file is made on first use (when the log
    holds no sealed secret yet)."""

    def used() -> set[str]:
        return sealed_key_ids(log.iter_all(where=Filter(types=tuple(sorted(SUBSCRIPTION_TYPES)))))

    return sealing_keyring(_env_key(settings), settings.secrets_key_file, used)
