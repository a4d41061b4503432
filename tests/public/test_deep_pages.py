"""Deep pages of the article list: ids first, then rows; the same order, content and cost as page 1."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import ArticleRevision, Status
from tests.factories import ArticleFactory

from .conftest import UNPUBLISHED_STATES, html

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def library(walk, writer):
    """25 live articles, "Story 0" oldest; returns their titles newest first, as the list orders them."""
    for n in range(25):
        walk(ArticleFactory(author=writer, slug=f"story-{n}", title=f"Story {n}"), S.PUBLISHED)
    revisions = ArticleRevision.objects.filter(is_live=True)
    for revision in revisions:  # distinct publication times, so the expected order is unambiguous
        n = int(revision.slug.split("-")[1])
        ArticleRevision.objects.filter(pk=revision.pk).update(published_at=revision.published_at + timedelta(hours=n))
    return [f"Story {n}" for n in range(24, -1, -1)]


def titles_on(page):
    return re.findall(r">(Story \d+)<", page)


@pytest.mark.parametrize(("number", "expected"), [(1, slice(0, 10)), (2, slice(10, 20)), (3, slice(20, 25))])
def test_each_page_lists_its_own_articles_newest_first(client, library, number, expected):
    assert titles_on(html(client.get(f"/articles/?page={number}"))) == library[expected]


def test_a_deep_page_costs_the_same_queries_as_the_first_and_loads_only_its_rows(client, library):
    counts = {}
    for number in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/articles/?page={number}").status_code == 200
        counts[number] = len(captured)
        with_offset = [q["sql"] for q in captured if "OFFSET" in q["sql"].upper()]
    assert counts[1] == counts[3]
    # On the deep page only the narrow id query skips ahead; the wide rows are fetched by id.
    assert len(with_offset) == 1
    assert re.match(r'SELECT "evidence_articlerevision"\."id"( AS "pk")? FROM', with_offset[0]), with_offset[0]


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_deep_pages_never_show_unpublished_articles(client, library, hide, writer, state):
    hide(ArticleFactory(author=writer, slug="secret", title="Story 99"), state, title="Secret story")
    pages = "".join(html(client.get(f"/articles/?page={n}")) for n in (1, 2, 3))
    assert "Secret story" not in pages
    assert len(titles_on(pages)) == 25 + (state == "edited_after_publishing")


def test_a_page_past_the_end_is_not_found(client, library):
    assert client.get("/articles/?page=4").status_code == 404
    assert client.get("/articles/?page=abc").status_code == 404
