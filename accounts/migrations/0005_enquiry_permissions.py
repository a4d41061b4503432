from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    """Let Marketing view and export visitors' enquiries (model added in enquiries 0001)."""

    dependencies = [
        ("accounts", "0004_api_key_and_webhook_permissions"),
        ("enquiries", "0001_enquiry"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
