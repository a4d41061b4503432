"""Double opt-in: an enquiry is marketing's only once its sender follows the signed, expiring e-mailed link.

Opening the link asks, the button confirms (a mail scanner following links confirms nothing); a second
confirmation, an expired, changed or made-up link each get a clear page, never a 500; unconfirmed
enquiries are left out of the CSV export and the leads API and deleted after the retention period; an
address gets only so many confirmation e-mails a day however often it is signed up.
"""

import csv
import importlib
import io
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import Scope
from accounts.services import issue_api_key
from evidence.enquiries import confirmation, services
from evidence.enquiries.models import Enquiry, EnquiryKind
from evidence.enquiries.tasks import delete_unconfirmed_enquiries, send_enquiry_confirmation
from tests.api.conftest import client_with
from tests.clocks import HeldClock
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
CHANGELIST = reverse("admin:enquiries_enquiry_changelist")


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """send(path, **fields): post a public form from this site and run what it queued after the commit."""

    def post(path="/newsletter/", address="198.51.100.1", **fields):
        data = {"email": "reader@example.org", "name": "Robin", "consent": "on"} | fields
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, headers={"Origin": SITE}, REMOTE_ADDR=address)

    return post


def link_in(message) -> str:
    return re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


def press_confirm(client, path, origin=SITE):
    return client.post(path, headers={"Origin": origin})


def test_a_sign_up_is_stored_unconfirmed_and_its_sender_gets_a_link(send, settings):
    settings.EVIDENCE_SITE_URL = "https://evidence.example.org/"

    send(email="reader@example.org", HTTP_HOST="attacker.example")

    enquiry = Enquiry.objects.get()
    assert enquiry.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Please confirm your Evidence Desk newsletter sign-up"
    assert link_in(message).startswith("https://evidence.example.org/confirm/")
    assert "48 hours" in message.body


def test_an_information_packet_request_is_confirmed_the_same_way(send, client):
    send("/information-packet/", name="Sam", email="sam@example.org")

    (message,) = mail.outbox
    assert "information packet" in message.subject
    page = press_confirm(client, path_of(link_in(message))).content.decode()
    assert "We will e-mail your information packet soon." in page
    assert Enquiry.objects.get().confirmed_at is not None


def test_opening_the_link_asks_and_only_the_button_confirms(send, client):
    send()
    path = path_of(link_in(mail.outbox[0]))

    opened = client.get(path)

    assert opened.status_code == 200
    assert "Yes, confirm" in opened.content.decode()
    assert "reader@example.org" in opened.content.decode()
    assert Enquiry.objects.get().confirmed_at is None  # a scanner that follows links confirms nothing
    assert "no-cache" in opened["Cache-Control"] and not opened.cookies

    confirmed = press_confirm(client, path)

    assert confirmed.status_code == 200
    assert "Thank you, that is confirmed" in confirmed.content.decode()
    assert Enquiry.objects.get().confirmed_at is not None


def test_confirming_twice_says_so_and_keeps_the_first_time(send, client):
    send()
    path = path_of(link_in(mail.outbox[0]))
    press_confirm(client, path)
    first = Enquiry.objects.get().confirmed_at

    again = press_confirm(client, path)
    reopened = client.get(path)

    for response in (again, reopened):
        assert response.status_code == 200
        assert "Already confirmed" in response.content.decode()
    assert Enquiry.objects.get().confirmed_at == first


def test_the_button_cannot_be_pressed_from_another_site(send, client):
    send()

    response = press_confirm(client, path_of(link_in(mail.outbox[0])), origin="https://evil.example")

    assert response.status_code == 403
    assert "Please press the button on this page to confirm." in response.content.decode()
    assert Enquiry.objects.get().confirmed_at is None


def test_an_expired_link_gets_a_clear_page_and_confirms_nothing(send, client, monkeypatch, settings):
    clock = HeldClock(now=1_800_000_000.0)
    monkeypatch.setattr(signing, "time", clock)
    send()
    path = path_of(link_in(mail.outbox[0]))
    clock.advance(settings.EVIDENCE_ENQUIRY_CONFIRM_HOURS * 3600 + 1)

    for response in (client.get(path), press_confirm(client, path)):
        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert "Confirmation links work for 48 hours." in response.content.decode()
    assert Enquiry.objects.get().confirmed_at is None


def test_a_link_to_a_deleted_enquiry_says_it_is_no_longer_valid(send, client):
    send()
    Enquiry.objects.all().delete()

    response = client.get(path_of(link_in(mail.outbox[0])))

    assert response.status_code == 410
    assert "This link is no longer valid" in response.content.decode()


def tampered(token: str) -> list[str]:
    enquiry_id, stamp, signature = token.split(":")
    return [
        f"{int(enquiry_id) + 1}:{stamp}:{signature}",  # someone else's enquiry
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character changed
        token[:-6],  # cut short when copied
        f"{enquiry_id}:{signature}",
        signing.TimestampSigner().sign(enquiry_id),  # signed by us, but for another purpose
        "not-a-token",
    ]


def test_a_changed_or_made_up_link_gets_a_clear_page_and_confirms_nothing(send, client):
    send()
    token = path_of(link_in(mail.outbox[0])).split("/")[2]

    for bad in tampered(token):
        response = press_confirm(client, reverse("enquiries:confirm", args=[bad]))
        assert response.status_code == 400, bad
        assert "This link does not work" in response.content.decode()
    assert Enquiry.objects.get().confirmed_at is None


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(alphabet=st.characters(exclude_characters="/", exclude_categories=["Cs"]), min_size=1))
def test_any_token_gets_a_page_never_a_server_error(client, token):
    client.raise_request_exception = False

    response = client.get(reverse("enquiries:confirm", args=[token]))

    assert response.status_code in (400, 404), response.status_code


def test_unconfirmed_enquiries_are_not_in_the_leads_api(client):
    confirmed = EnquiryFactory(email="yes@example.org")
    EnquiryFactory(email="waiting@example.org", confirmed_at=None)
    leads = client_with(issue_api_key(name="CRM", scopes=[Scope.LEADS])[1])

    results = leads.get("/api/v1/leads/").json()["results"]

    assert [lead["email"] for lead in results] == [confirmed.email]


def test_unconfirmed_enquiries_are_left_out_of_the_export(client, marketer):
    EnquiryFactory(email="yes@example.org")
    waiting = EnquiryFactory(email="waiting@example.org", confirmed_at=None)
    client.force_login(marketer)

    listed = client.get(CHANGELIST).content.decode()
    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": list(Enquiry.objects.values_list("pk", flat=True))}
    )

    assert waiting.email in listed  # staff still see it waiting, to help someone who never got the e-mail
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["yes@example.org"]
    assert rows[0][-1] == "confirmed at"
    assert "1 unconfirmed enquiries were left out of the export." in client.get(CHANGELIST).content.decode()


def test_signing_up_one_address_again_and_again_sends_only_a_few_mails(send, settings):
    settings.EVIDENCE_ENQUIRY_CONFIRMATIONS_PER_ADDRESS = 3
    answers = [
        send(email=email, address=f"203.0.113.{n}")
        for n, email in enumerate(
            [
                "victim@example.org",
                "Victim@Example.org",
                " victim@example.org",
                "VICTIM@example.org",
                "victim@example.org",
            ]
        )
    ]

    assert len(mail.outbox) == 3
    assert Enquiry.objects.count() == 3  # nothing kept that could not be confirmed
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/newsletter/thanks/")}


def test_a_confirmation_mail_is_not_sent_for_an_enquiry_already_confirmed_or_gone():
    confirmed = EnquiryFactory()

    assert send_enquiry_confirmation.call(confirmed.pk) == 0
    assert send_enquiry_confirmation.call(confirmed.pk + 1000) == 0
    assert mail.outbox == []


def test_enquiries_never_confirmed_are_deleted_after_the_retention_period(settings):
    settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS = 7
    now = timezone.now()
    old = EnquiryFactory(confirmed_at=None)
    recent = EnquiryFactory(confirmed_at=None)
    old_but_confirmed = EnquiryFactory()
    Enquiry.objects.filter(pk__in=[old.pk, old_but_confirmed.pk]).update(created_at=now - timedelta(days=8))
    Enquiry.objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=6))

    assert services.enquiries_delete_unconfirmed() == 1

    assert set(Enquiry.objects.values_list("pk", flat=True)) == {recent.pk, old_but_confirmed.pk}


def test_the_command_and_the_daily_task_delete_them_too(settings):
    settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS = 1
    for _ in range(2):
        Enquiry.objects.filter(pk=EnquiryFactory(confirmed_at=None).pk).update(
            created_at=timezone.now() - timedelta(days=2)
        )
    out = StringIO()

    call_command("delete_unconfirmed_enquiries", stdout=out)
    EnquiryFactory(confirmed_at=None, created_at=timezone.now())

    assert "2 unconfirmed enquiry(ies) older than 1 days deleted." in out.getvalue()
    assert delete_unconfirmed_enquiries.call() == {"deleted": 0}
    assert Enquiry.objects.count() == 1


@override_settings(MIGRATION_MODULES={})  # --no-migrations hides the real migration files
def test_the_migration_marks_enquiries_sent_before_double_opt_in_as_confirmed():
    migration = importlib.import_module("evidence.enquiries.migrations.0003_enquiry_confirmed_at")
    historical = MigrationLoader(connection).project_state(("enquiries", "0003_enquiry_confirmed_at")).apps
    earlier = timezone.now() - timedelta(days=30)
    sent_before = EnquiryFactory(confirmed_at=None, consented_at=earlier)
    confirmed = EnquiryFactory()

    migration.confirm_enquiries_sent_before_double_opt_in(historical, None)

    assert Enquiry.objects.get(pk=sent_before.pk).confirmed_at == earlier
    assert Enquiry.objects.get(pk=confirmed.pk).confirmed_at == confirmed.confirmed_at


def test_a_token_names_one_enquiry_and_reads_back():
    enquiry = EnquiryFactory(kind=EnquiryKind.INFORMATION_PACKET, confirmed_at=None)

    assert confirmation.enquiry_for(confirmation.token_for(enquiry)) == enquiry
