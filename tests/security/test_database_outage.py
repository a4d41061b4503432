"""A database outage answers 503 with a page or JSON, never a traceback, and the site recovers by itself."""

import json
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import RequestFactory

from accounts.services import issue_api_key
from config.middleware import database_unavailable_response
from config.views import server_error

pytestmark = pytest.mark.django_db

REFUSED = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def database_down(error=REFUSED):
    """Every new query fails as it does when the server is stopped."""
    return mock.patch.object(connection, "ensure_connection", side_effect=error)


@pytest.mark.parametrize("error", [REFUSED, InterfaceError("connection already closed")])
def test_public_page_answers_503_with_a_page_while_the_database_is_down(client, error):
    with database_down(error):
        response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "We will be back in a minute" in page
    assert "Traceback" not in page
    assert "5432" not in page  # nothing about the infrastructure leaks
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/api/v1/articles/", {}), ("/articles/", {"HTTP_ACCEPT": "application/json"})],
)
def test_api_and_json_clients_get_a_503_json_message(path, headers):
    response = database_unavailable_response(RequestFactory().get(path, **headers))

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": 503,
        "code": "service_unavailable",
        "detail": "The evidence library is briefly unavailable. Please try again in a minute.",
        "errors": [],
    }


def test_the_api_answers_503_json_in_its_error_shape_while_the_database_is_down(client):
    _, raw_key = issue_api_key(name="Newsletter tool")

    with database_down():
        response = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Bearer {raw_key}")

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"


def test_admin_answers_503_while_the_database_is_down(client, writer):
    client.force_login(writer)
    with database_down():
        response = client.get("/admin/")

    assert response.status_code == 503
    assert "We will be back in a minute" in response.content.decode()


def test_the_site_recovers_without_a_restart_when_the_database_is_back(client, writer):
    client.force_login(writer)
    with database_down():
        assert client.get("/admin/").status_code == 503
        assert client.get("/healthz").status_code == 503

    assert client.get("/admin/").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_outage_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/articles/some-article/")

    with django_assert_num_queries(0):
        response = database_unavailable_response(request)

    assert response.status_code == 503


def test_an_outage_outside_a_view_still_gets_the_503():
    """E.g. saving the session after the view: Django's 500 handler sees it and answers 503."""
    request = RequestFactory().get("/")
    try:
        raise REFUSED
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503


def test_other_errors_keep_the_ordinary_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_other_errors_in_a_view_are_not_disguised_as_an_outage(client):
    client.raise_request_exception = False
    with mock.patch("evidence.views.articles.selectors.live_articles", side_effect=ValueError("a bug")):
        response = client.get("/")

    assert response.status_code == 500
