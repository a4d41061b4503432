"""The API answers JSON; the usual Accept headers get it without a full negotiation, others are negotiated."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_negotiation_refused(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("negotiated in full")

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", refused)


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_the_usual_accept_headers_get_json_without_a_full_negotiation(api, full_negotiation_refused, accept):
    response = api.get("/api/v1/articles/", headers={"Accept": accept} if accept else {})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()


@pytest.mark.parametrize("accept", ["application/json; q=0.9, text/html; q=0.1", "text/*, application/*"])
def test_other_accept_headers_that_admit_json_get_json(api, accept):
    response = api.get("/api/v1/articles/", headers={"Accept": accept})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_client_that_accepts_only_something_else_is_negotiated_in_full_and_gets_a_406(api, monkeypatch):
    negotiated = []
    real = DefaultContentNegotiation.select_renderer

    def recording(self, request, *args, **kwargs):
        negotiated.append(request.META["HTTP_ACCEPT"])
        return real(self, request, *args, **kwargs)

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", recording)

    assert api.get("/api/v1/articles/", headers={"Accept": "text/csv"}).status_code == 406
    assert negotiated and set(negotiated) == {"text/csv"}  # once more for the error answer
