from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only marketing API: endpoints, keys' throttles, changes feed and webhooks."""

    name = "evidence.api"
    label = "evidence_api"
    verbose_name = "Marketing API"
