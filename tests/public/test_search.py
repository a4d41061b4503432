"""/search/: live articles, studies and conditions; full-text on PostgreSQL, every-word on SQLite; odd input."""

import pytest
from django.db import connection

from evidence.models import Status
from evidence.selectors import search
from tests.factories import ArticleFactory, ConditionFactory, StudyFactory

from .conftest import html

pytestmark = pytest.mark.django_db
S = Status
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search (stemming, ranking) exists only on PostgreSQL"
)


@pytest.fixture
def library(walk, writer):
    walk(ConditionFactory(name="Multiple sclerosis", slug="ms", synonyms=["RRMS"]), S.PUBLISHED)
    walk(
        StudyFactory(
            citation_key="burt-2019",
            title="Stem cell transplantation in sclerosis",
            pmid="30644567",
            doi="10.1001/jama.2018.18743",
            pmcid="PMC9000001",
        ),
        S.PUBLISHED,
    )
    walk(
        ArticleFactory(
            author=writer,
            title="Transplants for multiple sclerosis",
            summary="A trial in people.",
            body="Stem cells were given.",
        ),
        S.PUBLISHED,
    )
    walk(ArticleFactory(author=writer, title="Exosomes in joints", body="Mice with osteoarthritis."), S.PUBLISHED)


def test_search_finds_articles_studies_and_conditions(client, library):
    page = html(client.get("/search/?q=sclerosis"))
    assert "Transplants for multiple sclerosis" in page
    assert "Stem cell transplantation in sclerosis" in page
    assert 'href="/conditions/ms/"' in page
    assert "Exosomes in joints" not in page


def test_search_matches_a_conditions_other_names(client, library):
    assert 'href="/conditions/ms/"' in html(client.get("/search/?q=RRMS"))


def test_search_by_pmid_doi_or_pmcid_finds_the_study(client, library):
    assert "Stem cell transplantation in sclerosis" in html(client.get("/search/?q=PMID:+30644567"))
    assert "Stem cell transplantation in sclerosis" in html(
        client.get("/search/?q=https://doi.org/10.1001/jama.2018.18743")
    )
    assert "Stem cell transplantation in sclerosis" in html(client.get("/search/?q=pmc9000001"))


def test_an_identifier_of_a_study_that_is_not_live_finds_nothing(client, library, walk):
    walk(StudyFactory(title="A study still in review", pmid="31111111"), S.IN_REVIEW)

    page = html(client.get("/search/?q=PMID:+31111111"))

    assert "A study still in review" not in page


def test_every_word_must_match(client, library):
    assert search.search("exosomes osteoarthritis").articles
    assert not search.search("exosomes sclerosis").articles


def test_no_match_offers_ways_to_browse(client, library):
    page = html(client.get("/search/?q=unicorn"))
    assert "Nothing matched “unicorn”." in page
    assert 'href="/articles/"' in page


def test_empty_search_asks_for_a_word(client, db):
    page = html(client.get("/search/?q=+++"))
    assert "Type a word above" in page


@pytest.mark.parametrize(
    "query",
    [
        "a" * 5000,
        "\x00 sclerosis",
        "'; DROP TABLE evidence_article; --",
        '"unclosed quote',
        "-",
        "or or or",
        "%_%",
        "cells & | ! :* <script>",
        "日本語 テスト",
        "😀",
    ],
)
def test_odd_queries_never_fail(client, library, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in html(response)


def test_long_queries_are_cut_to_a_hundred_characters_and_the_page_says_so(client, library):
    page = html(client.get("/search/", {"q": "sclerosis " * 30}))
    assert "we used its first 100 characters" in page


def test_search_caps_the_results_and_says_there_are_more(client, walk, writer):
    for n in range(search.LIMIT + 2):
        walk(ArticleFactory(author=writer, title=f"Cells story {n}"), S.PUBLISHED)
    page = html(client.get("/search/?q=cells"))
    assert page.count('class="card article-card"') == search.LIMIT
    assert "Showing the best 20 matches" in page


@postgres_only
def test_postgres_search_stems_words_and_ranks_title_matches_first(library, walk, writer):
    walk(ArticleFactory(author=writer, title="Joint care", body="Sclerosis is mentioned once."), S.PUBLISHED)
    results = search.search("transplanting")  # stemmed to "transplant"
    assert [a.title for a in results.articles] == ["Transplants for multiple sclerosis"]
    ranked = search.search("sclerosis").articles
    assert ranked[0].title == "Transplants for multiple sclerosis"


@postgres_only
def test_postgres_websearch_syntax_excludes_words(library):
    assert [a.title for a in search.search("sclerosis -transplants").articles] == []
