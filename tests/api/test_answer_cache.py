"""Kept answers: keyed by the public content version, served without SQL with a shared cache, and switchable off."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache

from evidence.api.authentication import remembered_keys
from evidence.caching.version import CHANGE_LOG_SECONDS, change_log_version
from evidence.models import ArticleRevision, AuditEntry, Status
from tests.clocks import HeldClock

pytestmark = pytest.mark.django_db


def _cache_key(response):
    return f"evidence-api:answer:{response['ETag'].strip(chr(34))}"


@pytest.fixture
def shared_cache(settings, monkeypatch):
    """One process and one cache: as when every worker and cron share Redis. Returns the clock by which this
    process re-reads the change log (held still unless a test moves it)."""
    settings.EVIDENCE_SHARED_CACHE = True
    clock = HeldClock()
    monkeypatch.setattr(change_log_version, "clock", clock)
    # A slow moment on a busy machine must not expire the remembered key between two requests of a test.
    monkeypatch.setattr(remembered_keys, "clock", clock)
    return clock


def test_with_a_shared_cache_a_kept_answer_and_a_304_cost_no_sql(
    api, live_article, shared_cache, django_assert_num_queries, wall_clock
):
    live_article(citations=2)
    first = api.get("/api/v1/articles/")

    with django_assert_num_queries(0):  # key remembered, version from the cache, answer kept
        again = api.get("/api/v1/articles/")
        not_modified = api.get("/api/v1/articles/", headers={"If-None-Match": first["ETag"]})

    assert again.content == first.content
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
    assert not_modified.status_code == 304


def test_with_a_shared_cache_a_publication_changes_the_etag_and_the_answer(
    api, live_article, shared_cache, django_capture_on_commit_callbacks
):
    live_article(slug="first")
    before = api.get("/api/v1/articles/")

    with django_capture_on_commit_callbacks(execute=True):  # the version changes once the publication commits
        live_article(slug="second")

    after = api.get("/api/v1/articles/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert [a["slug"] for a in after.json()["results"]] == ["second", "first"]


def test_with_a_shared_cache_a_publication_whose_announcement_was_lost_still_changes_the_etag(
    api, live_article, shared_cache
):
    """The publishing process died between commit and announcement: the change log still tells, within a second."""
    live_article(slug="first")
    before = api.get("/api/v1/articles/")

    live_article(slug="second")  # committed, but its on-commit announcement never runs here

    assert api.get("/api/v1/articles/", headers={"If-None-Match": before["ETag"]}).status_code == 304
    shared_cache.now += CHANGE_LOG_SECONDS
    after = api.get("/api/v1/articles/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert [a["slug"] for a in after.json()["results"]] == ["second", "first"]


def test_with_a_shared_cache_a_change_that_settles_late_still_changes_the_etag(
    api, live_article, shared_cache, settings
):
    settings.EVIDENCE_API_SETTLE_SECONDS = 5
    live_article()
    fresh = api.get("/api/v1/articles/")["ETag"]

    settled = AuditEntry.objects.filter(action="publish")
    settled.update(created_at=settled.latest("pk").created_at - timedelta(seconds=10))
    shared_cache.now += CHANGE_LOG_SECONDS

    assert api.get("/api/v1/articles/")["ETag"] != fresh


def test_with_a_shared_cache_this_process_keeps_the_answers_it_served(
    api, live_article, shared_cache, django_assert_num_queries
):
    live_article()
    first = api.get("/api/v1/articles/")
    cache.delete(_cache_key(first))  # the shared copy is gone (evicted, say)

    with django_assert_num_queries(0):
        assert api.get("/api/v1/articles/").content == first.content


def test_a_byline_change_is_a_public_change_so_no_kept_answer_shows_the_old_one(
    api, live_article, shared_cache, django_capture_on_commit_callbacks
):
    """The author is shown on the article (its dependency record), so renaming them is a change of the article."""
    article = live_article()
    path = f"/api/v1/articles/{article.pk}/"
    api.get(path)

    with django_capture_on_commit_callbacks(execute=True):
        article.author.display_name = "Dana W. Renamed"
        article.author.save()

    assert api.get(path).json()["author"]["name"] == "Dana W. Renamed"


def test_no_kept_answer_outlives_its_limit(api, live_article, shared_cache, settings, monkeypatch):
    """Content changed behind the workflow's back changes no version: kept copies still expire on time."""
    article = live_article()
    path = f"/api/v1/articles/{article.pk}/"
    api.get(path)
    ArticleRevision.objects.filter(pk=article.live_revision.pk).update(title="Changed outside the workflow")

    assert api.get(path).json()["title"] != "Changed outside the workflow"  # kept
    later = time.time() + settings.EVIDENCE_API_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert api.get(path).json()["title"] == "Changed outside the workflow"


def test_with_the_response_cache_off_answers_are_built_every_time_but_304s_still_work(
    api, live_article, settings, django_assert_num_queries
):
    settings.EVIDENCE_RESPONSE_CACHE = False
    live_article(citations=2)
    first = api.get("/api/v1/articles/")

    # The version (2), the page's revisions and their prepared items (2: none prepared), the revisions in full (4,
    # and 1 for the cited studies' notices), the live disclaimers (1: none, so nothing to prefetch), Last-Modified.
    with django_assert_num_queries(2 + 2 + 5 + 1 + 1):
        again = api.get("/api/v1/articles/")
    with django_assert_num_queries(2):
        not_modified = api.get("/api/v1/articles/", headers={"If-None-Match": first["ETag"]})

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304
    assert cache.get(_cache_key(first)) is None


def test_an_answer_kept_before_the_response_cache_was_switched_off_is_not_served(api, live_article, settings, walk):
    article = live_article()
    api.get(f"/api/v1/articles/{article.pk}/")
    # Changed behind the workflow's back, so the content version stays and the kept answer would still match.
    ArticleRevision.objects.filter(pk=article.live_revision.pk).update(title="Changed outside the workflow")

    settings.EVIDENCE_RESPONSE_CACHE = False

    assert api.get(f"/api/v1/articles/{article.pk}/").json()["title"] == "Changed outside the workflow"


def test_answers_on_any_host_link_to_the_apis_one_public_address(api, live_article, settings):
    """A client following a link sends its key with it: links never point at whatever host a request named."""
    settings.ALLOWED_HOSTS = ["testserver", "partner.example"]
    settings.EVIDENCE_API_BASE_URL = "https://api.evidence.example.org"
    live_article(slug="another")
    article = live_article()

    ours = api.get("/api/v1/articles/?page_size=1")
    theirs = api.get(f"/api/v1/articles/{article.pk}/", headers={"Host": "partner.example"})

    assert theirs.json()["api_url"] == f"https://api.evidence.example.org/api/v1/articles/{article.pk}/"
    assert ours.json()["results"][0]["api_url"] == theirs.json()["api_url"]
    assert ours.json()["next"].startswith("https://api.evidence.example.org/api/v1/articles/?")


def test_a_withdrawn_article_leaves_the_list_at_once(api, live_article, walk, django_capture_on_commit_callbacks):
    article = live_article()
    assert len(api.get("/api/v1/articles/").json()["results"]) == 1

    with django_capture_on_commit_callbacks(execute=True):
        walk(article, Status.UNPUBLISHED)

    assert api.get("/api/v1/articles/").json()["results"] == []
