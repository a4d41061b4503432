"""Gunicorn settings for `make serve`: Evidence Desk in production mode.

Every value comes from the environment, with defaults sized for a small
two-core server behind a reverse proxy (see README, "Serve in production").
Gunicorn reads this file with `gunicorn -c config/gunicorn.conf.py`.
"""

import os

from prometheus_client import multiprocess


def _int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, got “{value}”.") from error


wsgi_app = "config.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"

# Django pages are CPU-bound: one synchronous worker per core, no threads.
workers = _int("GUNICORN_WORKERS", 2)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "sync" if threads == 1 else "gthread"

# Load Django once before forking: workers start fast and share the loaded code's memory.
# Safe here because nothing opens a database connection at import time.
preload_app = True

# A request that takes longer than this is stuck; the worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open (a proxy or a benchmark client reuses it).
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Replace workers now and then so that a slow leak cannot grow without bound; jitter avoids all at once.
# Rarely: even a warm replacement (see when_ready) cost 15 % of a busy worker's throughput at 5,000.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = max_requests // 10

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only the local proxy may say a request came over https (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log of gunicorn's own by default: the proxy in front logs every request (with its X-Request-ID),
# and a line written and flushed per request cost a fifth of the fastest answers' throughput. Set
# GUNICORN_ACCESS_LOG to "-" (stdout) or a path to have one; %(M)s is the time taken in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" %({x-request-id}o)s'  # the app's request id
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Gunicorn 27's control socket (a shared file in the home folder) is not used: several instances
# on one machine would fight over it.
control_socket_disable = True
proc_name = "evidence-desk"


# Prometheus (EVIDENCE_METRICS) with several workers: each writes its counts to PROMETHEUS_MULTIPROC_DIR and a
# scrape adds them up. The folder is emptied at start, and a replaced worker's live gauges are dropped.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if _metrics_dir:
        os.makedirs(_metrics_dir, exist_ok=True)
        for name in os.listdir(_metrics_dir):
            if name.endswith(".db"):
                os.remove(os.path.join(_metrics_dir, name))


def child_exit(server, worker):
    if _metrics_dir:
        multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    # The app is loaded (preload_app) and no worker is forked yet: compile what every worker would compile on
    # its first requests once, here, so a new worker (at start, or replacing one after max_requests) is warm.
    if server.cfg.preload_app:
        from evidence.operations.warmup import warm_up

        server.log.info("Compiled %d public templates before forking the workers", warm_up())
