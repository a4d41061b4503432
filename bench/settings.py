"""Settings for benchmark runs only: the production settings plus a constant reference view.

Loaded by `make bench` (DJANGO_SETTINGS_MODULE=bench.settings) and never by
the site itself, so production has no benchmark URL. Everything that shapes a
request (middleware, templates, database, cache) is the production module's;
the only differences are the URLconf, plain http on loopback, and, for the
"cold" runs, a cache that never holds anything.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-never-used-for-a-real-site-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "False")
# The benchmark client speaks plain http on loopback: no redirect to https, no secure-only cookies.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "False")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
# One API key sends every request of a run; the per-key limit must not turn them into 429s.
os.environ.setdefault("EVIDENCE_API_REQUESTS_PER_MINUTE", "100000000")

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  (the benchmark seeder, seed_bench)

ROOT_URLCONF = "bench.urls"

# BENCH_CACHE=off: every cache read misses and nothing is stored, so each request renders in full.
if os.environ.get("BENCH_CACHE", "on") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
