"""Findability: permanent redirects after a slug change, the Atom feed and the sitemap."""

import xml.etree.ElementTree as ET

import pytest

from evidence.models import Status
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_an_articles_old_address_redirects_permanently_after_a_published_slug_change(client, walk, edit, writer):
    article = walk(ArticleFactory(author=writer, slug="stem-cells"), S.PUBLISHED)
    edit(article, slug="stem-cells-for-ms")
    walk(article, S.PUBLISHED)

    response = client.get("/articles/stem-cells/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/stem-cells-for-ms/"
    assert client.get("/articles/stem-cells-for-ms/").status_code == 200
    campaign = client.get("/articles/stem-cells/?utm_source=newsletter&utm_campaign=may")
    assert campaign["Location"] == "/articles/stem-cells-for-ms/?utm_source=newsletter&utm_campaign=may"


def test_a_slug_that_was_never_public_does_not_redirect(client, walk, edit, writer):
    article = walk(ArticleFactory(author=writer, slug="working-title"), S.DRAFT)
    edit(article, slug="final-title")
    walk(article, S.PUBLISHED)
    assert client.get("/articles/working-title/").status_code == 404


def test_a_conditions_old_address_redirects_permanently(client, walk, edit):
    condition = walk(ConditionFactory(slug="ms"), S.PUBLISHED)
    edit(condition, slug="multiple-sclerosis")
    walk(condition, S.PUBLISHED)

    response = client.get("/conditions/ms/")

    assert response.status_code == 301
    assert response["Location"] == "/conditions/multiple-sclerosis/"


def test_a_studys_old_citation_key_redirects_permanently(client, walk, edit):
    study = walk(StudyFactory(citation_key="burt-2018"), S.PUBLISHED)
    edit(study, citation_key="burt-2019")
    walk(study, S.PUBLISHED)

    response = client.get("/studies/burt-2018/")

    assert response.status_code == 301
    assert response["Location"] == "/studies/burt-2019/"


def test_feed_lists_live_articles_newest_first_with_summary_author_and_conditions(client, walk, writer):
    condition = walk(ConditionFactory(name="Lupus"), S.PUBLISHED)
    older = walk(ArticleFactory(author=writer, title="Older", summary="Older summary"), S.PUBLISHED)
    newer = ArticleFactory(author=writer, title="Newer", summary="Newer summary", slug="newer")
    newer.conditions.add(condition)
    walk(newer, S.PUBLISHED)

    response = client.get("/feeds/articles/")
    feed = ET.fromstring(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer", "Older"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/articles/newer/"
    assert entries[0].find(f"{ATOM}summary").text == "Newer summary"
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Dana Writer, MPH"
    assert entries[0].find(f"{ATOM}category").get("term") == "Lupus"
    assert entries[1].find(f"{ATOM}id").text.startswith("urn:uuid:")
    assert older.pk != newer.pk


def test_feed_with_nothing_published_is_a_valid_empty_feed(client, db):
    feed = ET.fromstring(client.get("/feeds/articles/").content)
    assert feed.findall(f"{ATOM}entry") == []


def test_sitemap_index_lists_each_section_and_sections_list_live_pages(client, walk, writer):
    walk(ArticleFactory(author=writer, slug="in-sitemap"), S.PUBLISHED)
    walk(ConditionFactory(slug="lupus"), S.PUBLISHED)
    walk(StudyFactory(citation_key="chen-2004"), S.PUBLISHED)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections == [
        f"http://testserver/sitemap-{name}.xml" for name in ("pages", "articles", "conditions", "studies")
    ]

    def locations(section):
        return [loc.text for loc in ET.fromstring(client.get(f"/sitemap-{section}.xml").content).iter(f"{SITEMAP}loc")]

    assert locations("articles") == ["http://testserver/articles/in-sitemap/"]
    assert locations("conditions") == ["http://testserver/conditions/lupus/"]
    assert locations("studies") == ["http://testserver/studies/chen-2004/"]
    assert "http://testserver/articles/" in locations("pages")


def test_article_lastmod_follows_a_re_review(client, walk, writer, other_reviewer, django_capture_on_commit_callbacks):
    from evidence.services import workflow

    article = walk(ArticleFactory(author=writer, slug="reviewed"), S.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform("re_review", item=article, by=other_reviewer)
    article.refresh_from_db()

    lastmod = ET.fromstring(client.get("/sitemap-articles.xml").content).find(f"{SITEMAP}url/{SITEMAP}lastmod").text
    assert lastmod == article.last_reviewed_at.date().isoformat()


def test_unknown_sitemap_section_is_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert "<html" not in html(client.get("/sitemap-articles.xml"))
