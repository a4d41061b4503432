"""What each public item shows: the one record of "live article A shows study S, condition C, person P,
disclaimer D", kept when A is published and when a disclaimer's reach changes.

Read both ways: `PublicDependency.objects.shown_by(article)` says what a page shows, and
`showing(kind, id)` which live articles show a study, condition, person or disclaimer, so a change to
any of those reaches every page, API item, feed entry and webhook that embeds it.
"""

from django.db import models


class Shown(models.TextChoices):
    """The kinds of content an article page and API item embed."""

    STUDY = "study", "study"
    CONDITION = "condition", "condition"
    DISCLAIMER = "disclaimer", "disclaimer"
    PERSON = "person", "person"


class PublicDependencyQuerySet(models.QuerySet):
    def shown_by(self, article):
        """{kind: {ids}} of what a live article shows."""
        shown = {}
        for kind, shown_id in self.filter(article=article).values_list("kind", "shown_id"):
            shown.setdefault(kind, set()).add(shown_id)
        return shown

    def showing(self, kind, shown_ids):
        """Ids of the live articles that show any of `shown_ids` of this kind."""
        return self.filter(kind=kind, shown_id__in=shown_ids).values_list("article_id", flat=True).distinct()


class PublicDependency(models.Model):
    article = models.ForeignKey(
        "evidence.Article",
        on_delete=models.CASCADE,
        related_name="dependencies",
        verbose_name="article",
        help_text="A live article.",
    )
    kind = models.CharField("shows a", max_length=20, choices=Shown.choices)
    shown_id = models.PositiveBigIntegerField(
        "id", help_text="The study, condition, disclaimer (working copy ids) or person (user id) it shows."
    )

    objects = PublicDependencyQuerySet.as_manager()

    class Meta:
        verbose_name = "public dependency"
        verbose_name_plural = "public dependencies"
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "shown_id"], name="public_dependency_unique"),
        ]
        # "What shows study S?": the fan-out of every change reads this index.
        indexes = [models.Index(fields=["kind", "shown_id"], name="public_dependency_shown")]

    def __str__(self):
        return f"article {self.article_id} shows {self.kind} {self.shown_id}"
