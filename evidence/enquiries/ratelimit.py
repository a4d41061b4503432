"""Slow down floods of form submissions, keyed by a hashed client fingerprint, in Django's cache.

Why our own ~40 lines instead of django-ratelimit: we also store the same
fingerprint on each enquiry (so staff can spot a flood that got through)
and never the raw address, and we need a site-wide ceiling as well as a
per-client one; with the cache's atomic `add` + `incr` a fixed window is a
few lines either way. A shared cache (Redis, via REDIS_URL) makes the limits
hold across worker processes; the local-memory default limits per process.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accounts.signin.lockout import client_ip
from evidence.caching import keys


@dataclass(frozen=True)
class Limit:
    name: str
    requests: int
    seconds: int


# A person signs up once or twice; five tries in ten minutes allows for typos.
PER_CLIENT = Limit("client", requests=5, seconds=600)
# A ceiling for the whole site, so a flood from many addresses is slowed down as well.
SITE_WIDE = Limit("site", requests=200, seconds=3600)


def fingerprint(request) -> str:
    """A keyed hash of the visitor's address: stable enough to count, useless to identify anyone."""
    # The address as the sign-in lockout sees it (trusting only DJANGO_TRUSTED_PROXY_COUNT proxies).
    return hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()


def _hit(limit: Limit, who: str) -> bool:
    """Count one request; True while `who` is within `limit` for the current window."""
    window = int(time.time() // limit.seconds)
    key = keys.enquiry_rate(limit.name, who, window)
    cache.add(key, 0, timeout=limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        count = 1
    return (count or 0) <= limit.requests  # a cache that is down counts nothing: accept rather than refuse


def allow(client_fingerprint: str) -> bool:
    """Whether to accept one more submission from this client now (counts it either way)."""
    # A client over its own limit is refused before it can use up the site-wide allowance.
    return _hit(PER_CLIENT, client_fingerprint) and _hit(SITE_WIDE, "all")


def retry_minutes() -> int:
    return PER_CLIENT.seconds // 60
