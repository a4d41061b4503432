"""When Redis is unreachable the site keeps serving without its cache, and caching resumes when it is back."""

import logging
import os
from unittest import mock

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from evidence.caching import backend as resilient

CLOSED_PORT = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there on a test machine


@pytest.fixture
def down_cache():
    resilient._down_until.clear()
    yield resilient.ResilientRedisCache(CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    resilient._down_until.clear()


def test_reads_miss_and_writes_are_dropped_while_redis_is_unreachable(down_cache):
    assert down_cache.get("article:1", "fallback") == "fallback"
    assert down_cache.set("article:1", "cached") is None
    assert down_cache.add("article:1", "cached") is False
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.has_key("article:1") is False
    assert down_cache.delete("article:1") is False
    assert down_cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down_cache.get_or_set("article:2", "computed") == "computed"
    with pytest.raises(ValueError, match="not found"):
        down_cache.incr("hits")


def test_an_outage_is_logged_once_and_redis_is_left_alone_for_a_while(down_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="evidence.caching.backend"):
        down_cache.get("a")
        with mock.patch.object(RedisCache, "get") as redis_get:
            for _ in range(20):
                down_cache.get("a")

    assert redis_get.call_count == 0  # no request waits on a connection that will fail
    assert len([r for r in caplog.records if "Cache unavailable" in r.message]) == 1


def test_caching_resumes_by_itself_when_redis_answers_again(down_cache):
    down_cache.get("a")
    resilient._down_until[down_cache._location] = 0.0  # the retry pause is over
    with mock.patch.object(RedisCache, "get", return_value="from redis") as redis_get:
        value = down_cache.get("a")

    assert value == "from redis"
    assert redis_get.call_count == 1
    assert down_cache.is_available


def test_a_strict_read_raises_while_redis_is_unreachable_so_the_caller_can_tell_an_outage_from_a_miss(down_cache):
    with pytest.raises(resilient.UNREACHABLE):
        down_cache.strict_get("a")


def test_the_redis_client_is_offered_only_by_a_redis_cache(down_cache):
    assert resilient.redis_of(down_cache) is down_cache.redis()
    assert resilient.redis_of(LocMemCache("only-this-test", {})) is None


@pytest.mark.django_db
def test_pages_are_served_while_the_cache_is_unreachable(client, settings):
    resilient._down_until.clear()
    settings.CACHES = {"default": {"BACKEND": "evidence.caching.backend.ResilientRedisCache", "LOCATION": CLOSED_PORT}}

    health = client.get("/healthz")

    assert client.get("/admin/login/").status_code == 200
    assert health.status_code == 200
    assert health.json()["cache"] == "degraded"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server: set REDIS_URL to run it")
def test_with_a_working_redis_values_are_cached():
    cache = resilient.ResilientRedisCache(os.environ["REDIS_URL"], {})
    cache.set("evidence-desk-test-key", "value", 5)

    assert cache.get("evidence-desk-test-key") == "value"
    cache.delete("evidence-desk-test-key")
