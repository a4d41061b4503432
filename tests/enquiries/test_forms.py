"""Newsletter sign-up and information-packet requests: validation, consent, honeypot, rate limit, origin."""

import pytest
from django.urls import reverse

from evidence.enquiries import ratelimit
from evidence.enquiries.forms import NEWSLETTER_CONSENT, PACKET_CONSENT
from evidence.enquiries.models import Enquiry, EnquiryKind
from evidence.models import Status
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db
S = Status

NEWSLETTER = "/newsletter/"
PACKET = "/information-packet/"


def sign_up(client, **overrides):
    data = {"email": "reader@example.org", "name": "Robin", "consent": "on", "website": ""} | overrides
    return client.post(
        NEWSLETTER, {k: v for k, v in data.items() if v is not None}, headers={"Origin": "http://testserver"}
    )


def test_newsletter_sign_up_stores_the_consent_text_and_asks_the_visitor_to_confirm(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:newsletter_thanks")
    enquiry = Enquiry.objects.get()
    assert (enquiry.kind, enquiry.email, enquiry.name) == (EnquiryKind.NEWSLETTER, "reader@example.org", "Robin")
    assert enquiry.consent_text == NEWSLETTER_CONSENT
    assert enquiry.consented_at is not None
    assert enquiry.confirmed_at is None  # until the visitor follows the e-mailed link (test_double_opt_in.py)
    assert "please check your inbox" in client.get(response["Location"]).content.decode()


def test_information_packet_request_stores_the_condition_and_message(client, walk):
    condition = walk(ConditionFactory(name="Lupus"), S.PUBLISHED)
    response = client.post(
        PACKET,
        {
            "name": "Sam",
            "email": "sam@example.org",
            "condition": condition.pk,
            "message": "Is there a trial near me?",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.kind, enquiry.condition, enquiry.message) == (
        EnquiryKind.INFORMATION_PACKET,
        condition,
        "Is there a trial near me?",
    )
    assert enquiry.consent_text == PACKET_CONSENT


def test_the_form_pages_show_the_consent_text_the_visitor_agrees_to(client):
    assert NEWSLETTER_CONSENT in client.get(NEWSLETTER).content.decode()
    assert PACKET_CONSENT in client.get(PACKET).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": ""}, "Enter your e-mail address, so that we can write to you."),
        ({"email": "not-an-address"}, "Enter an e-mail address like name@example.com."),
        ({"consent": None}, "Please tick the box to agree, so that we may write to you."),
        ({"condition": "999999"}, "Choose a condition from the list, or leave it empty."),
    ],
)
def test_bad_newsletter_input_gets_a_clear_message_and_stores_nothing(client, overrides, message):
    response = sign_up(client, **overrides)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    assert 'role="alert"' in page
    assert Enquiry.objects.count() == 0


def test_packet_request_needs_a_name_and_keeps_the_message_short(client):
    response = client.post(PACKET, {"email": "sam@example.org", "consent": "on", "message": "x" * 2001})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your name, so that we know who the packet is for." in page
    assert "Please keep your question to 2,000 characters (you wrote 2001)." in page
    assert Enquiry.objects.count() == 0


def test_a_condition_that_is_not_live_cannot_be_chosen(client, walk):
    draft = walk(ConditionFactory(name="Draft condition"), S.DRAFT)
    assert "Draft condition" not in client.get(PACKET).content.decode()
    response = sign_up(client, condition=str(draft.pk))
    assert response.status_code == 400
    assert Enquiry.objects.count() == 0


def test_a_bot_that_fills_the_honeypot_is_thanked_but_nothing_is_stored(client):
    response = sign_up(client, website="http://spam.example")

    assert response.status_code == 302
    assert Enquiry.objects.count() == 0


def test_a_flood_from_one_client_is_refused_with_a_clear_message(client):
    for n in range(ratelimit.PER_CLIENT.requests):
        assert sign_up(client, email=f"reader{n}@example.org").status_code == 302

    response = sign_up(client, email="one-too-many@example.org")

    assert response.status_code == 429
    assert "Please try again in 10 minutes." in response.content.decode()
    assert Enquiry.objects.count() == ratelimit.PER_CLIENT.requests


def test_the_rate_limit_counts_each_client_separately(client):
    for n in range(ratelimit.PER_CLIENT.requests):
        sign_up(client, email=f"reader{n}@example.org")
    other = client.post(NEWSLETTER, {"email": "other@example.org", "consent": "on"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_a_site_wide_ceiling_slows_floods_from_many_addresses(client, monkeypatch):
    monkeypatch.setattr(ratelimit, "SITE_WIDE", ratelimit.Limit("site", requests=3, seconds=3600))
    statuses = [
        client.post(
            NEWSLETTER, {"email": f"r{n}@example.org", "consent": "on"}, REMOTE_ADDR=f"203.0.113.{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]


def test_a_post_from_another_site_is_refused(client):
    response = client.post(
        NEWSLETTER, {"email": "reader@example.org", "consent": "on"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert "can only be sent from a page on this site" in response.content.decode()
    assert Enquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Referer": "https://evil.example/page"}, False),
        ({"Referer": "http://testserver/newsletter/"}, True),
        ({"Origin": "null"}, False),
    ],
)
def test_where_a_post_comes_from_is_checked_with_what_the_browser_sends(client, headers, allowed):
    response = client.post(NEWSLETTER, {"email": "reader@example.org", "consent": "on"}, headers=headers)
    assert (response.status_code == 302) is allowed


def test_the_stored_fingerprint_is_a_hash_not_the_address(client):
    client.post(NEWSLETTER, {"email": "reader@example.org", "consent": "on"}, REMOTE_ADDR="198.51.100.7")
    enquiry = Enquiry.objects.get()
    assert len(enquiry.client_fingerprint) == 64
    assert "198.51.100.7" not in enquiry.client_fingerprint


def test_behind_a_trusted_proxy_each_visitor_is_counted_separately(client, settings):
    settings.EVIDENCE_TRUSTED_PROXY_COUNT = 1
    for n in range(ratelimit.PER_CLIENT.requests + 1):
        response = client.post(
            NEWSLETTER,
            {"email": f"r{n}@example.org", "consent": "on"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert response.status_code == 302  # the load balancer's own address is not the client


def test_form_pages_set_no_cookie_even_after_a_post(client):
    assert not client.get(NEWSLETTER).cookies
    response = sign_up(client)
    assert not response.cookies
    assert not sign_up(client, email="").cookies


def test_form_pages_have_a_label_for_every_field_and_hide_the_honeypot(client):
    page = client.get(PACKET).content.decode()
    for field in ("id_name", "id_email", "id_condition", "id_message", "id_consent", "id_website"):
        assert f'for="{field}"' in page
    assert '<div class="hp" aria-hidden="true">' in page
    assert "csrfmiddlewaretoken" not in page
