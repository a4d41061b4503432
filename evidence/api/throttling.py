"""Per-key rate limit: a fixed one-minute window counted in the cache.

DRF's own throttles keep a list of timestamps per client and rewrite it on
every request (read, modify, write: not atomic across workers). A counter
is one atomic INCR on Redis and costs the same at any limit. With the default
local-memory cache each worker counts on its own; set REDIS_URL in production
so the limit holds across workers.

The count is the one cache round trip a kept answer or a 304 still needs, so
on Redis it is made in one: INCR and EXPIRE sent together (Django's
`cache.incr` asks whether the key exists first, a second round trip). Other
caches count through the cache API. While Redis is unreachable requests are
let through (config.cache answers as an empty cache), as before.
"""

import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from accounts.api_keys import ApiKey
from config.cache import UNREACHABLE

_WINDOW = 60  # seconds
_COUNTER_SECONDS = _WINDOW * 2  # so a counter cannot expire while its window is still counted


def count_request(backend, counter) -> int:
    """Add one to this window's counter in `backend` and return it."""
    if isinstance(backend, RedisCache) and getattr(backend, "is_available", True):
        try:
            return _count_in_redis(backend, counter)
        except UNREACHABLE:
            pass  # the cache API below notices the outage, then leaves Redis alone for a while
    return _count_with_cache_api(backend, counter)


def _count_in_redis(backend, counter) -> int:
    key = backend.make_and_validate_key(counter)
    # INCR starts a missing counter at 1; Django stores integers as plain numbers, so the cache API reads it too.
    pipeline = backend._cache.get_client(key, write=True).pipeline(transaction=False)
    used, _ = pipeline.incr(key).expire(key, _COUNTER_SECONDS).execute()
    return used


def _count_with_cache_api(backend, counter) -> int:
    # incr() first: every request but a window's first finds the counter there.
    try:
        return backend.incr(counter)
    except ValueError:  # the window's first request (or the cache is unavailable)
        pass
    # add() is a no-op when the counter exists, so two workers starting a window don't reset each other.
    if backend.add(counter, 1, timeout=_COUNTER_SECONDS):
        return 1
    try:
        return backend.incr(counter)  # another worker started the window first
    except ValueError:  # no cache to count in: let the request through rather than refuse everyone
        return 1


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True  # no key: refused before throttling matters
        now = time.time()
        window = int(now // _WINDOW)
        used = count_request(caches["default"], f"evidence-api:rate:{key.pk}:{window}")
        self._retry_after = (window + 1) * _WINDOW - now
        # Shown to the client as X-RateLimit-* headers (see views.base).
        request.rate_limit = (key.rate_per_minute, max(key.rate_per_minute - used, 0), self.wait())
        return used <= key.rate_per_minute

    def wait(self):
        return max(1, round(self._retry_after))
