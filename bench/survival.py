"""`make bench-survival`: publish one article on a library of BENCH_SURVIVAL_ARTICLES (2,000) and count how
many other article pages, API items, study and condition pages and sitemap sections keep their ETag and kept
copy. The target (issue "Every public item knows what it shows"): at least 95 % of the other articles' pages
and API items.

Runs in-process against the benchmark database (BENCH_DATABASE_URL) with a private Redis as the shared
cache, as production runs; results in bench/results/survival-<time>.json and printed.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from bench.run import DEFAULT_DATABASE, RESULTS, ensure_database, manage, setting
from bench.server import ROOT, PrivateRedis, bench_environment


def main():
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    articles = setting("BENCH_SURVIVAL_ARTICLES", 2000)
    ensure_database(database_url)
    print(f"Seeding {articles:,} articles in {database_url}…", flush=True)
    manage(database_url, "migrate", "--noinput")
    size = ["--articles", str(articles), "--studies", str(articles)]
    seeded = manage(database_url, "seed_bench", *size, "--replace", "--force", check=False)
    if seeded.returncode:
        raise SystemExit(f"seed_bench failed: {seeded.stderr.strip()}")
    manage(database_url, "collectstatic", "--noinput")  # pages are rendered with the production static storage
    RESULTS.mkdir(parents=True, exist_ok=True)
    with PrivateRedis(RESULTS / "survival-redis.log") as redis:
        extra = {"REDIS_URL": redis.url} if redis else {}
        measured = subprocess.run(
            [sys.executable, "manage.py", "measure_survival"],
            check=False,  # its error is reported below, with its output
            cwd=ROOT,
            env=bench_environment(database_url, **extra),
            capture_output=True,
            text=True,
        )
    if measured.returncode:
        raise SystemExit(f"measure_survival failed:\n{measured.stderr}")
    report = json.loads(measured.stdout.strip().splitlines()[-1]) | {"shared_cache": bool(extra)}
    path = RESULTS / f"survival-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"Published “{report['new_article']}” in {report['publish_seconds']} s on {report['articles']:,} articles.")
    for kind in ("article pages", "API article items", "study pages", "condition pages", "sitemap sections"):
        row = report[kind]
        share = 100 * row["same_etag"] / max(row["count"], 1)
        print(f"  {kind:<18} {row['same_etag']:>6,}/{row['count']:<6,} same ETag ({share:.1f} %), "
              f"{row['kept_copy']:,} served from the kept copy")  # fmt: skip
    for move, reach in report["fan_out"].items():
        print(f"A disclaimer on every page {move}: {reach['articles_told']:,} articles told, "
              f"{reach['told_in_the_request']:,} in the request ({reach['request_seconds']} s), "
              f"the rest by the worker in {reach['worker_seconds']} s.")  # fmt: skip
    print(f"Results: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
