from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence library"

    def ready(self):
        from evidence import page_cache, signals

        # Publishing, updating, withdrawing or re-reviewing makes every cached public page stale.
        signals.live_content_changed.connect(page_cache.bump_version, dispatch_uid="evidence.page_cache")
