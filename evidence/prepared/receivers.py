"""When what an article's page shows changes, its prepared page is dropped or prepared again.

Receivers of `live_content_changed` and `shown_content_changed`, inside the change's transaction. A
withdrawal drops the page with the change; anything else queues the worker, once the change commits, to
prepare the pages again in bounded batches. Until it has, the view sees the row is no longer current
(its `public_updated_at` moved with the change) and renders the page as before.
"""

from django.conf import settings
from django.db import transaction

from evidence import signals
from evidence.models import Article
from evidence.prepared import pages


def item_changed(sender, *, item, change, **_kwargs):
    if not isinstance(item, Article):
        return  # a study, condition or disclaimer reaches articles through shown_content_changed
    if change == signals.WITHDRAWN:
        pages.forget(item.pk)
    else:
        queue_preparation([item.pk])


def shown_changed(sender, *, revisions, **_kwargs):
    if sender is Article:
        queue_preparation([revision.item_id for revision in revisions])


def queue_preparation(item_ids):
    """Once the change commits, one background task per EVIDENCE_PREPARE_BATCH articles."""
    from evidence.prepared.tasks import prepare_articles

    ids, size = sorted(set(item_ids)), settings.EVIDENCE_PREPARE_BATCH
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        transaction.on_commit(lambda batch=batch: prepare_articles.enqueue(batch))
