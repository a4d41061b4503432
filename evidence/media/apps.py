from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Figures: images checked by content, stored with their renditions, reviewed as part of an article."""

    name = "evidence.media"
    label = "media"
    verbose_name = "Figures"

    def ready(self):
        from evidence import signals
        from evidence.media.services import revision_recorded

        # Every saved article revision keeps a copy of its figures' words, so approval covers exactly them.
        signals.revision_recorded.connect(revision_recorded, dispatch_uid="media.services.snapshot")
