"""What one web process keeps in its own memory: the pages and API answers it served last.

Only for values stored under keys that name one version of one thing (see
evidence.caching.pages and evidence.caching.answers), so a copy here can never be
stale; it saves the round trip to Redis for a body of tens or hundreds of
kilobytes on every cache hit.
"""

import threading

from cachetools import LRUCache
from django.conf import settings

_OVERHEAD = 200  # bytes a stored entry costs beyond its body, roughly


def in_use() -> bool:
    """Only with a shared cache: the local-memory cache already is in this process."""
    return settings.EVIDENCE_SHARED_CACHE


class RecentlyServed:
    """A least-recently-used store bounded in bytes; `size_of(value)` is the body's length.

    cachetools' LRUCache is not thread-safe (gthread workers share it): hence the lock.
    """

    def __init__(self, max_bytes, size_of):
        self._size_of = size_of
        self._values = LRUCache(maxsize=max_bytes, getsizeof=lambda value: size_of(value) + _OVERHEAD)
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            return self._values.get(key)

    def put(self, key, value):
        if self._size_of(value) + _OVERHEAD > self._values.maxsize:
            return  # larger than the whole store: keep nothing rather than everything else out
        with self._lock:
            self._values[key] = value

    def clear(self):
        with self._lock:
            self._values.clear()
