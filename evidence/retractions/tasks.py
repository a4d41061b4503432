"""Background work of retraction watch: the "evidence changed" e-mail, and the scheduled Crossref check of the
whole library. Both retry with back-off (evidence.tasks.retry_later) when the outside service fails."""

import logging

from django.db import transaction
from django.tasks import task

from evidence.retractions import checks
from evidence.retractions.mail import evidence_changed_messages
from evidence.retractions.models import Notice
from evidence.services import notifications
from evidence.tasks import retry_later

logger = logging.getLogger(__name__)


@task
def send_evidence_changed_email(notice_id: int, attempt: int = 1):
    """E-mail the reviewers and editors of every live article citing the paper the notice is about."""
    notice = Notice.objects.select_related("study").filter(pk=notice_id).first()
    messages = evidence_changed_messages(notice) if notice is not None else []
    if not messages:
        return 0
    try:
        return notifications.send(messages)
    except OSError:
        again = retry_later(send_evidence_changed_email, attempt, notice_id)
        logger.warning("Evidence-changed e-mail for notice %s failed (try %s); retrying: %s", notice_id, attempt, again)
        raise


def queue_evidence_changed_email(sender, *, notice_ids, **kwargs):
    """Receiver of `notices_now_block`: queue each notice's e-mail once the recording transaction commits."""
    for notice_id in notice_ids:
        transaction.on_commit(lambda notice_id=notice_id: send_evidence_changed_email.enqueue(notice_id))


@task
def check_library_for_notices(study_ids: list | None = None, attempt: int = 1):
    """Ask Crossref about every study with a DOI (or `study_ids`); those Crossref could not answer are tried
    again later, with back-off."""
    result = checks.check_library(study_ids)
    for study_id, message in result.failed.items():
        logger.warning("Crossref check of study %s failed: %s", study_id, message)
    if result.to_retry:
        retry_later(check_library_for_notices, attempt, result.to_retry)
    return {
        "checked": result.checked,
        "new": result.new,
        "updated": result.updated,
        "newly_blocking": result.newly_blocking,
        "failed": len(result.failed),
    }
