"""When a public page last changed, read from the database without building the page: its *stamp*.

A page's ETag and kept copy are keyed by its stamp (evidence.caching.items), so a page keeps both until
something it shows changes, whatever else is published meanwhile.

Every publication, re-review or change to something shown sets the live revision's `public_updated_at` to
now (evidence.services.workflow and evidence.services.dependencies). So a *set* of live revisions has
changed exactly when its size or its latest `public_updated_at` has: an addition or an edit brings a newer
time, a removal a smaller size. A page listing articles, studies or disclaimers is stamped by those two
numbers for each list, read as subqueries of the one query that finds the page's own revision.
"""

from django.db.models import Count, DateTimeField, F, Func, IntegerField, Max, OuterRef, Subquery

from evidence.models import ArticleRevision, ConditionRevision, DisclaimerRevision, Shown, StudyRevision


def _size_and_latest(revisions, name):
    """Two subquery columns, `<name>_n` and `<name>_at`, summing up a set of live revisions."""
    revisions = revisions.order_by()
    size = revisions.annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    latest = revisions.annotate(at=Func(F("public_updated_at"), function="MAX", output_field=DateTimeField()))
    return {f"{name}_n": Subquery(size), f"{name}_at": Subquery(latest.values("at"))}


def _stamp(live, **sets):
    """(revision id, its public_updated_at, then size and latest of each set), or None when nothing is live."""
    columns = {}
    for name, revisions in sets.items():
        columns |= _size_and_latest(revisions, name)
    return live.annotate(**columns).values_list("pk", "public_updated_at", *columns).first()


def _articles_showing(kind):
    """Live articles whose dependency record shows the outer page's item (a study or condition)."""
    return ArticleRevision.objects.live().filter(
        item__dependencies__kind=kind, item__dependencies__shown_id=OuterRef("item_id")
    )


def item_stamp(revisions, **lookup):
    """A live item's API answer (and an article's page), found by `item_id=` or its slug: (live revision id,
    when anything it shows last changed), or None. What an item shows of others is kept up to date by
    evidence.services.dependencies, which moves `public_updated_at` whenever it changes, so one index entry
    is the whole stamp."""
    return revisions.objects.live().filter(**lookup).values_list("pk", "public_updated_at").first()


def article_page_stamp(slug: str):
    return item_stamp(ArticleRevision, slug=slug)


def study_page_stamp(key: str):
    """A study's page: the study, its conditions' names and the articles citing it (their cards)."""
    return _stamp(
        StudyRevision.objects.live().filter(citation_key=key),
        articles=_articles_showing(Shown.STUDY),
        conditions=ConditionRevision.objects.live().filter(item__study_revisions=OuterRef("pk")),
    )


def condition_page_stamp(slug: str):
    """A condition's page: the condition, its articles' cards, its studies, and the disclaimers shown
    (every shown disclaimer counts: there are few, and which apply here is the page's own reading)."""
    return _stamp(
        ConditionRevision.objects.live().filter(slug=slug),
        articles=_articles_showing(Shown.CONDITION),
        studies=StudyRevision.objects.live().filter(conditions=OuterRef("item_id")),
        disclaimers=DisclaimerRevision.objects.shown(),
    )


SECTIONS = {"articles": ArticleRevision, "conditions": ConditionRevision, "studies": StudyRevision}


def section_stamp(section: str):
    """A sitemap section lists one kind of live revision: its size and latest change, or None for another
    section (the pages section, an unknown name), which then follows the whole library."""
    model = SECTIONS.get(section)
    if model is None:
        return None
    summary = model.objects.live().aggregate(n=Count("pk"), at=Max("public_updated_at"))
    return section, summary["n"], summary["at"]
