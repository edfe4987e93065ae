"""Alerts: subscriptions, routing matches to subscriptions, the outbox, channels, digests.

Exception tree::

    AlertsError                    anything the alerts package raises on purpose
    ├── SubscriptionError          a subscription's filter or channel is invalid (names the field)
    ├── QueryError                 a keyword query does not parse (names the position)
    └── DeliveryError              a channel could not deliver; ``retry_after``, ``permanent``
                                   and ``status`` say what the dispatcher should do next
"""
