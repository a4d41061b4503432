"""No leaks: an item that is not live, or an unpublished edit of a live one, appears on no public surface.

Each test hides an item whose text contains "zebra hidden" in one of the states the
public must not see, next to live content that fills every surface, then reads
every public surface (searching for "hidden") and the item's own address.
"""

import pytest

from evidence.models import AppliesTo, Status
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, DisclaimerFactory, StudyFactory

from .conftest import EDITED_AFTER_PUBLISHING, UNPUBLISHED_STATES, html

pytestmark = pytest.mark.django_db
S = Status

SURFACES = [
    "/", "/articles/", "/conditions/", "/disclaimers/", "/search/?q=hidden", "/feeds/articles/",
    "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-conditions.xml", "/sitemap-studies.xml",
    "/conditions/anchor/", "/articles/anchor/", "/studies/anchor-study/",
    # Side doors: the forms' condition choices, citation exports, the pages sitemap, robots and privacy pages.
    "/newsletter/", "/information-packet/", "/articles/anchor/references.ris", "/articles/anchor/references.bib",
    "/articles/anchor/references.json", "/sitemap-pages.xml", "/robots.txt", "/privacy/",
]  # fmt: skip


@pytest.fixture
def anchor(walk, writer):
    """Live content on every surface: a condition, a study about it and an article citing it."""
    condition = walk(ConditionFactory(name="Anchor condition", slug="anchor"), S.PUBLISHED)
    study = StudyFactory(citation_key="anchor-study", title="Anchor study")
    study.save()
    study.conditions.add(condition)
    walk(study, S.PUBLISHED)
    article = ArticleFactory(author=writer, slug="anchor", title="Anchor article", body="Cited [@anchor-study].")
    article.conditions.add(condition)
    CitationFactory(article=article, study=study, position=1)
    walk(article, S.PUBLISHED)
    return {"condition": condition, "study": study, "article": article}


def assert_nowhere(client, *own_urls):
    for url in SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "zebra" not in html(response).lower(), f"leaked on {url}"
    for url in own_urls:
        response = client.get(url)
        if response.status_code == 410:
            # Withdrawn after it was public: a notice with the title readers already saw, and nothing else of it.
            page = html(response).lower()
            assert "zebra hidden summary" not in page and "zebra hidden body" not in page, url
            assert 'name="robots" content="noindex"' in page, url
            continue
        assert response.status_code == 404, url


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_article_not_live_is_on_no_surface(client, anchor, hide, writer, state):
    article = ArticleFactory(author=writer)
    article.conditions.add(anchor["condition"])
    CitationFactory(article=article, study=anchor["study"], position=1)
    hide(
        article,
        state,
        title="Zebra hidden article",
        slug="zebra-article",
        summary="Zebra hidden summary",
        body="Zebra hidden body",
    )

    assert_nowhere(client, "/articles/zebra-article/")


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_condition_not_live_is_on_no_surface(client, anchor, hide, state):
    condition = hide(
        ConditionFactory(), state, name="Zebra hidden condition", slug="zebra-condition", summary="Zebra hidden"
    )
    # A live article about it, as when a condition is withdrawn after the article went live.
    anchor["article"].live_revision.conditions.add(condition)

    assert_nowhere(client, "/conditions/zebra-condition/")


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_study_not_live_is_on_no_surface(client, anchor, hide, state):
    study = StudyFactory()
    study.conditions.add(anchor["condition"])  # the condition page lists its studies
    hide(study, state, title="Zebra hidden study", citation_key="zebra-study", journal="Zebra Journal")

    assert_nowhere(client, "/studies/zebra-study/")


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_disclaimer_not_live_is_on_no_surface(client, anchor, hide, state):
    disclaimer = DisclaimerFactory(applies_to=AppliesTo.ARTICLES)
    disclaimer.articles.add(anchor["article"])
    hide(disclaimer, state, title="Zebra hidden caution", text="Zebra hidden text")

    assert_nowhere(client)


def test_unpublished_edit_of_a_cited_study_keeps_the_article_on_the_live_text(client, anchor, edit):
    edit(anchor["study"], title="Zebra retitled study")

    page = html(client.get("/articles/anchor/"))
    assert "Anchor study" in page
    assert "zebra" not in page.lower()


def test_unpublished_edit_of_a_condition_keeps_its_live_name_on_articles(client, anchor, edit):
    edit(anchor["condition"], name="Zebra renamed condition")

    assert "zebra" not in html(client.get("/articles/anchor/")).lower()
    assert "Anchor condition" in html(client.get("/articles/anchor/"))


def test_edited_slug_of_a_live_article_is_not_public_until_published(client, anchor, hide, writer):
    article = ArticleFactory(author=writer, slug="public-address")
    hide(article, EDITED_AFTER_PUBLISHING, slug="zebra-address")

    assert client.get("/articles/public-address/").status_code == 200
    assert client.get("/articles/zebra-address/").status_code == 404
