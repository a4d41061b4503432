"""Where one page's time goes: cProfile of a few uncached requests, plus their SQL count and time.

    DATABASE_URL=postgres://…/evidence_bench python -m bench.profile /articles/some-slug/ [requests]

Runs in-process with Django's test client on the benchmark settings with the
cache switched off, so the figures are those of a cold request without the
network and gunicorn around it. For the benchmark's "uncached" phase (whole
pages not kept, rendered Markdown and counts warm), run it with
`BENCH_CACHE=on REDIS_URL=redis://… EVIDENCE_RESPONSE_CACHE=False`.
"""

import cProfile
import io
import os
import pstats
import sys
import time

import django


def api_headers():
    key = os.environ.get("BENCH_API_KEY", "")
    return {"authorization": f"Bearer {key}"} if key else {}


def profile(path, requests=5):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The API wants a key: BENCH_API_KEY=… (make one with `manage.py create_api_key NAME`).
    client = Client(SERVER_NAME="localhost", headers=api_headers())
    client.get(path)  # the first request pays for imports and connection set-up
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        profiler.enable()
        for _ in range(requests):
            status = client.get(path).status_code
        profiler.disable()
    took = (time.perf_counter() - started) / requests * 1000
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000 / requests
    print(f"{path}: HTTP {status}, {took:.1f} ms per request (profiled), "
          f"{len(captured) // requests} queries taking {sql_ms:.1f} ms")  # fmt: skip
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    print(out.getvalue())


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Cold by default; BENCH_CACHE=on REDIS_URL=… EVIDENCE_RESPONSE_CACHE=False profiles the "uncached" phase.
    os.environ.setdefault("BENCH_CACHE", "off")
    django.setup()
    profile(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
