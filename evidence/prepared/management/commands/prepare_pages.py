"""manage.py prepare_pages: prepare every live article's page that is not prepared or no longer current.

The worker prepares pages after each change; run this after loading a library in bulk, or after a deploy that
changed the templates (pages of the old layout are rendered on request until then, never served as they were).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evidence.prepared import pages


class Command(BaseCommand):
    help = "Prepare the public pages of live articles that are not prepared, or not current."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=settings.EVIDENCE_PREPARE_BATCH, help="Articles per transaction."
        )

    def handle(self, *args, batch, **options):
        if batch < 1:
            raise CommandError("--batch must be a whole number of at least 1.")
        done = 0
        for ids in pages.stale_article_ids(batch):
            done += pages.prepare(ids)
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} prepared…")
        self.stdout.write(self.style.SUCCESS(f"Prepared {done} article page{'s' if done != 1 else ''}."))
