"""Drop `Enquiry.kind`'s own index: `enquiry_kind_received (kind, -created_at)` starts with `kind`.

The admin filters by kind and lists newest first, which is exactly that
composite index; a filter by kind alone uses its first column too. So the
plain B-tree and (PostgreSQL) the `_like` pattern index that `db_index=True`
made only cost a write per enquiry. On PostgreSQL this drops just those two
(`enquiries_enquiry_kind_6386484b` and its `_like`), as `sqlmigrate` shows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0001_enquiry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enquiry",
            name="kind",
            field=models.CharField(
                choices=[("newsletter", "Newsletter sign-up"), ("information_packet", "Information packet request")],
                help_text="Which form the visitor used.",
                max_length=30,
                verbose_name="kind",
            ),
        ),
    ]
