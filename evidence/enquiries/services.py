"""Recording what a visitor sent, confirming it, and deleting what was never confirmed.

The rule: an enquiry is stored unconfirmed and its sender is e-mailed a
signed link (evidence.enquiries.confirmation); only a confirmed enquiry is
marketing's to use (`Enquiry.objects.confirmed()`: the admin's export and the
API's leads), and one never confirmed is deleted after
EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evidence.enquiries.models import Enquiry


def enquiry_record(*, kind: str, form, client_fingerprint: str) -> Enquiry:
    """Store a valid enquiry form, unconfirmed, with the exact consent text its visitor agreed to, and when.

    The caller queues the e-mail asking the visitor to confirm (evidence.enquiries.tasks.queue_confirmation).
    """
    data = form.cleaned_data
    enquiry = Enquiry(
        kind=kind,
        name=data.get("name", ""),
        email=data["email"],
        condition_id=data.get("condition"),
        message=data.get("message", ""),
        consent_text=form.consent_text,
        consented_at=timezone.now(),
        client_fingerprint=client_fingerprint,
    )
    enquiry.full_clean()
    with transaction.atomic():
        enquiry.save()
    return enquiry


def enquiry_confirm(*, enquiry: Enquiry) -> bool:
    """Mark the enquiry confirmed now; False if it already was (the first confirmation's time is kept)."""
    with transaction.atomic():
        updated = Enquiry.objects.filter(pk=enquiry.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    enquiry.refresh_from_db(fields=["confirmed_at"])
    return bool(updated)


def enquiries_delete_unconfirmed(*, now=None) -> int:
    """Delete enquiries never confirmed within EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS)
    deleted, _ = Enquiry.objects.unconfirmed_before(cutoff).delete()
    return deleted
