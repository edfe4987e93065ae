"""``subscribe``, and the options and checks ``subscriptions edit`` shares with it."""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from alerts.channels import kinds
from alerts.errors import SubscriptionError
from alerts.redaction import has_secret
from alerts.secrets import SecretsKeyError
from alerts.subscriptions import (
    SubscriptionSpec,
    created_event,
    validate_spec,
)
from monitor.commands import fail, settings_or_exit
from monitor.config import parse_duration
from monitor.delivery.outbound import check_target_sync
from monitor.delivery.secret_keys import sealing_keyring_for
from monitor.events import (
    subscription_stream,
)
from monitor.settings import Settings
from monitor.wiring import open_store
from store import NO_STREAM, Metadata


def _one_of(
    what: str, names: tuple[str, str, str], given: tuple[str | None, Path | None, str | None]
) -> str | None:
    """The value given on the command line, in a file or in an environment variable (at most
    one of them); None when none is."""
    line, file, env = given
    if sum(x is not None for x in given) > 1:
        raise click.UsageError(f"give the {what} one way only: {', '.join(names)}")
    if file is not None:
        try:
            value = file.read_text("utf-8").strip()
        except (OSError, UnicodeError) as exc:
            raise click.BadParameter(f"cannot read {file}: {exc}", param_hint=names[1]) from exc
        if not value:
            raise click.BadParameter(f"{file} is empty", param_hint=names[1])
        return value
    if env is not None:
        value = os.environ.get(env, "").strip()
        if not value:
            raise click.BadParameter(
                f"the environment variable {env} is not set or empty", param_hint=names[2]
            )
        return value
    return line


def _webhook_secret(options: dict[str, Any]) -> str:
    """The webhook's HMAC key: from --secret-file, --secret-env, --secret (visible in the
    process list) or typed at a prompt that does not echo (only on a terminal)."""
    given = (options["secret"], options["secret_file"], options["secret_env"])
    secret = _one_of("webhook secret", ("--secret", "--secret-file", "--secret-env"), given)
    if secret is not None:
        return secret
    if not sys.stdin.isatty():
        raise click.UsageError(
            "--webhook needs its secret (the HMAC key shared with the receiver): "
            "--secret-file PATH, --secret-env NAME, or run on a terminal to type it"
        )
    typed: str = click.prompt(
        "Webhook secret (HMAC key shared with the receiver)",
        hide_input=True,
        confirmation_prompt=True,
    )
    return typed.strip()


def _given_target(options: dict[str, Any]) -> dict[str, Any] | None:
    """``--target`` / ``--target-file`` / ``--target-env``: a target of any registered channel
    kind (:mod:`alerts.channels.kinds`) as JSON."""
    names = ("--target", "--target-file", "--target-env")
    given = (options["target"], options["target_file"], options["target_env"])
    text = _one_of("target", names, given)
    if text is None:
        return None
    try:
        target = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="--target") from exc
    if not isinstance(target, dict):
        raise click.BadParameter(
            f'a JSON object with a "type": one of {", ".join(kinds.names())}',
            param_hint="--target",
        )
    return target


def target_of(options: dict[str, Any]) -> dict[str, Any]:
    """The target the channel options name (exactly one channel)."""
    webhook, email = options["webhook"], options["email"]
    apprise_given = (options["apprise"], options["apprise_file"], options["apprise_env"])
    apprise = any(x is not None for x in apprise_given)
    given = any(options[k] is not None for k in ("target", "target_file", "target_env"))
    chosen = [webhook is not None, bool(email), apprise, options["atom"], options["sse"], given]
    if sum([*chosen, options["to_log"]]) != 1:
        raise click.UsageError(
            "choose one channel: --webhook, --email, --apprise, --atom, --sse, --log or "
            f"--target (any kind: {', '.join(kinds.names())})"
        )
    target = _given_target(options)
    if target is not None:
        return target
    if webhook is not None:
        return {"type": "webhook", "url": webhook, "secret": _webhook_secret(options)}
    if email:
        return {"type": "email", "to": list(email)}
    if apprise:
        names = ("--apprise", "--apprise-file", "--apprise-env")
        return {"type": "apprise", "url": _one_of("Apprise URL", names, apprise_given)}
    return {"type": "atom" if options["atom"] else "sse" if options["sse"] else "log"}


FILTER_KEYS = ("dialogues", "mechanisms", "topics", "sources", "languages", "min_score", "query")


def filter_of(options: dict[str, Any]) -> dict[str, Any]:
    """A subscription's filter from the options."""
    rule = {key: options[key] for key in FILTER_KEYS}
    rule.update(
        topic_mentions=options["topic_mentions"],
        new_meetings_only=options["new_meetings_only"],
        articles=not options["no_articles"],
        health=_health(options["source_health"], options["failed_for"], options["silent_for"]),
    )
    return rule


def delivery_of(options: dict[str, Any]) -> dict[str, Any]:
    """A subscription's delivery from the options: a digest on ``--digest``, else instant."""
    return {
        "mode": "digest" if options["cron"] else "instant",
        "cron": options["cron"],
        "timezone": options["timezone"],
        "send_empty": options["send_empty"],
    }


def _health(
    source_health: bool,
    failed_for: str | None,
    silent_for: str | None,
) -> dict[str, Any] | None:
    if not (source_health or failed_for or silent_for):
        return None
    try:
        return {
            "failed_for": parse_duration(failed_for or "6h").total_seconds(),
            "silent_for": parse_duration(silent_for).total_seconds() if silent_for else None,
        }
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--failed-for/--silent-for") from exc


OPTIONS = {
    "filter.dialogues": "--dialogue",
    "filter.mechanisms": "--mechanism",
    "filter.topics": "--topic",
    "filter.sources": "--source",
    "filter.languages": "--language",
}
"""The option that gave each field a refusal may name."""


def vet(
    spec: SubscriptionSpec,
    settings: Settings,
    *,
    email_option: bool,
    parts: Collection[str] = ("filter", "target"),
) -> None:
    """Refuse, exit 2 with one line, an id the catalogue or sources.yaml does not have, a
    language that is no language code, and an e-mail address or SMTP server that would make
    a subscription that never delivers (:mod:`monitor.vetting`); only the ``parts`` given."""
    from monitor.choices import choices_for
    from monitor.vetting import Refused, check_email, check_filter

    options = {**OPTIONS, "target.to": "--email"} if email_option else OPTIONS
    try:
        if "filter" in parts:
            check_filter(spec.filter, choices_for(settings))
        if "target" in parts:
            check_email(spec.target, settings.smtp_host is not None)
    except Refused as exc:
        fail(f"{options.get(exc.field, exc.field)}: {exc.reason}", 2)


_SUBSCRIPTION_OPTIONS = (
    click.option("--name", help="A name people recognise (default: from the filter)."),
    click.option(
        "--dialogue",
        "dialogues",
        multiple=True,
        help="e.g. asean-us (repeatable; `asean-monitor catalogue` lists them).",
    ),
    click.option("--mechanism", "mechanisms", multiple=True, help="Only these meetings (summit…)."),
    click.option("--topic", "topics", multiple=True, help="e.g. south-china-sea (repeatable)."),
    click.option(
        "--topic-mentions",
        is_flag=True,
        help="Match a --topic merely mentioned, not only one the article is about.",
    ),
    click.option("--source", "sources", multiple=True, help="Only from these sources."),
    click.option(
        "--language", "languages", multiple=True, help="Only in these languages (en, vi…)."
    ),
    click.option("--min-score", type=float, default=0.0, show_default=True),
    click.option(
        "--query", help='Keywords: "joint statement" AND (summit OR ministers) NOT sports'
    ),
    click.option("--new-meetings-only", is_flag=True, help="One alert per meeting, not per story."),
    click.option("--webhook", help="POST alerts here, signed with the webhook secret."),
    click.option(
        "--secret-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Read the webhook secret (HMAC-SHA256 key) from this file.",
    ),
    click.option("--secret-env", metavar="NAME", help="Read the webhook secret from $NAME."),
    click.option(
        "--secret",
        help="The webhook secret itself: visible in the process list and shell history; prefer "
        "--secret-file, --secret-env or the prompt (asked on a terminal when none is given).",
    ),
    click.option("--email", multiple=True, help="Send e-mail to this address (repeatable)."),
    click.option(
        "--apprise",
        help="An Apprise URL (slack://…, tgram://…, ntfy://…); it carries tokens: prefer "
        "--apprise-file or --apprise-env.",
    ),
    click.option(
        "--apprise-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Read the Apprise URL from this file.",
    ),
    click.option("--apprise-env", metavar="NAME", help="Read the Apprise URL from $NAME."),
    click.option("--atom", is_flag=True, help="Publish in an Atom feed for this subscription."),
    click.option("--sse", is_flag=True, help="Publish on the server-sent events stream."),
    click.option("--log", "to_log", is_flag=True, help="Write alerts to the daemon's log."),
    click.option(
        "--target",
        metavar="JSON",
        help='A target of any channel kind, e.g. \'{"type": "log"}\' (docs/alerts-channels.md); '
        "it may carry secrets: prefer --target-file.",
    ),
    click.option(
        "--target-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Read the --target JSON from this file.",
    ),
    click.option("--target-env", metavar="NAME", help="Read the --target JSON from $NAME."),
    click.option("--digest", "cron", help="Send a digest on this cron schedule, e.g. '0 8 * * *'."),
    click.option("--timezone", default="UTC", show_default=True, help="Time zone of the schedule."),
    click.option("--send-empty", is_flag=True, help="Send a digest even when the period is empty."),
    click.option("--source-health", is_flag=True, help="Also alert on failing or silent sources."),
    click.option("--failed-for", help="…failing longer than this (default 6h)."),
    click.option("--silent-for", help="…silent (no new items) longer than this, e.g. 2d."),
    click.option("--no-articles", is_flag=True, help="Only source-health alerts."),
)


def subscription_options(command: Callable[..., None]) -> Callable[..., None]:
    """The filter, channel and delivery options of ``subscribe`` (``subscriptions edit``
    takes them too, and changes only what is given)."""
    for option in reversed(_SUBSCRIPTION_OPTIONS):
        command = option(command)
    return command


@click.command()
@subscription_options
def subscribe(**options: Any) -> None:
    """Subscribe to alerts: a filter and a channel, instant or as a digest.

    A webhook's secret and an Apprise URL are sealed in the log with the secrets key
    (MONITOR_SECRETS_KEY or MONITOR_SECRETS_KEY_FILE, made here on first use)."""
    target = target_of(options)
    rule, delivery = filter_of(options), delivery_of(options)
    name = options["name"] or ", ".join(options["dialogues"]) or "everything relevant"
    try:
        spec = validate_spec({"name": name, "filter": rule, "target": target, "delivery": delivery})
    except SubscriptionError as exc:
        fail(str(exc), 2)
        return
    subscription_id = uuid.uuid4().hex[:12]
    settings = settings_or_exit()
    vet(spec, settings, email_option=bool(options["email"]))
    try:  # what delivery would refuse is refused now, not found later as a dead letter
        check_target_sync(spec.target, settings)
    except SubscriptionError as exc:
        said = str(exc)
        if target["type"] == "apprise" and options["target"] is None:
            said = said.replace("target.url: ", "--apprise: ", 1)
        fail(said, 2)
        return
    log = open_store(settings)
    try:
        keyring = None
        if has_secret(target):
            had_key = settings.secrets_key is not None or settings.secrets_key_file.exists()
            keyring = sealing_keyring_for(settings, log)
            if not had_key:
                click.echo(
                    f"made the secrets key {settings.secrets_key_file} (key {keyring.ids[0]}): "
                    "back it up apart from the database; every daemon needs it to send",
                    err=True,
                )
        event = created_event(subscription_id, spec, datetime.now(UTC), keyring=keyring)
        log.append(
            subscription_stream(subscription_id),
            [event],
            expected_version=NO_STREAM,
            metadata=Metadata(causation_id="cli"),
        )
    except SecretsKeyError as exc:
        fail(str(exc), 2)
    finally:
        log.close()
    click.echo(f"subscribed {subscription_id}: {name} → {target['type']}")
    if target["type"] == "atom":
        click.echo(f"feed: {atom_url(settings, subscription_id)}")


def atom_url(settings: Settings, subscription_id: str) -> str:
    """Where a feed reader follows the subscription's Atom feed (a read token goes with it,
    as ?token=, unless reads are public)."""
    from monitor.service.server import start_lines

    dashboard = start_lines(settings.listen_host, settings.listen_port, settings.public_reads)
    base = dashboard[0][1]["dashboard"]
    feed = f"{base}api/subscriptions/{subscription_id}/atom"
    return (
        feed if settings.public_reads else f"{feed}?token=READ_TOKEN (asean-monitor token create)"
    )
