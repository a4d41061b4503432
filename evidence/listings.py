"""Lists and look-ups the public site needs, built only by narrowing the selectors' live querysets.

Nothing here starts from a model manager: every queryset comes from
`evidence.selectors`, so narrowing it (by condition, study design, strongest
evidence) can never widen what the public sees.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from evidence import evidence_levels, selectors
from evidence.models import Population, StudyDesign


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


def _cited_live_studies():
    """Live studies cited by the article revision in the outer query, with their evidence level."""
    return (
        selectors.live_studies()
        .filter(item__revision_citations__revision=OuterRef("pk"))
        .annotate(evidence_level=evidence_level())
    )


def articles_with_strongest_evidence(articles, level: int):
    """Articles whose strongest cited live study is at exactly `level`."""
    cited = _cited_live_studies()
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


def filtered_articles(filters: ArticleFilters):
    articles = selectors.live_articles()
    if filters.condition is not None:
        articles = articles.filter(conditions=filters.condition.item_id)
    if filters.design:
        articles = articles.filter(Exists(_cited_live_studies().filter(design=filters.design)))
    if filters.strongest:
        articles = articles_with_strongest_evidence(articles, filters.strongest)
    return articles


def conditions_with_article_counts():
    """Live conditions, each with `article_count`: how many live articles are about it (one query)."""
    counts = (
        selectors.live_articles()
        .filter(conditions=OuterRef("item"))
        .order_by()
        .values("conditions")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return selectors.live_conditions().annotate(
        article_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )


def live_condition(slug):
    return selectors.live_conditions().filter(slug=slug).first()


def live_study(key: str):
    """A live study by citation key or, for old numeric links, by the study's id."""
    studies = selectors.live_studies()
    study = studies.filter(citation_key=key).first()
    if study is None and key.isdigit():
        study = studies.filter(item_id=int(key)).first()
    return study


def articles_about(condition):
    return selectors.live_articles().filter(conditions=condition.item_id)


def articles_citing(study):
    return selectors.live_articles().filter(citations__study=study.item_id)


def studies_about(condition):
    """Live studies about a condition, newest first."""
    return selectors.live_studies().filter(conditions=condition.item_id).order_by("-year", "title")
