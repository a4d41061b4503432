"""Conditions, studies and disclaimers: the library behind the summaries."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from evidence import selectors
from evidence.caching import cdn
from evidence.caching.items import item_version
from evidence.caching.pages import public_page
from evidence.prepared import conditions as prepared_conditions
from evidence.prepared import fragments
from evidence.prepared import pages as prepared_pages
from evidence.presenters import structured_data
from evidence.presenters.disclaimers import page_disclaimers
from evidence.presenters.pages import live_conditions_of, study_evidence
from evidence.selectors import listings
from evidence.views.moved import moved_or_404


@require_safe
@public_page(tags=("conditions", "articles"))
def condition_list(request):
    return render(request, "evidence/condition_list.html", {"conditions": listings.conditions_with_article_counts()})


def _condition_version(slug):
    return item_version("condition-page", slug, lambda: selectors.condition_page_stamp(slug))


@require_safe
@public_page(version=_condition_version)
def condition_detail(request, slug):
    """A live condition's page: kept while its stamp holds (evidence.prepared.conditions), else rendered and kept."""
    stamp = getattr(request, "item_version", None)  # set for visitors by @public_page; staff get it rendered
    if (prepared := prepared_conditions.condition_page(slug, stamp)) is not None:
        item_id, parts = prepared
        return _condition_response(request, item_id, parts)
    condition = listings.live_condition(slug)
    if condition is None:
        return moved_or_404(
            request, selectors.condition_redirect_slug(slug), "evidence:condition_detail", "slug", "condition"
        )
    overview = listings.condition_overview(condition)
    context = {
        "overview": overview,
        "cards": prepared_pages.article_cards(
            listings.articles_about(condition), [article.pk for article in overview.articles]
        ),
        "studies": [study_evidence(s) for s in overview.studies],
        "disclaimers": page_disclaimers(selectors.disclaimers_for_condition(condition)),
    }
    parts = fragments.condition_parts(condition, context)
    prepared_conditions.keep(condition, stamp, parts)
    return _condition_response(request, condition.item_id, parts)


def _condition_response(request, item_id, parts):
    response = render(request, "evidence/condition_detail.html", {"parts": fragments.for_request(parts, request)})
    return cdn.tag_response(response, cdn.condition_page_tags(item_id))


def _study_version(key):
    return item_version("study-page", key, lambda: selectors.study_page_stamp(key))


@require_safe
@public_page(version=_study_version)
def study_detail(request, key):
    study = listings.live_study(key)
    if study is None:
        return moved_or_404(request, selectors.study_redirect_key(key), "evidence:study_detail", "key", "study")
    if study.citation_key != key:  # reached by its number: send readers to the one address
        return redirect(study, permanent=True)
    reference = study_evidence(study)
    conditions = live_conditions_of(study)
    response = render(
        request,
        "evidence/study_detail.html",
        {
            "study": study,
            "reference": reference,
            "conditions": conditions,
            "cards": prepared_pages.all_cards(listings.articles_citing(study)),
            "json_ld": structured_data.study_page(reference, request.build_absolute_uri),
        },
    )
    return cdn.tag_response(response, cdn.study_page_tags(study.item_id, [c.item_id for c in conditions]))


@require_safe
@public_page(tags=("disclaimers", "articles", "conditions"))
def disclaimer_list(request):
    return render(request, "evidence/disclaimer_list.html", {"disclaimers": selectors.live_disclaimers()})
