"""The task worker's heartbeat, and what becomes of the tasks a dead worker was running.

The rule: a worker (`manage.py run_worker`) records a heartbeat every
EVIDENCE_WORKER_HEARTBEAT_SECONDS from a thread of its own; one that has been
silent for EVIDENCE_WORKER_SILENT_SECONDS is gone. django-tasks-db leaves the
task a killed worker was running marked RUNNING for ever; every live worker
looks for such tasks at each beat and puts them back in the queue with one
conditional UPDATE, so two workers doing it at once still queue a task once.
The next free worker runs it again: delivery is at least once, and every task
we queue is written to be safe to run twice (evidence/tasks.py).
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.db.models import Max
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evidence.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def silent_after() -> timedelta:
    return timedelta(seconds=settings.EVIDENCE_WORKER_SILENT_SECONDS)


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    """Record that this worker is alive."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": now}, create_defaults={"started_at": now, "beat_at": now}
    )


def forget(worker_id: str) -> None:
    """Remove a worker that stopped cleanly (it left no task running)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def last_beat() -> datetime | None:
    """The newest heartbeat of any worker, or None when no worker ever beat."""
    return WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]


def requeue_abandoned(*, now: datetime | None = None) -> int:
    """Queue again every task left RUNNING by a worker that is gone; return how many."""
    now = now or timezone.now()
    since = now - silent_after()
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=since).values_list("worker_id", flat=True))
    # Started long enough ago that its worker had time to beat: a task just claimed is never taken.
    running = DBTaskResult.objects.running().filter(started_at__lt=since).values_list("id", "worker_ids")
    abandoned = [task_id for task_id, worker_ids in running if not worker_ids or worker_ids[-1] not in alive]
    if not abandoned:
        return 0
    requeued = DBTaskResult.objects.filter(id__in=abandoned, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    logger.warning("Queued %s task(s) again whose worker stopped while running them", requeued)
    return requeued


class Heartbeat(threading.Thread):
    """Beat, and requeue what dead workers left, until stopped; a database outage only skips beats."""

    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self._stopped = threading.Event()

    def run(self):
        while not self._stopped.wait(settings.EVIDENCE_WORKER_HEARTBEAT_SECONDS):
            self.tick()

    def tick(self):
        try:
            close_old_connections()  # a connection dropped during an outage is replaced here
            beat(self.worker_id)
            requeue_abandoned()
        except DatabaseError as error:
            logger.warning("Worker heartbeat skipped: the database did not answer (%s)", type(error).__name__)

    def stop(self):
        self._stopped.set()
