"""Rendered bodies are cached by content: each revision renders its Markdown once, an edit renders anew."""

import markdown
import pytest

from accounts.api_keys import issue_api_key
from evidence import rendering, selectors
from evidence.models import Status
from evidence.presenters import article_page
from tests.api.conftest import client_with
from tests.factories import ArticleFactory, CitationFactory, StudyFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def markdown_calls(monkeypatch):
    """Count every call of the Markdown renderer (the expensive step the cache saves)."""
    calls = []
    real = markdown.markdown

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(rendering.markdown, "markdown", counting)
    return calls


@pytest.fixture
def cited_article(walk, writer):
    study = walk(StudyFactory(citation_key="burt-2019"), S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="cells", body="Cells helped [@burt-2019] in a small trial.")
    CitationFactory(article=article, study=study, position=1)
    return walk(article, S.PUBLISHED)


def test_a_live_revision_renders_its_markdown_only_once(cited_article, markdown_calls):
    first = article_page(selectors.live_article("cells")).body_html
    second = article_page(selectors.live_article("cells")).body_html
    assert second == first
    assert 'href="#ref-1"' in first
    assert len(markdown_calls) == 1


def test_a_different_numbering_of_the_same_body_is_rendered_separately(markdown_calls):
    body = "See [@a] and [@b]."
    one = rendering.render_body(body, {"a": 1, "b": 2})
    other = rendering.render_body(body, {"a": 2, "b": 1})
    assert "[1]</a></sup> and" in one and "[2]</a></sup> and" in other
    assert one != other
    assert len(markdown_calls) == 2


def test_an_edited_and_republished_article_shows_the_new_text(client, cited_article, walk, edit):
    assert "in a small trial" in html(client.get("/articles/cells/"))
    old_revision = selectors.live_article("cells").pk
    edit(cited_article, body="Cells helped [@burt-2019] in a large randomised trial.")
    walk(cited_article, S.PUBLISHED)
    assert selectors.live_article("cells").pk != old_revision
    page = article_page(selectors.live_article("cells"))
    assert "large randomised trial" in page.body_html
    assert "small trial" not in page.body_html


def test_an_api_list_reuses_bodies_the_public_pages_rendered(client, walk, writer, markdown_calls):
    for n in range(5):
        walk(ArticleFactory(author=writer, slug=f"a-{n}", body=f"Body number {n}."), S.PUBLISHED)
    for n in range(5):
        assert client.get(f"/articles/a-{n}/").status_code == 200
    assert len(markdown_calls) == 5
    response = client_with(issue_api_key(name="Newsletter tool")[1]).get("/api/v1/articles/")
    assert response.status_code == 200
    assert "Body number 3." in response.content.decode()
    assert len(markdown_calls) == 5
