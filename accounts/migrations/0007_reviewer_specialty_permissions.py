from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    """Let medical reviewers record their specialties and editors keep everyone's (model added in evidence 0017)."""

    dependencies = [
        ("accounts", "0006_field_help_texts"),
        ("evidence", "0017_reviewer_specialties"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
