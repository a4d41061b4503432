from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only marketing API: endpoints, keys' throttles, changes feed and webhooks."""

    name = "evidence.api"
    label = "evidence_api"
    verbose_name = "Marketing API"

    def ready(self):
        from evidence import signals
        from evidence.api import prepared
        from evidence.api.webhooks.outbox import record_item_change, record_shown_change
        from evidence.prepared.registry import add_part

        # Each article's API item is prepared with its page, and read from there by the article endpoints.
        add_part(prepared.PART, prepared.article_items, rendered_by=prepared.RENDERED_BY)

        signals.live_content_changed.connect(record_item_change, dispatch_uid="evidence_api.webhooks")
        signals.shown_content_changed.connect(record_shown_change, dispatch_uid="evidence_api.webhooks.shown")
