"""Figures in S3-compatible object storage, through django-storages, against a real S3 API on this machine (moto's
server mode on a free local port): nothing of ours is mocked."""

import socket

import pytest

from evidence.media.renditions import rebuild_missing
from tests.factories import FigureFactory

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (pip install -e '.[test]'): S3 storage not tested"
)
boto3 = pytest.importorskip("boto3", reason="boto3 is not installed: S3 storage not tested")

pytestmark = pytest.mark.django_db
BUCKET = "evidence-desk-figures"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_endpoint(monkeypatch):
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The default storage as config/settings.py builds it when EVIDENCE_MEDIA_S3_BUCKET is set."""
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "querystring_auth": False,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_upload_stores_original_and_renditions_in_the_bucket(s3_storage, s3_endpoint):
    figure = FigureFactory()
    stored = keys(s3_storage)
    assert figure.file.name in stored
    assert {r.file.name for r in figure.renditions.all()} <= set(stored)
    assert figure.renditions.first().file.url.startswith(f"{s3_endpoint}/{BUCKET}/figures/renditions/")
    with figure.file.open("rb") as original:
        assert original.read(8) == b"\x89PNG\r\n\x1a\n"


def test_renditions_lost_from_the_bucket_are_rebuilt(s3_storage):
    figure = FigureFactory()
    lost = figure.renditions.first().file.name
    s3_storage.delete_object(Bucket=BUCKET, Key=lost)
    assert rebuild_missing() == 1
    assert {r.file.name for r in figure.renditions.all()} <= set(keys(s3_storage))
    assert lost not in keys(s3_storage)  # made anew under a new name, never overwriting
