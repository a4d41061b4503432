"""Every model change is captured in a migration file."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import override_settings


@pytest.mark.django_db  # makemigrations reads the applied-migrations table to check the history
@override_settings(MIGRATION_MODULES={})  # pytest-django's --no-migrations hides the real migration files
def test_every_model_change_has_a_migration():
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())

    assert "No changes detected" in out.getvalue()
