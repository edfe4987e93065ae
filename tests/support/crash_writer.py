"""A writer process for the crash test: appends whole batches until it is killed.

``python -m tests.support.crash_writer URL MODE``: MODE ``hold`` writes two whole batches, then
stops half-way through a third transaction (rows inserted, not committed) and waits to be
killed; MODE ``loop`` appends batches as fast as it can.
"""

from __future__ import annotations

import sys
import time

from store.sql import SqlEventLog
from tests.support.store_events import noted

BATCH = 200


def main(url: str, mode: str) -> None:
    log = SqlEventLog(url)
    batch = 0
    while True:
        with log.transaction() as tx:
            for part in range(4):
                events = [noted(i, f"batch {batch}") for i in range(BATCH // 4)]
                tx.append(f"batch-{batch}", events)
                if mode == "hold" and batch == 2 and part == 2:
                    print("holding", flush=True)
                    time.sleep(120)
        print(f"committed {batch}", flush=True)
        batch += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
