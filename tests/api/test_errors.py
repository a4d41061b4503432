"""One JSON error shape everywhere under /api/v1/, never the public site's HTML pages or a traceback."""

import pytest

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "errors"}


def test_unknown_address_under_the_api_is_a_json_404(api):
    response = api.get("/api/v1/recipes/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == SHAPE


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused_with_a_json_405(api, method):
    response = getattr(api, method)("/api/v1/articles/")

    assert response.status_code == 405
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "method_not_allowed"


def test_asking_for_something_other_than_json_is_a_json_406(api):
    response = api.get("/api/v1/articles/", headers={"Accept": "text/csv"})

    assert response.status_code == 406
    assert set(response.json()) == SHAPE


def test_an_unexpected_failure_is_a_logged_json_500(api, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("evidence.api.views.content.selectors.live_conditions", broken)

    response = api.get("/api/v1/conditions/")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "database on fire" not in response.content.decode()
    assert "Unhandled error in the API" in caplog.text


def test_id_too_large_for_the_database_or_an_odd_slug_is_a_404_not_a_crash(api):
    assert api.get("/api/v1/articles/99999999999999999999999/").status_code == 404
    assert api.get("/api/v1/disclaimers/99999999999999999999999/").status_code == 404
    assert api.get("/api/v1/studies/a%00b/").status_code == 404
    assert api.get("/api/v1/conditions/%C3%A9%F0%9F%A7%AA/").status_code == 404


def test_root_lists_the_endpoints_without_a_key(client):
    data = client.get("/api/v1/").json()

    assert data["articles"] == "http://testserver/api/v1/articles/"
    assert data["schema"] == "http://testserver/api/v1/schema/"
    assert data["docs"] == "http://testserver/api/v1/docs/"


def test_a_missing_trailing_slash_is_redirected_not_refused(api):
    response = api.get("/api/v1/articles")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/"
    unknown = api.get("/api/v1/recipes", follow=True)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")


def test_head_answers_like_get_without_a_body(api):
    response = api.head("/api/v1/articles/")

    assert response.status_code == 200
    assert response.content == b""
    assert response.has_header("ETag")
