"""/healthz names every part that fails, answers 503 for the load balancer only when a required part does (any
part with ?strict), and says nothing about the infrastructure."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from evidence.caching import backend as resilient
from evidence.operations import worker

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1
PARTS = {"database", "cache", "worker", "storage"}


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """Point the default storage where no directory can be made (under a plain file), as a lost mount does."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")


@pytest.fixture
def redis_down(settings):
    resilient._down_until.clear()
    settings.CACHES = {"default": {"BACKEND": "evidence.caching.backend.ResilientRedisCache", "LOCATION": CLOSED_PORT}}
    yield
    resilient._down_until.clear()


def database_down():
    refused = OperationalError('connection to server at "db.internal" (10.1.2.3), port 5432 failed: refused')
    return mock.patch.object(connection, "ensure_connection", side_effect=refused)


def test_everything_up_answers_200_ok_for_every_part(client, tasks_in_database):
    worker.beat("worker-1")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "worker": "ok",
        "storage": "ok",
        "failing": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_without_a_worker_in_use_the_worker_is_not_checked(client):
    body = client.get("/healthz").json()  # the suite runs tasks inside the request (EVIDENCE_TASKS_IMMEDIATE)

    assert body["worker"] == "not used"
    assert body["status"] == "ok"


def test_a_database_outage_answers_503_naming_the_database_and_nothing_about_it(client, tasks_in_database):
    worker.beat("worker-1")
    with database_down():
        response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["database"] == "unreachable"
    assert body["failing"] == ["database"]
    assert body["worker"] == "unknown"  # its heartbeat is in the database: not reported as failing
    for secret in ("db.internal", "10.1.2.3", "5432", "refused"):
        assert secret not in response.content.decode()


def test_unreachable_redis_is_named_but_keeps_the_process_in_the_load_balancer(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "degraded"
    assert response.json()["failing"] == ["cache"]


def test_strict_answers_503_naming_unreachable_redis(client, redis_down):
    response = client.get("/healthz?strict")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert "127.0.0.1" not in response.content.decode()


def test_unwritable_storage_is_named_and_pages_are_still_served(client, unwritable_media):
    health = client.get("/healthz")
    strict = client.get("/healthz?strict")

    assert health.status_code == 200
    assert health.json()["storage"] == "unavailable"
    assert health.json()["failing"] == ["storage"]
    assert strict.status_code == 503
    assert client.get("/articles/").status_code == 200
    assert "not-a-directory" not in strict.content.decode()


def test_storage_can_be_made_a_required_part(client, settings, unwritable_media):
    settings.EVIDENCE_HEALTH_REQUIRED = ["database", "storage"]

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


def test_a_worker_that_never_beat_is_named(client, tasks_in_database):
    response = client.get("/healthz?strict")

    assert response.status_code == 503
    assert response.json()["worker"] == "silent"
    assert response.json()["failing"] == ["worker"]


def test_a_worker_silent_for_longer_than_the_limit_is_named_and_a_recent_one_is_not(
    client, settings, tasks_in_database
):
    settings.EVIDENCE_WORKER_SILENT_SECONDS = 30
    worker.beat("gone", now=timezone.now() - timedelta(seconds=31))
    assert client.get("/healthz").json()["failing"] == ["worker"]

    worker.beat("alive", now=timezone.now() - timedelta(seconds=25))
    assert client.get("/healthz").json()["failing"] == []


def test_every_part_failing_is_named_at_once(client, tasks_in_database, redis_down, unwritable_media):
    body = client.get("/healthz?strict").json()

    assert set(body["failing"]) == {"cache", "worker", "storage"}
    assert set(body) == PARTS | {"status", "failing"}


def test_the_probe_file_does_not_stay_in_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")

    assert client.get("/healthz").json()["storage"] == "ok"
    assert [path for path in (tmp_path / "media").rglob("*") if path.is_file()] == []
