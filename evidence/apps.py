from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence library"

    def ready(self):
        from evidence import signals

        # Publishing, updating, withdrawing or re-reviewing makes every cached public page stale.
        from evidence.caching import version as public_version

        signals.live_content_changed.connect(public_version.bump_after_commit, dispatch_uid="evidence.caching.version")

        # Every workflow move that tells someone queues its e-mail for the worker once it commits.
        from evidence.tasks import queue_workflow_email

        signals.workflow_move_recorded.connect(queue_workflow_email, dispatch_uid="evidence.tasks.workflow_email")
