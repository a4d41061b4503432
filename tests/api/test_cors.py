"""CORS: browsers on the origins in EVIDENCE_API_CORS_ORIGINS may read the API; nobody else, and no page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ORIGIN = "https://newsletter.example.org"


@pytest.fixture(autouse=True)
def allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]


def test_a_preflight_from_an_allowed_origin_is_answered_without_a_key():
    response = Client().options(
        "/api/v1/articles/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_an_answer_to_an_allowed_origin_lets_the_browser_read_its_validators(api, live_article):
    live_article(citations=0)

    response = api.get("/api/v1/articles/", headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_other_origins_and_the_public_site_get_no_cors_headers(api, client):
    elsewhere = api.get("/api/v1/articles/", headers={"Origin": "https://evil.example.com"})
    page = client.get("/", headers={"Origin": ORIGIN})

    assert "Access-Control-Allow-Origin" not in elsewhere
    assert "Access-Control-Allow-Origin" not in page


def test_no_origin_is_allowed_unless_one_is_configured(api, settings):
    settings.CORS_ALLOWED_ORIGINS = []

    assert "Access-Control-Allow-Origin" not in api.get("/api/v1/articles/", headers={"Origin": ORIGIN})
