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
        *[f"media.{verb}_figure" for verb in ("view", "add", "change")],  # figures (evidence.media)
    ],
    MEDICAL_REVIEWER: [
        *_VIEW_CONTENT,
        *[f"evidence.review_{m}" for m in _CONTENT],
        "evidence.view_articlerevision",
        "evidence.view_studyrevision",
        "evidence.view_conditionrevision",
        "evidence.view_disclaimerrevision",
        "evidence.view_auditentry",
        # Their own specialties (evidence.admin.integrity keeps each reviewer to their own rows).
        *[f"evidence.{verb}_reviewerspecialty" for verb in ("view", "add", "delete")],
        "media.view_figure",
    ],
    EDITOR: [
        *_VIEW_CONTENT,
        *[f"evidence.{verb}_{m}" for m in _CONTENT for verb in ("add", "change", "delete", "publish")],
        "evidence.view_articlerevision",
        "evidence.view_studyrevision",
        "evidence.view_conditionrevision",
        "evidence.view_disclaimerrevision",
        "evidence.view_auditentry",
        *[f"evidence.{verb}_reviewerspecialty" for verb in ("view", "add", "change", "delete")],
        # The marketing API's keys and webhooks (docs/api.md); revoking a key is a change.
        *[f"accounts.{verb}_apikey" for verb in ("view", "add", "change")],
        *[f"evidence_api.{verb}_webhooksubscription" for verb in ("view", "add", "change", "delete")],
        "evidence_api.view_webhookdelivery",
        "evidence_api.change_webhookdelivery",
        "evidence_api.view_webhookattempt",
        *[f"media.{verb}_figure" for verb in ("view", "add", "change", "delete")],
    ],
    # Marketing follows up newsletter sign-ups and packet requests (read-only, with CSV export).
    MARKETING: [*_VIEW_CONTENT, "enquiries.view_enquiry", "enquiries.export_enquiry"],
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
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            # An earlier migration runs before later models exist; the migration that adds them runs this again.
            if found is not None:
                permissions.append(found)
        group.permissions.set(permissions)
