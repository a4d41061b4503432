"""`make bench`: seed a PostgreSQL database, serve it with gunicorn on loopback, measure with wrk.

Phases, each on a freshly started server (2 workers unless BENCH_WORKERS):
- cold: a cache that never holds anything, so every request renders in full, Markdown and reference
  formatting included: the first view of a page after its text was published;
- uncached: production caching (a private redis-server as REDIS_URL) except that whole pages and API
  answers are not kept (EVIDENCE_RESPONSE_CACHE=False), every path requested once first: what a page
  costs after any publication makes every cached page stale, while the rendered text of revisions
  that did not change stays valid (it is cached by content). The issue's "uncached" targets use it;
- single client: search and the API list over one connection (latency, not throughput), as uncached;
- cached: the same server setup with whole pages and answers kept, every path requested once first;
  plus conditional requests answered 304.
Each phase also measures the constant view, so every figure has its ratio to it.
Endpoints not built yet are reported as "not available", not as a failure.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/evidence_bench),
BENCH_ARTICLES / BENCH_STUDIES (default 1000 / 10000, beside the demo library),
BENCH_SECONDS per row (10), BENCH_CONNECTIONS (4), BENCH_WORKERS (2).
"""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime

import psycopg

from bench import report
from bench.load import PROBE_TIMEOUT, probe, run_wrk
from bench.server import ROOT, PrivateRedis, Server, bench_environment

RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/evidence_bench"
WARM_BUDGET_SECONDS = 120  # per endpoint; a page that renders for minutes is reported as partly warmed


def setting(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got “{value}”.") from None


def manage(database_url, *args, check=True):
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=bench_environment(database_url), capture_output=True, text=True,
                          check=check)  # fmt: skip


def ensure_database(database_url):
    """Create the benchmark database if it does not exist (it is never the site's own)."""
    parts = urllib.parse.urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("BENCH_DATABASE_URL must be a PostgreSQL URL: the targets are PostgreSQL figures.")
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(f"Cannot reach PostgreSQL at {maintenance}: {error}") from error


def prepare(database_url, articles, studies):
    """Migrate, load the demo, seed, collect static files; return an API key, or "" without the API."""
    ensure_database(database_url)
    print(f"Preparing {database_url} ({articles:,} articles, {studies:,} studies beside the demo)…", flush=True)
    manage(database_url, "migrate", "--noinput")
    demo = manage(database_url, "load_demo", "--force", check=False)
    if demo.returncode:
        print(f"  demo library not loaded: {demo.stderr.strip().splitlines()[-1]}", flush=True)
    seeded = manage(database_url, "seed_bench", "--articles", str(articles), "--studies", str(studies), "--force",
                    check=False)  # fmt: skip
    if seeded.returncode:
        raise SystemExit(f"seed_bench failed: {seeded.stderr.strip()}")
    print(f"  {seeded.stdout.strip()}", flush=True)
    manage(database_url, "collectstatic", "--noinput", "-v0")
    key = manage(database_url, "create_api_key", f"bench {datetime.now(UTC):%Y-%m-%d %H:%M}", check=False)
    return key.stdout.strip().splitlines()[-1] if key.returncode == 0 and key.stdout.strip() else ""


def discover(database_url):
    command = [sys.executable, "-m", "bench.discover"]
    found = subprocess.run(command, cwd=ROOT, env=bench_environment(database_url), capture_output=True, text=True,
                           check=True)  # fmt: skip
    return json.loads(found.stdout)


API_LIST = "/api/v1/articles/?page_size=20"


def api_headers(api_key):
    return (f"Authorization: Bearer {api_key}",) if api_key else ()


def endpoints(found, article_size, api_size, api_key):
    return [
        (report.CONSTANT, [f"/bench/constant/{article_size}/"], ()),
        ("home", ["/"], ()),
        (report.LIST_FIRST, ["/articles/"], ()),
        (report.LIST_DEEP, [found["deep_page"]], ()),
        (report.DETAIL, found["articles"], ()),
        ("condition page (rotating)", found["conditions"], ()),
        (report.SEARCH, found["search"], ()),
        (report.CONSTANT_API_SIZE, [f"/bench/constant/{api_size}/"], ()),
        (report.API, [API_LIST], api_headers(api_key)),
    ]


def warm(server, paths, headers, budget_seconds=WARM_BUDGET_SECONDS):
    """Request every path once, one after the other, so the shared cache holds each; return how many were."""
    deadline = time.monotonic() + budget_seconds
    for done, path in enumerate(paths):
        if time.monotonic() > deadline:
            return done
        probe(server.base_url, path, dict(h.split(": ", 1) for h in headers))
    return len(paths)


def measure(server, phase, targets, *, seconds, connections, warm_first=False):
    """One wrk run per endpoint; the constant view first and again last, to see drift in the machine's load."""
    rows = []
    if targets[0][0] == report.CONSTANT:
        targets = [*targets, (report.CONSTANT_AGAIN, *targets[0][1:])]
    for name, paths, headers in targets:
        answer = probe(server.base_url, paths[0], dict(h.split(": ", 1) for h in headers))
        if answer.status != 200:
            reason = f"no answer within {PROBE_TIMEOUT} s" if answer.status == 0 else f"HTTP {answer.status}"
            rows.append({"endpoint": name, "phase": phase, "reason": f"not available ({reason})"})
            continue
        warmed = warm(server, paths, headers) if warm_first else None
        result = run_wrk(server.base_url, paths, seconds=seconds, connections=connections, headers=headers)
        row = {"endpoint": name, "phase": phase, "paths": len(paths), **vars(result)}
        if warmed is not None and warmed < len(paths):
            row["note"] = f"only {warmed} of {len(paths)} paths warmed within {WARM_BUDGET_SECONDS} s"
        rows.append(row)
        print(f"  {phase:<13} {name:<28} {result.requests_per_second:>9,.1f} req/s  p99 {result.p99_ms:.1f} ms",
              flush=True)  # fmt: skip
    return rows


def conditional(server, path, *, seconds, connections):
    """Requests that repeat the page's ETag in If-None-Match: the server should answer 304 without rendering."""
    etag = probe(server.base_url, path).etag
    if not etag or probe(server.base_url, path, {"If-None-Match": etag}).status != 304:
        return {"endpoint": "article page, If-None-Match", "phase": "cached", "reason": "not available (no 304)"}
    result = run_wrk(server.base_url, [path], seconds=seconds, connections=connections,
                     headers=(f"If-None-Match: {etag}",))  # fmt: skip
    return {"endpoint": "article page, If-None-Match", "phase": "cached", "paths": 1, **vars(result)}


def run_phases(database_url, found, api_key, *, workers, seconds, connections, stamp):
    """Measure cold, uncached, single-client and cached; return the rows, the sizes compared with and the cache used."""
    options = {"seconds": seconds, "connections": connections}
    with Server(database_url, workers=workers, cache="off", log_path=RESULTS / f"{stamp}-cold.log") as server:
        article_size = probe(server.base_url, found["articles"][0]).size if found["articles"] else 20_000
        api_size = probe(server.base_url, API_LIST, dict(h.split(": ", 1) for h in api_headers(api_key))).size
        targets = endpoints(found, article_size, api_size or article_size, api_key)
        rows = measure(server, "cold", targets, **options)
    with PrivateRedis(RESULTS / f"{stamp}-redis.log") as redis:
        cache_backend = "Redis (private redis-server)" if redis else "local memory (redis-server not installed)"
        redis_url = redis.url if redis else ""
        with Server(database_url, workers=workers, cache="on", log_path=RESULTS / f"{stamp}-uncached.log",
                    redis_url=redis_url, response_cache=False) as server:  # fmt: skip
            rows += measure(server, "uncached", targets, warm_first=True, **options)
            single = [t for t in targets if t[0] in (report.SEARCH, report.API)]
            rows += measure(server, "single client", single, seconds=seconds, connections=1)
        with Server(database_url, workers=workers, cache="on", log_path=RESULTS / f"{stamp}-cached.log",
                    redis_url=redis_url) as server:  # fmt: skip
            rows += measure(server, "cached", targets, warm_first=True, **options)
            if found["articles"]:
                rows.append(conditional(server, found["articles"][0], **options))
    return rows, {"article_page_bytes": article_size, "api_answer_bytes": api_size}, cache_backend


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench tries this itself).")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    articles, studies = setting("BENCH_ARTICLES", 1000), setting("BENCH_STUDIES", 10000)
    options = {
        "workers": setting("BENCH_WORKERS", 2),
        "seconds": setting("BENCH_SECONDS", 10),
        "connections": setting("BENCH_CONNECTIONS", 4),
        "stamp": datetime.now(UTC).strftime("%Y%m%d-%H%M%S"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    api_key = prepare(database_url, articles, studies)
    found = discover(database_url)
    machine = report.machine()  # the load average before measuring
    rows, sizes, cache_backend = run_phases(database_url, found, api_key, **options)
    result = {
        "when": options["stamp"],
        "library": f"{found['live_articles']:,} live articles (seeded {articles:,} articles, {studies:,} studies)",
        **{name: options[name] for name in ("workers", "connections", "seconds")},
        **sizes,
        "cache_when_cached": cache_backend,
        "machine": machine | {"load_average_at_end": [round(n, 1) for n in os.getloadavg()]},
        "rows": report.with_ratios(rows),
    }
    result["targets"] = report.check_targets(result["rows"])
    stamp = options["stamp"]
    (RESULTS / f"{stamp}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"{stamp}.md").write_text(report.markdown(result))
    print("\n" + report.markdown(result))
    print(f"Results: bench/results/{stamp}.json and .md", flush=True)


if __name__ == "__main__":
    start = time.monotonic()
    main()
    print(f"Benchmark took {time.monotonic() - start:.0f} s.")
