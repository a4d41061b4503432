"""/metrics is off unless asked for, served only to allowed addresses, and tells a scraper about requests, cache
lookups, the task queue and webhook deliveries."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from evidence.api.models import DeliveryStatus, Event, WebhookDelivery, WebhookSubscription
from tests.operations.counted_task import count_run

pytestmark = pytest.mark.django_db

METRICS_MIDDLEWARE = "evidence.operations.metrics.RequestMetricsMiddleware"


@pytest.fixture
def metrics_on(settings):
    settings.EVIDENCE_METRICS = True
    settings.EVIDENCE_METRICS_ALLOWED_IPS = ["127.0.0.1", "10.20.0.0/16"]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], METRICS_MIDDLEWARE, *settings.MIDDLEWARE[1:]]


def scrape(client) -> dict:
    """Every sample of one scrape, by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.content
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_metrics_are_off_by_default(client, settings):
    assert settings.EVIDENCE_METRICS is False
    assert METRICS_MIDDLEWARE not in settings.MIDDLEWARE

    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("address", ["203.0.113.9", "10.21.0.1", "::2", "not-an-address"])
def test_metrics_are_refused_outside_the_allow_list(client, metrics_on, address):
    response = client.get("/metrics", REMOTE_ADDR=address)

    assert response.status_code == 403
    assert b"evidence_" not in response.content


def test_a_forged_forwarded_for_does_not_get_in(client, metrics_on, settings):
    settings.EVIDENCE_TRUSTED_PROXY_COUNT = 0

    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 403


def test_an_allowed_network_is_served(client, metrics_on):
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200


def test_requests_are_counted_and_timed_by_view(client, metrics_on):
    labels = {"method": "GET", "view": "evidence:healthz", "status": "200"}
    before = REGISTRY.get_sample_value("evidence_http_requests_total", labels) or 0

    client.get("/healthz")
    client.get("/healthz")

    assert REGISTRY.get_sample_value("evidence_http_requests_total", labels) == before + 2
    samples = scrape(client)
    assert samples[("evidence_http_request_duration_seconds_count", (("view", "evidence:healthz"),))] >= 2


def test_page_cache_lookups_count_a_miss_then_a_hit(client, metrics_on):
    def lookups(result):
        return REGISTRY.get_sample_value("evidence_cache_lookups_total", {"cache": "page", "result": result}) or 0

    misses, hits = lookups("miss"), lookups("hit")
    client.get("/privacy/")
    client.get("/privacy/")

    assert (lookups("miss") - misses, lookups("hit") - hits) == (1, 1)


def test_task_queue_depth_age_and_failures_are_reported(client, metrics_on, tasks_in_database, tmp_path):
    waiting = [count_run.enqueue(str(tmp_path / "runs")) for _ in range(3)]
    DBTaskResult.objects.filter(id=waiting[0].id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    DBTaskResult.objects.filter(id=waiting[1].id).update(status="FAILED", finished_at=timezone.now())

    samples = scrape(client)

    assert samples[("evidence_tasks", (("status", "READY"),))] == 2
    assert samples[("evidence_tasks", (("status", "FAILED"),))] == 1
    assert samples[("evidence_tasks_failed_last_hour", ())] == 1
    assert 590 < samples[("evidence_tasks_oldest_ready_seconds", ())] < 700
    assert samples[("evidence_metrics_database_up", ())] == 1


def test_webhook_delivery_outcomes_and_a_failing_endpoint_are_reported(client, metrics_on):
    down = WebhookSubscription.objects.create(name="Down", url="https://down.example.org/hook")
    fine = WebhookSubscription.objects.create(name="Fine", url="https://fine.example.org/hook")
    for subscription, status, attempts in [
        (down, DeliveryStatus.PENDING, 3),
        (down, DeliveryStatus.PENDING, 1),
        (down, DeliveryStatus.FAILED, 10),
        (fine, DeliveryStatus.DELIVERED, 1),
        (fine, DeliveryStatus.PENDING, 0),
    ]:
        WebhookDelivery.objects.create(
            subscription=subscription, event=Event.PUBLISHED, payload="{}", status=status, attempts=attempts
        )

    samples = scrape(client)

    assert samples[("evidence_webhook_deliveries", (("status", "pending"),))] == 3
    assert samples[("evidence_webhook_deliveries", (("status", "failed"),))] == 1
    assert samples[("evidence_webhook_deliveries", (("status", "delivered"),))] == 1
    assert samples[("evidence_webhook_deliveries_retrying", (("subscription", str(down.pk)),))] == 2
    assert ("evidence_webhook_deliveries_retrying", (("subscription", str(fine.pk)),)) not in samples


def test_a_database_outage_still_serves_the_request_metrics(client, metrics_on, monkeypatch):
    client.get("/healthz")

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/metrics")
    monkeypatch.undo()

    assert response.status_code == 200
    assert b"evidence_metrics_database_up 0.0" in response.content
    assert b'evidence_http_requests_total{method="GET",status="200",view="evidence:healthz"}' in response.content
