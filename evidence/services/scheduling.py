"""Scheduled publication and withdrawal, run every minute by the worker's scheduler (or `publish_scheduled`).

Each due item is handled in its own transaction with its row locked, and a
second run that finds the item already handled does nothing: running twice,
even at the same time, publishes once.
"""

from django.db import transaction
from django.utils import timezone

from evidence.exceptions import WorkflowError
from evidence.models import Article, Condition, Disclaimer, Status, Study
from evidence.models.actions import Action
from evidence.services import workflow

# Studies and conditions first: a scheduled article may link to them.
_MODELS = (Condition, Study, Disclaimer, Article)


_AND_ITS_REVISION = {"publish_at": {"publish_revision": None}, "unpublish_at": {}}


def _claim(model, **due):
    """Lock one due row that no other run holds, or return None."""
    return model.objects.select_for_update(skip_locked=True).filter(**due).order_by("pk").first()


def _run_due(model, move, *, due, schedule_field):
    """Make `move` on every due row of `model`, one locked row per transaction; return (done, failed)."""
    done, failed = 0, []
    while True:
        with transaction.atomic():
            item = _claim(model, **due)
            if item is None:
                return done, failed
            try:
                move(item)
                done += 1
            except WorkflowError as error:
                # Keep the schedule from firing again and again; the audit trail and output say why.
                model.objects.filter(pk=item.pk).update(**{schedule_field: None} | _AND_ITS_REVISION[schedule_field])
                failed.append((item, error.message))


def _as_scheduled(action, item, comment, **details):
    """The move an editor scheduled (and the audit trail recorded), made by the system when it falls due."""
    return workflow.perform(action, item=item, by=None, comment=comment, skip_permission_checks=True, **details)


def run_due_schedules(now=None):
    """Publish and withdraw everything due by `now`; return (published, unpublished, failures)."""
    now = now or timezone.now()
    published = unpublished = 0
    failed = []
    for model in _MODELS:
        done, failures = _run_due(
            model,
            lambda item: _as_scheduled(
                Action.PUBLISH, item, "Scheduled publication", now=now, scheduled_revision=item.publish_revision
            ),
            due={"status": Status.APPROVED, "publish_at__lte": now},
            schedule_field="publish_at",
        )
        published, failed = published + done, failed + failures
        done, failures = _run_due(
            model,
            lambda item: _as_scheduled(Action.UNPUBLISH, item, "Scheduled withdrawal"),
            due={"unpublish_at__lte": now},
            schedule_field="unpublish_at",
        )
        unpublished, failed = unpublished + done, failed + failures
    return published, unpublished, failed
