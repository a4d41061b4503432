"""The double opt-in link: a signed, expiring token naming one enquiry, and what it can turn out to be.

The token is the enquiry's id signed with our SECRET_KEY and a timestamp
(django.core.signing.TimestampSigner, salted for this one use), so nobody can
make one for an enquiry they did not send, and it stops working after
EVIDENCE_ENQUIRY_CONFIRM_HOURS. Nothing about the link is stored.
"""

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing

from evidence.enquiries.models import Enquiry

SALT = "evidence.enquiries.confirm"


class LinkProblem(StrEnum):
    """Why a confirmation link cannot confirm anything; each gets its own page."""

    DAMAGED = "damaged"  # changed, cut short or made up: the signature does not match
    EXPIRED = "expired"  # genuine, but older than EVIDENCE_ENQUIRY_CONFIRM_HOURS
    GONE = "gone"  # genuine, but the enquiry was deleted (never confirmed in time, or removed by staff)


class ConfirmationLinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def lifetime() -> timedelta:
    return timedelta(hours=settings.EVIDENCE_ENQUIRY_CONFIRM_HOURS)


def token_for(enquiry: Enquiry) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(enquiry.pk))


def enquiry_for(token: str) -> Enquiry:
    """The enquiry a token names; raise ConfirmationLinkError saying why when there is none to confirm."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        enquiry_id = signer.unsign(token, max_age=lifetime())
    except signing.SignatureExpired:
        raise ConfirmationLinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise ConfirmationLinkError(LinkProblem.DAMAGED) from None
    enquiry = Enquiry.objects.filter(pk=int(enquiry_id)).first()
    if enquiry is None:
        raise ConfirmationLinkError(LinkProblem.GONE)
    return enquiry
