"""Background work of the public forms: the confirmation e-mail (retried with back-off) and the daily
deletion of enquiries nobody confirmed."""

import logging

from django.db import transaction
from django.tasks import task

from evidence.enquiries import mail, services
from evidence.enquiries.models import Enquiry
from evidence.services import notifications
from evidence.tasks import retry_later

logger = logging.getLogger(__name__)


@task
def send_enquiry_confirmation(enquiry_id: int, attempt: int = 1):
    """E-mail the link that confirms one enquiry, unless it is gone or already confirmed."""
    enquiry = Enquiry.objects.filter(pk=enquiry_id, confirmed_at__isnull=True).first()
    if enquiry is None:
        return 0
    try:
        return notifications.send([mail.confirmation_message(enquiry)])
    except OSError:
        again = retry_later(send_enquiry_confirmation, attempt, enquiry_id)
        logger.warning("Confirmation e-mail for enquiry %s failed (try %s); retrying: %s", enquiry_id, attempt, again)
        raise  # the failed try stays visible on its task result


def queue_confirmation(enquiry: Enquiry) -> None:
    """Queue the confirmation e-mail once the enquiry's transaction has committed."""
    transaction.on_commit(lambda: send_enquiry_confirmation.enqueue(enquiry.pk))


@task
def delete_unconfirmed_enquiries():
    """Delete enquiries never confirmed within EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS (the scheduler runs it daily)."""
    deleted = services.enquiries_delete_unconfirmed()
    logger.info("Deleted %s unconfirmed enquiries", deleted)
    return {"deleted": deleted}
