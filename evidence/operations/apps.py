from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operator tools: whole-library backup and restore, the demo library, the worker's heartbeat and health checks."""

    name = "evidence.operations"
    label = "operations"
    verbose_name = "Operations"
