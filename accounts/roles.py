"""The four roles and what each may do; a data migration turns this into groups.

Writers write, medical reviewers sign off, editors publish and keep the
disclaimers, marketing reads. Change a role here and add a migration that
calls `sync_roles` again.
"""

WRITER = "Writer"
MEDICAL_REVIEWER = "Medical reviewer"
EDITOR = "Editor"
MARKETING = "Marketing"
ROLES = (WRITER, MEDICAL_REVIEWER, EDITOR, MARKETING)

_CONTENT = ("article", "study", "condition", "disclaimer")
_VIEW_CONTENT = [f"evidence.view_{m}" for m in _CONTENT]

ROLE_PERMISSIONS = {
    WRITER: [
        *_VIEW_CONTENT,
        *[f"evidence.{verb}_{m}" for m in ("article", "study", "condition") for verb in ("add", "change")],
        "evidence.view_articlerevision",
        "evidence.view_studyrevision",
        "evidence.view_conditionrevision",
        "evidence.view_disclaimerrevision",
    ],
    MEDICAL_REVIEWER: [
        *_VIEW_CONTENT,
        *[f"evidence.review_{m}" for m in _CONTENT],
        "evidence.view_articlerevision",
        "evidence.view_studyrevision",
        "evidence.view_conditionrevision",
        "evidence.view_disclaimerrevision",
        "evidence.view_auditentry",
    ],
    EDITOR: [
        *_VIEW_CONTENT,
        *[f"evidence.{verb}_{m}" for m in _CONTENT for verb in ("add", "change", "delete", "publish")],
        "evidence.view_articlerevision",
        "evidence.view_studyrevision",
        "evidence.view_conditionrevision",
        "evidence.view_disclaimerrevision",
        "evidence.view_auditentry",
    ],
    MARKETING: [*_VIEW_CONTENT],
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly its permissions (usable from migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate finishes; make sure they exist now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # migration stubs have none
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
