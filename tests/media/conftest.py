import pytest
from django.core.cache import cache

from accounts.services import issue_api_key
from evidence.api.authentication import remembered_keys
from evidence.api.throttling import unsent_requests
from evidence.caching.answers import local_answers
from evidence.caching.version import change_log_version
from evidence.models import Status
from tests.factories import ArticleFactory, CitationFactory, FigureFactory, StudyFactory


@pytest.fixture
def figure(writer):
    return FigureFactory(by=writer)


@pytest.fixture
def live_article(walk, writer):
    """Return live_article(body=…): a published article citing one published study (the source rule wants one)."""

    def build(**fields):
        study = walk(StudyFactory(), Status.PUBLISHED)
        article = ArticleFactory(author=writer, **fields)
        CitationFactory(article=article, study=study, position=1)
        return walk(article, Status.PUBLISHED)

    return build


@pytest.fixture
def api_key(db):
    return issue_api_key(name="Newsletter tool")[1]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with no cached page or API answer (both are kept per public content version)."""

    def forget():
        cache.clear()
        remembered_keys.forget_all()
        local_answers.clear()
        unsent_requests.forget_all()
        change_log_version.forget()

    forget()
    settings.EVIDENCE_API_SETTLE_SECONDS = 0
    yield
    forget()
