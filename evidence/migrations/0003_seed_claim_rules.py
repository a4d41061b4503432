"""Seed the claim rules the issue names, plus the built-in figure rule; editors change them in the admin."""

from django.db import migrations

from evidence.citations.default_rules import DEFAULT_RULES, seed_default_rules


def remove_default_rules(apps, schema_editor):
    ClaimRule = apps.get_model("evidence", "ClaimRule")
    ClaimRule.objects.filter(name__in=[rule["name"] for rule in DEFAULT_RULES], findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_claim_rules_and_findings")]

    operations = [migrations.RunPython(seed_default_rules, remove_default_rules)]
