"""Who may do what with notices, in the terms of accounts.permissions (role permissions, never group names)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from accounts import permissions


def may_record_handling(user) -> bool:
    """Only medical reviewers (who may review articles) say how a summary handles a retraction or concern."""
    return permissions.may_review(user, apps.get_model("evidence", "Article"))


def may_read_notices(user) -> bool:
    """Everyone who may read studies reads the notices on them: writers need to know what they cite."""
    return permissions.has_verb(user, "view", apps.get_model("evidence", "Study"))


def editors():
    """Active people whose role lets them publish articles (by permission, as `accounts.permissions.reviewers`)."""
    article = apps.get_model("evidence", "Article")
    granting = Permission.objects.filter(
        content_type__app_label=article._meta.app_label, codename=f"publish_{article._meta.model_name}"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=granting) | Q(user_permissions__in=granting))
        .distinct()
    )
