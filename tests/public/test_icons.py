"""The favicon and touch icon: at the addresses browsers ask for, and named by every page."""

import pytest
from django.contrib.staticfiles import finders

from .conftest import html


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png")],
)
def test_browsers_find_the_icons_at_the_sites_root(client, path, content_type):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_every_page_names_its_icons(client):
    page = html(client.get("/"))

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
    assert 'type="image/svg+xml"' in page
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
    assert finders.find("icons/favicon.svg")
