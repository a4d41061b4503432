"""How fast /healthz answers with everything up: gunicorn in production mode with a real Redis, a task
worker beating and local storage, on a scratch PostgreSQL database.

    .venv/bin/python -m bench.health [--requests 500]     # loopback only; results in bench/results/

Requests are sent one after another over a fresh connection each (as a load balancer's probe does) and timed
by the client; p50, p95, p99 and the slowest are printed and written to bench/results/health-<time>.txt.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime

from bench.faults import (
    GUNICORN,
    LOOPBACK,
    PYTHON,
    ROOT,
    SCRATCH,
    drill_environment,
    free_port,
    health,
    run,
    scratch_database,
    start_worker,
    wait_for,
)


def timed_requests(base_url, count) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=10) as response:
            response.read()
            assert response.status == 200
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    arguments = parser.parse_args()
    database, port = f"evidence_desk_health_{os.getpid()}", free_port()
    environment = drill_environment(f"postgres://postgres@{LOOPBACK}:5432/{database}", port) | {
        "REDIS_URL": arguments.redis_url,
        "GUNICORN_ACCESS_LOG": "",
    }
    scratch_database(arguments.admin_url, database, drop=False)
    server = worker = None
    try:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            run([PYTHON, "manage.py", *command], environment)
        worker = start_worker(environment)
        server = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.conf.py"], cwd=ROOT, env=environment, stderr=subprocess.DEVNULL
        )
        base_url = f"http://{LOOPBACK}:{port}"
        if wait_for(base_url, 200, path="/healthz?strict", seconds=60) is None:
            raise SystemExit(f"/healthz?strict never answered 200: {health(base_url, strict=True)}")
        timed_requests(base_url, 20)  # warm-up: both gunicorn workers open their connections
        timings = sorted(timed_requests(base_url, arguments.requests))
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        scratch_database(arguments.admin_url, database, drop=True)
        shutil.rmtree(SCRATCH, ignore_errors=True)
    quantile = statistics.quantiles(timings, n=100)
    line = (
        f"/healthz, everything up (PostgreSQL, Redis, worker heartbeat, local storage), {len(timings)} requests, "
        f"gunicorn 2 workers, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: p50 {quantile[49]:.1f} ms, "
        f"p95 {quantile[94]:.1f} ms, p99 {quantile[98]:.1f} ms, max {timings[-1]:.1f} ms"
    )
    print(line)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"health-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt").write_text(line + "\n")
    sys.exit(0 if quantile[98] < 50 else 1)


if __name__ == "__main__":
    main()
