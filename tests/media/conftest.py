import pytest

from accounts.services import issue_api_key
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
