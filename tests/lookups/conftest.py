import pytest

from tests.lookups.servers import local_registries


@pytest.fixture
def registries(settings):
    """(CrossrefServer, PubMedServer) on this machine, holding tests/lookups/records.py."""
    yield from local_registries(settings)
