"""Preparing article pages in the background (queued by evidence.prepared.receivers)."""

from django.tasks import task

from evidence.prepared import pages


@task
def prepare_articles(item_ids: list[int]) -> int:
    """Prepare the live pages of these articles; an article no longer live is skipped."""
    return pages.prepare(item_ids)
