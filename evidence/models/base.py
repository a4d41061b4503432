"""What every piece of public content shares: a working copy and its revisions.

The row writers edit in the admin is the *working copy*. Every save also
writes a *revision*: a relational snapshot of the content (with its
conditions, citations and references). Approval pins one revision, and
publishing marks exactly that revision live; the public only ever reads live
revisions, so editing the working copy never changes what the public sees.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    ARCHIVED = "archived", "Archived"


# While a reviewer is looking at a revision, or after it is approved, its text
# must not move under them; writers reopen the item to edit it.
LOCKED_STATUSES = frozenset({Status.IN_REVIEW, Status.APPROVED})


class WithdrawalReason(models.TextChoices):
    """Why a public page was withdrawn, as its notice tells readers (and the API's changes feed, marketing)."""

    SUPERSEDED = "superseded", "A newer summary replaces it"
    UNDER_RE_REVIEW = "under_re_review", "It is being reviewed again"
    EVIDENCE_CHANGED = "evidence_changed", "The evidence it rests on has changed"
    ERROR_CORRECTED = "error_corrected", "It contained an error that is being corrected"


class WorkingCopy(models.Model):
    """Fields of the row that writers edit; the workflow service owns `status`."""

    status = models.CharField(
        "status",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        editable=False,
        help_text="Where the working copy is in review. Changed only by workflow actions.",
    )
    edit_version = models.PositiveIntegerField(
        "edit version",
        default=0,
        editable=False,
        help_text="Goes up on every save, so a save based on an older copy can be refused.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True, help_text="When this item was first saved.")
    updated_at = models.DateTimeField(
        "updated", auto_now=True, db_index=True, help_text="When anyone last saved it or moved it in the workflow."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who first saved this item.",
    )
    first_published_at = models.DateTimeField(
        "first published", null=True, blank=True, editable=False, help_text="When the public first saw this item."
    )
    withdrawn_at = models.DateTimeField(
        "withdrawn", null=True, blank=True, editable=False, help_text="When the public page was last withdrawn."
    )
    withdrawal_reason = models.CharField(
        "public reason for the withdrawal",
        max_length=30,
        choices=WithdrawalReason.choices,
        blank=True,
        default="",
        db_default="",  # rows written without it (bench seeding's bulk copy) start with no reason
        editable=False,
        help_text="What the withdrawn page's notice tells readers; empty when none was given.",
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        editable=False,
        help_text="Scheduled publication of the approved revision.",
    )
    publish_revision = models.PositiveIntegerField(
        "revision to publish",
        null=True,
        blank=True,
        editable=False,
        help_text="The approved revision the scheduled publication was set for; no other revision goes live by it.",
    )
    unpublish_at = models.DateTimeField(
        "unpublish at",
        null=True,
        blank=True,
        editable=False,
        help_text="Scheduled withdrawal from the public site.",
    )

    # Set by each concrete model: what a revision copies.
    CONTENT_FIELDS: tuple[str, ...] = ()
    CONTENT_M2M: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def revision_model(cls):
        return cls._meta.get_field("revisions").related_model

    @property
    def live_revision(self):
        return self.revisions.live().first()

    @property
    def latest_revision(self):
        return self.revisions.order_by("-number").first()

    @property
    def is_locked(self):
        return self.status in LOCKED_STATUSES

    def copy_children_to(self, revision):
        """Copy ordered child rows (citations, references) into `revision`."""

    def restore_children_from(self, revision):
        """Replace ordered child rows with those of `revision`."""


def live_filter(through: str = "") -> Q:
    """What "live" means, for revisions reached `through` a relation ("revisions", "study__revisions") or directly.

    The one definition: `RevisionQuerySet.live()`, joins from an item to its revisions and the
    selectors' "live revision of a related row" (a FilteredRelation) are all built from it.
    """
    return Q(**{f"{through}__is_live" if through else "is_live": True})


class RevisionQuerySet(models.QuerySet):
    def live(self):
        """The revisions the public sees: at most one per item."""
        return self.filter(live_filter())


def revision_rules(prefix: str) -> list:
    """What every revision table holds as database facts: numbers are unique per item, and at most one
    revision of an item is live (the one the public sees). `prefix` names them, e.g. "article"."""
    return [
        models.UniqueConstraint(fields=["item", "number"], name=f"{prefix}_revision_number_unique"),
        models.UniqueConstraint(fields=["item"], condition=Q(is_live=True), name=f"{prefix}_one_live_revision"),
    ]


class Revision(models.Model):
    """An immutable snapshot of one save of a working copy."""

    number = models.PositiveIntegerField("revision", help_text="1 for the first save, then counting up.")
    created_at = models.DateTimeField("saved", auto_now_add=True, help_text="When this revision was saved.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saved by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who saved this revision; empty when it came from an import or the system.",
    )
    note = models.CharField("note", max_length=300, blank=True, help_text="What changed, or where it came from.")
    restored_from = models.ForeignKey(
        "self",
        verbose_name="restored from",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier revision whose text this one brought back: its writer counts as a writer of this one.",
    )
    is_live = models.BooleanField("live", default=False, help_text="The one revision the public sees for this item.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approved by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The medical reviewer who approved exactly this revision.",
    )
    approved_at = models.DateTimeField(
        "approved", null=True, blank=True, help_text="When a medical reviewer approved exactly this revision."
    )
    published_at = models.DateTimeField(
        "went live", null=True, blank=True, help_text="When this revision became the one the public sees."
    )
    public_updated_at = models.DateTimeField(
        "public copy updated",
        null=True,
        blank=True,
        help_text="When what the public sees of this revision last changed: it went live, was re-reviewed, "
        "or something it shows changed.",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self):
        return f"{self.item} · revision {self.number}"

    def text_digest(self) -> str:
        """A fingerprint of everything this revision holds (fields, links, child rows): what a reviewer read.

        A form sends it back with the move, so a decision is taken on exactly the text that was shown."""
        item_model = self._meta.get_field("item").related_model
        parts = [(name, str(getattr(self, name))) for name in item_model.CONTENT_FIELDS]
        parts += [(name, sorted(getattr(self, name).values_list("pk", flat=True))) for name in item_model.CONTENT_M2M]
        parts += self.children_content()
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]

    def children_content(self) -> list:
        """The ordered child rows (citations, references) as plain values; none unless a model has some."""
        return []
