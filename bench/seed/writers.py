"""Write many rows fast: PostgreSQL COPY where available, batched INSERTs elsewhere.

Seeding a million studies through the ORM's bulk_create builds one huge
parameter list per batch and runs every value through Python adaptation;
COPY streams rows to the server instead, several times faster. SQLite (the
demo and the test suite) gets plain executemany INSERTs with Django's own
value preparation, so both paths store the same values.

Primary keys of working copies and revisions are reserved up front (from the
table's sequence on PostgreSQL), because revisions, links and citations must
point at rows written in the same batch.
"""

import json

from django.db import models


class RowWriter:
    """Insert rows given as tuples in the order of `fields` (attribute names, e.g. "item_id")."""

    def __init__(self, connection):
        self.connection = connection
        self.rows_written = 0

    def columns(self, model, fields):
        return [model._meta.get_field(name) for name in fields]

    def quoted_table(self, model):
        return self.connection.ops.quote_name(model._meta.db_table)

    def quoted_columns(self, model_fields):
        return ", ".join(self.connection.ops.quote_name(field.column) for field in model_fields)

    def reserve_ids(self, model, count):
        raise NotImplementedError

    def write(self, model, fields, rows):
        raise NotImplementedError


class CopyWriter(RowWriter):
    """PostgreSQL: reserve ids from the sequence, stream rows with COPY."""

    def reserve_ids(self, model, count):
        if count == 0:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, model, fields, rows):
        if not rows:
            return
        model_fields = self.columns(model, fields)
        json_at = [n for n, field in enumerate(model_fields) if isinstance(field, models.JSONField)]
        sql = f"COPY {self.quoted_table(model)} ({self.quoted_columns(model_fields)}) FROM STDIN"
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(_json_dumped(row, json_at) if json_at else row)
        self.rows_written += len(rows)


def _json_dumped(row, positions):
    """COPY sends text: JSON fields go as their JSON text, which PostgreSQL parses into jsonb."""
    row = list(row)
    for n in positions:
        row[n] = json.dumps(row[n])
    return row


class InsertWriter(RowWriter):
    """Any other database: ids after the current maximum, executemany INSERT with Django's value preparation."""

    def __init__(self, connection):
        super().__init__(connection)
        self._next_id = {}

    def reserve_ids(self, model, count):
        if model not in self._next_id:
            highest = model._base_manager.using(self.connection.alias).aggregate(n=models.Max("pk"))["n"]
            self._next_id[model] = (highest or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return list(range(start, start + count))

    def write(self, model, fields, rows):
        if not rows:
            return
        model_fields = self.columns(model, fields)
        placeholders = ", ".join(["%s"] * len(model_fields))
        sql = f"INSERT INTO {self.quoted_table(model)} ({self.quoted_columns(model_fields)}) VALUES ({placeholders})"
        prepared = [
            [field.get_db_prep_save(value, self.connection) for field, value in zip(model_fields, row, strict=True)]
            for row in rows
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
        self.rows_written += len(rows)


def writer_for(connection):
    return CopyWriter(connection) if connection.vendor == "postgresql" else InsertWriter(connection)
