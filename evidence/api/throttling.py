"""Per-key rate limit: a fixed one-minute window counted in the cache.

DRF's own throttles keep a list of timestamps per client and rewrite it on
every request (read, modify, write: not atomic across workers). A counter
with `cache.incr` is one atomic operation on Redis and costs the same at any
limit. With the default local-memory cache each worker counts on its own;
set REDIS_URL in production so the limit holds across workers.
"""

import time

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from accounts.api_keys import ApiKey

_WINDOW = 60  # seconds


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True  # no key: refused before throttling matters
        now = time.time()
        window = int(now // _WINDOW)
        counter = f"evidence-api:rate:{key.pk}:{window}"
        # add() is a no-op when the counter exists, so two workers starting a window don't reset each other.
        cache.add(counter, 0, timeout=_WINDOW * 2)
        try:
            used = cache.incr(counter)
        except ValueError:  # the counter expired between add() and incr()
            cache.set(counter, 1, timeout=_WINDOW * 2)
            used = 1
        self._retry_after = (window + 1) * _WINDOW - now
        # Shown to the client as X-RateLimit-* headers (see views.base).
        request.rate_limit = (key.rate_per_minute, max(key.rate_per_minute - used, 0), self.wait())
        return used <= key.rate_per_minute

    def wait(self):
        return max(1, round(self._retry_after))
