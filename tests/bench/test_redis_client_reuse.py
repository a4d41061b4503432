"""The Redis cache builds one redis.Redis client per server and reuses it, instead of one per cache call."""

import redis

from evidence.caching import backend as resilient


def counting_clients(backend):
    """Count how many redis.Redis clients the backend's cache client builds."""
    built = []
    client = backend._cache

    def build(**kwargs):
        built.append(kwargs)
        return redis.Redis(**kwargs)

    client._client = build
    return built


def test_every_call_gets_the_same_client_for_one_server():
    backend = resilient.ResilientRedisCache("redis://127.0.0.1:9/0", {})
    built = counting_clients(backend)

    clients = {id(backend._cache.get_client(f"key-{n}", write=n % 2 == 0)) for n in range(10)}

    assert len(clients) == 1
    assert len(built) == 1
    assert built[0]["connection_pool"] is backend._cache._pools[0]


def test_reads_from_replicas_reuse_one_client_per_server():
    servers = "redis://127.0.0.1:9/0,redis://127.0.0.1:9/1,redis://127.0.0.1:9/2"
    backend = resilient.ResilientRedisCache(servers, {})
    built = counting_clients(backend)

    for _ in range(30):
        backend._cache.get_client("key")
    writer = backend._cache.get_client("key", write=True)

    assert writer.connection_pool is backend._cache._pools[0]
    assert len(built) <= 3  # the primary and at most the two replicas, however many calls


def test_a_reused_client_reads_and_writes_real_redis(private_redis_url):
    resilient._down_until.clear()
    backend = resilient.ResilientRedisCache(private_redis_url, {})
    built = counting_clients(backend)

    backend.set("page", "<html>", 30)
    assert backend.get("page") == "<html>"
    assert backend.add("page", "other") is False
    assert backend.add("visits", 1) is True
    assert backend.incr("visits") == 2
    assert backend.get_many(["page", "missing"]) == {"page": "<html>"}
    assert len(built) == 1
