"""Reset links are limited per e-mail address and per client, with the same answer over the limit as under it."""

import logging

import pytest
from django.core import mail

from config import settings as base
from tests.factories import UserFactory
from tests.security.test_password_reset import RESET_URL, without_per_request_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    settings.EVIDENCE_PASSWORD_RESET_LIMIT_PER_CLIENT = 4
    settings.EVIDENCE_PASSWORD_RESET_LIMIT_MINUTES = 60


def ask(client, email, address="198.51.100.1"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)


def answer(client, response):
    """What the person sees: the redirect and the page it leads to (less per-request tokens)."""
    return (
        response.status_code,
        response["Location"],
        without_per_request_tokens(client.get(response["Location"]).content),
    )


def test_one_address_gets_only_so_many_reset_mails_however_many_clients_ask(client):
    UserFactory(email="known@example.com")

    for n in range(5):
        ask(client, "known@example.com", address=f"203.0.113.{n}")

    assert len(mail.outbox) == 2


def test_the_address_is_counted_whatever_its_case(client):
    UserFactory(email="known@example.com")

    for email in ("known@example.com", "Known@Example.com", "KNOWN@EXAMPLE.COM"):
        ask(client, email, address="203.0.113.9")

    assert len(mail.outbox) == 2


def test_one_client_asking_for_many_addresses_is_stopped(client):
    people = [UserFactory(email=f"person{n}@example.com") for n in range(6)]

    for person in people:
        ask(client, person.email)
    other_client = ask(client, "person5@example.com", address="203.0.113.50")

    assert [m.to for m in mail.outbox] == [[p.email] for p in people[:4]] + [["person5@example.com"]]
    assert other_client.status_code == 302


def test_over_the_limit_the_answer_is_the_same_and_nothing_says_whether_the_address_exists(client):
    UserFactory(email="known@example.com")
    within = answer(client, ask(client, "known@example.com"))
    unknown_within = answer(client, ask(client, "nobody@example.com"))
    for _ in range(3):
        ask(client, "known@example.com")
        ask(client, "nobody@example.com")

    over = answer(client, ask(client, "known@example.com", address="203.0.113.7"))
    unknown_over = answer(client, ask(client, "nobody@example.com", address="203.0.113.7"))

    assert within == unknown_within == over == unknown_over
    assert len(mail.outbox) == 2  # the known address's allowance, and not one more


def test_refusals_are_logged_without_the_address_itself(client, caplog):
    UserFactory(email="known@example.com")

    with caplog.at_level(logging.WARNING, logger="accounts.signin.password_reset"):
        for _ in range(3):
            ask(client, "known@example.com")

    (record,) = caplog.records
    assert "not sent: over the per-address limit (2 in 60 min)" in record.getMessage()
    assert "known@example.com" not in record.getMessage()


def test_limits_come_from_settings(client, settings):
    settings.EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
    UserFactory(email="known@example.com")

    for _ in range(6):
        ask(client, "known@example.com", address="203.0.113.8")

    assert len(mail.outbox) == 4  # the per-client limit (4) comes first


def test_the_defaults_allow_a_person_a_few_tries_an_hour():
    assert (
        base.EVIDENCE_PASSWORD_RESET_LIMIT_PER_ADDRESS,
        base.EVIDENCE_PASSWORD_RESET_LIMIT_PER_CLIENT,
        base.EVIDENCE_PASSWORD_RESET_LIMIT_MINUTES,
    ) == (3, 10, 60)
