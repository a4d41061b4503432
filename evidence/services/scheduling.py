"""Scheduled publication and withdrawal, run by `publish_scheduled` from cron.

Each due item is handled in its own transaction with its row locked, and a
second run that finds the item already handled does nothing: running twice,
even at the same time, publishes once.
"""

from django.db import transaction
from django.utils import timezone

from evidence.models import Article, Condition, Disclaimer, Status, Study

from . import workflow
from .errors import WorkflowError

# Studies and conditions first: a scheduled article may link to them.
_MODELS = (Condition, Study, Disclaimer, Article)


def _claim(model, **due):
    """Lock one due row that no other run holds, or return None."""
    return model.objects.select_for_update(skip_locked=True).filter(**due).order_by("pk").first()


def run_due_schedules(now=None):
    now = now or timezone.now()
    published = unpublished = 0
    failed = []
    for model in _MODELS:
        while True:
            with transaction.atomic():
                item = _claim(model, status=Status.APPROVED, publish_at__lte=now)
                if item is None:
                    break
                try:
                    workflow.publish(item=item, by=None, comment="Scheduled publication", now=now)
                    published += 1
                except WorkflowError as error:
                    # Keep the schedule from firing again and again; the audit trail and output say why.
                    model.objects.filter(pk=item.pk).update(publish_at=None)
                    failed.append((item, error.message))
        while True:
            with transaction.atomic():
                item = _claim(model, unpublish_at__lte=now)
                if item is None:
                    break
                try:
                    workflow.unpublish(item=item, by=None, comment="Scheduled withdrawal")
                    unpublished += 1
                except WorkflowError as error:
                    model.objects.filter(pk=item.pk).update(unpublish_at=None)
                    failed.append((item, error.message))
    return published, unpublished, failed
