from django.apps import AppConfig


class PreparedConfig(AppConfig):
    """Public pages prepared at publication: each live article's page parts rendered once and stored."""

    name = "evidence.prepared"
    label = "prepared"
    verbose_name = "Prepared pages"

    def ready(self):
        from evidence import signals
        from evidence.prepared import receivers

        # What goes live, or changes what a live article shows, is prepared again by the worker once it commits.
        signals.live_content_changed.connect(receivers.item_changed, dispatch_uid="prepared.item_changed")
        signals.shown_content_changed.connect(receivers.shown_changed, dispatch_uid="prepared.shown_changed")
