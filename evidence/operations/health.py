"""What /healthz checks, and how its answer names a part that fails.

The checks are django-health-check's (database: SELECT 1; cache: write and
read back a key; storage: save, read and delete a probe file in the default
storage, local or S3 alike) plus the worker's heartbeat
(evidence.operations.worker). The database, cache and heartbeat checks run on
the request's own thread, so they ask the very connections this process
serves pages with (and open none of their own); storage runs beside them in a
thread. Each has a budget of CHECK_SECONDS; a database that does not answer
at all is bounded by DATABASE_CONNECT_TIMEOUT. A check's exception text never
reaches the answer (it may hold host names), only the part's name and a word.

The load-balancer rule: answer 503 only when a part in EVIDENCE_HEALTH_REQUIRED
fails (the database by default, without which nothing is served). Redis, the
worker and storage are shared by every web process; if their outage took each
process out of the load balancer, a degraded site would become no site at all.
They are named in `failing` with a 200, and `?strict` answers 503 for any of
them, for the monitor that pages a person.
"""

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable

from evidence.caching import keys
from evidence.operations import worker

CHECK_SECONDS = 2.0
# What each part is called in the answer when it fails.
FAILED = {"database": "unreachable", "cache": "degraded", "worker": "silent", "storage": "unavailable"}


@dataclasses.dataclass
class RequestDatabase(Database):
    """SELECT 1 on the connection this process serves pages with."""

    async def run(self):
        await sync_to_async(super().run, thread_sensitive=True)()


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """Some task worker beat within EVIDENCE_WORKER_SILENT_SECONDS."""

    async def run(self):
        last = await sync_to_async(worker.last_beat, thread_sensitive=True)()
        if last is None or timezone.now() - last > worker.silent_after():
            raise ServiceUnavailable("no worker heartbeat")


def uses_worker() -> bool:
    """Whether tasks wait for a worker (not run at once inside the request, EVIDENCE_TASKS_IMMEDIATE)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def checks() -> dict[str, HealthCheck]:
    found = {
        "database": RequestDatabase(),
        "cache": Cache(key_prefix=keys.HEALTH_CHECK, timeout=timedelta(seconds=CHECK_SECONDS)),
        "storage": Storage(),
    }
    if uses_worker():
        found["worker"] = WorkerHeartbeat()
    for check in found.values():
        check.timeout = timedelta(seconds=CHECK_SECONDS)
    return found


async def failing_parts() -> list[str]:
    """Run every check at once; return the names of the parts that failed."""
    named = checks()
    # Not the event loop's default executor: closing the loop would wait for a storage check that hangs.
    executor = ThreadPoolExecutor(max_workers=len(named), thread_name_prefix="healthz")
    try:
        results = await asyncio.gather(*(check.get_result(executor) for check in named.values()))
    finally:
        executor.shutdown(wait=False)
    return [name for name, result in zip(named, results, strict=True) if result.error is not None]


def answer(failing: list[str], *, required: list[str], strict: bool, uses_worker: bool) -> tuple[dict, int]:
    """The JSON body and HTTP status for these failing parts."""
    body = {part: FAILED[part] if part in failing else "ok" for part in FAILED}
    if not uses_worker:
        body["worker"] = "not used"
    elif "database" in failing:
        body["worker"] = "unknown"  # its heartbeat is in the database
        failing = [part for part in failing if part != "worker"]
    down = bool(failing) if strict else any(part in required for part in failing)
    body = {"status": "unavailable" if down else "degraded" if failing else "ok", **body, "failing": failing}
    return body, 503 if down else 200
