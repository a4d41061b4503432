"""Preparing live articles' pages and reading them back.

`prepare(item_ids)` renders and stores the parts of those articles' live pages in a few queries per batch
(the worker does it after each publication, re-review or change to what an article shows; `prepare_pages`
does it for the whole library). `article_page(slug)` reads a current one in one indexed query; a page
that is missing or no longer current is rendered by the view as before, and stored then.
"""

import logging

from django.db import DatabaseError, transaction
from django.utils.safestring import mark_safe

from evidence import selectors
from evidence.models import ArticleRevision
from evidence.prepared import fragments, registry
from evidence.prepared.models import PreparedArticle
from evidence.presenters.disclaimers import page_disclaimers
from evidence.presenters.pages import article_pages

logger = logging.getLogger(__name__)

_STORED = ["public_updated_at", "layout", "parts", "card", "api_item"]


def article_page(slug: str):
    """(article id, parts) of the live article at `slug`, when its prepared page is current; else None."""
    return (
        PreparedArticle.objects.current(fragments.layout())
        .filter(revision__slug=slug)
        .values_list("revision__item_id", "parts")
        .first()
    )


def parts_of(articles) -> list[dict]:
    """The page parts of these live article revisions (fetched by `selectors.live_articles`), in order, with
    the parts other apps add (evidence.prepared.registry)."""
    disclaimers = selectors.disclaimers_for_articles(articles)
    added = registry.made_parts(articles, disclaimers)
    return [
        fragments.article_parts(article, page, page_disclaimers(disclaimers.get(article.pk, [])))
        | {"card": fragments.article_card(article)}
        | more
        for article, page, more in zip(articles, article_pages(articles), added, strict=True)
    ]


def current_parts(column: str, ids) -> dict:
    """{revision id: the part kept in `column` ("card", "api_item")} of the live revisions `ids` whose prepared
    page is current and holds it."""
    rows = (
        PreparedArticle.objects.current(fragments.layout())
        .filter(revision_id__in=list(ids))
        .values_list("revision_id", column)
    )
    return {pk: value for pk, value in rows if value}


def all_cards(articles) -> list:
    """`article_cards` of every article of `articles`, in its order."""
    return article_cards(articles, list(articles.prefetch_related(None).values_list("pk", flat=True)))


def article_cards(articles, ids) -> list:
    """The cards of the live article revisions `ids`, in that order: prepared where current, the others
    rendered from `articles` (a queryset of `selectors.live_articles`), in one query plus the missing ones'."""
    cards = current_parts("card", ids)
    if missing := [pk for pk in ids if pk not in cards]:
        cards |= {article.pk: fragments.article_card(article) for article in articles.filter(pk__in=missing)}
    return [mark_safe(cards[pk]) for pk in ids if pk in cards]


def _row(article, parts):
    columns = {name: parts[name] for name in ("card", *registry.PARTS) if name in parts}  # not kept in `parts`
    page = {name: value for name, value in parts.items() if name not in columns}
    return PreparedArticle(
        revision=article, public_updated_at=article.public_updated_at, layout=fragments.layout(), parts=page, **columns
    )


def store(articles, parts):
    """Keep these parts as the prepared pages of these live revisions, for the change each was rendered from."""
    rows = [_row(article, page) for article, page in zip(articles, parts, strict=True)]
    PreparedArticle.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["revision"], update_fields=[*_STORED, "prepared_at"]
    )


def keep_quietly(what: str, write):
    """`write()` for a visitor's request, in a savepoint: a page that cannot be kept now is kept another time,
    not an error."""
    try:
        with transaction.atomic():
            write()
    except DatabaseError as error:
        logger.warning("Could not keep the prepared page of %s: %s", what, error)


def store_quietly(article, parts):
    keep_quietly(article.slug, lambda: store([article], [parts]))


def prepare(item_ids) -> int:
    """Prepare the live pages of these articles (ids of working copies); returns how many were live."""
    articles = list(selectors.with_reference_notices(selectors.live_articles()).filter(item_id__in=list(item_ids)))
    if articles:
        store(articles, parts_of(articles))
    return len(articles)


def forget(item_id):
    """Drop an article's prepared pages (withdrawn: never served again in any case, since none is live)."""
    PreparedArticle.objects.filter(revision__item_id=item_id).delete()


def stale_article_ids(batch: int):
    """Ids of live articles whose page is not prepared or no longer current, `batch` at a time, by id."""
    current = PreparedArticle.objects.current(fragments.layout()).values("revision_id")
    live = ArticleRevision.objects.live().exclude(pk__in=current).order_by("item_id").values_list("item_id", flat=True)
    last = 0
    while ids := list(live.filter(item_id__gt=last)[:batch]):
        yield ids
        last = ids[-1]
