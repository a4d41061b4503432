# Search documents stored on each revision; the PostgreSQL triggers, backfill and indexes are written by hand.
#
# The backfill rewrites every revision row. On a large library, run
# `VACUUM (ANALYZE) evidence_articlerevision, evidence_studyrevision;` afterwards (it cannot run inside a
# migration's transaction): until the tables are vacuumed PostgreSQL cannot use index-only scans, and deep
# pages of the article list took 300 ms instead of 49 ms at 100,000 articles (docs/benchmarks.md).

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Q, TextField
from django.db.models.functions import Cast

CONFIG = "english"

# The weighted documents search ranks, as SQL over one row: `{row}` is "NEW." inside the trigger and empty in
# the backfill. They are the documents migration 0005 indexed as expressions (frozen below), so rankings and
# matches do not change; tests/bench/test_search_indexes.py checks the trigger against those expressions.
DOCUMENTS = {
    "evidence_articlerevision": {
        "columns": ("title", "summary", "body"),
        "sql": (
            "setweight(to_tsvector('english'::regconfig, COALESCE({row}title, '')), 'A')"
            " || setweight(to_tsvector('english'::regconfig, COALESCE({row}summary, '')), 'B')"
            " || setweight(to_tsvector('english'::regconfig, COALESCE({row}body, '')), 'C')"
        ),
    },
    "evidence_studyrevision": {
        "columns": ("title", "authors", "journal"),
        "sql": (
            "setweight(to_tsvector('english'::regconfig, COALESCE({row}title, '')), 'A')"
            " || setweight(to_tsvector('english'::regconfig,"
            " COALESCE(({row}authors)::text, '') || ' ' || COALESCE({row}journal, '')), 'B')"
        ),
    },
}

# Partial, like the expression indexes they replace: drafts and old revisions are never searched.
DOCUMENT_INDEXES = [
    (
        "articlerevision",
        GinIndex(fields=["search_document"], name="article_rev_live_document", condition=Q(is_live=True)),
    ),
    ("studyrevision", GinIndex(fields=["search_document"], name="study_rev_live_document", condition=Q(is_live=True))),
]


def expression_indexes():
    """Migration 0005's indexes, frozen: dropped going forward, rebuilt going back."""
    article_vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )
    study_vector = SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        Cast("authors", TextField()), "journal", weight="B", config=CONFIG
    )
    live = Q(is_live=True)
    return [
        ("articlerevision", GinIndex(article_vector, name="article_rev_live_search", condition=live)),
        ("studyrevision", GinIndex(study_vector, name="study_rev_live_search", condition=live)),
    ]


def function_name(table):
    return f"{table}_search_document"


def install_triggers(cursor):
    """Create (or replace) the function and trigger that keep each table's search_document current.

    BEFORE INSERT covers the ORM, bulk_create and seed_bench's COPY alike; UPDATE fires only when a
    source column is in the SET list, so touching is_live on publish does not re-parse the body.
    """
    for table, document in DOCUMENTS.items():
        name = function_name(table)
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_document := {document['sql'].format(row='NEW.')}; RETURN NEW; END $$"
        )
        columns = ", ".join(document["columns"])
        cursor.execute(
            f"CREATE OR REPLACE TRIGGER {name} BEFORE INSERT OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def add_search_documents(apps, schema_editor):
    # to_tsvector, triggers and GIN exist only on PostgreSQL; SQLite (the demo) searches without a document.
    if schema_editor.connection.vendor != "postgresql":
        return
    # Drop the old indexes first, so the backfill's new row versions do not re-parse every body into them.
    for _, index in expression_indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
    with schema_editor.connection.cursor() as cursor:
        install_triggers(cursor)
        for table, document in DOCUMENTS.items():
            # One statement per table; setting only search_document does not fire the UPDATE OF trigger.
            cursor.execute(f"UPDATE {table} SET search_document = {document['sql'].format(row='')}")
    for model_name, index in DOCUMENT_INDEXES:
        schema_editor.add_index(apps.get_model("evidence", model_name), index)


def remove_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # IF EXISTS throughout: a database built from the models (the tests) has none of these.
    for _, index in DOCUMENT_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
    for table in DOCUMENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {function_name(table)} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function_name(table)}()")
    for model_name, index in expression_indexes():
        schema_editor.add_index(apps.get_model("evidence", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0006_audit_public_changes_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlerevision",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="studyrevision",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(add_search_documents, remove_search_documents),
    ]
