"""API article items are versioned by what the article shows: publishing another leaves their ETags alone."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.EVIDENCE_SHARED_CACHE = True


def test_api_items_keep_their_etag_when_another_article_is_published(api, cited_library, shared_cache):
    publish, _, articles = cited_library
    paths = [f"/api/v1/articles/{a.pk}/" for a in articles]
    before = {path: api.get(path)["ETag"] for path in paths}

    publish(ArticleFactory(slug="another-new-one"))

    assert all(api.get(path, headers={"If-None-Match": before[path]}).status_code == 304 for path in paths)
    assert api.get(paths[0])["Last-Modified"]
