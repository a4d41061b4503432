"""The full-text GIN indexes (migration 0005) serve the public search's queries as evidence.search writes them.

PostgreSQL uses an expression index only for a query with the very same
expression, so a change to ARTICLE_VECTOR or STUDY_VECTOR without a new
migration would silently bring back a scan of the whole library. The test
database is built without migrations, so each test creates the indexes with
the migration's own function first.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence import search

pytestmark = pytest.mark.django_db

migration = importlib.import_module("evidence.migrations.0005_performance_indexes")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="GIN indexes and full-text search exist on PostgreSQL only; SQLite search uses icontains",
)


def add_search_indexes():
    with connection.schema_editor() as editor:
        migration.add_search_indexes(apps, editor)


def leave_only_the_index(table, index):
    """Drop every other index on `table` inside the test's transaction (rolled back after the test).

    On a tiny test table the planner may prefer any index; with only the GIN
    index left and sequential scans priced out, the plan uses it exactly when
    its expression matches the query's.
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


def plan_of_search_query(table):
    """EXPLAIN of the query the public search runs on `table`, with sequential scans priced out."""
    with CaptureQueriesContext(connection) as captured:
        search.search("lupus")
    sql = next(q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and "@@" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.parametrize(
    ("table", "index"),
    [("evidence_articlerevision", "article_rev_live_search"), ("evidence_studyrevision", "study_rev_live_search")],
)
def test_public_search_is_served_by_the_gin_index(table, index):
    add_search_indexes()
    leave_only_the_index(table, index)

    assert index in plan_of_search_query(table)


class RecordingEditor:
    """Stands in for a schema editor: remembers which indexes the migration asked for."""

    def __init__(self):
        self.connection = connection
        self.added = []

    def add_index(self, model, index):
        self.added.append((model._meta.db_table, index.name))


def test_search_index_migration_adds_gin_indexes_on_postgresql_only():
    editor = RecordingEditor()

    migration.add_search_indexes(apps, editor)

    expected = [
        ("evidence_articlerevision", "article_rev_live_search"),
        ("evidence_studyrevision", "study_rev_live_search"),
    ]
    assert editor.added == (expected if connection.vendor == "postgresql" else [])
