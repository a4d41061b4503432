import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages never carry over from another test."""
    cache.clear()
    yield
    cache.clear()
