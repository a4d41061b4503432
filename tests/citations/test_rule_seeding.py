"""The data migration seeds the issue's rules, valid and once."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings

from evidence.citations.default_rules import DEFAULT_RULES, seed_default_rules
from evidence.models import ClaimRule

pytestmark = pytest.mark.django_db


@override_settings(MIGRATION_MODULES={})  # pytest-django's --no-migrations hides the real migration files
def test_seeding_on_historical_models_creates_each_rule_once():
    historical = MigrationLoader(connection).project_state(("evidence", "0002_claim_rules_and_findings")).apps

    seed_default_rules(historical)
    seed_default_rules(historical)

    assert sorted(ClaimRule.objects.values_list("name", flat=True)) == sorted(r["name"] for r in DEFAULT_RULES)


def test_every_default_rule_passes_the_rules_own_validation(claim_rules):
    for rule in claim_rules.values():
        rule.full_clean()
    assert ClaimRule.objects.filter(kind="uncited_figure").count() == 1
