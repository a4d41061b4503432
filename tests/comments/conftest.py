"""An article in review with a body of three paragraphs, for the comment tests."""

import pytest

from evidence.models import Status
from tests.factories import ArticleFactory

BODY = (
    "Two small trials gave stem cells to people with type 1 diabetes.\n\n"
    "The results cured everyone, the authors said.\n\n"
    "Larger trials are under way."
)


@pytest.fixture
def article(walk, writer):
    return walk(ArticleFactory(author=writer, body=BODY), Status.IN_REVIEW)
