from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .presenters import article_page


@require_safe
def home(request):
    return render(
        request,
        "evidence/home.html",
        {"articles": selectors.live_articles()[:12], "conditions": selectors.live_conditions()},
    )


@require_safe
def article_detail(request, slug):
    article = selectors.live_article(slug)
    if article is None:
        if current := selectors.article_redirect_slug(slug):
            return HttpResponsePermanentRedirect(f"/articles/{current}/")
        raise Http404("No published article at this address.")
    return render(
        request,
        "evidence/article_detail.html",
        {"page": article_page(article), "article": article, "disclaimers": selectors.disclaimers_for(article)},
    )


@require_safe
def condition_detail(request, slug):
    condition = selectors.live_conditions().filter(slug=slug).first()
    if condition is None:
        raise Http404("No published condition at this address.")
    articles = selectors.live_articles().filter(conditions=condition.item_id)
    return render(request, "evidence/condition_detail.html", {"condition": condition, "articles": articles})


@require_safe
def study_detail(request, key):
    studies = selectors.live_studies()
    study = studies.filter(pk=int(key)).first() if key.isdigit() else studies.filter(citation_key=key).first()
    if study is None:
        raise Http404("No published study at this address.")
    articles = selectors.live_articles().filter(citations__study=study.item_id)
    return render(request, "evidence/study_detail.html", {"study": study, "articles": articles})


@require_safe
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
