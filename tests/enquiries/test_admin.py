"""Staff see enquiries in the admin; Marketing may view and export them as CSV; nobody edits them."""

import csv
import io

import pytest
from django.urls import reverse

from evidence.enquiries.models import EnquiryKind
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


@pytest.fixture
def enquiries(db):
    return [
        EnquiryFactory(email="a@example.org", name="Ann", consent_text="I agree."),
        EnquiryFactory(
            kind=EnquiryKind.INFORMATION_PACKET,
            email="b@example.org",
            name="=HYPERLINK(1)",
            message="Question",
            consent_text="I agree too.",
        ),
    ]


def test_marketing_sees_enquiries_filtered_by_kind(client, marketer, enquiries):
    client.force_login(marketer)

    page = client.get(CHANGELIST, {"kind__exact": "newsletter"}).content.decode()

    assert "a@example.org" in page
    assert "b@example.org" not in page


def test_marketing_exports_selected_enquiries_as_csv_safe_for_spreadsheets(client, marketer, enquiries):
    client.force_login(marketer)

    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [e.pk for e in enquiries]})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["received", "kind", "name", "e-mail address"]
    assert {row[3] for row in rows[1:]} == {"a@example.org", "b@example.org"}
    assert "'=HYPERLINK(1)" in [row[2] for row in rows[1:]]  # a formula is neutralised
    assert "I agree." in [row[6] for row in rows[1:]]


def test_staff_without_the_permission_cannot_see_or_export(client, writer, enquiries):
    client.force_login(writer)
    assert client.get(CHANGELIST).status_code == 403
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [enquiries[0].pk]})
    assert response.status_code == 403


def test_nobody_adds_or_edits_an_enquiry_in_the_admin(client, marketer, enquiries):
    client.force_login(marketer)
    assert client.get(reverse("admin:enquiries_enquiry_add")).status_code == 403
    change = reverse("admin:enquiries_enquiry_change", args=[enquiries[0].pk])
    response = client.post(change, {"email": "changed@example.org"})
    assert response.status_code == 403
    enquiries[0].refresh_from_db()
    assert enquiries[0].email == "a@example.org"
