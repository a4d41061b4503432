from django.db import models
from django.db.models import Q

from evidence.models.articles import Article
from evidence.models.base import Revision, WorkingCopy
from evidence.models.conditions import Condition


class AppliesTo(models.TextChoices):
    EVERYWHERE = "everywhere", "Every page"
    CONDITIONS = "conditions", "Pages about chosen conditions"
    ARTICLES = "articles", "Chosen articles"


class DisclaimerContent(models.Model):
    title = models.CharField("title", max_length=200, help_text="A short heading, e.g. “Not medical advice”.")
    text = models.TextField("text", help_text="The words readers see. Plain text; keep it short and clear.")
    applies_to = models.CharField(
        "applies to",
        max_length=20,
        choices=AppliesTo.choices,
        default=AppliesTo.EVERYWHERE,
        help_text="Where the disclaimer is shown. Choose the conditions or articles below when it is not every page.",
    )
    is_active = models.BooleanField("active", default=True, help_text="Untick to stop showing it without deleting it.")

    CONTENT_FIELDS = ("title", "text", "applies_to", "is_active")

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class Disclaimer(DisclaimerContent, WorkingCopy):
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="disclaimers",
        verbose_name="conditions",
        help_text="Shown on articles about these conditions (when it applies to chosen conditions).",
    )
    articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="disclaimers",
        verbose_name="articles",
        help_text="Shown on these articles (when it applies to chosen articles).",
    )

    CONTENT_M2M = ("conditions", "articles")

    class Meta:
        verbose_name = "disclaimer"
        verbose_name_plural = "disclaimers"
        ordering = ["title"]
        permissions = [
            ("review_disclaimer", "Can approve or request changes to disclaimers"),
            ("publish_disclaimer", "Can publish and unpublish disclaimers"),
        ]


class DisclaimerRevision(DisclaimerContent, Revision):
    item = models.ForeignKey(Disclaimer, on_delete=models.CASCADE, related_name="revisions", verbose_name="disclaimer")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="disclaimer_revisions")
    articles = models.ManyToManyField(Article, blank=True, related_name="disclaimer_revisions")

    class Meta(Revision.Meta):
        verbose_name = "disclaimer revision"
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="disclaimer_revision_number_unique"),
            models.UniqueConstraint(fields=["item"], condition=Q(is_live=True), name="disclaimer_one_live_revision"),
        ]
