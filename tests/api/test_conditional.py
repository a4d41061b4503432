"""ETag, Last-Modified and Cache-Control; conditional requests answered 304 without building the answer."""

import math
from datetime import timedelta

import pytest
from django.utils.http import http_date

from evidence.models import AuditEntry, Status
from evidence.services import workflow
from tests.api.conftest import client_with

pytestmark = pytest.mark.django_db


def test_answers_carry_validators_and_cache_control(api, live_article, wall_clock):
    article = live_article(slug="stem-cells")

    for path in ("/api/v1/articles/", f"/api/v1/articles/{article.pk}/"):
        response = api.get(path)
        assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
        assert response["Last-Modified"] == http_date(
            AuditEntry.objects.filter(action="publish").latest("pk").created_at.timestamp()
        )
        assert response["Cache-Control"] == "private, max-age=60, must-revalidate"
        assert "Authorization" in response["Vary"]


def test_matching_if_none_match_gets_a_304_with_no_body(api, live_article):
    live_article()
    etag = api.get("/api/v1/articles/")["ETag"]

    response = api.get("/api/v1/articles/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_304_needs_no_content_queries(api, live_article, django_assert_num_queries):
    live_article(citations=3)
    etag = api.get("/api/v1/articles/")["ETag"]

    # The two content-version look-ups (the key is remembered): no article, study or disclaimer is read.
    with django_assert_num_queries(2):
        assert api.get("/api/v1/articles/", headers={"If-None-Match": etag}).status_code == 304


def test_if_modified_since_is_honoured_once_the_changes_second_is_over(api, live_article, wall_clock):
    live_article()
    published = AuditEntry.objects.latest("pk").created_at.timestamp()
    still_open = api.get("/api/v1/articles/")["Last-Modified"]
    wall_clock.advance(1)

    closed = api.get("/api/v1/articles/")["Last-Modified"]

    # While more could land in the publication's second, its date earns no 304; once it is over, the next one does.
    assert still_open == http_date(math.floor(published))
    assert api.get("/api/v1/articles/", headers={"If-Modified-Since": still_open}).status_code == 200
    assert closed == http_date(math.floor(published) + 1)
    assert api.get("/api/v1/articles/", headers={"If-Modified-Since": closed}).status_code == 304
    earlier = http_date(published - 60)
    assert api.get("/api/v1/articles/", headers={"If-Modified-Since": earlier}).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/articles/?ordering=title", "/api/v1/changes/"])
def test_a_withdrawal_in_the_same_second_as_the_publication_is_never_a_304(api, live_article, walk, wall_clock, path):
    """The reported bug: the list answered 304 to If-Modified-Since for an article withdrawn in the second it
    was published, so a client kept showing it."""
    article = live_article(slug="gone-again")
    seen = api.get(path)
    wall_clock.advance(0.5)  # still the same second

    walk(article, Status.UNPUBLISHED)

    for headers in ({"If-Modified-Since": seen["Last-Modified"]} if seen.has_header("Last-Modified") else {},
                    {"If-None-Match": seen["ETag"]} if seen.has_header("ETag") else {}):  # fmt: skip
        again = api.get(path, headers=headers)
        assert again.status_code == 200, headers
        assert again.content != seen.content


def test_an_item_changed_again_in_the_same_second_is_never_a_304(api, live_article, other_reviewer, wall_clock):
    article = live_article(slug="re-reviewed")
    seen = api.get(f"/api/v1/articles/{article.pk}/")
    wall_clock.advance(0.5)

    workflow.perform("re_review", item=article, by=other_reviewer)

    again = api.get(f"/api/v1/articles/{article.pk}/", headers={"If-Modified-Since": seen["Last-Modified"]})
    assert again.status_code == 200
    assert again.json()["last_reviewed_at"] != seen.json()["last_reviewed_at"]


def test_a_withdrawal_after_the_second_closed_is_not_a_304_either(api, live_article, walk, wall_clock):
    article = live_article()
    wall_clock.advance(1)
    closed = api.get("/api/v1/articles/")["Last-Modified"]
    wall_clock.advance(0.1)  # the first instant the date we sent allows

    walk(article, Status.UNPUBLISHED)

    assert api.get("/api/v1/articles/", headers={"If-Modified-Since": closed}).status_code == 200


def test_the_date_stays_open_until_the_second_has_settled(api, live_article, wall_clock, settings):
    settings.EVIDENCE_API_SETTLE_SECONDS = 5
    live_article()
    published = math.floor(AuditEntry.objects.latest("pk").created_at.timestamp())
    wall_clock.advance(3)  # over, but a late-committing change could still carry a time in it

    assert api.get("/api/v1/articles/")["Last-Modified"] == http_date(published)
    wall_clock.advance(3)
    assert api.get("/api/v1/articles/")["Last-Modified"] == http_date(published + 1)


def test_star_does_not_claim_an_item_that_does_not_exist(api, db):
    assert api.get("/api/v1/articles/999/", headers={"If-None-Match": "*"}).status_code == 404


def test_star_is_a_304_for_an_item_that_exists(api, live_article):
    article = live_article(citations=0)
    for _ in range(2):  # built, then kept
        response = api.get(f"/api/v1/articles/{article.pk}/", headers={"If-None-Match": "*"})
        assert response.status_code == 304


@pytest.mark.parametrize("change", ["publish another", "withdraw", "re-review"])
def test_any_public_change_gives_a_new_etag(api, live_article, walk, editor, other_reviewer, change):
    article = live_article(slug="first")
    etag = api.get("/api/v1/articles/")["ETag"]

    if change == "publish another":
        live_article(slug="second")
    elif change == "withdraw":
        walk(article, Status.UNPUBLISHED)
    else:
        workflow.perform("re_review", item=article, by=other_reviewer)

    response = api.get("/api/v1/articles/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_draft_edit_keeps_the_etag(api, live_article, edit):
    article = live_article()
    etag = api.get("/api/v1/articles/")["ETag"]

    edit(article, title="A draft nobody approved")

    assert api.get("/api/v1/articles/", headers={"If-None-Match": etag}).status_code == 304


def test_etag_depends_on_the_query(api, live_article):
    live_article()

    assert api.get("/api/v1/articles/")["ETag"] != api.get("/api/v1/articles/?ordering=title")["ETag"]


def test_a_kept_answer_is_served_again_without_content_queries(
    api, live_article, django_assert_num_queries, wall_clock
):
    live_article(citations=2)
    first = api.get("/api/v1/articles/")

    with django_assert_num_queries(2):  # the content version; Last-Modified was kept with the answer
        again = api.get("/api/v1/articles/")

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_a_change_that_settles_late_still_changes_the_etag(api, live_article, settings):
    """A publication whose entry is younger than the settle time changes the ETag again once it settles."""
    settings.EVIDENCE_API_SETTLE_SECONDS = 5
    live_article()
    fresh = api.get("/api/v1/articles/")["ETag"]

    settled = AuditEntry.objects.filter(action="publish")
    settled.update(created_at=settled.latest("pk").created_at - timedelta(seconds=10))

    assert api.get("/api/v1/articles/")["ETag"] != fresh


def test_leads_are_never_cached(leads_key):
    response = client_with(leads_key).get("/api/v1/leads/")

    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")
