# Indexes for the admin's searches and autocompletes, written by hand (PostgreSQL only).

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models import Index, TextField
from django.db.models.functions import Cast, Upper


def _upper(field):
    # The very expression Django's admin search compares: `UPPER("field"::text) LIKE UPPER('%term%')`
    # for a plain search field, `LIKE UPPER('term%')` for a "^" one. PostgreSQL uses an expression index
    # only for the same expression; tests/evidence/test_admin_at_scale.py checks they still match.
    return Upper(Cast(field, TextField()))


def _contains(model_name, field, name):
    """Trigram index: serves `LIKE '%term%'` anywhere in the text (terms of three letters or more)."""
    return model_name, GinIndex(OpClass(_upper(field), name="gin_trgm_ops"), name=name)


def _prefix(model_name, field, name):
    """B-tree in pattern order: serves `LIKE 'term%'` whatever the database's collation."""
    return model_name, Index(OpClass(_upper(field), name="text_pattern_ops"), name=name)


def admin_search_indexes():
    """One index per search field of the large tables' admins (evidence/admin/): without one, the
    OR of the fields is a scan of every row (3.2 s for a search among 1,000,000 studies)."""
    return [
        _contains("study", "title", "study_title_upper_trgm"),
        _contains("study", "authors", "study_authors_upper_trgm"),
        _contains("study", "journal", "study_journal_upper_trgm"),
        _prefix("study", "citation_key", "study_key_upper_prefix"),
        _contains("article", "title", "article_title_upper_trgm"),
        _contains("article", "summary", "article_summary_upper_trgm"),
        _prefix("article", "slug", "article_slug_upper_prefix"),
        _contains("auditentry", "item_label", "audit_label_upper_trgm"),
        _contains("auditentry", "comment", "audit_comment_upper_trgm"),
    ]


def add_admin_search_indexes(apps, schema_editor):
    # Trigram indexes exist only on PostgreSQL; SQLite (the demo) searches its few rows without them.
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in admin_search_indexes():
        model = apps.get_model("evidence", model_name)
        # A large live library may have them built beforehand with CREATE INDEX CONCURRENTLY (same names),
        # so that deploying does not hold writes to the table while they build; keep those.
        with schema_editor.connection.cursor() as cursor:
            existing = schema_editor.connection.introspection.get_constraints(cursor, model._meta.db_table)
        if index.name not in existing:
            schema_editor.add_index(model, index)


def remove_admin_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # IF EXISTS: a database built from the models (the tests) has none of these.
    for _, index in admin_search_indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index.name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0007_search_documents"),
    ]

    operations = [
        TrigramExtension(),  # no-op on SQLite; pg_trgm is a trusted extension, so the database owner may add it
        migrations.RunPython(add_admin_search_indexes, remove_admin_search_indexes),
    ]
