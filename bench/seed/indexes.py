"""Build the GIN indexes once after a bulk load instead of updating them row by row.

The trigram indexes behind the admin's search and the GIN indexes over the
stored search documents cost PostgreSQL far more to update for each of a
million new rows than to build once over all of them (at 100,000 studies:
seeding 65 s with them in place, 43 s plus 10 s to rebuild them). The drop,
the load and the rebuild run in one transaction, so a seed that fails or is
killed leaves every index as it was, and no half-seeded library either.
"""

from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction

# Enough to build each index in memory in one pass; for this transaction only.
BUILD_MEMORY = "512MB"


def gin_indexes(tables):
    """(name, definition) of each GIN index on `tables`, as PostgreSQL would recreate it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, pg_get_indexdef(index.oid)
            FROM pg_index
            JOIN pg_class index ON index.oid = pg_index.indexrelid
            JOIN pg_class tab ON tab.oid = pg_index.indrelid
            JOIN pg_am method ON method.oid = index.relam
            WHERE method.amname = 'gin' AND tab.relname = ANY(%s) AND pg_table_is_visible(tab.oid)
            ORDER BY index.relname
            """,
            [list(tables)],
        )
        return cursor.fetchall()


def content_tables():
    return [model._meta.db_table for model in apps.get_app_config("evidence").get_models(include_auto_created=True)]


@contextmanager
def gin_indexes_built_after(progress):
    """Load inside this block: one transaction, with the content tables' GIN indexes built at its end."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        indexes = gin_indexes(content_tables())
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
        yield
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; PostgreSQL builds no index on a table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            for done, (_, definition) in enumerate(indexes):
                progress("search indexes", done, len(indexes))
                cursor.execute(definition)
        progress("search indexes", len(indexes), len(indexes))
