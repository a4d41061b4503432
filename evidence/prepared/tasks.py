"""Preparing article pages in the background (queued by evidence.prepared.receivers)."""

import logging
import time

from django.tasks import task

from evidence.prepared import pages

logger = logging.getLogger(__name__)


@task
def prepare_articles(item_ids: list[int]) -> int:
    """Prepare the live pages of these articles; an article no longer live is skipped."""
    started = time.monotonic()
    prepared = pages.prepare(item_ids)
    # One line per batch: a change reaching thousands of articles shows its progress in the worker's log.
    logger.info(
        "Prepared %d of %d article pages (ids %d to %d) in %.2f s",
        prepared,
        len(item_ids),
        min(item_ids, default=0),
        max(item_ids, default=0),
        time.monotonic() - started,
    )
    return prepared
