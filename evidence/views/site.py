"""Search, the privacy page, robots.txt and the load balancers' health check."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from evidence.caching import keys
from evidence.caching.pages import public_page
from evidence.forms import SearchForm
from evidence.selectors import search as site_search

ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /search/
Disallow: /newsletter/
Disallow: /information-packet/

Sitemap: {sitemap}
"""


@require_safe
@public_page(params=("q",), tags=("articles", "studies", "conditions"))
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()  # the query is cleaned, never refused
    query = form.cleaned_data.get("q", "")
    return render(
        request,
        "evidence/search.html",
        {
            "form": form,
            "results": site_search.search(query),
            "full_text": site_search.uses_full_text(),
        },
    )


@require_safe
@public_page()
def privacy(request):
    return render(request, "evidence/privacy.html")


@require_safe
@public_page()
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("evidence:sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise; load balancers take the worker out then."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    cache_ok = _cache_answers()
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok" if cache_ok else "degraded"})


def _cache_answers() -> bool:
    try:
        cache.set(keys.HEALTH_CHECK, 1, 5)
        return cache.get(keys.HEALTH_CHECK) == 1
    except Exception:
        return False
