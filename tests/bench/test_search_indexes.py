"""The stored search documents (migration 0007) and their GIN indexes serve the public search as evidence.selectors.search writes it.

The trigger must build the very document ARTICLE_VECTOR and STUDY_VECTOR
describe (they are still the SQLite fallback's columns and the API's
contract), and the search page's query must match through the partial GIN
index rather than read the whole library. The test database is built without
migrations, so each test installs the triggers and indexes with the
migration's own function first, inside the test's transaction.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext

from evidence.models import ArticleRevision, Status, StudyRevision
from evidence.selectors import search
from tests.conftest import explain_without_seqscan
from tests.factories import ArticleFactory, StudyFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("evidence.migrations.0007_search_documents")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="GIN indexes and full-text search exist on PostgreSQL only; SQLite search uses icontains",
)


def add_search_documents():
    with connection.schema_editor() as editor:
        migration.add_search_documents(apps, editor)


def leave_only_the_index(table, index):
    """Drop every other index on `table` inside the test's transaction (rolled back after the test).

    On a tiny test table the planner may prefer any index; with only the GIN
    index left and sequential scans priced out, the plan uses it exactly when
    the query matches on the indexed column of live rows.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u')", [table]
        )
        for (constraint,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}" CASCADE')
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname <> %s", [table, index])
        for (other,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX IF EXISTS "{other}"')


def plan_of_search_query(table, starts=None):
    """EXPLAIN of the query the public search runs on `table` (its ranking query), with sequential scans priced out."""
    starts = starts or f'SELECT "{table}"'
    with CaptureQueriesContext(connection) as captured:
        search.search("lupus")
    sql = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith(starts) and "@@" in q["sql"])
    return explain_without_seqscan(sql)


@postgres_only
@pytest.mark.parametrize(
    ("table", "index"),
    [("evidence_articlerevision", "article_rev_live_document"), ("evidence_studyrevision", "study_rev_live_document")],
)
def test_public_search_is_served_by_the_gin_index(table, index):
    add_search_documents()
    leave_only_the_index(table, index)

    assert index in plan_of_search_query(table)


@postgres_only
def test_studies_are_first_searched_newest_first_on_the_primary_key(walk):
    add_search_documents()
    walk(StudyFactory(title="Lupus trial"), Status.PUBLISHED)

    plan = plan_of_search_query("evidence_studyrevision", starts="SELECT recent.")

    # Walked from the newest row and stopped at RECENT_STUDIES: never every match gathered and sorted.
    assert "Index Scan Backward using evidence_studyrevision_pkey" in plan
    assert "Bitmap" not in plan and "Sort" not in plan


@postgres_only
def test_the_trigger_builds_the_documents_the_vectors_describe(walk, writer):
    add_search_documents()
    walk(ArticleFactory(author=writer, title="Lupus and cells", summary="Kidneys.", body="Stem cells."), Status.DRAFT)
    walk(
        StudyFactory(
            title="Lupus trial",
            authors=[{"family": "Smith", "given": "J"}, {"family": "Jones", "given": "K"}],
            journal="Lancet",
        ),
        Status.DRAFT,
    )

    for model, vector in ((ArticleRevision, search.ARTICLE_VECTOR), (StudyRevision, search.STUDY_VECTOR)):
        as_text = model.objects.values_list(Cast("search_document", TextField()), Cast(vector, TextField()))
        stored, expected = as_text.get()
        assert "lupus" in stored
        assert stored == expected, model.__name__


@postgres_only
def test_backfill_fills_rows_written_before_the_migration(walk, writer):
    walk(ArticleFactory(author=writer, title="Lupus before"), Status.PUBLISHED)
    # As written before the migration: the test database has the trigger (tests/conftest.py), so clear its work.
    ArticleRevision.objects.update(search_document=None)
    assert ArticleRevision.objects.filter(search_document__isnull=True).exists()
    with connection.cursor() as cursor:  # CREATE INDEX refuses a table with deferred foreign-key checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    add_search_documents()

    assert not ArticleRevision.objects.filter(search_document__isnull=True).exists()
    assert [a.title for a in search.search("lupus").articles] == ["Lupus before"]


class RecordingEditor:
    """Stands in for a schema editor: remembers what the migration asked for."""

    def __init__(self):
        self.connection = connection
        self.added = []
        self.executed = []

    def add_index(self, model, index):
        self.added.append((model._meta.db_table, index.name))

    def execute(self, sql, params=()):
        self.executed.append(sql)


def test_search_document_migration_adds_gin_indexes_on_postgresql_only():
    editor = RecordingEditor()

    migration.add_search_documents(apps, editor)  # on PostgreSQL the triggers and backfill are rolled back

    expected = [
        ("evidence_articlerevision", "article_rev_live_document"),
        ("evidence_studyrevision", "study_rev_live_document"),
    ]
    assert editor.added == (expected if connection.vendor == "postgresql" else [])
    assert editor.executed == (
        ['DROP INDEX IF EXISTS "article_rev_live_search"', 'DROP INDEX IF EXISTS "study_rev_live_search"']
        if connection.vendor == "postgresql"
        else []
    )
