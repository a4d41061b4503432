"""HTTP validators shared by the public pages and the API: one rule for ETags and 304s.

Pages and answers are both functions of the public content version
(`evidence.caching.version`) and of what the request asked for, so an ETag
is a digest of those, worked out without building anything. Pages send it
weak (`W/"…"`), API answers strong; the digest also names the stored copy.

Conditional requests (RFC 9110 §13) are answered the same way for both:

- If-None-Match uses the weak comparison (§13.1.2): `W/"x"` matches `"x"`.
- ``If-None-Match: *`` asks "do you have any current representation?" It is
  answered 304 only once the answer is known to exist (a kept copy, or a
  built 200), never before: validators are checked before the view looks
  anything up, and a missing article must still get its 404.
- If-Modified-Since counts only when there is no If-None-Match (§13.2.2), and
  then only for a change strictly before the second it names. An HTTP date
  has whole seconds, so a withdrawal in the same second as the publication a
  client last saw carries the same date: "not after it" would keep the
  withdrawn item in the client's copy. The date we send is therefore the
  change's own second while more may still land in it, and the next second once
  that one is over and settled (`last_modified_second`), which then earns 304s.
  ETags (the change log's ids, or an item's revision and time to the
  microsecond) tell every change apart and need none of this.
"""

import hashlib
import math

from django.conf import settings
from django.utils.http import parse_etags, parse_http_date_safe


def stores_responses() -> bool:
    """Whether whole pages and API answers are kept; off only to measure what building them costs."""
    return settings.EVIDENCE_RESPONSE_CACHE


def digest(*parts) -> str:
    """32 hex digits naming `parts` (content version, address, query): an ETag's opaque part and its cache key."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def etag(opaque: str, *, weak: bool) -> str:
    return f'W/"{opaque}"' if weak else f'"{opaque}"'


def weak_match(if_none_match: str, current: str) -> bool:
    """Whether an If-None-Match header names the ETag `current`, ignoring W/ on either side; "*" names none."""
    wanted = {tag.removeprefix("W/") for tag in parse_etags(if_none_match) if tag != "*"}
    return current.removeprefix("W/") in wanted


def asks_for_any(request) -> bool:
    """`If-None-Match: *`: 304 for any answer that exists (call it once the answer is known to be a 200)."""
    return "*" in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))


def not_modified(request, current: str, last_modified=None) -> bool:
    """Whether a GET or HEAD whose answer has the ETag `current` may be answered 304.

    `last_modified` returns when the answer last changed (or None); it is called only for an
    If-Modified-Since without If-None-Match, because finding out can cost a query.
    """
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return weak_match(if_none_match, current)
    if last_modified is None:
        return False
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if not since:
        return False
    changed = last_modified()
    return bool(changed and changed.timestamp() < since)


def last_modified_second(changed, settled) -> int:
    """The Last-Modified to send for an answer last changed at `changed`, as a timestamp in whole seconds.

    While the change's second may still gain a change (it is not over, or not older than the settle time, so
    `settled`, the settle horizon, has not passed its end), the date is that second, which `not_modified` never
    answers 304: a client then gets the full answer until the second is closed. After that no change can
    still arrive with a time in it, and the date is the end of that second, so a client that sends it back
    gets a 304 until the next change, whenever within a second it falls.
    """
    second = math.floor(changed.timestamp())
    return second + 1 if second + 1 <= settled.timestamp() else second
