"""Search, the privacy page and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

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
