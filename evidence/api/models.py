"""Webhooks: who is told when an article is published, updated or withdrawn, and every try to tell them.

Deliveries are an outbox: a row is written when the change is committed and
sent later by `manage.py deliver_webhooks` (cron), so a slow or failing
receiver never holds up publishing.
"""

import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Event(models.TextChoices):
    """`<type>.<change>`: the same types and changes as the API's changes feed."""

    PUBLISHED = "article.published", "Article published"
    UPDATED = "article.updated", "Article updated (new revision, re-review, or something it shows changed)"
    WITHDRAWN = "article.withdrawn", "Article withdrawn"
    STUDY_PUBLISHED = "study.published", "Study published"
    STUDY_UPDATED = "study.updated", "Study updated"
    STUDY_WITHDRAWN = "study.withdrawn", "Study withdrawn"
    CONDITION_PUBLISHED = "condition.published", "Condition published"
    CONDITION_UPDATED = "condition.updated", "Condition updated"
    CONDITION_WITHDRAWN = "condition.withdrawn", "Condition withdrawn"
    DISCLAIMER_PUBLISHED = "disclaimer.published", "Disclaimer published"
    DISCLAIMER_UPDATED = "disclaimer.updated", "Disclaimer updated"
    DISCLAIMER_WITHDRAWN = "disclaimer.withdrawn", "Disclaimer withdrawn"
    PING = "ping", "Test delivery"


SUBSCRIBABLE_EVENTS = [event for event in Event if event != Event.PING]


def default_events():
    return [str(event) for event in SUBSCRIBABLE_EVENTS]


def new_signing_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


def validate_receiver_url(url):
    """Receivers use HTTPS; plain HTTP only on this machine (a receiver under development)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https":
        return
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme == "http" and loopback:
        return
    raise ValidationError(
        "Use an https:// address; plain http:// is accepted only for localhost while developing a receiver.",
        code="insecure_webhook_url",
    )


def validate_events(value):
    known = set(default_events())
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one event.", code="no_events")
    if unknown := sorted(set(map(str, value)) - known):
        raise ValidationError("Unknown event(s): %(unknown)s.", code="unknown_event", params={"unknown": unknown})


class WebhookSubscription(models.Model):
    name = models.CharField("name", max_length=100, help_text="Who receives it, e.g. “Newsletter platform”.")
    url = models.URLField(
        "receiver address",
        max_length=500,
        validators=[validate_receiver_url],
        help_text="Where Evidence Desk POSTs the event, e.g. https://hooks.example.org/evidence.",
    )
    events = models.JSONField(
        "events",
        default=default_events,
        validators=[validate_events],
        help_text="Which changes to send.",
    )
    secret = models.CharField(
        "signing secret",
        max_length=100,
        default=new_signing_secret,
        editable=False,
        help_text="Shared with the receiver, which checks the X-Evidence-Signature header with it.",
    )
    previous_secret = models.CharField(
        "previous signing secret",
        max_length=100,
        blank=True,
        editable=False,
        help_text="The secret before the last rotation, still signed with until the time below.",
    )
    previous_secret_until = models.DateTimeField(
        "previous secret valid until",
        null=True,
        blank=True,
        editable=False,
        help_text="Deliveries carry both signatures until then, so the receiver can switch secrets without a gap.",
    )
    is_active = models.BooleanField("active", default=True, help_text="Untick to pause deliveries to this address.")
    created_at = models.DateTimeField("created", auto_now_add=True, help_text="When the subscription was added.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The editor who added it.",
    )

    class Meta:
        verbose_name = "webhook subscription"
        verbose_name_plural = "webhook subscriptions"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    def rotate_secret(self, now=None):
        """A new secret; the old one keeps signing, beside it, for EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS."""
        now = now or timezone.now()
        self.previous_secret, self.secret = self.secret, new_signing_secret()
        self.previous_secret_until = now + timedelta(hours=settings.EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS)
        self.save(update_fields=["secret", "previous_secret", "previous_secret_until"])

    def signing_secrets(self, now=None) -> list[str]:
        """The secrets a delivery is signed with now: the current one, then the previous one while it overlaps."""
        now = now or timezone.now()
        overlapping = self.previous_secret and self.previous_secret_until and now < self.previous_secret_until
        return [self.secret, self.previous_secret] if overlapping else [self.secret]

    def wants(self, event: str) -> bool:
        return self.is_active and (event == Event.PING or event in self.events)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Given up"


class WebhookDelivery(models.Model):
    """One event for one subscriber: the body is fixed when the change commits, then retried until it lands."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="subscription",
        help_text="Who this delivery is for.",
    )
    event = models.CharField("event", max_length=40, choices=Event.choices, help_text="What happened.")
    payload = models.TextField("body", help_text="The exact JSON sent (and signed) on every try.")
    status = models.CharField(
        "status",
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
        help_text="Waiting (and retried until it lands), delivered, or given up after the last try.",
    )
    attempts = models.PositiveSmallIntegerField("tries", default=0, help_text="Tries so far (the log is below).")
    next_attempt_at = models.DateTimeField("next try", null=True, blank=True, help_text="Empty once finished.")
    last_error = models.CharField(
        "last error", max_length=500, blank=True, help_text="Why the last try failed; empty once delivered."
    )
    created_at = models.DateTimeField(
        "recorded", auto_now_add=True, db_index=True, help_text="When the change was committed."
    )
    delivered_at = models.DateTimeField(
        "delivered", null=True, blank=True, help_text="When the receiver accepted it (a 2xx answer)."
    )

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.subscription.name}"


class WebhookAttempt(models.Model):
    """The log of one try: when, what came back, how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempt_log",
        verbose_name="delivery",
        help_text="The delivery this try belongs to.",
    )
    attempted_at = models.DateTimeField("tried at", help_text="When the try ended.")
    response_status = models.PositiveSmallIntegerField(
        "response status", null=True, blank=True, help_text="Empty when no answer came (timeout, refused)."
    )
    error = models.CharField("error", max_length=500, blank=True, help_text="Empty when the receiver accepted it.")
    duration_ms = models.PositiveIntegerField("took (ms)", help_text="From sending to the answer or the timeout.")

    class Meta:
        verbose_name = "delivery try"
        verbose_name_plural = "delivery tries"
        ordering = ["-attempted_at", "-pk"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.response_status or self.error}"
