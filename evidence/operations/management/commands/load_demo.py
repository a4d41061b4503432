from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from evidence.operations.demo import load_demo_content
from evidence.operations.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from evidence.selectors import integrity


class Command(BaseCommand):
    help = "Load the demo library and the demo accounts (one per role). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even when DJANGO_DEBUG is false. Never do this on a real site.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with a published password while DJANGO_DEBUG is false. "
                "Run with DJANGO_DEBUG=True for a local demo, or add --force if you really mean it."
            )
        people = ensure_demo_accounts()
        # Loading walks every item through review; the demo people need no e-mail about it.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            created = load_demo_content(people)
        held_back = created.pop("held_back")
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo library ready (created {summary})."))
        for article, why in held_back:
            self.stdout.write(f"Kept as a draft: “{article}”. {why}")
        self.stdout.write(integrity.summary(integrity.totals(integrity.integrity_report())))
        emails = ", ".join(p.email for p in people.values())
        self.stdout.write(f"Demo accounts: {emails} — password {DEMO_PASSWORD}")
