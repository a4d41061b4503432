import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from evidence.operations.schedule import tick


def _seconds(value):
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not 1 <= seconds <= 3600:
        raise CommandError(f"--interval takes a number of seconds from 1 to 3600, not “{value}”.")
    return seconds


class Command(BaseCommand):
    help = (
        "Queue the worker's regular tasks: scheduled publishing and webhook delivery every minute, overdue-review "
        "e-mail once a day. Runs until stopped; --once queues the every-minute tasks one time (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue what is due now, then exit.")
        parser.add_argument("--interval", default="60", help="Seconds between ticks (default 60).")

    def handle(self, *args, once=False, interval="60", **options):
        seconds = _seconds(interval)
        stopping = []
        for stop in (signal.SIGTERM, signal.SIGINT):  # finish the tick in hand, then exit quietly
            signal.signal(stop, lambda *_: stopping.append(True))
        previous = None
        while not stopping:
            now = timezone.now()
            try:
                queued = tick(previous, now)
            except DatabaseError as error:  # the database is down: say so, try again next tick
                self.stderr.write(f"{now:%Y-%m-%d %H:%M:%S} could not queue tasks: {error}")
                queued = []
            if queued:
                self.stdout.write(f"{now:%Y-%m-%d %H:%M:%S} queued {', '.join(queued)}")
            if once:
                return
            previous = now
            deadline = time.monotonic() + seconds
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, seconds))
