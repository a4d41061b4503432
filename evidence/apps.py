from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence library"

    def ready(self):
        from evidence import signals

        # Publishing, updating, withdrawing or re-reviewing makes every cached public page stale.
        from evidence.caching import version as public_version

        signals.live_content_changed.connect(public_version.bump_after_commit, dispatch_uid="evidence.caching.version")
        signals.shown_content_changed.connect(
            public_version.bump_after_commit, dispatch_uid="evidence.caching.version.shown"
        )

        # Behind a CDN, the tags of what changed are purged there once the change commits.
        from evidence.caching import cdn

        signals.live_content_changed.connect(cdn.purge_after_commit, dispatch_uid="evidence.caching.cdn")
        signals.shown_content_changed.connect(cdn.purge_after_commit, dispatch_uid="evidence.caching.cdn.shown")

        # A person's public profile is shown on every article they wrote or reviewed.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from evidence.services.dependencies import person_saving

        pre_save.connect(person_saving, sender=get_user_model(), dispatch_uid="evidence.dependencies.person")

        # Every workflow move that tells someone queues its e-mail for the worker once it commits.
        from evidence.tasks import queue_shown_change, queue_workflow_email

        signals.workflow_move_recorded.connect(queue_workflow_email, dispatch_uid="evidence.tasks.workflow_email")

        # A change shown on more items than one batch records the rest in background tasks, batch by batch.
        signals.shown_change_deferred.connect(queue_shown_change, dispatch_uid="evidence.tasks.shown_change")
