from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    """Give editors the permissions to manage API keys and webhooks (models added in 0003 and evidence_api 0001)."""

    dependencies = [
        ("accounts", "0003_api_keys"),
        ("evidence_api", "0001_webhooks"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
