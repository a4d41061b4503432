"""Send due deliveries, one try each, and schedule retries with exponential back-off.

Run by the worker (evidence.api.tasks; queued after each publication and every minute by the scheduler) or
by `manage.py deliver_webhooks` from cron. A delivery is claimed under a
row lock and leased (its next try pushed past the timeout) before the POST,
so two runs at once never send it twice, and no database transaction stays
open while a receiver is slow.
"""

import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evidence.api.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from evidence.api.webhooks import signing
from evidence.tasks import backoff

logger = logging.getLogger(__name__)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported as a failure: the subscription's address should be corrected instead."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Report:
    delivered: int = 0
    retrying: int = 0
    gave_up: int = 0
    failures: list = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … times EVIDENCE_WEBHOOK_RETRY_SECONDS after the 1st, 2nd, 3rd … failed try; at most 6 hours."""
    return backoff(settings.EVIDENCE_WEBHOOK_RETRY_SECONDS, attempts)


def _claim(now):
    lease = timedelta(seconds=settings.EVIDENCE_WEBHOOK_TIMEOUT_SECONDS + 60)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription")
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscription__is_active=True)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if delivery is not None:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + lease)
    return delivery


def post(delivery) -> tuple[int | None, str]:
    """POST the signed body once; return (response status or None, error or "")."""
    body = delivery.payload.encode()
    request = urllib.request.Request(
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "EvidenceDesk-Webhooks/1",
            "X-Evidence-Event": delivery.event,
            "X-Evidence-Delivery": str(delivery.pk),
            signing.HEADER: signing.signature(delivery.subscription.signing_secrets(), body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.EVIDENCE_WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"The receiver answered {error.code} {error.reason}."
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        return None, f"No answer: {reason}."[:500]


def _record(delivery, status, error, started, report):
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        response_status=status,
        error=error[:500],
        duration_ms=round((time.monotonic() - started) * 1000),
    )
    attempts = delivery.attempts + 1
    update = {"attempts": attempts, "last_error": error[:500]}
    if status is not None and 200 <= status < 300:
        update |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "next_attempt_at": None}
        report.delivered += 1
        logger.info("Webhook %s delivered to %s (try %s)", delivery.pk, delivery.subscription.url, attempts)
    elif attempts >= settings.EVIDENCE_WEBHOOK_MAX_ATTEMPTS:
        update |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        report.gave_up += 1
        logger.error(
            "Webhook %s to %s given up after %s tries: %s", delivery.pk, delivery.subscription.url, attempts, error
        )
    else:
        update["next_attempt_at"] = now + retry_delay(attempts)
        report.retrying += 1
        logger.warning(
            "Webhook %s to %s failed (try %s), retrying: %s", delivery.pk, delivery.subscription.url, attempts, error
        )
    if error:
        report.failures.append((delivery, error))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**update)


def deliver_due(*, now=None, limit=100) -> Report:
    """Try every delivery due by `now` (at most `limit`) once."""
    now = now or timezone.now()
    report = Report()
    for _ in range(limit):
        delivery = _claim(now)
        if delivery is None:
            break
        started = time.monotonic()
        status, error = post(delivery)
        _record(delivery, status, error, started, report)
    return report


def retry_now(deliveries):
    """Send again at the next run, with a fresh count of tries (an editor's "Retry now")."""
    return deliveries.exclude(status=DeliveryStatus.DELIVERED).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
