"""Recording what a visitor sent. The one write the public site makes."""

from django.db import transaction
from django.utils import timezone

from evidence.enquiries.models import Enquiry


def enquiry_record(*, kind: str, form, client_fingerprint: str) -> Enquiry:
    """Store a valid enquiry form with the exact consent text its visitor agreed to, and when."""
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
