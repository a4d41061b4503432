"""Odd addresses and huge query strings on every public route and the API: 301, 400 or 404, never a 500.

Addresses are sent as a browser or a scanner would: percent-encoded NUL,
invalid UTF-8, Unicode, path tricks, header injection, very long slugs,
numbers too large for the database; query strings of 10 kB and of 10,000
parameters. Refusals come with the site's own page (HTML) or the API's JSON.
"""

import pytest

from accounts.services import issue_api_key
from evidence.models import Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory

from .conftest import assert_answered

pytestmark = pytest.mark.django_db

ODD_SEGMENTS = [
    "caf%C3%A9", "%E6%96%87%E7%AB%A0", "%F0%9F%98%80", "%00", "a%00b", "%2e%2e", "..", "..%2f..%2fetc%2fpasswd",
    "%ff%fe", "%C0%AE", "a" * 5000, "hsct%20trailing%20garbage", "hsct/extra/garbage", "hsct;jsessionid=1",
    "hsct.", "HSCT", "hsct%09", "99999999999999999999999", "-1", "0", "%0d%0aSet-Cookie:%20x=1",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%252e%252e", "%u002e", "~", "_", "-",
]  # fmt: skip

PUBLIC_PATTERNS = [
    "/articles/{}/", "/conditions/{}/", "/studies/{}/", "/articles/{}/references.ris",
    "/articles/hsct/references.{}", "/sitemap-{}.xml", "/{}", "/{}/", "/feeds/{}/", "/articles/hsct/{}",
]  # fmt: skip
API_PATTERNS = ["/api/v1/articles/{}/", "/api/v1/studies/{}/", "/api/v1/conditions/{}/", "/api/v1/disclaimers/{}/"]
API_PATTERNS += ["/api/v1/{}/", "/api/v1/{}"]

PUBLIC_ROUTES = [
    "/", "/articles/", "/articles/hsct/", "/conditions/", "/conditions/ms/", "/studies/burt-2019/",
    "/disclaimers/", "/search/", "/privacy/", "/newsletter/", "/information-packet/", "/feeds/articles/",
    "/sitemap.xml", "/sitemap-articles.xml", "/robots.txt", "/healthz", "/articles/hsct/references.bib",
]  # fmt: skip
API_ROUTES = [
    "/api/v1/", "/api/v1/articles/", "/api/v1/articles/hsct/", "/api/v1/studies/", "/api/v1/conditions/",
    "/api/v1/disclaimers/", "/api/v1/changes/", "/api/v1/leads/", "/api/v1/schema/",
]  # fmt: skip
HUGE_QUERIES = {
    "one 10 kB value": "q=" + "x" * 10_000,
    "10 kB of Unicode in a filter": "condition=" + "%C3%A9" * 3_000,
    "10,000 parameters": "&".join(f"p{i}=1" for i in range(10_000)),
    "10,000 copies of one parameter": "&".join(["design=animal"] * 10_000),
    "a 10 kB parameter name": "x" * 10_000 + "=1",
}


@pytest.fixture
def library(walk, writer):
    condition = walk(ConditionFactory(slug="ms"), Status.PUBLISHED)
    study = walk(StudyFactory(citation_key="burt-2019"), Status.PUBLISHED)
    article = ArticleFactory(author=writer, slug="hsct", body="A trial [@burt-2019].")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, Status.PUBLISHED)


@pytest.fixture
def api_headers(db):
    raw_key = issue_api_key(name="odd addresses", requests_per_minute=1_000_000)[1]
    return {"Authorization": f"Bearer {raw_key}"}


def assert_site_error_page(response):
    """Refusals on the public site are the site's own pages, never Django's bare or technical ones."""
    if response.status_code in (400, 404):
        page = response.content.decode()
        assert "Evidence Desk" in page and 'class="site-header"' in page, page[:300]


@pytest.mark.parametrize("pattern", PUBLIC_PATTERNS)
def test_odd_public_addresses_are_not_found_never_an_error(library, visitor, pattern):
    for segment in ODD_SEGMENTS:
        response = visitor.get(pattern.format(segment))
        assert_answered(response, allowed=(301, 302, 400, 404), what=pattern.format(segment[:40]))
        assert_site_error_page(response)
        assert "Set-Cookie" not in response.headers  # "%0d%0a" never becomes a header


@pytest.mark.parametrize("pattern", API_PATTERNS)
def test_odd_api_addresses_get_a_json_404(library, client, api_headers, pattern):
    for segment in ODD_SEGMENTS:
        response = client.get(pattern.format(segment), headers=api_headers)
        assert_answered(response, allowed=(301, 404), what=pattern.format(segment[:40]))
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("query", HUGE_QUERIES.values(), ids=HUGE_QUERIES.keys())
def test_huge_query_strings_on_public_routes_get_a_page_or_a_clear_refusal(library, visitor, query):
    for route in PUBLIC_ROUTES:
        response = visitor.get(f"{route}?{query}")
        assert_answered(response, allowed=(200, 400), what=f"{route} with {len(query)} characters of query")
        assert_site_error_page(response)


@pytest.mark.parametrize("query", HUGE_QUERIES.values(), ids=HUGE_QUERIES.keys())
def test_huge_query_strings_on_the_api_get_a_json_400(library, client, api_headers, query):
    for route in API_ROUTES:
        response = client.get(f"{route}?{query}", headers=api_headers)
        assert_answered(response, allowed=(200, 400, 403), what=f"{route} with {len(query)} characters of query")
        if response.status_code == 400 and route != "/api/v1/schema/":
            body = response.json()
            assert body["status"] == 400 and body["detail"]


def test_too_many_parameters_are_refused_with_a_message_that_says_so(library, visitor, client, api_headers):
    many = HUGE_QUERIES["10,000 parameters"]

    page = visitor.get(f"/articles/?{many}")
    answer = client.get(f"/api/v1/articles/?{many}", headers=api_headers)

    assert page.status_code == 400
    assert "too many" in page.content.decode().lower()
    assert answer.status_code == 400
    assert "too many" in answer.json()["detail"].lower()
