"""Per-item versions: a page or API answer about one thing (an article, a study, a condition, a disclaimer,
a sitemap section) is versioned by what it shows, not by the whole site, so publishing one article leaves
every other item's ETag and kept copy as they are.

An item's stamp (`evidence.selectors.stamps`: its live revision and when anything it shows last changed, and
for pages that list others the size and latest change of each list) comes from the database in one query.
With a shared cache each process remembers stamps per public content version: a publication anywhere changes
that version within a second (evidence.caching.version), so a remembered stamp is re-read then, once, and a
request that finds it costs no SQL. Without one, the stamp is read each time: one query, less than the
site-wide version's two.
"""

from cachetools import LRUCache
from django.conf import settings

from evidence.caching import version as public_version

REMEMBERED_STAMPS = 20_000  # per process: (version, kind, key) → stamp; a few MB at most

_remembered = LRUCache(REMEMBERED_STAMPS)


def item_version(kind: str, key, read):
    """("item", …stamp) for the item `key` of `kind`, or None when nothing live is there; `read()` reads it."""
    if not settings.EVIDENCE_SHARED_CACHE:
        stamp = read()
    else:
        memo = (public_version.current(), kind, key)
        stamp = _remembered.get(memo, _MISSING)
        if stamp is _MISSING:
            stamp = _remembered[memo] = read()
    return None if stamp is None else ("item", kind, *stamp)


def forget():
    """Drop every remembered stamp (tests)."""
    _remembered.clear()


_MISSING = object()
