"""The demo accounts: one per role and an administrator, all with the same known password."""

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import EDITOR, MARKETING, MEDICAL_REVIEWER, WRITER, sync_roles

DEMO_PASSWORD = "demo-pass-2026"

DEMO_PEOPLE = [
    (
        "writer@example.com",
        WRITER,
        "Dana Whitfield",
        "MPH",
        "Medical writer who turns research papers into plain language.",
    ),
    ("reviewer@example.com", MEDICAL_REVIEWER, "Priya Raman", "MD, PhD", "Rheumatologist and clinical researcher."),
    ("editor@example.com", EDITOR, "Sam Okafor", "MA", "Managing editor of the evidence library."),
    ("marketing@example.com", MARKETING, "Lee Marsh", "", "Newsletter and partner content."),
]


def ensure_demo_accounts():
    """Create or reset the demo accounts; return them by role."""
    User = get_user_model()
    sync_roles(django_apps)  # the role groups must exist with their permissions
    people = {}
    for email, role, name, credentials, bio in DEMO_PEOPLE:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "display_name": name,
                "credentials": credentials,
                "bio": bio,
                "is_staff": True,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
        people[role] = user
    admin, _ = User.objects.update_or_create(
        email="admin@example.com",
        defaults={"display_name": "Site administrator", "is_staff": True, "is_superuser": True, "is_active": True},
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save(update_fields=["password"])
    people["admin"] = admin
    return people
