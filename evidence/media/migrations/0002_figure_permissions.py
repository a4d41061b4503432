from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    """Writers and editors upload and describe figures, editors delete them, reviewers see them (accounts.roles)."""

    dependencies = [
        ("accounts", "0007_reviewer_specialty_permissions"),
        ("media", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
