"""API article items are versioned by what the article shows: publishing another leaves their ETags alone."""

import pytest

from evidence.models import Status
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.EVIDENCE_SHARED_CACHE = True


@pytest.fixture
def library(walk, writer, django_capture_on_commit_callbacks):
    """Ten live articles citing one live study; publishing through the workflow runs its after-commit work."""

    def publish(item):
        with django_capture_on_commit_callbacks(execute=True):
            return walk(item, Status.PUBLISHED)

    study = publish(StudyFactory(citation_key="shared-study"))
    articles = []
    for n in range(10):
        article = ArticleFactory(author=writer, slug=f"article-{n}")
        if n < 3:
            CitationFactory(article=article, study=study, position=1)
        articles.append(publish(article))
    return publish, study, articles


def test_api_items_keep_their_etag_when_another_article_is_published(api, library, shared_cache):
    publish, _, articles = library
    paths = [f"/api/v1/articles/{a.pk}/" for a in articles]
    before = {path: api.get(path)["ETag"] for path in paths}

    publish(ArticleFactory(slug="another-new-one"))

    assert all(api.get(path, headers={"If-None-Match": before[path]}).status_code == 304 for path in paths)
    assert api.get(paths[0])["Last-Modified"]
