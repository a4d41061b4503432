from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only marketing API: endpoints, keys' throttles, changes feed and webhooks."""

    name = "evidence.api"
    label = "evidence_api"
    verbose_name = "Marketing API"

    def ready(self):
        from evidence import signals
        from evidence.api.webhooks.outbox import record_item_change, record_shown_change

        signals.live_content_changed.connect(record_item_change, dispatch_uid="evidence_api.webhooks")
        signals.shown_content_changed.connect(record_shown_change, dispatch_uid="evidence_api.webhooks.shown")
