"""What a writer was typing, kept on the server between saves.

An autosave is not content: it never becomes a revision, no selector reads it, and only the admin
page of the person who typed it shows it (as an offer to restore). One row per person and item;
the add form (no item yet) keeps its row with `object_id` empty.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="writer",
        on_delete=models.CASCADE,
        related_name="autosaves",
        help_text="The person whose typing this is; nobody else is offered it.",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="kind of item",
        on_delete=models.CASCADE,
        help_text="Article, study, condition or disclaimer.",
    )
    object_id = models.PositiveBigIntegerField(
        "item", null=True, blank=True, help_text="The working copy being edited; empty on the add form."
    )
    fields = models.JSONField(
        "typed fields", default=dict, help_text="The form's text fields as typed: {field name: text}."
    )
    seen_edit_version = models.PositiveIntegerField(
        "edit version seen",
        null=True,
        blank=True,
        help_text="The working copy's edit version when the page was opened, to tell an edit conflict.",
    )
    saved_at = models.DateTimeField("saved at", help_text="When the browser last sent this text.")

    class Meta:
        verbose_name = "autosaved draft"
        verbose_name_plural = "autosaved drafts"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=Q(object_id__isnull=False),
                name="workbench_one_autosave_per_item",
            ),
            models.UniqueConstraint(
                fields=["user", "content_type"],
                condition=Q(object_id__isnull=True),
                name="workbench_one_autosave_per_add_form",
            ),
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id or '(new)'} typed by {self.user_id}"
