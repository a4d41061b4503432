"""Every public page takes a fixed number of SQL queries, however many articles, studies or citations."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from evidence.models import ConditionRevision, Status
from tests.factories import ArticleFactory, ArticleReferenceFactory, CitationFactory, ConditionFactory, StudyFactory

pytestmark = pytest.mark.django_db
S = Status


@pytest.fixture
def build(walk, writer):
    """build(articles, citations): live articles about one condition, each citing the same live studies."""

    def build_library(articles, citations):
        condition = walk(ConditionFactory(slug="ms", name="Cells disease"), S.PUBLISHED)
        studies = []
        for n in range(citations):
            study = StudyFactory(citation_key=f"study-{n}", title=f"Cells trial {n}")
            study.save()
            study.conditions.add(condition)
            studies.append(walk(study, S.PUBLISHED))
        for n in range(articles):
            article = ArticleFactory(
                author=writer,
                slug=f"article-{n}",
                title=f"Cells story {n}",
                body=" ".join(f"[@study-{i}]" for i in range(citations)),
            )
            article.conditions.add(condition)
            for position, study in enumerate(studies, start=1):
                CitationFactory(article=article, study=study, position=position)
            ArticleReferenceFactory(article=article, position=1)
            walk(article, S.PUBLISHED)

    return build_library


# (url, queries): the numbers are the same for small and large libraries. Article cards come prepared (the worker
# prepares each article's page and card at publication: evidence.prepared), one query for a page of them.
# Each includes the two look-ups of the public content version in the change log (a process-local cache, as in
# tests; with Redis they are not made), except the pages versioned by what they show (an article, a study or a
# condition page, a sitemap section): their own stamp is one query.
PAGES = [
    ("/", 6),  # the 6 newest ids, their cards, live conditions, live articles per condition (grouped)
    ("/articles/", 6),  # live conditions for the filter, count, page ids, the page's cards
    ("/articles/?condition=ms&strongest=6", 6),
    # the article's own version, its prepared page (evidence.prepared: the worker prepares it at publication)
    ("/articles/article-0/", 2),
    ("/conditions/", 4),  # version, live conditions, live articles per condition (grouped)
    # the page's stamp, study + its conditions joined to their live revisions + its notices, citing articles' ids
    # and their cards
    ("/studies/study-0/", 6),
    # the live conditions' names (which does the query name? "cells" names "Cells disease"), the ids of the
    # articles about it, the ids of the other matches, those articles + 3 prefetches, studies (the page shows no
    # study's conditions), conditions; on PostgreSQL one more: the newest studies are searched before the index
    # is (evidence.selectors.search.RECENT_STUDIES)
    ("/search/?q=cells", 12 if connection.vendor == "postgresql" else 11),
    ("/feeds/articles/", 6),
    ("/sitemap.xml", 8),
    ("/sitemap-articles.xml", 3),  # the section's stamp, count, articles
]


@pytest.mark.parametrize(("url", "queries"), PAGES)
@pytest.mark.parametrize(("articles", "citations"), [(1, 1), (12, 10)])
def test_public_page_query_count_is_constant(
    client, build, django_assert_num_queries, url, queries, articles, citations
):
    build(articles, citations)
    call_command("prepare_pages", verbosity=0)  # what the worker does after each publication
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(("articles", "citations"), [(1, 1), (12, 10)])
def test_an_article_page_not_prepared_yet_is_rendered_in_a_fixed_number_of_queries(
    client, build, django_assert_num_queries, articles, citations
):
    """The article's version, its prepared page (missing), the article + 3 prefetches + its references'
    notices, disclaimers (3: shown ones, their conditions, their articles) and keeping the page prepared."""
    build(articles, citations)
    cache.clear()

    with django_assert_num_queries(11):
        response = client.get("/articles/article-0/")

    assert response.status_code == 200
    cache.clear()  # not the whole page kept: its parts
    with django_assert_num_queries(2):  # kept: the next visitor reads it prepared
        assert client.get("/articles/article-0/").content == response.content


@pytest.mark.parametrize(("articles", "citations"), [(1, 1), (12, 10)])
def test_a_condition_page_is_kept_at_its_first_visit_and_then_read_in_one_query(
    client, build, django_assert_num_queries, walk, writer, django_capture_on_commit_callbacks, articles, citations
):
    """First visit: the page's stamp, its kept page (none), the condition, newest 12 articles' names and their
    cards, newest studies (their conditions are not shown here), 2 counts, disclaimers, then keeping it (one
    upsert in a savepoint: 3)."""
    build(articles, citations)
    call_command("prepare_pages", verbosity=0)
    cache.clear()
    with django_assert_num_queries(12):
        first = client.get("/conditions/ms/")

    cache.clear()  # not the whole page kept: its parts
    with django_assert_num_queries(2):  # the stamp, the kept page
        assert client.get("/conditions/ms/").content == first.content

    condition = ConditionRevision.objects.live().get(slug="ms")
    newer = ArticleFactory(author=writer, slug="newer", title="A newer summary")
    newer.conditions.add(condition.item)
    with django_capture_on_commit_callbacks(execute=True):
        walk(newer, S.PUBLISHED)
    cache.clear()
    assert "A newer summary" in client.get("/conditions/ms/").content.decode()  # the stamp moved
