from django.db import models


class WorkerHeartbeat(models.Model):
    """One running task worker, as it last said it was alive (evidence.operations.worker)."""

    worker_id = models.CharField(
        "worker id",
        max_length=64,
        primary_key=True,
        help_text="The id the worker claims tasks with (django-tasks-db's worker_ids).",
    )
    started_at = models.DateTimeField("started at", help_text="When this worker started.")
    beat_at = models.DateTimeField(
        "last heartbeat",
        db_index=True,
        help_text="When this worker last said it was alive; silent for EVIDENCE_WORKER_SILENT_SECONDS means gone.",
    )

    class Meta:
        verbose_name = "worker heartbeat"
        verbose_name_plural = "worker heartbeats"
        ordering = ["-beat_at"]

    def __str__(self):
        return f"worker {self.worker_id[:8]}… last seen {self.beat_at:%Y-%m-%d %H:%M:%S}"
