from argparse import ArgumentTypeError

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Scope
from accounts.services import issue_api_key


def _positive_int(value):
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= 1_000_000):
        raise ArgumentTypeError(f"give a whole number from 1 to 1000000, not “{value}”")
    return int(value)


class Command(BaseCommand):
    help = (
        "Create an API key for the marketing API and print it as the last line of output. "
        "The key is shown only this once; store it in the tool that will use it."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who or what uses the key, e.g. “Newsletter tool”.")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=Scope.values,
            dest="scopes",
            help="An extra permission; repeat for several. “leads” lets the key read contact-form submissions.",
        )
        parser.add_argument(
            "--requests-per-minute",
            type=_positive_int,
            default=None,
            help="Rate limit for this key (default: EVIDENCE_API_REQUESTS_PER_MINUTE).",
        )

    def handle(self, *args, name, scopes, requests_per_minute, **options):
        if not name.strip():
            raise CommandError("Give the key a name that says who uses it.")
        try:
            key, raw_key = issue_api_key(name=name.strip(), scopes=scopes, requests_per_minute=requests_per_minute)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        extra = f" with scope(s) {', '.join(key.scopes)}" if key.scopes else ""
        self.stdout.write(f"Created API key “{key.name}”{extra}, {key.rate_per_minute} requests per minute.")
        self.stdout.write("Copy it now: it is not stored and cannot be shown again.")
        self.stdout.write(raw_key)
