"""Alerts: subscriptions, routing matches to subscriptions, the outbox, channels, digests."""
