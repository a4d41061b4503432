"""Which disclaimers the public sees where.

The rule itself lives with the model (`evidence.models.disclaimers`: `shown()`,
`applying_to()` and their Python twin `applies`); these functions only say which
page asks and in what order the page lists them.
"""

from django.db.models import Prefetch

from evidence.models import Article, ArticleRevision, DisclaimerRevision
from evidence.models.disclaimers import ARTICLE_REVISION_LOOKUP, LINK_FOR, applies
from evidence.selectors.live import conditions_with_live_revision, with_live_revision

# Those chosen for the page's subject first ("articles" and "conditions" sort before "everywhere"), then by title.
ORDER = ("applies_to", "title")


def _shown():
    return DisclaimerRevision.objects.shown().order_by(*ORDER)


def live_disclaimers():
    """Every disclaimer the public sees, with the live conditions and articles it is shown on."""
    return _shown().prefetch_related(
        Prefetch("conditions", queryset=conditions_with_live_revision()),
        Prefetch("articles", queryset=with_live_revision(Article.objects.all(), "live_article", order_by=["title"])),
    )


def _condition_ids(article_revision):
    return [condition.pk for condition in article_revision.conditions.all()]


def disclaimers_for(article_revision):
    """Disclaimers shown on an article: everywhere, about one of its conditions, or chosen for it."""
    return _shown().applying_to(condition_ids=_condition_ids(article_revision), article_id=article_revision.item_id)


def disclaimers_for_articles(article_revisions):
    """`disclaimers_for` for many articles at once, in three queries: {article revision pk: [disclaimers]}.

    The same rule (`applies`), applied in Python to the few disclaimers shown, so an API
    page of articles costs the same whatever its size. The links are read as id pairs from
    their tables: loading whole condition and article rows only for their ids took
    milliseconds per answer.
    """
    disclaimers = list(_shown())
    links = _links([disclaimer.pk for disclaimer in disclaimers])
    result = {}
    for revision in article_revisions:
        condition_ids = set(_condition_ids(revision))
        result[revision.pk] = [
            disclaimer
            for disclaimer in disclaimers
            if applies(
                disclaimer.applies_to,
                links.get(disclaimer.pk, {}),
                condition_ids=condition_ids,
                article_id=revision.item_id,
            )
        ]
    return result


def _links(disclaimer_pks) -> dict[int, dict[str, set[int]]]:
    """{disclaimer revision pk: {relation: ids it links to}}, one query per relation the rule reads."""
    links = {}
    for link in filter(None, LINK_FOR.values()):
        field = DisclaimerRevision._meta.get_field(link.relation)
        owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        pairs = field.remote_field.through.objects.filter(**{f"{owner}__in": disclaimer_pks})
        for disclaimer_pk, linked_pk in pairs.values_list(owner, target):
            links.setdefault(disclaimer_pk, {}).setdefault(link.relation, set()).add(linked_pk)
    return links


def disclaimers_for_condition(condition_revision):
    """Disclaimers shown on a condition's page: everywhere, or chosen for this condition."""
    return _shown().applying_to(condition_ids=[condition_revision.item_id])


def sitewide_disclaimers():
    """Disclaimers shown on every page."""
    return _shown().applying_to()


def shown_disclaimer(disclaimer):
    """The revision of `disclaimer` the public sees (live and switched on), or None."""
    return _shown().filter(item=disclaimer).first()


def live_articles_showing(disclaimer_revision):
    """Live article revisions a shown disclaimer appears on: `disclaimers_for` read the other way, from the same
    table (`LINK_FOR`)."""
    articles = ArticleRevision.objects.live()
    if disclaimer_revision.applies_to not in LINK_FOR:
        return articles.none()
    link = LINK_FOR[disclaimer_revision.applies_to]
    if link is None:
        return articles
    linked = getattr(disclaimer_revision, link.relation).values_list("pk", flat=True)
    return articles.filter(**{ARTICLE_REVISION_LOOKUP[link.subject]: linked}).distinct()
