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


def _redirect_value(revisions, field, old_value):
    """The current `field` of a live item that once went live with `old_value`, or None."""
    earlier = revisions.filter(**{field: old_value, "published_at__isnull": False}).values("item")
    current = revisions.live().filter(item__in=earlier).values_list(field, flat=True).first()
    return current if current != old_value else None


def condition_redirect_slug(old_slug):
    return _redirect_value(ConditionRevision.objects, "slug", old_slug)


def study_redirect_key(old_key):
    return _redirect_value(StudyRevision.objects, "citation_key", old_key)


def live_disclaimers():
    """Every active live disclaimer, with the live conditions and articles it is shown on."""
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("conditions__revisions", queryset=ConditionRevision.objects.live(), to_attr="live"),
            Prefetch("articles__revisions", queryset=ArticleRevision.objects.live(), to_attr="live"),
        )
        .order_by("applies_to", "title")
    )


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


def disclaimers_for_articles(article_revisions):
    """`disclaimers_for` for many articles at once, in three queries: {article revision pk: [disclaimers]}.

    The same rule as `disclaimers_for`, applied in Python to the few live
    disclaimers, so an API page of articles costs the same whatever its size.
    """
    disclaimers = list(
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .prefetch_related("conditions", "articles")
        .order_by("applies_to", "title")
    )
    for disclaimer in disclaimers:
        disclaimer.condition_ids = {c.pk for c in disclaimer.conditions.all()}
        disclaimer.article_ids = {a.pk for a in disclaimer.articles.all()}

    def applies(disclaimer, revision, condition_ids):
        return (
            disclaimer.applies_to == AppliesTo.EVERYWHERE
            or (disclaimer.applies_to == AppliesTo.CONDITIONS and bool(disclaimer.condition_ids & condition_ids))
            or (disclaimer.applies_to == AppliesTo.ARTICLES and revision.item_id in disclaimer.article_ids)
        )

    result = {}
    for revision in article_revisions:
        condition_ids = {c.pk for c in revision.conditions.all()}
        result[revision.pk] = [d for d in disclaimers if applies(d, revision, condition_ids)]
    return result


def disclaimers_for_condition(condition_revision):
    """Active live disclaimers shown on a condition's page: everywhere, or chosen for this condition."""
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .filter(
            Q(applies_to=AppliesTo.EVERYWHERE)
            | Q(applies_to=AppliesTo.CONDITIONS, conditions=condition_revision.item_id)
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
