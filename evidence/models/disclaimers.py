"""Disclaimers, and the one rule for which of them a page shows.

The rule is the table `LINK_FOR`: where a disclaimer applies decides which of
its links (if any) must name the page's subject. `DisclaimerRevisionQuerySet.applying_to`
turns it into SQL and `applies` into Python (for pages of API results, whose
links are read in bulk), so the two forms cannot drift apart.
"""

import functools
import operator
from collections.abc import Collection, Mapping
from typing import NamedTuple

from django.db import models
from django.db.models import Q

from evidence.models.articles import Article
from evidence.models.base import Revision, RevisionQuerySet, WorkingCopy, revision_rules
from evidence.models.conditions import Condition


class AppliesTo(models.TextChoices):
    EVERYWHERE = "everywhere", "Every page"
    CONDITIONS = "conditions", "Pages about chosen conditions"
    ARTICLES = "articles", "Chosen articles"


class Link(NamedTuple):
    relation: str  # the disclaimer's many-to-many field
    subject: str  # which of a page's subjects it must name: "conditions" or "article"


# Where a disclaimer applies → the link that must name the page's subject (None: every page).
LINK_FOR = {
    AppliesTo.EVERYWHERE: None,
    AppliesTo.CONDITIONS: Link("conditions", subject="conditions"),
    AppliesTo.ARTICLES: Link("articles", subject="article"),
}


# The same subjects seen from the other side: how an article revision names each of them (for "which live
# articles does this disclaimer appear on?", evidence.selectors.disclaimers.live_articles_showing).
ARTICLE_REVISION_LOOKUP = {"conditions": "conditions__in", "article": "item_id__in"}


def _subjects(condition_ids, article_id) -> dict[str, set[int]]:
    """The ids a page is about, by subject: an article page is about the article and its conditions."""
    return {"conditions": set(condition_ids), "article": set() if article_id is None else {article_id}}


def applies(
    applies_to: str,
    links: Mapping[str, Collection[int]],
    *,
    condition_ids: Collection[int] = (),
    article_id: int | None = None,
) -> bool:
    """Whether a disclaimer is shown on a page about these conditions or this article (Python form of the rule).

    `links` holds the ids the disclaimer links to, by relation ("conditions", "articles").
    """
    if applies_to not in LINK_FOR:
        return False
    link = LINK_FOR[applies_to]
    if link is None:
        return True
    return not _subjects(condition_ids, article_id)[link.subject].isdisjoint(links.get(link.relation, ()))


class DisclaimerRevisionQuerySet(RevisionQuerySet):
    def shown(self):
        """Disclaimers the public sees somewhere: live and switched on."""
        return self.live().filter(is_active=True)

    def applying_to(self, *, condition_ids: Collection[int] = (), article_id: int | None = None):
        """Disclaimers for a page about these conditions or this article (neither: a page about nothing in particular).

        The SQL form of `applies`: a condition page passes its condition, an article page the
        article and its conditions.
        """
        subjects = _subjects(condition_ids, article_id)
        everywhere = [Q(applies_to=applies_to) for applies_to, link in LINK_FOR.items() if link is None]
        linked = [
            Q(applies_to=applies_to, **{f"{link.relation}__in": subjects[link.subject]})
            for applies_to, link in LINK_FOR.items()
            if link is not None and subjects[link.subject]  # a page without such a subject: no join
        ]
        narrowed = self.filter(functools.reduce(operator.or_, everywhere + linked))
        # A disclaimer linked to two of the page's conditions would otherwise come back twice.
        return narrowed.distinct() if linked else narrowed


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

    @property
    def placement(self) -> str:
        """Where a page shows it: "before" the text when chosen for the page's subject (a warning up front),
        "after" it when shown everywhere."""
        return "after" if self.applies_to == AppliesTo.EVERYWHERE else "before"


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
    # No index of its own: the (item, number) constraint's index serves look-ups by item.
    item = models.ForeignKey(
        Disclaimer, on_delete=models.CASCADE, related_name="revisions", verbose_name="disclaimer", db_index=False
    )
    conditions = models.ManyToManyField(Condition, blank=True, related_name="disclaimer_revisions")
    articles = models.ManyToManyField(Article, blank=True, related_name="disclaimer_revisions")

    objects = DisclaimerRevisionQuerySet.as_manager()

    class Meta(Revision.Meta):
        verbose_name = "disclaimer revision"
        constraints = revision_rules("disclaimer")
