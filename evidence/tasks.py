"""Background work that may be retried: workflow e-mail, scheduled publishing, overdue-review reminders.

Run by Django's task framework (settings.TASKS; in production django-tasks-db's
`db_worker`). The workflow commits first and queues these afterwards, so a
failure here never undoes or slows a move; a failed try is recorded on the
task result (admin: Tasks) and tried again later with exponential back-off.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from evidence.caching import cdn
from evidence.models import AuditEntry
from evidence.models.actions import step
from evidence.selectors.desk import articles_overdue_for_review
from evidence.services import dependencies, notifications
from evidence.services.scheduling import run_due_schedules

logger = logging.getLogger(__name__)


def backoff(seconds: float, attempt: int, *, most=timedelta(hours=6)) -> timedelta:
    """How long to wait after the `attempt`-th failed try: 1, 2, 4, 8 … times `seconds`, at most `most`."""
    return min(timedelta(seconds=seconds * 2 ** (attempt - 1)), most)


def retry_delay(attempt: int) -> timedelta:
    return backoff(settings.EVIDENCE_TASK_RETRY_SECONDS, attempt)


def retry_later(task_, attempt: int, *args, **kwargs) -> bool:
    """Queue another try of `task_` after a back-off, when tries are left and the backend can wait."""
    if attempt >= settings.EVIDENCE_TASK_MAX_ATTEMPTS or not default_task_backend.supports_defer:
        return False
    task_.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


@task
def send_workflow_email(entry_id: int, attempt: int = 1, also_to: list | None = None):
    """E-mail the people an audit entry concerns (reviewers on submission, the author otherwise), and `also_to`:
    the addresses of the people of the studies and conditions the move carried along in the article's bundle."""
    entry = AuditEntry.objects.select_related("actor").filter(pk=entry_id).first()
    message = notifications.workflow_message(entry, also_to=also_to or ()) if entry is not None else None
    if message is None:
        return 0
    try:
        return notifications.send([message])
    except OSError:
        again = retry_later(send_workflow_email, attempt, entry_id, **({"also_to": also_to} if also_to else {}))
        logger.warning("Workflow e-mail for audit entry %s failed (try %s); retrying: %s", entry_id, attempt, again)
        raise  # the failed try stays visible on its task result


def queue_workflow_email(sender, *, entry, bundled_with=None, carried=(), **kwargs):
    """Receiver of `workflow_move_recorded`: queue the move's e-mail once its transaction commits.

    One e-mail per person per review round: a study or condition moved in an article's bundle sends none of
    its own; its people are added to the article's e-mail, which names every item it carried."""
    if not step(entry.action).email_subject or bundled_with is not None:
        return
    also_to = sorted({email for item in carried for email in notifications.recipients(entry.action, item, entry.actor)})
    extra = {"also_to": also_to} if also_to else {}
    transaction.on_commit(lambda: send_workflow_email.enqueue(entry.pk, **extra))


def queue_shown_change(sender, *, batches, reason, label, by, **kwargs):
    """Receiver of `shown_change_deferred`: one task per batch, queued inside the change's transaction (the task
    rows are the outbox: they commit with the change or not at all)."""
    for part, item_ids in enumerate(batches, start=2):  # the first batch was recorded with the change
        follow_shown_change.enqueue(
            sender._meta.label,
            item_ids,
            reason=reason,
            label=label,
            by_id=by.pk if by else None,
            part=part,
            parts=len(batches) + 1,
        )


@task
def follow_shown_change(model: str, item_ids: list, *, reason: str, label: str, by_id, part: int, parts: int):
    """Record one batch of a large change's reach (evidence.services.dependencies.shown_changed)."""
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    with transaction.atomic():
        dependencies.shown_changed(item_ids, reason=reason, label=label, by=by, model=apps.get_model(model))
    logger.info("%s (%s): batch %s of %s recorded, %s item(s)", reason, label, part, parts, len(item_ids))


@task
def purge_cdn(tags: list, attempt: int = 1):
    """Purge these tags at the CDN (evidence.caching.cdn); a failed try is retried with back-off."""
    try:
        return cdn.purge(tags)
    except OSError:
        again = retry_later(purge_cdn, attempt, tags)
        logger.warning("CDN purge of %s tag(s) failed (try %s); retrying: %s", len(tags), attempt, again)
        raise


@task
def publish_due():
    """Publish and withdraw what is scheduled by now (the worker's schedule runs this every minute)."""
    published, unpublished, failed = run_due_schedules()
    for item, reason in failed:
        logger.warning("Scheduled move refused for %s: %s", item, reason)
    return {"published": published, "unpublished": unpublished, "refused": len(failed)}


@task
def remind_overdue_reviews(attempt: int = 1):
    """E-mail the author and reviewer of every live article past its review date (daily)."""
    messages = notifications.overdue_messages(articles_overdue_for_review())
    try:
        return notifications.send(messages)
    except OSError:
        retry_later(remind_overdue_reviews, attempt)
        raise
