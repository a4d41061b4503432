"""Double opt-in: an enquiry counts for marketing only once its sender confirms it (`confirmed_at`).

Enquiries already stored are marked confirmed, as of when they were sent. They
arrived before there was any confirmation step, under consent wording that
did not mention one, and marketing has been using them as agreed; leaving
them empty would hide every existing lead from the export and the API and
then delete them as "never confirmed" once the retention period passed. New
enquiries start empty. Undoing the migration drops the column (and with it
which rows were confirmed), so nothing needs undoing in the data step.
"""

from django.db import migrations, models
from django.db.models import F


def confirm_enquiries_sent_before_double_opt_in(apps, schema_editor):
    Enquiry = apps.get_model("enquiries", "Enquiry")
    Enquiry.objects.filter(confirmed_at__isnull=True).update(confirmed_at=F("consented_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0002_enquiry_kind_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="enquiry",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the visitor followed the confirmation link we e-mailed them (double opt-in); "
                "empty until then, and an enquiry never confirmed is deleted after EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS.",
                null=True,
                verbose_name="confirmed at",
            ),
        ),
        migrations.RunPython(confirm_enquiries_sent_before_double_opt_in, migrations.RunPython.noop, elidable=True),
    ]
