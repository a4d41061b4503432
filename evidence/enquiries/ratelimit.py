"""Slow down floods of form submissions, keyed by a hashed client fingerprint (accounts.ratelimit's counters).

We also store the same fingerprint on each enquiry, so staff can spot a flood
that got through, and never the raw address. Besides the per-client limit
there is a site-wide ceiling, so a flood from many addresses is slowed too.
And one e-mail address gets at most EVIDENCE_ENQUIRY_CONFIRMATIONS_PER_ADDRESS
confirmation e-mails a day, however many clients sign it up: the forms cannot
be used to fill a stranger's inbox.
"""

from django.conf import settings

from accounts.ratelimit import Limit, client_fingerprint, hit
from accounts.ratelimit import fingerprint as keyed_hash
from evidence.caching import keys

# A person signs up once or twice; five tries in ten minutes allows for typos.
PER_CLIENT = Limit("client", requests=5, seconds=600)
# A ceiling for the whole site, so a flood from many addresses is slowed down as well.
SITE_WIDE = Limit("site", requests=200, seconds=3600)
DAY = 24 * 60 * 60


def fingerprint(request) -> str:
    """A keyed hash of the visitor's address: stable enough to count, useless to identify anyone."""
    return client_fingerprint(request)


def allow(client_fingerprint: str) -> bool:
    """Whether to accept one more submission from this client now (counts it either way)."""
    # A client over its own limit is refused before it can use up the site-wide allowance.
    return hit(PER_CLIENT, client_fingerprint, key=keys.enquiry_rate) and hit(SITE_WIDE, "all", key=keys.enquiry_rate)


def may_mail(email: str) -> bool:
    """Whether this address may be sent one more confirmation e-mail today (counts it either way)."""
    per_address = Limit("mail-to", settings.EVIDENCE_ENQUIRY_CONFIRMATIONS_PER_ADDRESS, DAY)
    return hit(per_address, keyed_hash(email.strip().lower()), key=keys.enquiry_rate)


def retry_minutes() -> int:
    return PER_CLIENT.minutes
