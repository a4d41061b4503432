from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError

from evidence.api.webhooks.delivery import deliver_due


def _positive_int(value):
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= 10_000):
        raise ArgumentTypeError(f"give a whole number from 1 to 10000, not “{value}”")
    return int(value)


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due, one try each; failed ones are retried later with "
        "exponential back-off. Run from cron every minute; safe to run twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=_positive_int, default=100, help="Most deliveries to try in this run (default 100)."
        )

    def handle(self, *args, limit, **options):
        try:
            report = deliver_due(limit=limit)
        except Exception as error:  # e.g. the database is unreachable: say so, without a traceback
            raise CommandError(f"Could not deliver webhooks: {error}") from error
        for delivery, error in report.failures:
            self.stderr.write(f"Not delivered: {delivery} (try {delivery.attempts + 1}): {error}")
        self.stdout.write(f"Delivered {report.delivered}, will retry {report.retrying}, gave up on {report.gave_up}.")
