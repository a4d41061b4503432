"""A worker killed mid-task leaves its task RUNNING; once its heartbeat has gone silent, the task is queued again,
once, and the next worker runs it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evidence.operations import worker
from evidence.operations.models import WorkerHeartbeat
from tests.operations.counted_task import count_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(tmp_path):
    return tmp_path / "runs.txt"


def claimed_by(task_result, worker_id, *, seconds_ago):
    """Mark a queued task as a worker marks the one it is running (what a killed worker leaves behind)."""
    DBTaskResult.objects.filter(id=task_result.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(seconds=seconds_ago), worker_ids=[worker_id]
    )


def run_worker():
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_a_task_left_running_by_a_silent_worker_is_queued_again_once(settings, tasks_in_database, runs):
    settings.EVIDENCE_WORKER_SILENT_SECONDS = 30
    queued = count_run.enqueue(str(runs))
    worker.beat("killed", now=timezone.now() - timedelta(seconds=60))
    claimed_by(queued, "killed", seconds_ago=60)

    assert worker.requeue_abandoned() == 1
    assert worker.requeue_abandoned() == 0  # a second worker looking at the same moment finds nothing
    assert DBTaskResult.objects.get(id=queued.id).status == "READY"


def test_a_task_of_a_worker_that_still_beats_is_left_alone(settings, tasks_in_database, runs):
    settings.EVIDENCE_WORKER_SILENT_SECONDS = 30
    queued = count_run.enqueue(str(runs))
    worker.beat("busy")
    claimed_by(queued, "busy", seconds_ago=600)  # a long task

    assert worker.requeue_abandoned() == 0
    assert DBTaskResult.objects.get(id=queued.id).status == "RUNNING"


def test_a_task_claimed_moments_ago_is_left_alone_even_without_a_heartbeat(settings, tasks_in_database, runs):
    settings.EVIDENCE_WORKER_SILENT_SECONDS = 30
    queued = count_run.enqueue(str(runs))
    claimed_by(queued, "plain-db-worker", seconds_ago=5)

    assert worker.requeue_abandoned() == 0


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, as in tests/tasks/
def test_the_restarted_worker_runs_the_abandoned_task_once_and_forgets_itself(settings, tasks_in_database, runs):
    settings.EVIDENCE_WORKER_SILENT_SECONDS = 30
    queued = count_run.enqueue(str(runs))
    claimed_by(queued, "killed", seconds_ago=60)  # killed before it ever beat again

    run_worker()
    run_worker()

    assert runs.read_text() == "ran\n"
    assert DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(id=queued.id).worker_ids[0] == "killed"  # the history stays
    assert not WorkerHeartbeat.objects.exists()  # a worker that stopped cleanly leaves no heartbeat behind


def test_a_beat_lost_to_a_database_outage_is_skipped_not_fatal(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(worker, "beat", refuse)

    worker.Heartbeat("w").tick()

    assert "Worker heartbeat skipped" in caplog.text


def test_a_beat_updates_the_same_row(tasks_in_database):
    started = timezone.now() - timedelta(minutes=5)
    worker.beat("w", now=started)
    worker.beat("w")

    row = WorkerHeartbeat.objects.get()
    assert row.started_at == started
    assert row.beat_at > started
    assert worker.last_beat() == row.beat_at
