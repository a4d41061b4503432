"""Condition pages, prepared on their first request after a change and kept while their stamp holds.

A condition's page lists its newest articles and studies, so what it shows changes with theirs; its stamp
(evidence.selectors.stamps.condition_page_stamp: the condition, the size and latest change of its live
articles, studies and shown disclaimers) moves whenever any of that does. A kept page is read only for the
stamp it was made for, so it is never stale and needs no invalidation of its own.
"""

import hashlib
import logging

from django.db import DatabaseError, transaction

from evidence.prepared import fragments
from evidence.prepared.models import PreparedCondition

logger = logging.getLogger(__name__)
_KEPT = ["stamp", "layout", "parts", "prepared_at"]


def digest(stamp) -> str:
    return hashlib.sha256(repr(stamp).encode()).hexdigest()


def condition_page(slug: str, stamp):
    """(condition id, parts) of the live condition at `slug` when its kept page was made for `stamp`; else None."""
    if stamp is None:
        return None
    return (
        PreparedCondition.objects.filter(
            revision__slug=slug, revision__is_live=True, stamp=digest(stamp), layout=fragments.layout()
        )
        .values_list("revision__item_id", "parts")
        .first()
    )


def keep(condition, stamp, parts):
    """Keep a condition page rendered for `stamp` (read before rendering: the page is at least that new).
    A page that cannot be kept now is kept another time, not an error."""
    if stamp is None:
        return
    try:
        with transaction.atomic():
            row = PreparedCondition(revision=condition, stamp=digest(stamp), layout=fragments.layout(), parts=parts)
            PreparedCondition.objects.bulk_create(  # one upsert
                [row], update_conflicts=True, unique_fields=["revision"], update_fields=_KEPT
            )
    except DatabaseError as error:
        logger.warning("Could not keep the prepared page of condition %s: %s", condition.slug, error)
