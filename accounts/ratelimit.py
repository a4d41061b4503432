"""Fixed-window counters in Django's cache, for forms a stranger can post: password reset, enquiries.

Who is counted is a keyed hash (of a network address, or of an e-mail
address), never the value itself. With the cache's atomic `add` + `incr` a
fixed window is a few lines, so we keep them rather than add django-ratelimit;
django-axes counts failed sign-ins only, not requests that succeed. A shared
cache (Redis, via REDIS_URL) makes a limit hold across worker processes; the
local-memory default limits each process on its own.
"""

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accounts.signin.lockout import client_ip


@dataclass(frozen=True)
class Limit:
    name: str
    requests: int
    seconds: int

    @property
    def minutes(self) -> int:
        return self.seconds // 60


def fingerprint(value: str) -> str:
    """A keyed hash of `value`: stable enough to count, useless to identify anyone without our secret."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_fingerprint(request) -> str:
    """The visitor's address as the sign-in lockout sees it (trusting only DJANGO_TRUSTED_PROXY_COUNT proxies)."""
    return fingerprint(client_ip(request))


def hit(limit: Limit, who: str, *, key: Callable[[str, str, int], str]) -> bool:
    """Count one request by `who`; True while it is within `limit` for the current window.

    `key(limit_name, who, window)` names the counter in the cache.
    """
    window = int(time.time() // limit.seconds)
    name = key(limit.name, who, window)
    cache.add(name, 0, timeout=limit.seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # the key expired between add and incr
        cache.add(name, 1, timeout=limit.seconds)
        count = 1
    return (count or 0) <= limit.requests  # a cache that is down counts nothing: accept rather than refuse
