"""Every answer carries a request id, every log line written while serving it carries the same id, and
LOG_FORMAT=json writes those lines as JSON objects."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidence.operations.request_ids import RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A storage failure makes the health check log a warning inside the request."""
    (tmp_path / "file").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "file" / "media")


class Kept(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def kept_records():
    handler = Kept()
    logging.getLogger().addHandler(handler)
    yield handler.records
    logging.getLogger().removeHandler(handler)


def test_a_sane_request_id_from_the_proxy_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.42:1")

    assert response["X-Request-ID"] == "edge-7f3a.42:1"


@pytest.mark.parametrize("offered", ["", "has space", "<script>", "x" * 129, "naïve"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, offered):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)

    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32


def test_each_request_gets_its_own_id(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_every_log_line_of_a_request_carries_its_id_and_none_after(client, unwritable_media, kept_records):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-1")
    logging.getLogger("after").warning("outside any request")

    during = [record for record in kept_records if record.name != "after"]
    assert response.json()["failing"] == ["storage"]
    assert during  # the failed storage check was logged
    assert {record.request_id for record in during} == {"trace-1"}
    assert kept_records[-1].request_id == "-"


def test_log_format_json_writes_one_json_object_per_line_with_the_request_id(tmp_path):
    (tmp_path / "file").write_text("")
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/healthz', HTTP_X_REQUEST_ID='json-trace-9')\n"
    )
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "LOG_FORMAT": "json",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "file" / "media"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "PYTHONWARNINGS": "ignore",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    lines = [json.loads(line) for line in done.stderr.splitlines() if line]  # each line is one JSON object
    during = [line for line in lines if line["logger"].startswith("health_check")]
    assert during, done.stderr
    assert {line["request_id"] for line in during} == {"json-trace-9"}
    assert {"time", "level", "logger", "message"} <= set(during[0])
