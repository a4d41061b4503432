"""An article's page and API item are versioned by what the article shows: publishing another article leaves
their ETags and kept copies alone; a change to anything they show gives them new ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.EVIDENCE_SHARED_CACHE = True


def etags(client, paths):
    return {path: client.get(path)["ETag"] for path in paths}


@pytest.mark.parametrize("cache", ["local", "shared"])
def test_publishing_one_article_leaves_every_other_pages_etag_and_kept_copy(client, cited_library, cache, request):
    if cache == "shared":
        request.getfixturevalue("shared_cache")
    publish, _, articles = cited_library
    pages = [f"/articles/{a.slug}/" for a in articles]
    before = etags(client, pages)

    publish(ArticleFactory(slug="something-new"))

    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers={"If-None-Match": before[path]})
        assert response.status_code == 304, path
        assert len(queries) <= 2, path  # the article's own version only (shared cache: once per publication)


def test_a_change_to_a_study_renews_exactly_the_pages_that_show_it(client, cited_library, edit):
    publish, study, articles = cited_library
    pages = [f"/articles/{a.slug}/" for a in articles]
    before = etags(client, pages)

    edit(study, title="A corrected title")
    publish(study)

    after = etags(client, pages)
    changed = {path for path in pages if after[path] != before[path]}
    assert changed == set(pages[:3])
    assert b"A corrected title" in client.get(pages[0]).content


def test_republishing_an_article_gives_its_page_a_new_etag(client, cited_library, edit):
    publish, _, articles = cited_library
    path = f"/articles/{articles[5].slug}/"
    before = client.get(path)["ETag"]

    edit(articles[5], title="Rewritten")
    publish(articles[5])

    response = client.get(path, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert b"Rewritten" in response.content
