"""Record webhook deliveries when an article's public state changes (receiver of live_content_changed).

The signal fires inside the publishing transaction, so the outbox rows (one per
interested subscription) commit with the publication or not at all: a crash
right after the commit cannot lose a webhook. Sending is the background
worker's job (evidence.api.tasks), queued once the transaction has committed
and again every minute by the scheduler, so no receiver, however slow or
broken, can hold up or undo a publication.
"""

import json
import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evidence import signals
from evidence.api.models import Event, WebhookDelivery, WebhookSubscription
from evidence.api.serializers.common import absolute, public_url, slug_of, title_of

# The change each signal names, as the event's second half and the feed's word for it.
CHANGES = {
    signals.PUBLISHED: "published",
    signals.UPDATED: "updated",
    signals.RE_REVIEWED: "updated",  # new review dates are part of what the API shows
    signals.WITHDRAWN: "withdrawn",
}
# Why an item's public copy changed, as the changes feed says it too (`reason`).
REASONS = {
    signals.PUBLISHED: "published",
    signals.UPDATED: "new_revision",
    signals.RE_REVIEWED: "re_reviewed",
    signals.WITHDRAWN: "withdrawn",
}
TYPES = ("article", "study", "condition", "disclaimer")


def item_event(change, item, revision) -> str:
    """`<type>.<change>` for a change to an item's own public state. A return after a withdrawal is an update,
    as the changes feed reports it: only the very first publication is `….published`."""
    word = CHANGES[change]
    if change == signals.PUBLISHED and item.first_published_at != revision.published_at:
        word = "updated"
    return f"{item._meta.model_name}.{word}"


def item_payload(event: str, item, revision, now=None, reason="") -> str:
    """The body of an item's event. A withdrawal is a tombstone, as in the changes feed: type and id only, for
    the item is no longer public and neither are its title and address."""
    kind = item._meta.model_name
    data = {"type": kind, "id": item.pk, "revision": None, "slug": None, "title": None, "url": None, "api_url": None}
    if not event.endswith(".withdrawn"):
        data |= {
            "revision": revision.number,
            "slug": slug_of(kind, revision),
            "title": title_of(kind, revision),
            "url": public_url(revision) if kind != "disclaimer" else None,
            "api_url": absolute(reverse(f"api:{kind}-detail", args=[item.pk])),
        }
    body = {"id": str(uuid.uuid4()), "event": str(event), "occurred_at": (now or timezone.now()).isoformat()}
    return json.dumps(body | {"reason": reason, "data": data})


def record(event: str, payload: str, subscriptions=None) -> list:
    """Queue `payload` for every active subscription that wants `event`; return the deliveries."""
    return record_all([(event, payload)], subscriptions)


def record_all(messages, subscriptions=None) -> list:
    """Queue each (event, payload) for every active subscription that wants it, in bulk; return the deliveries."""
    subscriptions = list(WebhookSubscription.objects.filter(is_active=True) if subscriptions is None else subscriptions)
    now = timezone.now()
    return WebhookDelivery.objects.bulk_create(
        (
            WebhookDelivery(subscription=s, event=event, payload=payload, next_attempt_at=now)
            for event, payload in messages
            for s in subscriptions
            if s.wants(event)
        ),
        batch_size=500,
    )


def _deliver_after_commit():
    from evidence.api.tasks import deliver_due_webhooks

    transaction.on_commit(deliver_due_webhooks.enqueue)


def record_item_change(sender, *, item, change, revision, **kwargs):
    """Receiver of `live_content_changed`: `<type>.<change>` for the item itself, in the move's transaction."""
    if item._meta.model_name not in TYPES or change not in CHANGES:
        return
    event = item_event(change, item, revision)
    if record(event, item_payload(event, item, revision, reason=REASONS[change])):
        _deliver_after_commit()


def record_shown_change(sender, *, revisions, reason, **kwargs):
    """Receiver of `shown_content_changed`: an `<type>.updated` (mostly `article.updated`) for every live item
    whose embedded study, condition, disclaimer, article or person changed, written in bulk in the change's
    transaction."""
    events = ((f"{r.item._meta.model_name}.updated", r) for r in revisions)
    messages = [(event, item_payload(event, r.item, r, reason=reason)) for event, r in events]
    if messages and record_all(messages):
        _deliver_after_commit()


def ping_payload(subscription) -> str:
    body = {"id": str(uuid.uuid4()), "event": str(Event.PING), "occurred_at": timezone.now().isoformat()}
    return json.dumps(body | {"data": {"subscription": subscription.name}})
