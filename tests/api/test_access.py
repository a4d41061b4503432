"""API keys: sent as a Bearer header, stored hashed, revocable, scoped; created in the admin or by command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import ApiKey, Scope
from accounts.services import issue_api_key, revoke_api_key
from evidence.api.authentication import KEY_MEMORY_SECONDS
from tests.api.conftest import client_with

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/articles/", "/api/v1/studies/", "/api/v1/conditions/", "/api/v1/disclaimers/", "/api/v1/changes/"]


def _error(response):
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == response.status_code
    return body


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/v1/articles/1/", "/api/v1/leads/"])
def test_no_key_is_a_json_401_that_says_how_to_send_one(client, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="Evidence Desk API"'
    assert _error(response)["code"] == "not_authenticated"
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer evd_000000000000_not-a-real-key", "Bearer nonsense", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"],
)
def test_wrong_or_malformed_key_is_a_json_401(client, raw_key, header):
    response = client.get("/api/v1/articles/", headers={"Authorization": header})

    assert response.status_code == 401
    assert _error(response)["code"] in {"invalid_api_key", "malformed_authorization"}


def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(client, raw_key):
    forged = raw_key[:-4] + ("AAAA" if not raw_key.endswith("AAAA") else "BBBB")

    response = client.get("/api/v1/articles/", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401


def test_revoked_key_is_refused_once_this_process_stops_remembering_it(raw_key, editor, key_clock):
    api = client_with(raw_key)
    assert api.get("/api/v1/articles/").status_code == 200

    revoke_api_key(key=ApiKey.objects.get(), by=editor)
    key_clock.advance(KEY_MEMORY_SECONDS)

    response = api.get("/api/v1/articles/")
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_api_key"
    key_clock.advance(-KEY_MEMORY_SECONDS)  # a refused key is not remembered: refused even "earlier"
    assert api.get("/api/v1/articles/").status_code == 401


def test_a_key_revoked_before_this_process_used_it_is_refused_at_once(raw_key, editor):
    revoke_api_key(key=ApiKey.objects.get(), by=editor)

    assert client_with(raw_key).get("/api/v1/articles/").status_code == 401


def test_a_used_key_is_looked_up_again_only_after_a_few_seconds(raw_key, key_clock, django_assert_num_queries):
    api = client_with(raw_key)
    api.get("/api/v1/conditions/")

    # The content version (two look-ups without a shared cache); the list itself is a kept answer.
    with django_assert_num_queries(2):
        assert api.get("/api/v1/conditions/").status_code == 200
    key_clock.advance(KEY_MEMORY_SECONDS)
    with django_assert_num_queries(2 + 1):  # and the key again
        assert api.get("/api/v1/conditions/").status_code == 200


def test_key_is_stored_only_as_a_digest(raw_key):
    key = ApiKey.objects.get()

    assert raw_key.startswith(f"evd_{key.prefix}_")
    assert raw_key not in {key.key_hash, key.prefix, key.name}
    assert len(key.key_hash) == 64


def test_use_of_a_key_is_recorded(api):
    api.get("/api/v1/articles/")

    assert ApiKey.objects.get().last_used_at is not None


def test_leads_need_a_key_with_the_leads_scope(api, leads_key):
    response = api.get("/api/v1/leads/")

    assert response.status_code == 403
    assert _error(response)["code"] == "scope_required"
    assert client_with(leads_key).get("/api/v1/leads/").status_code == 200


def test_create_api_key_prints_a_working_key_as_its_last_line():
    out = StringIO()

    call_command("create_api_key", "Partner site", stdout=out)

    raw_key = out.getvalue().strip().splitlines()[-1]
    key = ApiKey.objects.get()
    assert (key.name, key.scopes, key.created_by) == ("Partner site", [], None)
    assert client_with(raw_key).get("/api/v1/articles/").status_code == 200
    assert client_with(raw_key).get("/api/v1/leads/").status_code == 403


def test_create_api_key_with_the_leads_scope_and_its_own_rate():
    out = StringIO()

    call_command("create_api_key", "CRM", "--scope", "leads", "--requests-per-minute", "30", stdout=out)

    key = ApiKey.objects.get()
    assert (key.scopes, key.rate_per_minute) == ([Scope.LEADS], 30)
    assert client_with(out.getvalue().splitlines()[-1]).get("/api/v1/leads/").status_code == 200


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["CRM", "--scope", "admin"], "invalid choice: 'admin'"),
        (["CRM", "--requests-per-minute", "0"], "give a whole number from 1"),
        (["   "], "Give the key a name"),
    ],
)
def test_create_api_key_refuses_bad_input_clearly(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_key", *arguments, stdout=StringIO(), stderr=StringIO())
    assert not ApiKey.objects.exists()


def test_issuing_refuses_an_unknown_scope():
    with pytest.raises(Exception, match="Unknown scope"):
        issue_api_key(name="x", scopes=["everything"])
