"""The public's only way to read the library: live revisions, nothing else.

The public site, the API, feeds, the sitemap and search all read through
these functions, so the rule "only approved, published content is public"
lives here and nowhere else. A live article never shows a study, condition
or disclaimer that is not itself live.
"""

from django.db.models import FilteredRelation, Prefetch

from evidence.models import (
    ArticleRevision,
    Condition,
    ConditionRevision,
    RevisionCitation,
    StudyRevision,
)
from evidence.models.base import live_filter


def with_live_revision(rows, name, through="revisions", *, order_by=()):
    """`rows`, each carrying the live revision it reaches `through` a relation as `name`: one join, no extra query.

    The one shape for "the live revision of a related row". Rows without one are kept, with
    `name` left unset: read it with getattr(row, name, None), as evidence.presenters does.
    `order_by` names fields of the live revision to sort by (then the id): rows shown to the public must never
    be ordered by their working copy (Condition sorts by its name, Article by when it was last saved), or a
    draft rename or an unpublished save would reorder a public page and API answer behind its ETag.
    """
    live = FilteredRelation(through, condition=live_filter(through))
    rows = rows.annotate(**{name: live}).select_related(name)
    return rows.order_by(*(f"{name}__{field}" for field in order_by), "pk") if order_by else rows


def live_conditions():
    return ConditionRevision.objects.live().order_by("name")


# Each revision's full-text document (evidence/selectors/search.py) is kilobytes that only the search index reads.
NOT_SHOWN = "search_document"


def live_studies():
    return (
        StudyRevision.objects.live()
        .defer(NOT_SHOWN)
        .prefetch_related(Prefetch("conditions", queryset=conditions_with_live_revision()))
    )


def with_notices(studies):
    """Live study revisions, each study's notices (retractions, corrections: public facts about the paper)
    prefetched on its working copy: one more query for the whole list. evidence.retractions.models.in_force
    picks what is shown."""
    return studies.select_related("item").prefetch_related("item__notices")


def _live_citations():
    """Citations of a live study, each carrying that study's live revision as `live_study`: one query, one join."""
    # The study's revision comes with its (short) search document: defer() cannot reach through this join.
    citations = with_live_revision(RevisionCitation.objects.all(), "live_study", through="study__revisions")
    citations = citations.select_related("live_study__item")  # whose notices live_articles() prefetches
    return citations.filter(live_study__isnull=False).order_by("position", "pk")


def conditions_with_live_revision():
    """Conditions, each carrying its live revision (or None) as `live_condition`, in the order of their public
    names: one query, one join."""
    return with_live_revision(Condition.objects.all(), "live_condition", order_by=["name"])


def live_articles():
    """Live article revisions with everything a list or page shows, in a fixed number of queries."""
    return (
        ArticleRevision.objects.live()
        .defer(NOT_SHOWN)
        .select_related("item", "author", "item__last_reviewed_by")
        .prefetch_related(
            Prefetch("conditions", queryset=conditions_with_live_revision()),
            Prefetch("citations", queryset=_live_citations(), to_attr="live_citations"),
            "references",
        )
        .order_by("-published_at", "-pk")
    )


def with_reference_notices(articles):
    """Live articles whose numbered references show notices (retractions, corrections): the article page and the
    API's articles. One more query for them all; list cards, which show no references, do without it."""
    # Not on the citations' own queryset: Django prefetches nothing from a query with a FilteredRelation.
    return articles.prefetch_related("live_citations__live_study__item__notices")


def live_article(slug):
    return with_reference_notices(live_articles()).filter(slug=slug).first()


def withdrawn_article(slug):
    """The last public revision of an article withdrawn from this address (and not live elsewhere), for its
    notice: what the public already saw (title, conditions) and nothing newer; None when there is none."""
    return (
        ArticleRevision.objects.filter(slug=slug, published_at__isnull=False, item__withdrawn_at__isnull=False)
        .exclude(item__revisions__is_live=True)
        .select_related("item")
        .order_by("-published_at", "-number")
        .first()
    )


def related_live_articles(revision, limit=5):
    """Live articles about the conditions `revision` was about, newest first: where a reader may go instead."""
    conditions = revision.conditions.values("pk")
    return list(
        ArticleRevision.objects.live()
        .filter(conditions__in=conditions)
        .exclude(item_id=revision.item_id)
        .distinct()
        .order_by("-published_at")
        .only("title", "slug", "item_id")[:limit]
    )


def article_redirect_slug(old_slug):
    return _redirect_value(ArticleRevision.objects, "slug", old_slug)


def _redirect_value(revisions, field, old_value):
    """The current `field` of a live item that once went live with `old_value`, or None."""
    earlier = revisions.filter(**{field: old_value, "published_at__isnull": False}).values("item")
    current = revisions.live().filter(item__in=earlier).values_list(field, flat=True).first()
    return current if current != old_value else None


def condition_redirect_slug(old_slug):
    return _redirect_value(ConditionRevision.objects, "slug", old_slug)


def study_redirect_key(old_key):
    return _redirect_value(StudyRevision.objects, "citation_key", old_key)
