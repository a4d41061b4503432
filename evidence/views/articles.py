"""Home, the article list with its filters, and the article page."""

import functools

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from evidence import selectors
from evidence.caching import cdn
from evidence.caching import version as public_version
from evidence.caching.items import item_version
from evidence.caching.pages import public_page
from evidence.forms import ArticleFilterForm
from evidence.prepared import fragments
from evidence.prepared import pages as prepared_pages
from evidence.selectors import listings
from evidence.views.moved import moved_or_404
from evidence.views.pagination import IdsFirstPaginator

ARTICLES_PER_PAGE = 10
HOME_ARTICLES = 6


def page_or_404(queryset, number, per_page=ARTICLES_PER_PAGE, list_name=None, load=None):
    """One page of a list; a page number that is not a number or out of range is a 404, not an error."""
    try:
        return IdsFirstPaginator(queryset, per_page, list_name=list_name, load=load).page(number or 1)
    except InvalidPage as error:
        raise Http404("There is no such page of this list.") from error


@require_safe
@public_page(tags=("articles", "conditions"))
def home(request):
    return render(
        request,
        "evidence/home.html",
        {
            "cards": prepared_pages.article_cards(selectors.live_articles(), listings.newest_ids(HOME_ARTICLES)),
            "conditions": listings.conditions_with_article_counts(),
        },
    )


def filter_fields(form, filters=None):
    """The filter form's fields as HTML: drawn once per content version and choice of filters (drawing a
    select of every condition took half of a list page's time), or now when the reader's choice has errors."""
    draw = functools.partial(render_to_string, "evidence/article_list.html#filter-fields", {"form": form})
    if filters is None:
        return draw()
    return mark_safe(public_version.once_per_version(f"filter-fields:{filters.name}", draw))  # HTML we drew


@require_safe
@public_page(params=("condition", "design", "strongest", "page"), tags=("articles", "conditions", "studies"))
def article_list(request):
    form = ArticleFilterForm(request.GET, conditions=list(selectors.live_conditions()))
    if not form.is_valid():
        context = {"form": form, "filter_fields": filter_fields(form), "page_obj": None}
        return render(request, "evidence/article_list.html", context, status=400)
    filters = form.filters()
    articles = listings.filtered_articles(filters)
    cards = functools.partial(prepared_pages.article_cards, articles)  # the page shows each article's card
    page_obj = page_or_404(articles, request.GET.get("page"), list_name=filters.name, load=cards)
    context = {"form": form, "filters": filters, "filter_fields": filter_fields(form, filters), "page_obj": page_obj}
    return render(request, "evidence/article_list.html", context)


def withdrawn_notice(request, revision):
    """410 Gone: the page was withdrawn on purpose. Its title, when and why, and where to read instead."""
    item = revision.item
    context = {
        "revision": revision,
        "withdrawn_at": item.withdrawn_at,
        "reason": item.get_withdrawal_reason_display() if item.withdrawal_reason else "",
        "related": selectors.related_live_articles(revision),
    }
    return render(request, "evidence/withdrawn.html", context, status=410)


def _article_version(slug):
    return item_version("article-by-slug", slug, lambda: selectors.article_page_stamp(slug))


@require_safe
@public_page(version=_article_version)
def article_detail(request, slug):
    """A live article's page: prepared at publication (evidence.prepared), else rendered and kept now."""
    if (prepared := prepared_pages.article_page(slug)) is not None:
        item_id, parts = prepared
        return _article_response(request, item_id, parts)
    article = selectors.live_article(slug)
    if article is None and (withdrawn := selectors.withdrawn_article(slug)) is not None:
        return withdrawn_notice(request, withdrawn)
    if article is None:
        return moved_or_404(
            request, selectors.article_redirect_slug(slug), "evidence:article_detail", "slug", "article"
        )
    [parts] = prepared_pages.parts_of([article])
    prepared_pages.store_quietly(article, parts)
    return _article_response(request, article.item_id, parts)


def _article_response(request, item_id, parts):
    response = render(request, "evidence/article_detail.html", {"parts": fragments.for_request(parts, request)})
    return cdn.tag_response(response, lambda: cdn.article_tags(item_id))
