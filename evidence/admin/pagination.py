"""Result counts for admin lists that stay cheap on a library of a million studies.

Every admin list page, search and autocomplete asks its paginator how many rows match, and Django's
paginator answers with an exact COUNT(*), which reads every matching row: 0.9 s for the unfiltered
study list at 1,000,000 studies, seconds for a search matching a common name (docs/benchmarks.md).
Nobody pages through a million rows, and "about 1,000,000 studies" serves as well as the exact figure.

So on PostgreSQL:
- an unfiltered list of a large table shows PostgreSQL's own estimate of the table's rows
  (`pg_class.reltuples`, kept current by autovacuum and ANALYZE), read without touching the table;
- a filtered list or search counts exactly up to `count_at_most` matches, and beyond that shows the
  planner's estimate for the query (never less than what was counted).
Small tables, small results and SQLite (the demo) keep exact counts.
"""

import json

from django.contrib.admin.options import ShowFacets
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class LargeTablePaginator(Paginator):
    # Below this many rows in the table, an exact count of an unfiltered list takes a few milliseconds.
    estimate_tables_above = 20_000
    # A filtered list or search stops counting here: 1,000 matches are 20 pages of 50.
    count_at_most = 1_000

    # Whether `count` is PostgreSQL's estimate rather than a count: the list then says "about" (admin/pagination.html).
    is_estimate = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not _is_postgresql_queryset(queryset):
            return super().count
        if _is_unfiltered(queryset):
            estimate = table_row_estimate(queryset)
            if estimate <= self.estimate_tables_above:
                return super().count
            self.is_estimate = True
            return estimate
        counted = queryset.order_by().values("pk")[: self.count_at_most + 1].count()
        if counted <= self.count_at_most:
            return counted
        self.is_estimate = True
        return max(counted, planner_row_estimate(queryset))


class GrowingListAdmin:
    """For a ModelAdmin whose list only grows (the library, the audit trail, sign-ups, deliveries, findings):
    no second count of the whole table beside a filtered one, estimates where counting would read every
    row (LargeTablePaginator), and no "show counts" per filter choice, which would count once per choice."""

    show_full_result_count = False
    paginator = LargeTablePaginator
    show_facets = ShowFacets.NEVER


def _is_postgresql_queryset(queryset) -> bool:
    return hasattr(queryset, "query") and connections[queryset.db].vendor == "postgresql"


def _is_unfiltered(queryset) -> bool:
    """Every row of the table, once each: no filter, search, DISTINCT, grouping, slice or union."""
    query = queryset.query
    return (
        not query.where
        and not query.distinct
        and query.group_by is None
        and not query.is_sliced
        and not query.combinator
    )


def table_row_estimate(queryset) -> int:
    """PostgreSQL's estimate of the rows in the queryset's table; -1 if it was never analysed."""
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    return row[0] if row else -1


def planner_row_estimate(queryset) -> int:
    """The planner's estimate of the rows the queryset returns (EXPLAIN without ANALYZE runs nothing)."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
