"""A Redis cache that the site can live without.

Django's Redis backend raises when Redis is unreachable, which would turn a
cache outage into a site outage. This backend answers as an empty cache
instead (a miss on read, nothing stored on write), logs the outage once, and
then leaves Redis alone for a few seconds so every request does not wait for a
connection that will fail. When Redis answers again, caching resumes by itself.

It also reuses one `redis.Redis` client per connection pool. Django's client
builds a new `redis.Redis` (with its ~170 response callbacks) for every cache
call, which was a third of the cost of a page-cache hit (docs/benchmarks.md).
A `redis.Redis` over a pool is safe to share: each command borrows a
connection from the pool.

Code that needs what the cache API cannot say (a pipeline, pub/sub) asks
`redis_of(backend)` for that client. Django keeps its client private, so
this module is the only one that knows how Django's Redis backend is built.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 5.0

# Shared by the per-thread cache objects of one process, keyed by server address.
_down_until: dict[str, float] = {}


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, building each server's `redis.Redis` once instead of once per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis; pools live as long as this object

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:  # as Django's _get_connection_pool, for the index chosen here
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to "no cache" while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._location = str(server)

    def redis(self, key=None, *, write=True):
        """The `redis.Redis` client serving `key`.

        Commands sent through it skip the outage handling of this class: callers catch UNREACHABLE.
        """
        return self._cache.get_client(key, write=write)

    def strict_get(self, key, default=None, version=None):
        """`get` that raises UNREACHABLE while Redis is down, instead of answering as an empty cache."""
        return super().get(key, default, version)

    @property
    def is_available(self) -> bool:
        return time.monotonic() >= _down_until.get(self._location, 0.0)

    def _attempt(self, operation, fallback, *args, **kwargs):
        if not self.is_available:
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            if self.is_available:  # first failure of this outage in this process
                logger.warning("Cache unavailable, serving without it for now: %s", error)
            _down_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if self._location in _down_until:
            _down_until.pop(self._location, None)
            logger.info("Cache available again.")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._attempt(super().incr, missing, key, delta, version)
        if result is missing:
            # What the cache API says for a key it does not hold.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def clear(self):
        return self._attempt(super().clear, False)


def redis_of(backend, key=None, *, write=True):
    """The `redis.Redis` client behind a cache `backend` (see `ResilientRedisCache.redis`), or None when not Redis."""
    return backend.redis(key, write=write) if isinstance(backend, ResilientRedisCache) else None
