"""Webhook delivery as a background task: queued after each publication commits, and every minute by
the scheduler, so deliveries whose first queueing was lost (a crash after the commit) still go out."""

import logging

from django.tasks import task

from evidence.api.webhooks.delivery import deliver_due

logger = logging.getLogger(__name__)


@task
def deliver_due_webhooks(limit: int = 100):
    """Try every delivery that is due once; failures are retried by the deliveries' own back-off."""
    report = deliver_due(limit=limit)
    for delivery, error in report.failures:
        logger.warning("Webhook %s not delivered: %s", delivery.pk, error)
    return {"delivered": report.delivered, "retrying": report.retrying, "gave_up": report.gave_up}
