"""Lists and look-ups the public site needs, built only by narrowing the selectors' live querysets.

Nothing here starts from a model manager: every queryset comes from
`evidence.selectors.live`, so narrowing it (by condition, study design, strongest
evidence) can never widen what the public sees.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Value, When

from evidence import selectors
from evidence.caching import version as public_version
from evidence.models import Population, StudyDesign
from evidence.models import levels as evidence_levels


def _level_of(design, population) -> int:
    return evidence_levels.level(SimpleNamespace(design=design, population=population, sample_size=None))


def evidence_level():
    """The evidence level of a study row, as a database expression mirroring `evidence_levels.level`."""
    whens = [
        When(design=design, population=population, then=Value(_level_of(design, population)))
        for design in StudyDesign
        for population in Population
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def evidence_level_choices():
    """(level, name) from strongest to weakest."""
    return sorted(evidence_levels.LEVEL_NAMES.items(), reverse=True)


def cited_live_studies():
    """Live studies cited by the article revision in the outer query, with their evidence level."""
    return (
        selectors.live_studies()
        .filter(item__revision_citations__revision=OuterRef("pk"))
        .annotate(evidence_level=evidence_level())
    )


def articles_with_strongest_evidence(articles, level: int):
    """Articles whose strongest cited live study is at exactly `level`."""
    cited = cited_live_studies()
    return articles.filter(Exists(cited.filter(evidence_level=level))).exclude(
        Exists(cited.filter(evidence_level__gt=level))
    )


@dataclass(frozen=True)
class ArticleFilters:
    """What a reader narrowed the article list to; empty values mean "any"."""

    condition: object = None  # a live condition revision
    design: str = ""
    strongest: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.condition or self.design or self.strongest)

    @property
    def name(self) -> str:
        """Names the filtered list, e.g. for counting and paging it once per content version."""
        condition = self.condition.item_id if self.condition is not None else ""
        return f"articles:{condition}:{self.design}:{self.strongest or ''}"


def filtered_articles(filters: ArticleFilters):
    articles = selectors.live_articles()
    if filters.condition is not None:
        articles = articles.filter(conditions=filters.condition.item_id)
    if filters.design:
        articles = articles.filter(Exists(cited_live_studies().filter(design=filters.design)))
    if filters.strongest:
        articles = articles_with_strongest_evidence(articles, filters.strongest)
    return articles


def article_counts_by_condition() -> dict[int, int]:
    """{condition id: how many live articles are about it}, in one grouped query over the live articles.

    A correlated count per condition re-reads every link row once per condition (seconds at 100,000
    articles); grouping reads them once.
    """
    grouped = (
        selectors.live_articles()
        .prefetch_related(None)
        .order_by()
        .values("conditions")
        .annotate(n=Count("pk"))
        .values_list("conditions", "n")
    )
    return {condition_id: n for condition_id, n in grouped if condition_id is not None}


def conditions_with_article_counts():
    """Live conditions (by name), each with `article_count`: how many live articles are about it."""
    counts = public_version.once_per_version("article-counts-by-condition", article_counts_by_condition)
    conditions = list(selectors.live_conditions())
    for condition in conditions:
        condition.article_count = counts.get(condition.item_id, 0)
    return conditions


def live_condition(slug):
    return selectors.live_conditions().filter(slug=slug).first()


def live_study(key: str):
    """A live study by citation key or, for old numeric links, by the study's id, with its notices."""
    studies = selectors.with_notices(selectors.live_studies())
    study = studies.filter(citation_key=key).first()
    # An id has at most 18 digits; a longer number is no study, and SQLite cannot even compare it.
    if study is None and key.isdigit() and len(key) <= 18:
        study = studies.filter(item_id=int(key)).first()
    return study


def newest_ids(limit: int) -> list[int]:
    """The live article revisions home shows, newest first (their cards are prepared)."""
    return list(selectors.live_articles().prefetch_related(None).values_list("pk", flat=True)[:limit])


def articles_about(condition):
    return selectors.live_articles().filter(conditions=condition.item_id)


def articles_citing(study):
    return selectors.live_articles().filter(citations__study=study.item_id)


def studies_about(condition):
    """Live studies about a condition, newest first."""
    return selectors.live_studies().filter(conditions=condition.item_id).order_by("-year", "title")


# A condition can have thousands of summaries and studies; its page shows the newest and links to the rest.
CONDITION_PAGE_ITEMS = 12


@dataclass(frozen=True)
class ConditionOverview:
    """The newest live articles and studies about a condition, and how many there are in all."""

    articles: list
    article_count: int
    studies: list
    study_count: int

    @property
    def more_articles(self) -> bool:
        return self.article_count > len(self.articles)

    @property
    def more_studies(self) -> bool:
        return self.study_count > len(self.studies)


def condition_overview(condition, limit: int = CONDITION_PAGE_ITEMS) -> ConditionOverview:
    """At most `limit` of each (never every row), with the totals for "see all" links."""
    articles = articles_about(condition)
    studies = studies_about(condition)
    return ConditionOverview(
        # Their cards are prepared (evidence.prepared); the page's structured data names and links them.
        articles=list(articles.prefetch_related(None).select_related(None).only("pk", "title", "slug")[:limit]),
        article_count=public_version.once_per_version(
            f"condition-articles:{condition.item_id}", articles.order_by().count
        ),
        studies=list(studies.prefetch_related(None)[:limit]),  # their conditions are not shown here
        study_count=public_version.once_per_version(f"condition-studies:{condition.item_id}", studies.order_by().count),
    )
