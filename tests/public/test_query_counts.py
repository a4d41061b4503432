"""Every public page takes a fixed number of SQL queries, however many articles, studies or citations."""

import pytest
from django.core.cache import cache

from evidence.models import Status
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


# (url, queries): conditions/articles/count/prefetches; the numbers are the same for small and large libraries.
# Each includes the two look-ups of the public content version in the change log (a process-local cache, as in
# tests; with Redis they are not made).
PAGES = [
    ("/", 10),  # 6 articles + 5 prefetches, live conditions, live articles per condition (grouped)
    ("/articles/", 11),  # live conditions for the filter, count, page ids, page of articles + 5 prefetches
    ("/articles/?condition=ms&strongest=6", 11),
    ("/articles/article-0/", 9),  # article + 5 prefetches, disclaimers
    ("/conditions/", 4),  # version, live conditions, live articles per condition (grouped)
    ("/conditions/ms/", 15),  # condition, newest 12 articles + studies with prefetches, 2 counts, disclaimers
    ("/studies/study-0/", 11),  # study + its conditions (2), citing articles + 5 prefetches
    ("/search/?q=cells", 12),  # articles + 5 prefetches, studies + their conditions (2), conditions
    ("/feeds/articles/", 8),
    ("/sitemap.xml", 8),
    ("/sitemap-articles.xml", 4),
]


@pytest.mark.parametrize(("url", "queries"), PAGES)
@pytest.mark.parametrize(("articles", "citations"), [(1, 1), (12, 10)])
def test_public_page_query_count_is_constant(
    client, build, django_assert_num_queries, url, queries, articles, citations
):
    build(articles, citations)
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
