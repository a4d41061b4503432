from django.conf import settings
from django.core.management.base import BaseCommand

from evidence.enquiries import services


class Command(BaseCommand):
    help = (
        "Delete newsletter sign-ups and information-packet requests nobody confirmed within "
        "EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS. Safe to run at any time, and twice at once; run_scheduler runs it daily."
    )

    def handle(self, *args, **options):
        deleted = services.enquiries_delete_unconfirmed()
        days = settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS
        self.stdout.write(f"{deleted} unconfirmed enquiry(ies) older than {days} days deleted.")
