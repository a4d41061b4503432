import pytest
from django.apps import apps
from django.core.management import call_command
from io import StringIO

@pytest.mark.django_db
def test_registry_intact():
    missing = [a.label for a in apps.get_app_configs() if a.models_module is None]
    out = StringIO(); call_command("dumpdata", "auth.group", stdout=out)
    print("missing", missing, "dump", out.getvalue()[:100])
    assert not missing
