from django.db import models
from django.db.models import Q
from django.urls import reverse

from evidence.models.base import Revision, WorkingCopy, revision_rules


class ConditionContent(models.Model):
    name = models.CharField("name", max_length=120, help_text="The name readers know, e.g. “Multiple sclerosis”.")
    # Not indexed here: the working copy's unique constraint and the revisions' own index (below) serve every look-up.
    slug = models.SlugField(
        "web address",
        max_length=120,
        db_index=False,
        help_text="Lower-case words joined by hyphens, used in the page address /conditions/this-web-address/.",
    )
    summary = models.TextField(
        "short description",
        max_length=400,
        blank=True,
        help_text="One or two plain sentences shown on the condition page and in lists (400 characters at most).",
    )
    synonyms = models.JSONField(
        "other names",
        default=list,
        blank=True,
        help_text="Abbreviations and other names readers search for, separated by commas, e.g. “MS, RRMS”.",
    )

    CONTENT_FIELDS = ("name", "slug", "summary", "synonyms")

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class Condition(ConditionContent, WorkingCopy):
    class Meta:
        verbose_name = "condition"
        verbose_name_plural = "conditions"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="condition_slug_unique")]
        permissions = [
            ("review_condition", "Can approve or request changes to conditions"),
            ("publish_condition", "Can publish and unpublish conditions"),
        ]

    def get_absolute_url(self):
        return reverse("evidence:condition_detail", kwargs={"slug": self.slug})


class ConditionRevision(ConditionContent, Revision):
    # No index of its own: the (item, number) unique constraint starts with it.
    item = models.ForeignKey(
        Condition,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="condition",
        db_index=False,
        help_text="The condition this revision is a saved copy of.",
    )

    class Meta(Revision.Meta):
        verbose_name = "condition revision"
        constraints = [
            *revision_rules("condition"),
            models.UniqueConstraint(fields=["slug"], condition=Q(is_live=True), name="condition_live_slug_unique"),
        ]
        # An old address redirects to the condition that once went live under it (selectors.condition_redirect_slug).
        indexes = [models.Index(fields=["slug"], name="condition_rev_slug")]

    def get_absolute_url(self):
        return reverse("evidence:condition_detail", kwargs={"slug": self.slug})
