"""Helpers for public-site tests: a clean page cache per test, and items in every state the public must not see."""

import pytest
from django.core.cache import cache

from evidence.models import Status

S = Status
EDITED_AFTER_PUBLISHING = "edited_after_publishing"
# Every state in which an item (or a version of it) must stay invisible to the public.
UNPUBLISHED_STATES = [
    S.DRAFT,
    S.IN_REVIEW,
    S.CHANGES_REQUESTED,
    S.APPROVED,
    S.UNPUBLISHED,
    EDITED_AFTER_PUBLISHING,
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page, content version or rate-limit counter."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hide(walk, edit):
    """Return hide(item, state, **secret): leave `secret` fields where the public must not see them.

    For EDITED_AFTER_PUBLISHING the item is published with its own fields and
    then edited to the secret ones (a draft of a live item); otherwise the item
    gets the secret fields and is walked to `state`.
    """

    def hide_item(item, state, **secret):
        if state == EDITED_AFTER_PUBLISHING:
            walk(item, S.PUBLISHED)
            edit(item, **secret)
            return item
        for name, value in secret.items():
            setattr(item, name, value)
        item.save()
        return walk(item, state)

    return hide_item


def html(response):
    return response.content.decode()
