"""Search on stored documents: filled by the trigger on every write, never a way to a draft, title matches first.

On PostgreSQL each test installs migration 0007's triggers first (the test
database is built without migrations; the transaction rolls them back). The
leak, ranking and query-count tests run on SQLite too, where search falls back
to every-word matching.
"""

import importlib
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence import selectors
from evidence.models import ArticleRevision, Status, StudyRevision
from evidence.selectors import search
from tests.factories import ArticleFactory, ArticleReferenceFactory, CitationFactory, ConditionFactory, StudyFactory

from .conftest import EDITED_AFTER_PUBLISHING, UNPUBLISHED_STATES, html
from .test_query_counts import PAGES

pytestmark = pytest.mark.django_db
S = Status
migration = importlib.import_module("evidence.migrations.0007_search_documents")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored documents are filled by a PostgreSQL trigger"
)


@pytest.fixture(autouse=True)
def _triggers(db):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            migration.install_triggers(cursor)


def found(model, words):
    return model.objects.filter(search_document=SearchQuery(words, search_type="websearch", config=search.CONFIG))


@postgres_only
def test_the_document_is_filled_on_insert_and_follows_a_changed_title(walk, writer):
    walk(ArticleFactory(author=writer, title="Lupus nephritis", summary="Kidneys.", body="Cells."), S.PUBLISHED)
    walk(
        StudyFactory(title="A lupus trial", authors=[{"family": "Okafor", "given": "N"}], journal="Rheumatology"),
        S.PUBLISHED,
    )

    assert found(ArticleRevision, "lupus kidneys cells").count() == 1
    assert found(StudyRevision, "lupus okafor rheumatology").count() == 1

    ArticleRevision.objects.update(title="Eczema in children")
    StudyRevision.objects.update(title="An eczema trial")

    assert not found(ArticleRevision, "lupus").exists()
    assert found(ArticleRevision, "eczema").count() == 1
    assert not found(StudyRevision, "lupus").exists()
    assert found(StudyRevision, "eczema okafor").count() == 1


@postgres_only
def test_seed_bench_copy_fills_the_document(settings):
    settings.DEBUG = True  # seed_bench refuses to seed a production site without --force
    call_command("seed_bench", articles=20, studies=12, conditions=3, stdout=StringIO(), stderr=StringIO())

    for model in (ArticleRevision, StudyRevision):
        assert model.objects.exists()
        assert not model.objects.filter(search_document__isnull=True).exists(), model.__name__
    assert search.search("bench").total or search.search("study").total


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_search_finds_no_unpublished_article_or_study(client, walk, hide, writer, state):
    walk(ArticleFactory(author=writer, title="Zebra findings in the open", body="Published."), S.PUBLISHED)
    walk(StudyFactory(title="Zebra open study"), S.PUBLISHED)
    hide(ArticleFactory(author=writer), state, title="Zebra hidden article", body="Zebra hidden body")
    hide(StudyFactory(), state, title="Zebra hidden study", journal="Zebra Journal")

    results = search.search("zebra")

    assert [a.title for a in results.articles] == ["Zebra findings in the open"]
    assert [s.title for s in results.studies] == ["Zebra open study"]
    assert not search.search("hidden").total
    page = html(client.get("/search/?q=zebra+hidden"))
    assert "Nothing matched" in page
    assert "Zebra hidden article" not in page and "Zebra hidden study" not in page


def test_a_live_item_is_found_by_its_published_words_not_its_drafts(walk, hide, writer):
    hide(ArticleFactory(author=writer, title="Lupus in the open"), EDITED_AFTER_PUBLISHING, title="Zebra draft")

    assert [a.title for a in search.search("lupus").articles] == ["Lupus in the open"]
    assert not search.search("zebra").articles


def test_a_title_match_ranks_above_newer_matches_in_the_body(walk, writer):
    walk(ArticleFactory(author=writer, title="Lupus and the kidneys", body="Nephritis."), S.PUBLISHED)
    for n in range(3):  # published later, so newer
        walk(ArticleFactory(author=writer, title=f"Joint pain {n}", body="Seen in lupus too."), S.PUBLISHED)
    walk(StudyFactory(title="Trial in adults", journal="Lupus"), S.PUBLISHED)
    walk(StudyFactory(title="Lupus trial"), S.PUBLISHED)

    results = search.search("lupus")

    assert results.articles[0].title == "Lupus and the kidneys"
    assert len(results.articles) == 4
    assert [s.title for s in results.studies] == ["Lupus trial", "Trial in adults"]


@postgres_only
def test_the_page_ranks_only_the_newest_candidates_but_the_api_gets_every_match(walk, writer, monkeypatch):
    walk(ArticleFactory(author=writer, title="Lupus, the oldest", body="Nephritis."), S.PUBLISHED)
    for n in range(3):
        walk(ArticleFactory(author=writer, title=f"Joint pain {n}", body="Seen in lupus too."), S.PUBLISHED)
    monkeypatch.setattr(search, "CANDIDATES", 2)

    page = search.search("lupus")
    api = search.matching(selectors.live_articles(), search.ARTICLE_VECTOR, search.ARTICLE_FIELDS, "lupus")

    assert sorted(a.title for a in page.articles) == ["Joint pain 1", "Joint pain 2"]  # equal rank: by id
    assert api[0].title == "Lupus, the oldest"
    assert api.count() == 4


@postgres_only
def test_the_newest_matching_studies_come_from_recent_studies_or_else_the_index(walk, hide, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "RECENT_STUDIES", 3)
    for n in range(3):
        walk(StudyFactory(title=f"Lupus trial {n}"), S.PUBLISHED)
    walk(StudyFactory(title="Knee trial"), S.PUBLISHED)
    hide(StudyFactory(), S.DRAFT, title="Lupus hidden trial")  # the newest revision of all, never live

    def newest_lupus_studies():
        with CaptureQueriesContext(connection) as captured:
            studies = search.search("lupus").studies
        ranking = next(q["sql"] for q in captured if q["sql"].startswith('SELECT "evidence_studyrevision"'))
        return [s.title for s in studies], '"search_document" @@' in ranking

    # The 3 newest live studies hold 2 lupus trials: they are the candidates, and the index is not asked.
    assert newest_lupus_studies() == (["Lupus trial 1", "Lupus trial 2"], False)

    walk(StudyFactory(title="Gout trial"), S.PUBLISHED)
    walk(StudyFactory(title="Eczema trial"), S.PUBLISHED)

    # Now the 3 newest hold none: the index finds the same newest two.
    assert newest_lupus_studies() == (["Lupus trial 1", "Lupus trial 2"], True)


def test_search_page_query_count_does_not_grow_with_results(client, walk, writer, django_assert_num_queries):
    condition = walk(ConditionFactory(name="Lupus", slug="lupus"), S.PUBLISHED)
    for n in range(3):  # each with a condition, a citation and a reference, so every prefetch runs
        study = StudyFactory(citation_key=f"trial-{n}", title=f"Lupus trial {n}")
        study.save()
        study.conditions.add(condition)
        walk(study, S.PUBLISHED)
        article = ArticleFactory(author=writer, title=f"Lupus part {n}", body=f"Cited [@trial-{n}].")
        article.conditions.add(condition)
        CitationFactory(article=article, study=study, position=1)
        ArticleReferenceFactory(article=article)
        walk(article, S.PUBLISHED)

    # The same count test_query_counts pins for a small library: one place to change when a selector does.
    with django_assert_num_queries(dict(PAGES)["/search/?q=cells"]):
        page = html(client.get("/search/?q=lupus"))

    assert page.count("Lupus part") == 3
    assert page.count("Lupus trial") == 3
