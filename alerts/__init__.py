"""Alerts: subscriptions, routing matches to subscriptions, the outbox, channels, digests.

Exception tree::

    AlertsError                    anything the alerts package raises on purpose
    ├── SubscriptionError          a subscription's filter or channel is invalid (names the field)
    ├── QueryError                 a keyword query does not parse (names the position)
    ├── ChannelKindError           a channel registration names no kind, or one registered twice
    │                              (alerts.channels.kinds)
    ├── SecretsKeyError            the secrets key is missing, unreadable or malformed
    └── DeliveryError              a channel could not deliver; ``retry_after``, ``permanent``
        │                          and ``status`` say what the dispatcher should do next
        └── SecretUnavailableError a sealed target cannot be opened (permanent)
"""
