"""A bounded soak on loopback: a steady request rate for a few minutes, counting errors and watching memory.

    python -m bench.soak [--minutes 3] [--rate 40]     (or: make soak)

It migrates and seeds the benchmark database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/evidence_bench) the way `make bench` does,
starts gunicorn with 2 workers on 127.0.0.1, and sends requests at a fixed
rate (open loop: a slow answer does not slow the sender) over the public
pages and articles in rotation. Every 10 seconds it records each worker's
resident memory. It fails (exit 1) on any error answer or failed request,
or when a worker's memory grew by more than 20 % after the first minute.
Results go to bench/results/soak.json.
"""

import argparse
import itertools
import json
import os
import re
import statistics
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.run import ensure_database, manage
from bench.server import ROOT, Server

RESULTS = ROOT / "bench" / "results"
PAGES = ["/", "/articles/", "/articles/?page=3", "/conditions/", "/search/?q=stem+cells", "/disclaimers/"]
MEMORY_GROWTH_LIMIT = 0.20


def worker_memory(master_pid):
    """Resident memory (kB) of each gunicorn worker, read from /proc."""
    memory = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M) and (rss := re.search(r"^VmRSS:\s+(\d+)", text, re.M)):
            memory[status.parent.name] = int(rss.group(1))
    return memory


def article_paths(base_url, limit=200):
    with urllib.request.urlopen(f"{base_url}/sitemap-articles.xml", timeout=30) as response:
        urls = re.findall(r"<loc>([^<]+)</loc>", response.read().decode())
    return [re.sub(r"^https?://[^/]+", "", url) for url in urls[:limit]]


def request(base_url, path):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base_url + path, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - started


def soak(server, paths, minutes, rate):
    outcomes, memory_samples, stop = [], [], threading.Event()

    def sample_memory():
        while not stop.wait(10):
            memory_samples.append({"t": round(time.monotonic() - start), **worker_memory(server.process.pid)})

    start = time.monotonic()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(max_workers=32) as pool:
        futures = []
        for n, path in zip(itertools.count(), itertools.cycle(paths)):
            due = start + n / rate
            if due - start > minutes * 60:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            futures.append(pool.submit(request, server.base_url, path))
        outcomes = [future.result() for future in futures]
    stop.set()
    return outcomes, memory_samples


def summarise(outcomes, memory_samples, minutes, rate):
    latencies = sorted(seconds for _, seconds in outcomes)
    errors = [status for status, _ in outcomes if not 200 <= status < 400]
    settled = [s for s in memory_samples if s["t"] >= 60] or memory_samples
    growth = {}
    for pid in {k for s in settled for k in s if k != "t"}:
        series = [s[pid] for s in settled if pid in s]
        growth[pid] = round((series[-1] - series[0]) / series[0], 3) if len(series) > 1 else 0.0
    return {
        "minutes": minutes,
        "rate_per_second": rate,
        "requests": len(outcomes),
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "worker_memory_kb": memory_samples,
        "worker_memory_growth_after_first_minute": growth,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--rate", type=float, default=40.0, help="requests per second, sent at a steady pace")
    options = parser.parse_args()
    if not (0 < options.minutes <= 30 and 0 < options.rate <= 500):
        raise SystemExit("Give --minutes between 0 and 30 and --rate between 0 and 500.")
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/evidence_bench")
    ensure_database(database_url)
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "collectstatic", "--noinput")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with Server(database_url, workers=2, cache="locmem", log_path=RESULTS / "soak-server.log") as server:
        paths = PAGES + article_paths(server.base_url)
        outcomes, memory_samples = soak(server, paths, options.minutes, options.rate)
    result = summarise(outcomes, memory_samples, options.minutes, options.rate)
    (RESULTS / "soak.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "worker_memory_kb"}, indent=2))
    grew = [pid for pid, g in result["worker_memory_growth_after_first_minute"].items() if g > MEMORY_GROWTH_LIMIT]
    if result["errors"] or grew:
        raise SystemExit(f"Soak failed: {result['errors']} errors; memory grew beyond 20 % in workers {grew}.")


if __name__ == "__main__":
    main()
