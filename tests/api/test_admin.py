"""Editors manage API keys and webhooks in the admin; other roles cannot."""

import re

import pytest

from accounts.models import ApiKey
from evidence.api.models import DeliveryStatus, Event, WebhookDelivery, WebhookSubscription
from tests.api.conftest import client_with

pytestmark = pytest.mark.django_db


def test_editor_creates_a_key_and_sees_it_once(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/accounts/apikey/add/", {"name": "Newsletter tool", "scopes": ["leads"], "requests_per_minute": "60"}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw_key = re.search(r'value="(evd_[^"]+)"', response.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert (key.name, key.scopes, key.requests_per_minute, key.created_by) == ("Newsletter tool", ["leads"], 60, editor)
    assert client_with(raw_key).get("/api/v1/leads/").status_code == 200
    # Afterwards the key's page shows only its prefix.
    page = client.get(f"/admin/accounts/apikey/{key.pk}/change/").content.decode()
    assert raw_key not in page and f"evd_{key.prefix}_" in page


def test_editor_revokes_keys_with_the_admin_action(client, editor, raw_key):
    client.force_login(editor)
    key = ApiKey.objects.get()

    client.post("/admin/accounts/apikey/", {"action": "revoke_selected", "_selected_action": [key.pk]})

    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == editor
    assert client_with(raw_key).get("/api/v1/articles/").status_code == 401


def test_keys_are_never_deleted_so_the_record_of_access_stays(client, editor, raw_key):
    client.force_login(editor)
    key = ApiKey.objects.get()

    response = client.post(f"/admin/accounts/apikey/{key.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ApiKey.objects.filter(pk=key.pk).exists()


@pytest.mark.parametrize("role", ["writer", "reviewer", "marketer"])
@pytest.mark.parametrize("page", ["/admin/accounts/apikey/", "/admin/evidence_api/webhooksubscription/"])
def test_other_roles_cannot_manage_keys_or_webhooks(client, request, role, page):
    client.force_login(request.getfixturevalue(role))

    assert client.get(page).status_code == 403
    assert client.post(f"{page}add/", {"name": "x"}).status_code == 403


def test_editor_adds_a_webhook_subscription_with_a_secret(client, editor):
    client.force_login(editor)

    client.post(
        "/admin/evidence_api/webhooksubscription/add/",
        {
            "name": "Newsletter",
            "url": "https://hooks.example.org/evidence",
            "events": ["article.published"],
            "is_active": "on",
        },
    )

    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["article.published"]
    assert subscription.secret.startswith("whsec_") and subscription.created_by == editor


def test_webhook_address_must_be_https_except_on_this_machine(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/evidence_api/webhooksubscription/add/",
        {"name": "Plain", "url": "http://hooks.example.org/", "events": ["article.published"]},
    )

    assert "Use an https:// address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_ping_action_queues_a_test_delivery_and_retry_resets_a_failed_one(client, editor):
    client.force_login(editor)
    subscription = WebhookSubscription.objects.create(name="Receiver", url="https://hooks.example.org/")

    client.post(
        "/admin/evidence_api/webhooksubscription/",
        {"action": "send_test_delivery", "_selected_action": [subscription.pk]},
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == Event.PING
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=10)

    client.post("/admin/evidence_api/webhookdelivery/", {"action": "retry_selected", "_selected_action": [delivery.pk]})

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
