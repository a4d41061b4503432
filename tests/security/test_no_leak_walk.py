"""No leak through any door: a seeded random walk of workflow actions through the admin, every public surface
read after each action (bench/leaks; the long drill and its result: docs/security.md)."""

import pytest

from bench.leaks.walk import Walk
from tests.fakes import WebhookReceiver

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def receiver():
    fake = WebhookReceiver()
    yield fake
    fake.close()


def test_no_marker_the_public_must_not_see_reaches_any_surface_in_a_random_walk(receiver, settings):
    settings.EVIDENCE_API_SETTLE_SECONDS = 0  # the changes feed serves each change at once
    result = Walk(seed=2106, receiver=receiver).run(actions=100)

    summary = result.summary()
    assert summary["leaks"] == {"unpublished": 0, "withdrawn": 0, "stale_304": 0}, summary["first_findings"]
    # The walk did reach what it is meant to test: drafts, publications and withdrawals, on every surface.
    assert summary["by_action"].get("publish made", 0) >= 5, summary
    assert summary["by_action"].get("unpublish made", 0) >= 2, summary
    assert summary["markers_written"] > summary["markers_ever_published"] > 0, summary
    assert set(summary["answers_read"]) == {"site", "api", "leads", "webhooks", "e-mail"}, summary
    assert summary["most_leads_listed"] > 0, "no lead was listed, so the leads surface went unchecked"
