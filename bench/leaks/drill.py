"""The no-leak drill: a long random walk (1,000 actions by default) on a scratch database.

    .venv/bin/python -m bench.leaks.drill                  # 1,000 actions, seed 1; a few minutes
    .venv/bin/python -m bench.leaks.drill --actions 3000 --seed 7

Runs with the test settings (mail kept in memory, background tasks run at once, so every e-mail and webhook of
an action exists when the surfaces are read) on a database made for the run and dropped after it: SQLite in
memory, or a scratch database next to DATABASE_URL's on PostgreSQL. Webhooks go to a receiver on loopback.
Prints the summary and writes it to bench/results/leaks-<time>.json; exits 1 if anything leaked.
"""

import argparse
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "results"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench.leaks.walk import Walk
    from tests.fakes import WebhookReceiver

    logging.disable(logging.WARNING)  # a 404 per old address, a line per task: the summary is what counts
    settings.EVIDENCE_API_SETTLE_SECONDS = 0  # the changes feed serves each change at once
    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    receiver = WebhookReceiver()
    try:
        print(f"Walking {options.actions:,} actions (seed {options.seed}) on {database}…", flush=True)
        summary = Walk(seed=options.seed, receiver=receiver).run(actions=options.actions).summary()
    finally:
        receiver.close()
        connection.creation.destroy_test_db(database, verbosity=0)
        teardown_test_environment()
    summary |= {"database": connection.vendor, "finished_at": datetime.now(UTC).isoformat(timespec="seconds")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"leaks-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    print(f"Results: {path}")
    return 1 if any(summary["leaks"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
