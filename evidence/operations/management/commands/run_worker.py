from contextlib import suppress

from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from evidence.operations.worker import Heartbeat, forget


class Command(db_worker.Command):
    help = (
        "Run the background task worker (django-tasks-db's db_worker, same options) with a heartbeat: /healthz "
        "names a worker that went silent, and tasks left running by a worker that died are queued again."
    )

    def handle(self, *args, worker_id, **options):
        heartbeat = Heartbeat(worker_id)
        heartbeat.tick()  # alive before the first task is claimed, and abandoned tasks back in the queue
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
            with suppress(DatabaseError):  # a row left behind only goes silent; nothing depends on it
                forget(worker_id)
