"""/api/v1/leads/: contact-form submissions, for keys with the leads scope, filterable, never cached."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evidence.enquiries.models import Enquiry, EnquiryKind
from evidence.models import Status
from tests.api.conftest import client_with
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def enquiry(kind=EnquiryKind.NEWSLETTER, **fields):
    fields.setdefault("email", "reader@example.org")
    fields.setdefault("confirmed_at", timezone.now())  # the endpoint serves confirmed enquiries only (double opt-in)
    return Enquiry.objects.create(kind=kind, consent_text="You may e-mail me.", consented_at=timezone.now(), **fields)


@pytest.fixture
def leads(leads_key):
    return client_with(leads_key)


def test_leads_show_what_the_visitor_sent_and_agreed_to(leads, publish):
    ms = publish(ConditionFactory(name="Multiple sclerosis", slug="ms"))
    sent = enquiry(
        EnquiryKind.INFORMATION_PACKET, name="Ana", email="ana@example.org", condition=ms, message="Please post it."
    )

    [lead] = leads.get("/api/v1/leads/").json()["results"]

    assert lead == {
        "id": sent.pk,
        "kind": "information_packet",
        "name": "Ana",
        "email": "ana@example.org",
        "condition": {"id": ms.pk, "name": "Multiple sclerosis", "slug": "ms"},
        "message": "Please post it.",
        "consent_text": "You may e-mail me.",
        "consented_at": lead["consented_at"],
        "created_at": lead["created_at"],
    }
    assert "client_fingerprint" not in lead


def test_leads_filter_by_kind_condition_and_time(leads, publish):
    ms = publish(ConditionFactory(slug="ms"))
    newsletter, packet = enquiry(), enquiry(EnquiryKind.INFORMATION_PACKET, condition=ms)
    Enquiry.objects.filter(pk=newsletter.pk).update(created_at=timezone.now() - timedelta(days=2))
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()

    def ids(query):
        return [lead["id"] for lead in leads.get(f"/api/v1/leads/?{query}").json()["results"]]

    assert ids("kind=newsletter") == [newsletter.pk]
    assert ids("condition=ms") == [packet.pk]
    assert ids("created_since=" + yesterday.replace("+", "%2B")) == [packet.pk]
    assert ids("created_before=" + yesterday.replace("+", "%2B")) == [newsletter.pk]
    assert ids("") == [packet.pk, newsletter.pk]
    assert ids("ordering=created_at") == [newsletter.pk, packet.pk]


@pytest.mark.parametrize(
    ("query", "parameter"), [("kind=spam", "kind"), ("created_since=soon", "created_since"), ("fields=email", "fields")]
)
def test_bad_lead_filters_are_a_400(leads, query, parameter):
    response = leads.get(f"/api/v1/leads/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == parameter


def test_leads_page_with_a_cursor(leads):
    made = [enquiry(email=f"reader{n}@example.org") for n in range(3)]

    first = leads.get("/api/v1/leads/?page_size=2").json()
    second = leads.get(first["next"]).json()

    assert [lead["id"] for lead in first["results"] + second["results"]] == [e.pk for e in reversed(made)]


def test_a_lead_names_its_condition_by_the_live_revision_not_an_unpublished_edit(leads, publish, edit):
    ms = publish(ConditionFactory(name="Multiple sclerosis", slug="ms"))
    edit(ms, name="Zebra draft name", slug="zebra-draft")
    enquiry(EnquiryKind.INFORMATION_PACKET, condition=ms)

    [lead] = leads.get("/api/v1/leads/").json()["results"]

    assert lead["condition"] == {"id": ms.pk, "name": "Multiple sclerosis", "slug": "ms"}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED, "archived"])
def test_a_lead_interested_in_a_condition_that_is_not_public_says_only_not_public(leads, walk, status):
    hidden = walk(ConditionFactory(name="Zebra hidden syndrome", slug="zebra-syndrome"), status)
    enquiry(EnquiryKind.INFORMATION_PACKET, condition=hidden)

    answer = leads.get("/api/v1/leads/")

    assert answer.json()["results"][0]["condition"] == {"id": None, "name": "not public", "slug": None}
    assert "zebra" not in answer.content.decode().lower()
    assert leads.get(f"/api/v1/leads/?condition={hidden.pk}").json()["results"] == []
    assert leads.get("/api/v1/leads/?condition=zebra-syndrome").json()["results"] == []


def test_leads_without_a_condition_say_null_and_a_page_costs_the_same_queries(
    leads, publish, django_assert_num_queries
):
    ms = publish(ConditionFactory(slug="ms"))
    enquiry()
    leads.get("/api/v1/leads/")  # the key is remembered from here on

    with django_assert_num_queries(1):  # the key and the rate count are remembered: one query, live names joined
        [lead] = leads.get("/api/v1/leads/").json()["results"]
    assert lead["condition"] is None
    for _ in range(5):
        enquiry(EnquiryKind.INFORMATION_PACKET, condition=ms)
    with django_assert_num_queries(1):
        assert len(leads.get("/api/v1/leads/").json()["results"]) == 6
