"""Object storage unavailable: an upload is refused with a clear message and nothing half stored, while pages
are still served (docs/reliability.md's drill does the same against a running server)."""

import pytest

from evidence.media.models import Figure
from tests.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage_down(settings, tmp_path):
    blocked = tmp_path / "media"
    blocked.write_text("a plain file where the media folder should be")
    settings.MEDIA_ROOT = str(blocked)
    return blocked


def test_an_upload_is_refused_cleanly_when_storage_is_unavailable(client, writer, storage_down):
    client.force_login(writer)
    response = client.post(
        "/admin/media/figure/add/",
        {"upload": image_upload("knee.png"), "alt_text": "A knee", "focal_x": 50, "focal_y": 50},
        follow=True,
    )
    assert response.status_code == 200
    assert "could not be stored" in response.content.decode()
    assert not Figure.objects.exists()


def test_several_uploads_are_refused_cleanly_too(client, writer, storage_down):
    client.force_login(writer)
    response = client.post(
        "/admin/media/figure/upload/", {"files": [image_upload("one.png")], "alt_text": ["One"]}, follow=True
    )
    assert response.status_code == 200
    assert "could not be stored" in response.content.decode()
    assert not Figure.objects.exists()


def test_pages_are_still_served(client, storage_down, live_article):
    article = live_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200
