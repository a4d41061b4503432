"""Migrations: every model change has one, and the roles data migration works on historical models."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from accounts.roles import ROLE_PERMISSIONS, sync_roles

# pytest-django's --no-migrations hides the real migration files; these tests need them.
real_migrations = override_settings(MIGRATION_MODULES={})


@pytest.mark.django_db  # makemigrations reads the applied-migrations table to check the history
@real_migrations
def test_every_model_change_has_a_migration():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())

    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
@real_migrations
def test_roles_migration_builds_the_groups_from_historical_models():
    historical = MigrationLoader(connection).project_state(("accounts", "0002_roles")).apps
    Group.objects.all().delete()

    sync_roles(historical)

    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == set(names), role


THIRD_PARTY_FORWARD_ONLY = "django_tasks_database"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@real_migrations
def test_every_app_migrates_back_to_zero_and_forward_again():
    """Every migration can be undone (data migrations included), so a bad deploy can be rolled back; migrating
    forward again builds every constraint and index the models declare."""
    # The test database was built from the models; record the migrations as applied to match it.
    call_command("migrate", fake=True, verbosity=0)
    # django-tasks-db's own history has a data migration it cannot undo; its table holds only task results,
    # which a rollback of ours never needs to touch, so it stays where it is.
    migrated_apps = sorted(MigrationLoader(connection).migrated_apps - {THIRD_PARTY_FORWARD_ONLY})

    for app_label in migrated_apps:  # unapplying an app also unapplies the apps that depend on it
        call_command("migrate", app_label, "zero", verbosity=0)
        assert not MigrationRecorder(connection).migration_qs.filter(app=app_label).exists(), app_label
    assert not MigrationRecorder(connection).migration_qs.exclude(app=THIRD_PARTY_FORWARD_ONLY).exists()
    call_command("migrate", verbosity=0)

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_PERMISSIONS)
    assert declared_but_missing(MigrationLoader(connection).migrated_apps) == []


def declared_but_missing(app_labels):
    """Return the constraints and Meta indexes the models declare that the database does not have.

    A migration can lose one silently: on PostgreSQL, AlterField to db_index=False drops every plain index on
    the column, partial unique constraints included (see evidence migration 0010).
    """
    missing = []
    with connection.cursor() as cursor:
        for label in app_labels:
            for model in apps.get_app_config(label).get_models():
                declared = {c.name for c in model._meta.constraints} | {i.name for i in model._meta.indexes}
                present = connection.introspection.get_constraints(cursor, model._meta.db_table)
                missing += sorted(f"{model._meta.db_table}.{name}" for name in declared - present.keys())
    return missing
