"""Condition pages, prepared on their first request after a change and kept while their stamp holds.

A condition's page lists its newest articles and studies, so what it shows changes with theirs; its stamp
(evidence.selectors.stamps.condition_page_stamp: the condition, the size and latest change of its live
articles, studies and shown disclaimers) moves whenever any of that does. A kept page is read only for the
stamp it was made for, so it is never stale and needs no invalidation of its own.
"""

import hashlib

from evidence.models.base import live_filter
from evidence.prepared import fragments, pages
from evidence.prepared.models import PreparedCondition

_KEPT = ["stamp", "layout", "parts", "prepared_at"]


def digest(stamp) -> str:
    return hashlib.sha256(repr(stamp).encode()).hexdigest()


def condition_page(slug: str, stamp):
    """(condition id, parts) of the live condition at `slug` when its kept page was made for `stamp`; else None."""
    if stamp is None:
        return None
    return (
        PreparedCondition.objects.filter(
            live_filter("revision"), revision__slug=slug, stamp=digest(stamp), layout=fragments.layout()
        )
        .values_list("revision__item_id", "parts")
        .first()
    )


def keep(condition, stamp, parts):
    """Keep a condition page rendered for `stamp` (read before rendering: the page is at least that new)."""
    if stamp is None:
        return
    row = PreparedCondition(revision=condition, stamp=digest(stamp), layout=fragments.layout(), parts=parts)
    pages.keep_quietly(
        f"condition {condition.slug}",
        lambda: PreparedCondition.objects.bulk_create(  # one upsert
            [row], update_conflicts=True, unique_fields=["revision"], update_fields=_KEPT
        ),
    )
