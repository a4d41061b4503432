from django.core.management.base import BaseCommand
from django.db import transaction

from evidence.models import ArticleRevision
from evidence.services.dependencies import record_article


class Command(BaseCommand):
    help = (
        "Record again what every live article shows (studies, conditions, people, disclaimers). Publishing keeps "
        "the record; run this once after upgrading to the version that introduced it. Safe to run at any time."
    )

    def handle(self, *args, **options):
        done = 0
        for revision in ArticleRevision.objects.live().select_related("item").iterator(chunk_size=500):
            with transaction.atomic():
                record_article(revision.item, revision)
            done += 1
        self.stdout.write(f"Recorded what {done} live article(s) show.")
