"""Rendered bodies are cached by content: each revision renders its Markdown once, an edit renders anew."""

import markdown
import pytest

from accounts.services import issue_api_key
from evidence import selectors
from evidence.models import Status
from evidence.presenters import bodies
from evidence.presenters.pages import article_page, article_pages
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

    monkeypatch.setattr(bodies.markdown, "markdown", counting)
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
    one, other = bodies.render_bodies([(body, {"a": 1, "b": 2}), (body, {"a": 2, "b": 1})])
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


class CountingCache:
    """The real cache, counting the calls that each cost a round trip to Redis."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def cache_calls(monkeypatch):
    counting = CountingCache(bodies.cache)
    monkeypatch.setattr(bodies, "cache", counting)
    return counting.calls


def test_a_page_of_articles_reads_all_its_bodies_in_one_round_trip(walk, writer, markdown_calls, cache_calls):
    for n in range(5):
        walk(ArticleFactory(author=writer, slug=f"a-{n}", body=f"Body number {n}."), S.PUBLISHED)
    articles = list(selectors.live_articles())

    first = article_pages(articles)
    assert cache_calls == ["get_many", "set_many"]  # every body missed: rendered, then stored together
    assert len(markdown_calls) == 5

    cache_calls.clear()
    again = article_pages(articles)
    assert cache_calls == ["get_many"]
    assert len(markdown_calls) == 5
    assert [page.body_html for page in again] == [page.body_html for page in first]


def test_a_page_of_articles_shows_what_each_article_page_shows(cited_article, walk, writer):
    walk(ArticleFactory(author=writer, slug="plain", body="No citations *here*."), S.PUBLISHED)
    articles = list(selectors.live_articles())

    pages = article_pages(articles)

    assert [page.article for page in pages] == articles
    for page, article in zip(pages, articles, strict=True):
        alone = article_page(article)
        assert page.body_html == alone.body_html
        assert [(r.number, r.study.pk, r.text) for r in page.references] == [
            (r.number, r.study.pk, r.text) for r in alone.references
        ]
        assert page.conditions == alone.conditions
        assert page.other_references == alone.other_references


def test_bodies_rendered_together_come_back_in_order_and_a_repeat_renders_once(markdown_calls):
    texts = [("See [@a].", {"a": 1}), ("Other.", {}), ("See [@a].", {"a": 1}), ("See [@a].", {"a": 2})]

    html = bodies.render_bodies(texts)

    assert len(markdown_calls) == 3  # three different (body, numbering) pairs
    assert html == [bodies.render_body_uncached(body, numbering) for body, numbering in texts]
    assert bodies.render_bodies([]) == []
