"""The public's only way to read the library: live revisions, nothing else.

The public site, the API, feeds, the sitemap and search all read through
these functions, so the rule "only approved, published content is public"
lives here and nowhere else. A live article never shows a study, condition
or disclaimer that is not itself live.
"""

from django.db.models import FilteredRelation, Prefetch, Q
from django.utils import timezone

from evidence.models import (
    AppliesTo,
    Article,
    ArticleRevision,
    Condition,
    ConditionRevision,
    DisclaimerRevision,
    RevisionCitation,
    StudyRevision,
)


def live_conditions():
    return ConditionRevision.objects.live().order_by("name")


# Each revision's full-text document (evidence/search.py) is kilobytes that only the search index reads.
NOT_SHOWN = "search_document"


def live_studies():
    return (
        StudyRevision.objects.live()
        .defer(NOT_SHOWN)
        .prefetch_related(Prefetch("conditions__revisions", queryset=ConditionRevision.objects.live(), to_attr="live"))
    )


def _live_citations():
    """Citations of a live study, each carrying that study's live revision as `live_study`: one query, one join."""
    live_study = FilteredRelation("study__revisions", condition=Q(study__revisions__is_live=True))
    return (
        RevisionCitation.objects.annotate(live_study=live_study)
        .filter(live_study__isnull=False)
        .select_related("live_study")  # with its (short) search document: defer() cannot reach through this join
        .order_by("position", "pk")
    )


def _conditions_with_live_revision():
    """Conditions, each carrying its live revision (or None) as `live_condition`: one query, one join."""
    live_condition = FilteredRelation("revisions", condition=Q(revisions__is_live=True))
    return Condition.objects.annotate(live_condition=live_condition).select_related("live_condition")


def live_articles():
    """Live article revisions with everything a list or page shows, in a fixed number of queries."""
    return (
        ArticleRevision.objects.live()
        .defer(NOT_SHOWN)
        .select_related("item", "author", "item__last_reviewed_by")
        .prefetch_related(
            Prefetch("conditions", queryset=_conditions_with_live_revision()),
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
    The links are read as id pairs from their tables: loading whole condition
    and article rows only for their ids took milliseconds per answer.
    """
    disclaimers = list(DisclaimerRevision.objects.live().filter(is_active=True).order_by("applies_to", "title"))
    disclaimer_pks = [disclaimer.pk for disclaimer in disclaimers]

    def linked(relation, column):
        """{disclaimer revision pk: ids of the items it is linked to through `relation`}."""
        pairs = relation.through.objects.filter(disclaimerrevision_id__in=disclaimer_pks)
        ids = {}
        for disclaimer_pk, item_pk in pairs.values_list("disclaimerrevision_id", column):
            ids.setdefault(disclaimer_pk, set()).add(item_pk)
        return ids

    condition_ids = linked(DisclaimerRevision.conditions, "condition_id")
    article_ids = linked(DisclaimerRevision.articles, "article_id")

    def applies(disclaimer, revision, conditions_of_article):
        if disclaimer.applies_to == AppliesTo.EVERYWHERE:
            return True
        if disclaimer.applies_to == AppliesTo.CONDITIONS:
            return not conditions_of_article.isdisjoint(condition_ids.get(disclaimer.pk, ()))
        return disclaimer.applies_to == AppliesTo.ARTICLES and revision.item_id in article_ids.get(disclaimer.pk, ())

    result = {}
    for revision in article_revisions:
        conditions_of_article = {c.pk for c in revision.conditions.all()}
        result[revision.pk] = [d for d in disclaimers if applies(d, revision, conditions_of_article)]
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
