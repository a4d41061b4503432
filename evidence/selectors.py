"""The public's only way to read the library: live revisions, nothing else.

The public site, the API, feeds, the sitemap and search all read through
these functions, so the rule "only approved, published content is public"
lives here and nowhere else. A live article never shows a study, condition
or disclaimer that is not itself live.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from evidence.models import (
    AppliesTo,
    Article,
    ArticleRevision,
    ConditionRevision,
    DisclaimerRevision,
    RevisionCitation,
    StudyRevision,
)


def live_conditions():
    return ConditionRevision.objects.live().order_by("name")


def live_studies():
    return StudyRevision.objects.live().prefetch_related(
        Prefetch("conditions__revisions", queryset=ConditionRevision.objects.live(), to_attr="live")
    )


def _live_citations():
    has_live_study = Exists(StudyRevision.objects.live().filter(item=OuterRef("study")))
    return (
        RevisionCitation.objects.filter(has_live_study)
        .select_related("study")
        .prefetch_related(Prefetch("study__revisions", queryset=StudyRevision.objects.live(), to_attr="live"))
        .order_by("position", "pk")
    )


def live_articles():
    """Live article revisions with everything a list or page shows, in a fixed number of queries."""
    return (
        ArticleRevision.objects.live()
        .select_related("item", "author", "item__last_reviewed_by")
        .prefetch_related(
            Prefetch("conditions__revisions", queryset=ConditionRevision.objects.live(), to_attr="live"),
            Prefetch("citations", queryset=_live_citations(), to_attr="live_citations"),
            "references",
        )
        .order_by("-published_at", "-pk")
    )


def live_article(slug):
    return live_articles().filter(slug=slug).first()


def article_redirect_slug(old_slug):
    """The current slug of a live article that once went live under `old_slug`, or None."""
    earlier = ArticleRevision.objects.filter(slug=old_slug, published_at__isnull=False).values("item")
    current = ArticleRevision.objects.live().filter(item__in=earlier).values_list("slug", flat=True).first()
    return current if current != old_slug else None


def disclaimers_for(article_revision):
    """Active live disclaimers that apply to this article: everywhere, its conditions, or it alone."""
    condition_ids = [c.pk for c in article_revision.conditions.all()]
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .filter(
            Q(applies_to=AppliesTo.EVERYWHERE)
            | Q(applies_to=AppliesTo.CONDITIONS, conditions__in=condition_ids)
            | Q(applies_to=AppliesTo.ARTICLES, articles=article_revision.item_id)
        )
        .distinct()
        .order_by("applies_to", "title")
    )


def sitewide_disclaimers():
    return DisclaimerRevision.objects.live().filter(is_active=True, applies_to=AppliesTo.EVERYWHERE).order_by("title")


def articles_overdue_for_review(today=None):
    """Live articles whose next medical review date has passed (for staff, not the public)."""

    today = today or timezone.localdate()
    return (
        Article.objects.filter(next_review_due__lt=today, revisions__is_live=True)
        .select_related("author", "last_reviewed_by", "medical_reviewer")
        .order_by("next_review_due")
    )
