from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The writer's workbench in the admin: the Markdown editor's live preview, autosaved drafts, edit conflicts."""

    name = "evidence.workbench"
    label = "workbench"
    verbose_name = "Writer's workbench"
    default_auto_field = "django.db.models.BigAutoField"
