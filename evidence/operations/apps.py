from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operator tools with no models of their own: whole-library backup and restore, and the demo library."""

    name = "evidence.operations"
    label = "operations"
    verbose_name = "Operations"
