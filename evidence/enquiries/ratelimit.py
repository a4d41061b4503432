"""Slow down floods of form submissions, keyed by a hashed client fingerprint (accounts.ratelimit's counters).

We also store the same fingerprint on each enquiry, so staff can spot a flood
that got through, and never the raw address. Besides the per-client limit
there is a site-wide ceiling, so a flood from many addresses is slowed too.
"""

from accounts.ratelimit import Limit, client_fingerprint, hit
from evidence.caching import keys

# A person signs up once or twice; five tries in ten minutes allows for typos.
PER_CLIENT = Limit("client", requests=5, seconds=600)
# A ceiling for the whole site, so a flood from many addresses is slowed down as well.
SITE_WIDE = Limit("site", requests=200, seconds=3600)


def fingerprint(request) -> str:
    """A keyed hash of the visitor's address: stable enough to count, useless to identify anyone."""
    return client_fingerprint(request)


def allow(client_fingerprint: str) -> bool:
    """Whether to accept one more submission from this client now (counts it either way)."""
    # A client over its own limit is refused before it can use up the site-wide allowance.
    return hit(PER_CLIENT, client_fingerprint, key=keys.enquiry_rate) and hit(SITE_WIDE, "all", key=keys.enquiry_rate)


def retry_minutes() -> int:
    return PER_CLIENT.minutes
