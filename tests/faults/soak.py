"""The fault harness, long form: ``python -m tests.faults.soak --replicas 3 --sources 300
--minutes 10``.  Prints progress on stderr and the figures and failed checks as JSON lines on
stdout; exits 1 when a check failed.  See tests/faults/README.md."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.support.faults.harness import Config, json_lines, run


def config_from(argv: list[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__)
    add = parser.add_argument
    add("--replicas", type=int, default=3)
    add("--sources", type=int, default=300)
    add("--minutes", type=float, default=10.0, help="how long the faults go on")
    add(
        "--publish-share",
        type=float,
        default=0.8,
        help="feeds gain items during this share of the fault period",
    )
    add("--initial-items", type=int, default=2, help="items each feed lists at the start")
    add("--items-per-minute", type=float, default=1.0, help="items each feed gains a minute")
    add("--kill-every", type=float, default=20.0, help="seconds between SIGKILLs (0: none)")
    add(
        "--sigterms",
        type=int,
        default=None,
        help="SIGTERMs at random moments (default: one a minute)",
    )
    add(
        "--pg-restart-at",
        type=float,
        default=None,
        help="seconds into the faults (default: half-way; negative: never)",
    )
    add(
        "--receiver-down-at",
        type=float,
        default=None,
        help="seconds (default: a quarter in; negative: never)",
    )
    add("--receiver-down-seconds", type=float, default=60.0)
    add("--quiesce-timeout", type=float, default=240.0)
    add("--lease-seconds", type=float, default=10.0)
    add("--drain-seconds", type=float, default=8.0)
    add("--dispatch-interval", type=float, default=2.0)
    add("--checkpoint-interval", type=float, default=10.0)
    add("--page-size", choices=("small", "realistic"), default="small")
    add("--seed", type=int, default=14)
    add("--postgres-url", help="use this server instead of starting one (no restart fault)")
    add("--repo", type=Path, default=None, help="the tree whose monitor package runs")
    add("--commit", help="run this commit's daemon (a `git archive` of it, unpacked aside)")
    add("--workdir", type=Path, default=None)
    add("--keep", action="store_true", help="keep the working directory and replica logs")
    add("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    seconds = args.minutes * 60
    publish = seconds * args.publish_share
    gained = max(1, round(args.items_per_minute * publish / 60))
    config = Config(
        replicas=args.replicas,
        sources=args.sources,
        initial_items=args.initial_items,
        gained_items=gained,
        publish_seconds=publish,
        fault_seconds=seconds,
        kill_every=args.kill_every,
        sigterms=max(1, round(args.minutes)) if args.sigterms is None else args.sigterms,
        pg_restart_at=None
        if (args.pg_restart_at or 0) < 0
        else (args.pg_restart_at or seconds / 2),
        receiver_down_at=seconds / 4
        if args.receiver_down_at is None
        else (None if args.receiver_down_at < 0 else args.receiver_down_at),
        receiver_down_seconds=args.receiver_down_seconds,
        quiesce_timeout=args.quiesce_timeout,
        lease_seconds=args.lease_seconds,
        drain_seconds=args.drain_seconds,
        dispatch_interval=args.dispatch_interval,
        checkpoint_interval=args.checkpoint_interval,
        page_size=args.page_size,
        seed=args.seed,
        postgres_url=args.postgres_url,
        workdir=args.workdir,
        keep=args.keep,
        progress=None if args.quiet else _progress,
    )
    if args.repo is not None:
        config.repo = args.repo
    if args.commit:
        config.repo = snapshot(args.commit, config.repo)
    return config


def snapshot(commit: str, repo: Path) -> Path:
    """Unpack ``commit`` of ``repo`` into a temporary directory (other work in the tree,
    committed or not, does not change what runs); its name is kept in ``.snapshot-commit``."""
    short = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", commit],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = Path(tempfile.mkdtemp(prefix=f"asean-monitor-{short}-"))
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", short], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / ".snapshot-commit").write_text(short + "\n", encoding="utf-8")
    return target


def _progress(values: dict[str, Any]) -> None:
    print(json.dumps(values, default=str), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    result = run(config_from(argv))
    for line in json_lines(result):
        print(line, flush=True)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
