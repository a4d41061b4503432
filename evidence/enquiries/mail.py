"""The e-mail asking a visitor to confirm what they sent (double opt-in)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from evidence.enquiries import confirmation
from evidence.enquiries.models import Enquiry, EnquiryKind

SUBJECTS = {
    EnquiryKind.NEWSLETTER: "Please confirm your Evidence Desk newsletter sign-up",
    EnquiryKind.INFORMATION_PACKET: "Please confirm your Evidence Desk information packet request",
}


def confirmation_link(enquiry: Enquiry) -> str:
    # Built from the configured address, never from a request's Host header (as the password reset mail).
    path = reverse("enquiries:confirm", args=[confirmation.token_for(enquiry)])
    return settings.EVIDENCE_SITE_URL.rstrip("/") + path


def confirmation_message(enquiry: Enquiry) -> tuple:
    """The message as (subject, body, from, to), for evidence.services.notifications.send."""
    body = render_to_string(
        "enquiries/email/confirm.txt",
        {
            "enquiry": enquiry,
            "link": confirmation_link(enquiry),
            "hours": settings.EVIDENCE_ENQUIRY_CONFIRM_HOURS,
            "days": settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS,
        },
    )
    return (SUBJECTS[enquiry.kind], body, None, [enquiry.email])
