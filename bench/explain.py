"""EXPLAIN ANALYZE every query a public page runs, on the seeded benchmark database.

    DATABASE_URL=postgres://…/evidence_bench python -m bench.explain / /articles/ "/search/?q=lupus"

For each path: the queries the page runs with no cache (captured through
Django's test client), each one's execution time, and its plan with any
sequential scan of a large table flagged. This is how the indexes were chosen
(docs/benchmarks.md); run it again after changing a selector.
"""

import os
import sys

import django

LARGE_TABLE_ROWS = 10_000


def explain(sql, params, connection):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def large_sequential_scans(plan):
    return [
        f"{node['Relation Name']} ({node.get('Actual Rows', 0) * node.get('Actual Loops', 1):,} rows)"
        for node in nodes(plan)
        if node["Node Type"] == "Seq Scan" and node.get("Plan Rows", 0) >= LARGE_TABLE_ROWS
    ]


def indexes_used(plan):
    return sorted({node["Index Name"] for node in nodes(plan) if "Index Name" in node})


def api_headers():
    """The API wants a key: BENCH_API_KEY=… (make one with `manage.py create_api_key NAME`)."""
    key = os.environ.get("BENCH_API_KEY", "")
    return {"authorization": f"Bearer {key}"} if key else {}


def page_queries(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status = Client(headers=api_headers()).get(path, SERVER_NAME="localhost").status_code
    return status, [(query["sql"], query.get("params")) for query in captured.captured_queries]


def report(path):
    from django.db import connection

    status, queries = page_queries(path)
    print(f"\n{path}  HTTP {status}, {len(queries)} queries")
    total = 0.0
    for n, (sql, _) in enumerate(queries, 1):
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        result = explain(sql, None, connection)
        took = result["Execution Time"]
        total += took
        scans = large_sequential_scans(result["Plan"])
        print(f"  {n:>2}. {took:8.2f} ms  {sql[:110]}")
        print(f"      indexes: {', '.join(indexes_used(result['Plan'])) or '-'}")
        if scans:
            print(f"      SEQUENTIAL SCAN of {', '.join(scans)}")
    print(f"  total database time {total:.1f} ms")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("BENCH_CACHE", "off")
    django.setup()
    for page in sys.argv[1:] or ["/", "/articles/"]:
        report(page)
