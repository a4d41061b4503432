from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence library"

    def ready(self):
        from evidence import public_version, signals

        # Publishing, updating, withdrawing or re-reviewing makes every cached public page stale.
        signals.live_content_changed.connect(public_version.bump, dispatch_uid="evidence.public_version")
