"""/api/v1/changes/: published, updated and withdrawn items since a time or cursor, so a copy stays right."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.models import AuditEntry, Status
from evidence.services import workflow
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

pytestmark = pytest.mark.django_db


def feed(api, **params):
    response = api.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def summary(page):
    return [(c["type"], c["id"], c["change"]) for c in page["results"]]


def test_first_sync_lists_every_public_item_as_published(api, live_article, live_condition):
    condition = live_condition()
    article = live_article(citations=1)
    study_id = article.citations.get().study_id

    page = feed(api)

    assert summary(page) == [
        ("condition", condition.pk, "published"),
        ("study", study_id, "published"),
        ("article", article.pk, "published"),
    ]
    assert page["has_more"] is False
    [entry] = [c for c in page["results"] if c["type"] == "article"]
    assert entry["api_url"] == f"http://testserver/api/v1/articles/{article.pk}/"
    assert (entry["revision"], entry["slug"]) == (1, article.slug)


def test_cursor_returns_only_what_changed_after_it(api, live_article, walk, edit):
    first = live_article(slug="first")
    cursor = feed(api)["cursor"]
    second = live_article(citations=0, slug="second")
    edit(first, title="New title")
    walk(first, Status.PUBLISHED)

    page = feed(api, since=cursor)

    assert summary(page) == [("article", second.pk, "published"), ("article", first.pk, "updated")]
    assert (page["results"][1]["title"], page["results"][1]["revision"]) == ("New title", first.live_revision.number)


def test_a_tombstone_carries_the_public_reason_for_the_withdrawal(api, live_article, editor):
    article = live_article(citations=0)
    cursor = feed(api)["cursor"]
    workflow.perform("unpublish", item=article, by=editor, reason="superseded", comment="Internal words.")

    [tombstone] = feed(api, since=cursor)["results"]
    assert tombstone["withdrawal_reason"] == "superseded"
    assert "Internal words." not in str(tombstone)


def test_withdrawal_appears_as_a_tombstone(api, live_article, walk):
    article = live_article(citations=0)
    cursor = feed(api)["cursor"]

    walk(article, Status.UNPUBLISHED)
    [tombstone] = feed(api, since=cursor)["results"]

    assert tombstone == {
        "type": "article",
        "id": article.pk,
        "change": "withdrawn",
        "reason": "withdrawn",
        "withdrawal_reason": "",  # the walk gave none; the admin always asks for one
        "changed_at": tombstone["changed_at"],
        "revision": None,
        "slug": None,
        "title": None,
        "url": None,
        "api_url": None,
    }
    assert (
        AuditEntry.objects.filter(action="unpublish")
        .get()
        .created_at.isoformat()
        .startswith(tombstone["changed_at"][:19])
    )


def test_re_review_is_an_update(api, live_article, other_reviewer):
    article = live_article(citations=0)
    cursor = feed(api)["cursor"]

    workflow.perform("re_review", item=article, by=other_reviewer)

    assert summary(feed(api, since=cursor)) == [("article", article.pk, "updated")]


def test_since_a_time(api, live_article):
    live_article(citations=0, slug="before")
    moment = timezone.now()
    after = live_article(citations=0, slug="after")

    assert summary(feed(api, since=moment.isoformat())) == [("article", after.pk, "published")]
    assert feed(api, since=(moment + timedelta(days=1)).isoformat())["results"] == []


def test_an_item_changed_twice_appears_once_in_its_latest_state(api, live_article, walk):
    article = live_article(citations=0)
    walk(article, Status.UNPUBLISHED)

    assert summary(feed(api, type="article")) == [("article", article.pk, "withdrawn")]


def test_paging_through_changes_with_next(api, publish):
    conditions = [publish(ConditionFactory()) for _ in range(5)]
    seen, url = [], "/api/v1/changes/?page_size=2"
    while True:
        page = api.get(url).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
        if not page["has_more"]:
            break

    assert seen == [c.pk for c in conditions]
    assert api.get(url).json()["results"] == []  # polling the last next link later: nothing new yet


def test_type_narrows_the_feed(api, publish):
    publish(ConditionFactory())
    study = publish(StudyFactory())

    assert summary(feed(api, type="study")) == [("study", study.pk, "published")]


def test_changes_younger_than_the_settle_time_wait(api, publish, settings):
    settings.EVIDENCE_API_SETTLE_SECONDS = 5
    condition = publish(ConditionFactory())

    assert feed(api)["results"] == []

    AuditEntry.objects.update(created_at=timezone.now() - timedelta(seconds=6))
    assert summary(feed(api)) == [("condition", condition.pk, "published")]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "c1.bm90LWpzb24"}, "since"),
        ({"since": "c1.eyJhIjogLTF9"}, "since"),
        ({"type": "article,recipe"}, "type"),
        ({"page_size": "1000"}, "page_size"),
        ({"cursor": "abc"}, "cursor"),
    ],
)
def test_bad_feed_parameters_are_a_400_naming_them(api, db, params, parameter):
    response = api.get("/api/v1/changes/", params)

    assert response.status_code == 400
    assert [e["parameter"] for e in response.json()["errors"]] == [parameter]


def test_deleted_study_or_article_is_not_invented(api, publish, writer):
    """Only items that really went public appear; a draft that was deleted never does."""
    ArticleFactory(author=writer).delete()

    assert feed(api)["results"] == []


def test_a_since_in_the_future_is_answered_from_now_so_nothing_made_meanwhile_is_missed(api, live_article):
    future = (timezone.now() + timedelta(minutes=2)).isoformat()

    page = feed(api, since=future)
    article = live_article(citations=0)  # made before the client's "future" time comes

    assert page["results"] == []
    assert summary(feed(api, since=page["cursor"])) == [("article", article.pk, "published")]
