"""HTTP caching: ETags, 304s that cost no SQL, a page cache invalidated by publishing, and no cookies."""

import itertools
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.test.utils import CaptureQueriesContext

from evidence.caching import pages as page_cache
from evidence.caching import version as public_version
from evidence.caching.pages import public_page
from evidence.models import Status
from evidence.services import workflow
from tests.factories import ArticleFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status

PUBLIC_PAGES = [
    "/",
    "/articles/",
    "/conditions/",
    "/disclaimers/",
    "/search/?q=cells",
    "/privacy/",
    "/newsletter/",
    "/information-packet/",
    "/feeds/articles/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def article(walk, writer):
    return walk(ArticleFactory(author=writer, slug="cached", title="First wording"), S.PUBLISHED)


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/articles/cached/"])
def test_public_pages_send_cache_control_and_an_etag_and_set_no_cookie(client, article, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('W/"')
    assert not response.cookies, f"{url} set {list(response.cookies)}"


@pytest.fixture
def shared_cache(settings):
    """One process and one cache: as when every worker and cron share Redis."""
    settings.EVIDENCE_SHARED_CACHE = True


def test_conditional_request_is_answered_304_without_sql_or_rendering(client, article, shared_cache):
    etag = client.get("/articles/cached/")["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/articles/cached/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(queries) == 0


def test_if_none_match_star_is_a_304_for_a_page_that_exists_and_a_404_for_one_that_does_not(client, article, db):
    """RFC 9110 §13.1.2: `*` asks whether any current representation exists. Answered only once the view (or a
    kept copy) shows the page exists, so a missing article still gets its 404."""
    assert client.get("/articles/missing/", headers={"If-None-Match": "*"}).status_code == 404
    assert client.get("/articles/cached/", headers={"If-None-Match": "*"}).status_code == 304  # built
    assert client.get("/articles/cached/", headers={"If-None-Match": "*"}).status_code == 304  # kept copy


def test_a_strong_copy_of_the_weak_etag_still_matches(client, article):
    etag = client.get("/articles/cached/")["ETag"]

    response = client.get("/articles/cached/", headers={"If-None-Match": f'"other", {etag.removeprefix("W/")}'})

    assert response.status_code == 304


def test_cached_page_is_served_without_sql(client, article, shared_cache):
    first = client.get("/articles/cached/")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/articles/cached/")

    assert len(queries) == 0
    assert second.status_code == 200
    assert html(second) == html(first)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]  # no nonce to renew


@public_page()
def page_with_an_inline_style(request):
    """No public page uses a CSP nonce today; the page cache must still renew one if a page ever does."""
    return HttpResponse(f'<style nonce="{get_nonce(request)}">p {{ color: teal }}</style><p>Served {next(SERVED)}')


SERVED = itertools.count(1)


def test_a_page_that_uses_a_csp_nonce_gets_a_fresh_one_with_each_response_from_the_cache(rf):
    serve = ContentSecurityPolicyMiddleware(page_with_an_inline_style)

    first, second = serve(rf.get("/styled/")), serve(rf.get("/styled/"))

    nonces = [re.search(r'nonce="([^"]+)"', r.content.decode()).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1]}'" in second["Content-Security-Policy"]
    assert "Served 1" in second.content.decode()  # from the cache: the view ran once


def test_etag_ignores_tracking_parameters_but_not_the_ones_a_page_reads(client, article):
    plain = client.get("/articles/")["ETag"]
    assert client.get("/articles/?utm_source=newsletter")["ETag"] == plain
    assert client.get("/articles/?page=1")["ETag"] != plain


def test_publishing_a_new_revision_shows_the_new_text_at_once(
    client, article, edit, walk, django_capture_on_commit_callbacks
):
    etag = client.get("/articles/cached/")["ETag"]
    edit(article, title="Second wording")

    with django_capture_on_commit_callbacks(execute=True):
        walk(article, S.PUBLISHED)

    response = client.get("/articles/cached/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Second wording" in html(response)
    assert "Second wording" in html(client.get("/articles/"))


def test_withdrawing_an_article_replaces_its_page_with_the_notice_at_once(
    client, article, editor, django_capture_on_commit_callbacks
):
    assert client.get("/articles/cached/").status_code == 200
    assert "First wording" in html(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("unpublish", item=article, by=editor)

    gone = client.get("/articles/cached/")
    assert gone.status_code == 410 and "We withdrew this summary" in html(gone)
    assert "First wording" not in html(client.get("/"))


def test_a_re_review_refreshes_the_review_date_on_the_page(
    client, article, other_reviewer, django_capture_on_commit_callbacks
):
    etag = client.get("/articles/cached/")["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("re_review", item=article, by=other_reviewer)

    response = client.get("/articles/cached/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Omar Reviewer" in html(response)


def test_signed_in_staff_get_fresh_private_pages(client, article, writer):
    client.get("/articles/cached/")  # cached for the public
    client.force_login(writer)

    response = client.get(
        "/articles/cached/", headers={"If-None-Match": client.get("/articles/cached/").get("ETag", "x")}
    )

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "ETag" not in response


def test_404_and_400_pages_are_not_stored_in_the_page_cache(client, db):
    assert client.get("/articles/missing/").status_code == 404
    assert "ETag" not in client.get("/articles/missing/")
    assert client.get("/articles/?design=nonsense").status_code == 400


def test_a_local_memory_cache_keeps_pages_no_longer_than_browsers_may(settings):
    settings.EVIDENCE_SHARED_CACHE = False
    assert page_cache.page_timeout() == page_cache.MAX_AGE
    settings.EVIDENCE_SHARED_CACHE = True
    assert page_cache.page_timeout() > page_cache.MAX_AGE


def test_with_a_local_cache_a_publication_in_another_process_still_changes_the_etag(
    client, article, walk, edit, django_assert_max_num_queries
):
    etag = client.get("/articles/cached/")["ETag"]
    with django_assert_max_num_queries(1):  # the article's own version: one index entry
        assert client.get("/articles/cached/", headers={"If-None-Match": etag}).status_code == 304
    # Another process (the scheduler, another worker) cannot reach this process's cache.
    page_cache.cache.clear()
    walk(ArticleFactory(slug="published-elsewhere"), S.PUBLISHED)
    edit(article, title="Second wording")
    walk(article, S.PUBLISHED)
    page_cache.cache.set(public_version.KEY, "untouched-by-the-other-process")

    response = client.get("/articles/cached/", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Second wording" in response.content


def test_a_shared_cache_that_is_down_falls_back_to_the_database_version(client, article, walk, settings, monkeypatch):
    settings.EVIDENCE_SHARED_CACHE = True
    monkeypatch.setattr(page_cache.cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(page_cache.cache, "add", lambda *args, **kwargs: False)
    before = public_version.current()

    walk(ArticleFactory(slug="published-during-outage"), S.PUBLISHED)

    assert public_version.current() != before


def test_head_requests_get_the_same_validators(client, article):
    get, head = client.get("/articles/cached/"), client.head("/articles/cached/")
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
