from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from evidence.models.actions import PUBLIC_ACTIONS, Action
from evidence.models.base import Status


class AuditEntryQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class AuditEntry(models.Model):
    """One line of the append-only log: who did what to which item, when, and why."""

    created_at = models.DateTimeField("when", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="who",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        help_text="Empty for actions taken by the system, such as scheduled publication.",
    )
    action = models.CharField("action", max_length=40, db_index=True, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="type")
    object_id = models.PositiveBigIntegerField("item id")
    item = GenericForeignKey("content_type", "object_id")
    item_label = models.CharField("item", max_length=300, help_text="The item's name when the action was taken.")
    from_status = models.CharField("from", max_length=20, blank=True)
    to_status = models.CharField("to", max_length=20, blank=True)
    revision_number = models.PositiveIntegerField("revision", null=True, blank=True)
    comment = models.TextField("comment", blank=True)
    reason = models.CharField(
        "reason",
        max_length=40,
        blank=True,
        db_default="",  # rows written by bulk COPY (bench/seed) leave it out
        help_text="Why the public's copy changed when something the item shows did, e.g. “disclaimer_changed”.",
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_item_recent"),
            # The newest public changes (publish, unpublish, re-review): the content version behind every ETag
            # and the API's changes feed read from the end of this index.
            models.Index(
                fields=["-id"],
                condition=models.Q(action__in=PUBLIC_ACTIONS),
                name="audit_public_changes",
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor or 'system'} {self.action} {self.item_label}"

    def save(self, *args, **kwargs):
        # The trail is evidence: entries are written once and never changed.
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted.")

    @property
    def action_label(self):
        return self.get_action_display()

    @property
    def to_status_label(self):
        return Status(self.to_status).label if self.to_status in Status.values else self.to_status
