"""Per-key rate limit: a fixed one-minute window counted in the cache.

DRF's own throttles keep a list of timestamps per client and rewrite it on
every request (read, modify, write: not atomic across workers). A counter
is one atomic INCR on Redis and costs the same at any limit. With the default
local-memory cache each worker counts on its own; set REDIS_URL in production
so the limit holds across workers.

The count is the one cache round trip a kept answer or a 304 would still
need. On Redis it is made in one (INCRBY and EXPIRE sent together; Django's
`cache.incr` asks whether the key exists first, a second round trip), and a
busy key's requests are sent in batches: each worker counts in its own memory
and adds what it counted to the shared counter every `batch_for(limit)`
requests (a fiftieth of the limit, at most MAX_BATCH), at least once a
second, at the first request of a window, and at every request once the
count is near the limit. So a key at its limit is refused as exactly as
before, and a key far from it costs a round trip every few dozen requests;
the price is that the other workers' unsent requests (under a batch each,
about 2 % of the limit) are not yet seen when the limit is reached. Other
caches count every request through the cache API. While Redis is unreachable
requests are let through (evidence.caching.backend answers as an empty cache), as before.
"""

import threading
import time

from django.core.cache import caches
from rest_framework.throttling import BaseThrottle

from accounts.models import ApiKey
from evidence.caching import keys
from evidence.caching.backend import UNREACHABLE, redis_of

_WINDOW = 60  # seconds
_COUNTER_SECONDS = _WINDOW * 2  # so a counter cannot expire while its window is still counted


MAX_BATCH = 25  # requests a worker counts before adding them to the shared counter
SEND_EVERY_SECONDS = 1.0  # and it adds them at least this often, so the headers stay current


def batch_for(limit) -> int:
    """How many requests a worker may count before sending them: 1 (every request) for small limits."""
    return max(1, min(MAX_BATCH, (limit or 0) // 50))


def count_request(backend, counter, limit=None) -> int:
    """Add one to this window's counter in `backend` and return how many requests it has counted."""
    redis = redis_of(backend)
    if redis is not None and backend.is_available:
        try:
            key = backend.make_and_validate_key(counter)
            return unsent_requests.count(key, limit, send=lambda n: _add_in_redis(redis, key, n))
        except UNREACHABLE:
            pass  # the cache API below notices the outage, then leaves Redis alone for a while
    return _count_with_cache_api(backend, counter)


def _add_in_redis(redis, key, requests) -> int:
    # INCRBY starts a missing counter at 0; Django stores integers as plain numbers, so the cache API reads it too.
    pipeline = redis.pipeline(transaction=False)
    used, _ = pipeline.incrby(key, requests).expire(key, _COUNTER_SECONDS).execute()
    return used


class _UnsentRequests:
    """Per worker: for each counter, the requests not yet added to it and the shared total last seen."""

    def __init__(self):
        self._counters = {}  # counter -> [unsent requests, shared total last seen, when last sent]
        self._lock = threading.Lock()

    def count(self, counter, limit, send) -> int:
        now = time.time()
        with self._lock:
            entry = self._counters.get(counter)
            if entry is None:  # the window's first request here: learn what the other workers counted
                self._forget_old(now)
                entry = self._counters[counter] = [0, 0, now]
                due = True
            else:
                batch = batch_for(limit)
                due = (
                    entry[0] + 1 >= batch
                    or now - entry[2] >= SEND_EVERY_SECONDS
                    or (limit is not None and entry[1] + entry[0] + 1 + 2 * batch > limit)  # near the limit
                )
            entry[0] += 1
            if not due:
                return entry[1] + entry[0]
            unsent, entry[0] = entry[0], 0
        total = send(unsent)  # if Redis is unreachable, these few go uncounted, as every request then does
        with self._lock:
            entry[1], entry[2] = total, now
            return total + entry[0]

    def _forget_old(self, now):
        # A counter names its window; one not sent to for two windows is over (its unsent requests no longer matter).
        for counter in [c for c, entry in self._counters.items() if now - entry[2] > 2 * _WINDOW]:
            del self._counters[counter]

    def forget_all(self):
        with self._lock:
            self._counters.clear()


unsent_requests = _UnsentRequests()


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
        limit = key.rate_per_minute
        used = count_request(caches["default"], keys.api_rate(key.pk, window), limit)
        self._retry_after = (window + 1) * _WINDOW - now
        # Shown to the client as X-RateLimit-* headers (see views.base).
        request.rate_limit = (limit, max(limit - used, 0), self.wait())
        return used <= limit

    def wait(self):
        return max(1, round(self._retry_after))
