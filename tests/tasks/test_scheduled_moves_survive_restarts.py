"""Scheduled moves run by real worker processes: none lost and none made twice when the worker is killed in the
middle of them, or when the database restarts under it (the two concurrent runs are in
tests/evidence/test_scheduling.py). Each due move is counted by its audit entries, one per move."""

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evidence.models import Article, AuditEntry, Status
from evidence.services import workflow
from tests.factories import ArticleFactory
from tests.tasks.test_worker import ROOT, _python, _subprocess_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker in another process shares the test database only on PostgreSQL (make test-postgres); "
        "SQLite's in-memory test database cannot be reached from it, nor restarted under it",
    ),
]

S = Status
PAUSE = 1.5  # seconds each move of the slowed worker waits inside its transaction


@pytest.fixture
def due(walk, editor):
    """Five approved articles whose publication fell due while no worker ran (hours ago for the first), and one
    live article whose withdrawal fell due: what a worker finds after downtime."""
    now = timezone.now()
    published = walk(ArticleFactory(title="Withdrawn on time"), S.PUBLISHED)
    approved = [walk(ArticleFactory(title=f"Due {n}"), S.APPROVED) for n in range(5)]
    for hours, article in enumerate(approved):
        workflow.perform("schedule", item=article, by=editor, publish_at=now + timedelta(hours=1))
        Article.objects.filter(pk=article.pk).update(publish_at=now - timedelta(hours=5 - hours))
    workflow.perform("schedule", item=published, by=editor, unpublish_at=now + timedelta(hours=1))
    Article.objects.filter(pk=published.pk).update(unpublish_at=now - timedelta(minutes=3))
    return approved, published


def moves(action, article) -> int:
    return AuditEntry.objects.for_item(article).filter(action=action).count()


def assert_each_move_made_once(approved, withdrawn):
    assert [moves("publish", a) for a in approved] == [1] * len(approved)
    assert Article.objects.filter(pk__in=[a.pk for a in approved], status=S.PUBLISHED).count() == len(approved)
    assert Article.objects.filter(pk__in=[a.pk for a in approved], publish_at__isnull=False).count() == 0
    assert moves("unpublish", withdrawn) == 1
    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.unpublish_at) == (S.UNPUBLISHED, None)


def env(**settings):
    return _subprocess_env() | {name: str(value) for name, value in settings.items()}


def start_slow_worker(progress: Path, worker_id: str, environment):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tasks.slow_worker", str(progress), str(PAUSE), "--no-reload",
         "--no-startup-delay", "--interval", "0.2", "--worker-id", worker_id],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for_moves(progress: Path, count: int, worker, *, seconds=60):
    """Wait until the slowed worker has started its `count`-th move (the one before it has committed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if progress.exists() and len(progress.read_text().split()) >= count:
            return
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped early:\n{worker.communicate()[1]}")
        time.sleep(0.05)
    worker.kill()
    pytest.fail(f"the worker made fewer than {count} moves in {seconds} s:\n{worker.communicate()[1]}")


def queue_publish_due():
    """What the scheduler does every minute (manage.py run_scheduler --once), in its own process."""
    return _python("manage.py", "run_scheduler", "--once", env=env())


def test_a_worker_killed_mid_run_loses_no_move_and_repeats_none(due, tmp_path):
    approved, withdrawn = due
    progress = tmp_path / "moves.txt"
    assert queue_publish_due().returncode == 0
    worker = start_slow_worker(progress, "killed", env(EVIDENCE_WORKER_HEARTBEAT_SECONDS=60))

    wait_for_moves(progress, 3, worker)  # two publications committed, the third waits to commit
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)

    assert [moves("publish", a) for a in approved] == [1, 1, 0, 0, 0]  # the move in flight rolled back
    task = DBTaskResult.objects.get(task_path="evidence.tasks.publish_due")
    assert task.status == "RUNNING"  # as the killed worker left it

    time.sleep(1.5)  # the killed worker's heartbeat goes silent (EVIDENCE_WORKER_SILENT_SECONDS below)
    restarted = _python(
        "manage.py", "run_worker", "--batch", "--no-reload", "--no-startup-delay",
        env=env(EVIDENCE_WORKER_SILENT_SECONDS=1),
    )  # fmt: skip
    assert restarted.returncode == 0, restarted.stderr

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"  # queued again and run by the restarted worker: the catch-up
    assert task.return_value == {"published": 3, "unpublished": 1, "refused": 0}
    assert_each_move_made_once(approved, withdrawn)

    # The scheduler's next minute finds nothing left to do.
    assert queue_publish_due().returncode == 0
    assert _python("manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", env=env()).returncode == 0
    assert_each_move_made_once(approved, withdrawn)


def terminate_other_connections():
    """Cut every other connection to the test database, as a database restart does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_database_restart_under_a_running_worker_loses_no_move_and_repeats_none(due, tmp_path):
    approved, withdrawn = due
    progress = tmp_path / "moves.txt"
    assert queue_publish_due().returncode == 0
    worker = start_slow_worker(progress, "cut-off", env(EVIDENCE_WORKER_HEARTBEAT_SECONDS=0.5))
    try:
        wait_for_moves(progress, 2, worker)  # one publication committed, the second waits to commit
        assert terminate_other_connections() >= 1

        # The worker keeps running through the outage; the scheduler's next minute queues the catch-up.
        time.sleep(PAUSE + 1)
        assert worker.poll() is None, worker.communicate()[1]
        assert queue_publish_due().returncode == 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and Article.objects.filter(status=S.APPROVED).exists():
            time.sleep(0.2)
        while time.monotonic() < deadline and DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=30)

    assert_each_move_made_once(approved, withdrawn)
    # The run the restart cut short is on record as failed, not left "running" for ever.
    runs = DBTaskResult.objects.filter(task_path="evidence.tasks.publish_due").order_by("enqueued_at")
    assert [r.status for r in runs] == ["FAILED", "SUCCESSFUL"], err
