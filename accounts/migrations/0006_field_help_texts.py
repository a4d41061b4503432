"""Explain `User.date_joined` in the admin. No database change: help texts live only in Python."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_enquiry_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="date_joined",
            field=models.DateTimeField(
                default=django.utils.timezone.now, help_text="When the account was created.", verbose_name="date joined"
            ),
        ),
    ]
