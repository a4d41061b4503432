"""Prometheus metrics: what /metrics tells a scraper, when EVIDENCE_METRICS is on.

Requests and latencies are counted as they are answered (RequestMetricsMiddleware),
page and API cache lookups where they happen (evidence.caching.stats). The task
queue and webhook deliveries live in the database, which every process shares, so
they are read when scraped: a handful of counts over indexed columns, skipped
(with `evidence_metrics_database_up 0`) when the database does not answer.
Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR so every
worker's counts are added up (config/gunicorn.conf.py).
"""

import os
import time
from datetime import timedelta

from django.db import DatabaseError
from django.db.models import Count, Min
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily

from evidence.api.models import DeliveryStatus, WebhookDelivery

REQUESTS = Counter(
    "evidence_http_requests", "Requests answered, by method, view and status.", ["method", "view", "status"]
)
LATENCY = Histogram(
    "evidence_http_request_duration_seconds",
    "Time from the first middleware to the answer, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestMetricsMiddleware:
    """Count and time every request by the URL pattern's name (a bounded set, unlike paths)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        REQUESTS.labels(method=request.method, view=view, status=str(response.status_code)).inc()
        return response


def _gauge(name, documentation, values: dict, label: str):
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for key, value in values.items():
        family.add_metric([str(key)], value)
    return family


class QueueAndDeliveries:
    """Task queue depth, age and failures, and webhook delivery outcomes, read from the database."""

    def collect(self):
        try:
            families = list(self._from_database(timezone.now()))
        except DatabaseError:
            families = []
        up = GaugeMetricFamily("evidence_metrics_database_up", "Whether the database answered this scrape.")
        up.add_metric([], 1 if families else 0)
        return [up, *families]

    def _from_database(self, now):
        by_status = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
        yield _gauge(
            "evidence_tasks",
            "Background tasks in the table, by status (finished ones until prune_db_task_results).",
            {status: by_status.get(status, 0) for status in TaskResultStatus.values},
            "status",
        )
        failed = DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(hours=1)).count()
        yield GaugeMetricFamily("evidence_tasks_failed_last_hour", "Tasks that failed in the last hour.", value=failed)
        ready = DBTaskResult.objects.ready()
        oldest = ready.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]
        oldest_now = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
        waited = [now - at for at in (oldest, oldest_now) if at is not None]
        yield GaugeMetricFamily(
            "evidence_tasks_oldest_ready_seconds",
            "How long the longest-waiting task that is due has waited (0 when none): a stuck queue grows it.",
            value=max(waited).total_seconds() if waited else 0,
        )
        deliveries = dict(WebhookDelivery.objects.values_list("status").annotate(n=Count("id")).order_by())
        yield _gauge(
            "evidence_webhook_deliveries",
            "Webhook deliveries, by status (pending = not yet accepted, failed = given up).",
            {status: deliveries.get(status, 0) for status in DeliveryStatus.values},
            "status",
        )
        retrying = (
            WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts__gt=0)
            .values_list("subscription_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        yield _gauge(
            "evidence_webhook_deliveries_retrying",
            "Pending deliveries whose last try failed, by subscription id: an endpoint that refuses or is down.",
            dict(retrying),
            "subscription",
        )


def registry() -> CollectorRegistry:
    """What one scrape reports: this process's (or, with PROMETHEUS_MULTIPROC_DIR, every worker's) counts and
    the database-backed gauges."""
    found = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(found)
    else:
        found.register(REGISTRY)
    found.register(QueueAndDeliveries())
    return found
