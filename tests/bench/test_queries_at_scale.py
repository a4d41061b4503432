"""Public pages and the API list run the same number of SQL queries whatever the library's size.

Each page is requested on a small seeded library and again on one three times
larger (with the page cache cleared, so every request renders); the counts
must be equal. The article page is compared between the seeded article with
the fewest citations and the one with the most.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from evidence import selectors

pytestmark = pytest.mark.django_db

SMALL, LARGE = {"articles": 30, "studies": 60}, {"articles": 90, "studies": 180}


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def seed(size, *args):
    call_command("seed_bench", *args, conditions=4, stdout=StringIO(), stderr=StringIO(), **size)


def api_key():
    out = StringIO()
    call_command("create_api_key", "Query-count test", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def queries(client, path, **headers):
    cache.clear()  # a cached page would answer with no query at all
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return len(captured)


def public_paths():
    """One path per public page, chosen from the seeded library as it is now."""
    live = selectors.live_articles()
    last_page = (live.count() + 9) // 10
    study = (
        selectors.live_studies()
        .filter(citation_key__startswith="bench-")
        .annotate(cited=Count("item__revision_citations"))
        .order_by("-cited")
        .first()
    )
    condition = selectors.live_conditions().filter(slug__startswith="bench-").first()
    return {
        "home": "/",
        "article list": "/articles/",
        "article list, last page": f"/articles/?page={last_page}",
        "condition page": f"/conditions/{condition.slug}/",
        "study page": f"/studies/{study.citation_key}/",
        "search": "/search/?q=stem+cells",
        "feed": "/feeds/articles/",
        "sitemap": "/sitemap.xml",
    }


def test_public_pages_run_as_many_queries_on_a_three_times_larger_library(client):
    seed(SMALL)
    for path in public_paths().values():  # once first: process-wide caches (content types) fill on first use
        queries(client, path)
    small = {name: queries(client, path) for name, path in public_paths().items()}

    seed(LARGE, "--replace")
    for path in public_paths().values():  # once first: a condition's page is kept at its first visit
        queries(client, path)
    large = {name: queries(client, path) for name, path in public_paths().items()}

    assert large == small


def test_article_page_runs_as_many_queries_with_eight_citations_as_with_three(client):
    seed(LARGE)
    by_citations = sorted(selectors.live_articles(), key=lambda article: len(article.live_citations))
    fewest, most = by_citations[0], by_citations[-1]
    assert (len(fewest.live_citations), len(most.live_citations)) == (3, 8)
    queries(client, f"/articles/{by_citations[1].slug}/")  # once first: process-wide caches fill on first use

    # A first visit renders the page (and stores its prepared parts); a second reads them.
    rendered = [queries(client, f"/articles/{article.slug}/") for article in (most, fewest)]
    prepared = [queries(client, f"/articles/{article.slug}/") for article in (most, fewest)]

    assert rendered[0] == rendered[1]
    assert prepared[0] == prepared[1] < rendered[0]


def test_api_list_runs_as_many_queries_for_twenty_articles_as_for_one(client):
    seed(LARGE)
    key = api_key()
    queries(client, "/api/v1/articles/", authorization=f"Bearer {key}")  # a key's first use records the time

    one = queries(client, "/api/v1/articles/?page_size=1", authorization=f"Bearer {key}")
    twenty = queries(client, "/api/v1/articles/?page_size=20", authorization=f"Bearer {key}")

    assert twenty == one
