"""Notices on the papers the library cites, and how each summary handles them.

The rule that decides what a notice blocks lives here, twice on purpose: as a queryset (`blocking()`, for
worklists and the approval gate) and as a function over rows already fetched (`in_force`, for pages, which
read notices prefetched with the study). tests/retractions/test_models.py keeps the two in step.

A retraction or expression of concern is *in force* unless a reinstatement of the same paper is dated on or
after it: publishers reinstate a paper after retracting it, never before, so a reinstatement on the same day
also lifts it, and a retraction or concern dated after a reinstatement is in force again. Corrections stay
(a reinstated paper keeps its corrections); reinstatements themselves are never shown or counted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class Nature(models.TextChoices):
    RETRACTION = "retraction", "Retraction"
    EXPRESSION_OF_CONCERN = "expression_of_concern", "Expression of concern"
    CORRECTION = "correction", "Correction"
    REINSTATEMENT = "reinstatement", "Reinstatement"


BLOCKING = (Nature.RETRACTION, Nature.EXPRESSION_OF_CONCERN)

# What the public reads beside a reference.
PUBLIC_LABELS = {
    Nature.RETRACTION: "Retracted",
    Nature.EXPRESSION_OF_CONCERN: "Expression of concern",
    Nature.CORRECTION: "Correction",
}


class Source(models.TextChoices):
    RETRACTION_WATCH = "retraction_watch", "Retraction Watch database"
    CROSSREF = "crossref", "Crossref"


class NoticeQuerySet(models.QuerySet):
    def in_force(self):
        """Corrections, and retractions and concerns no reinstatement of the paper (on or after them) has lifted."""
        lifting = Notice.objects.filter(
            study=OuterRef("study"), nature=Nature.REINSTATEMENT, date__gte=OuterRef("date")
        )
        return self.exclude(nature=Nature.REINSTATEMENT).exclude(Q(nature__in=BLOCKING) & Exists(lifting))

    def blocking(self):
        """Retractions and expressions of concern in force: a summary citing the paper needs a reviewer's word."""
        return self.in_force().filter(nature__in=BLOCKING)


class Notice(models.Model):
    study = models.ForeignKey(
        "evidence.Study",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="study",
        help_text="The study in the library whose paper the notice is about.",
    )
    nature = models.CharField(
        "nature",
        max_length=30,
        choices=Nature.choices,
        help_text="Retraction and expression of concern hold up approval of summaries citing the paper; "
        "a correction is shown but blocks nothing; a reinstatement lifts earlier ones.",
    )
    date = models.DateField("date", help_text="When the notice was published.")
    reasons = models.TextField(
        "reasons",
        blank=True,
        help_text="Why, as the source gives it, e.g. “Concerns about data; Duplication of image”.",
    )
    notice_doi = models.CharField(
        "notice DOI", max_length=255, blank=True, help_text="The notice's own DOI, lower case; may be empty."
    )
    notice_url = models.URLField(
        "notice address", max_length=500, blank=True, help_text="Where the notice can be read, when it has no DOI."
    )
    source = models.CharField(
        "source", max_length=20, choices=Source.choices, help_text="Where we learnt of the notice."
    )
    source_key = models.CharField(
        "key at the source",
        max_length=255,
        help_text="The Retraction Watch record ID, or the DOI of Crossref's update; a new import updates "
        "the notice with the same key instead of adding another.",
    )
    found_at = models.DateTimeField(
        "found", default=timezone.now, editable=False, help_text="When the notice was first recorded here."
    )
    updated_at = models.DateTimeField("updated", auto_now=True, help_text="When an import or check last changed it.")

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "notice"
        verbose_name_plural = "notices"
        ordering = ["-date", "-pk"]
        constraints = [
            # Its index serves "notices of this study" too.
            models.UniqueConstraint(fields=["study", "source", "source_key"], name="notice_once_per_source_key"),
        ]
        indexes = [models.Index(fields=["-found_at"], name="notice_newest_found")]

    def __str__(self):
        return f"{self.get_nature_display()} ({self.date:%d %b %Y}) · {self.study}"

    @property
    def is_blocking(self) -> bool:
        return self.nature in BLOCKING

    @property
    def public_label(self) -> str:
        return PUBLIC_LABELS.get(self.nature, self.get_nature_display())

    @property
    def link(self) -> str:
        """Where a reader opens the notice: its DOI, else its address; "" when neither is known."""
        return f"https://doi.org/{self.notice_doi}" if self.notice_doi else self.notice_url


def in_force(notices) -> list:
    """`notices` of one paper (already fetched) that are shown and count: `NoticeQuerySet.in_force` for a list.

    The same notice found by both sources (one DOI) is shown once; most serious first, then newest.
    """
    notices = list(notices)
    lifted_on = [n.date for n in notices if n.nature == Nature.REINSTATEMENT]
    kept, seen = [], set()
    for notice in sorted(notices, key=lambda n: (_SERIOUSNESS.get(n.nature, 9), -n.date.toordinal(), -(n.pk or 0))):
        if notice.nature == Nature.REINSTATEMENT:
            continue
        if notice.nature in BLOCKING and any(day >= notice.date for day in lifted_on):
            continue
        same = (notice.nature, notice.notice_doi or notice.date)
        if same not in seen:
            seen.add(same)
            kept.append(notice)
    return kept


_SERIOUSNESS = {Nature.RETRACTION: 0, Nature.EXPRESSION_OF_CONCERN: 1, Nature.CORRECTION: 2}


class NoticeHandling(models.Model):
    """A medical reviewer's word on how one article's summary handles one notice: what lets approval go ahead."""

    notice = models.ForeignKey(
        Notice,
        on_delete=models.CASCADE,
        related_name="handlings",
        verbose_name="notice",
        help_text="The retraction, expression of concern or correction the summary has to take into account.",
    )
    article = models.ForeignKey(
        "evidence.Article",
        on_delete=models.CASCADE,
        related_name="notice_handlings",
        verbose_name="article",
        help_text="The summary that cites the paper.",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="recorded by",
        help_text="The medical reviewer who recorded it.",
    )
    note = models.TextField(
        "how the summary handles it",
        help_text="e.g. “The study is no longer cited; the conclusion rests on the two other trials.”",
    )
    at = models.DateTimeField("recorded", default=timezone.now, help_text="When it was recorded or last changed.")

    class Meta:
        verbose_name = "notice handling"
        verbose_name_plural = "notice handlings"
        ordering = ["-at"]
        constraints = [
            # Its index serves "handlings of this notice"; the article's side has Django's own index.
            models.UniqueConstraint(fields=["notice", "article"], name="notice_handled_once_per_article"),
        ]

    def __str__(self):
        return f"{self.article} · {self.notice}"
