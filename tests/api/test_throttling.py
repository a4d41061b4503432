"""Each key has its own rate limit; over it, a JSON 429 says when to come back."""

import pytest
from django.core.cache import cache

from accounts.services import issue_api_key
from evidence.api.throttling import batch_for, count_request
from evidence.caching import backend as resilient
from tests.api.conftest import client_with
from tests.clocks import HeldClock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The throttle's clock, held still (20 s before a minute's end) so no test straddles two windows."""
    clock = HeldClock(1_000_000.0)
    monkeypatch.setattr("evidence.api.throttling.time", clock)
    return clock


def test_requests_over_the_keys_limit_get_a_json_429_with_retry_after(db):
    api = client_with(issue_api_key(name="Slow tool", requests_per_minute=3)[1])

    statuses = [api.get("/api/v1/conditions/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/conditions/")
    assert response.status_code == 429
    assert response["Retry-After"] == "20"
    body = response.json()
    assert (body["status"], body["code"]) == (429, "throttled")
    assert f"try again in {response['Retry-After']} seconds" in body["detail"]


def test_rate_limit_headers_count_down(db):
    api = client_with(issue_api_key(name="Tool", requests_per_minute=5)[1])

    first, second = api.get("/api/v1/articles/"), api.get("/api/v1/articles/")

    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("5", "4")
    assert second["X-RateLimit-Remaining"] == "3"


def test_one_keys_limit_does_not_slow_another_key(db):
    busy = client_with(issue_api_key(name="Busy", requests_per_minute=1)[1])
    other = client_with(issue_api_key(name="Other", requests_per_minute=1)[1])

    busy.get("/api/v1/articles/")

    assert busy.get("/api/v1/articles/").status_code == 429
    assert other.get("/api/v1/articles/").status_code == 200


def test_default_limit_comes_from_the_setting(settings, db):
    settings.EVIDENCE_API_REQUESTS_PER_MINUTE = 2
    api = client_with(issue_api_key(name="Default")[1])

    assert [api.get("/api/v1/changes/").status_code for _ in range(3)] == [200, 200, 429]


def test_conditional_requests_count_towards_the_limit(db):
    api = client_with(issue_api_key(name="Poller", requests_per_minute=2)[1])
    etag = api.get("/api/v1/articles/")["ETag"]

    assert api.get("/api/v1/articles/", headers={"If-None-Match": etag}).status_code == 304
    assert api.get("/api/v1/articles/", headers={"If-None-Match": etag}).status_code == 429


def test_a_new_minute_brings_a_fresh_allowance(db, clock):
    api = client_with(issue_api_key(name="Tool", requests_per_minute=1)[1])
    api.get("/api/v1/articles/")
    assert api.get("/api/v1/articles/").status_code == 429

    clock.now += 20

    assert api.get("/api/v1/articles/").status_code == 200


def test_two_workers_starting_a_window_together_both_count(db, monkeypatch):
    """The counter appears between one worker's incr() and its add(): that worker counts on from it."""
    api = client_with(issue_api_key(name="Tool", requests_per_minute=5)[1])
    real_incr = cache.incr
    calls = []

    def incr_after_the_other_worker_started(key, *args, **kwargs):
        if not calls:
            calls.append(key)
            cache.add(key, 1, timeout=120)  # the other worker's first request of the window
            raise ValueError(key)
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", incr_after_the_other_worker_started)

    assert api.get("/api/v1/conditions/")["X-RateLimit-Remaining"] == "3"


def test_without_a_cache_to_count_in_requests_are_let_through(db, monkeypatch):
    """What evidence.caching.backend answers while Redis is down: every counter is missing and none can be added."""
    api = client_with(issue_api_key(name="Tool", requests_per_minute=1)[1])

    def missing(key, *args, **kwargs):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", missing)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    assert [api.get("/api/v1/conditions/").status_code for _ in range(3)] == [200, 200, 200]


@pytest.fixture
def redis_backend(private_redis_url):
    """The production cache backend on a private redis-server."""
    resilient._down_until.clear()
    return resilient.ResilientRedisCache(private_redis_url, {})


def recorded_round_trips(backend):
    client = backend.redis()
    sent, real_pipeline = [], client.pipeline

    def recording_pipeline(**kwargs):
        sent.append(kwargs)
        return real_pipeline(**kwargs)

    client.pipeline = recording_pipeline
    return sent


def test_on_redis_each_request_is_counted_in_one_round_trip(redis_backend):
    client = redis_backend.redis()
    sent = recorded_round_trips(redis_backend)

    assert [count_request(redis_backend, "counter") for _ in range(3)] == [1, 2, 3]
    assert len(sent) == 3  # one pipelined INCR + EXPIRE per request
    assert 0 < client.ttl(redis_backend.make_and_validate_key("counter")) <= 120
    assert redis_backend.incr("counter") == 4  # the same counter the cache API sees


def test_while_redis_is_unreachable_requests_are_counted_as_the_first(tmp_path):
    resilient._down_until.clear()
    unreachable = resilient.ResilientRedisCache(f"unix://{tmp_path / 'nothing-listens.sock'}", {})

    assert [count_request(unreachable, "counter") for _ in range(2)] == [1, 1]
    resilient._down_until.clear()


def test_a_busy_key_is_counted_in_batches(redis_backend):
    """Limit 1,000: a worker sends its count every 20 requests."""
    sent = recorded_round_trips(redis_backend)

    counts = [count_request(redis_backend, "busy", limit=1000) for _ in range(42)]

    assert counts == list(range(1, 43))  # the worker's own count runs on between batches
    assert len(sent) == 3  # the window's first request, then after the 21st and the 41st
    assert redis_backend.incr("busy", 0) == 41  # the 42nd is still to be sent


def test_near_its_limit_a_busy_key_is_counted_at_every_request_and_refused_exactly(redis_backend):
    redis_backend.add("edge", 970, timeout=120)  # the other workers' requests this minute
    sent = recorded_round_trips(redis_backend)

    counts = [count_request(redis_backend, "edge", limit=1000) for _ in range(31)]

    assert counts == list(range(971, 1002))  # the 31st is the 1,001st of the minute: over the limit
    assert len(sent) == 31
    assert redis_backend.incr("edge", 0) == 1001


def test_a_busy_keys_count_is_sent_at_least_once_a_second(redis_backend, clock):
    count_request(redis_backend, "steady", limit=1000)  # the window's first: sent
    count_request(redis_backend, "steady", limit=1000)  # counted here only
    assert redis_backend.incr("steady", 0) == 1

    clock.now += 1

    assert count_request(redis_backend, "steady", limit=1000) == 3
    assert redis_backend.incr("steady", 0) == 3


def test_small_limits_are_counted_at_every_request(redis_backend):
    assert (batch_for(120), batch_for(49), batch_for(None), batch_for(10**8)) == (2, 1, 1, 25)
    assert [count_request(redis_backend, "slow", limit=40) for _ in range(3)] == [1, 2, 3]
    assert redis_backend.incr("slow", 0) == 3
