"""`manage.py run_worker` slowed down, for tests that stop a worker in the middle of its scheduled moves.

Run as `python -m tests.tasks.slow_worker PROGRESS PAUSE [run_worker options]`. Each scheduled move appends its
item's primary key to PROGRESS and then waits PAUSE seconds *inside its transaction*, before the commit: a test
that sees n lines knows n - 1 moves have committed and the n-th is in flight, and can kill the worker or cut its
database connection at that moment.
"""

import sys
import time
from pathlib import Path

import django


def main(progress: str, pause: str, *options):
    django.setup()
    from django.core.management import call_command

    from evidence.services import scheduling

    made = scheduling._as_scheduled

    def slowly(action, item, comment, **details):
        done = made(action, item, comment, **details)
        with Path(progress).open("a") as lines:
            lines.write(f"{item.pk}\n")
        time.sleep(float(pause))
        return done

    scheduling._as_scheduled = slowly
    call_command("run_worker", *options)


if __name__ == "__main__":
    main(*sys.argv[1:])
