"""Password guessing at the admin sign-in ends in a lockout page, per address, behind a proxy too."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory, override_settings
from django.utils import timezone

from accounts.signin.lockout import client_ip
from tests.factories import UserFactory
from tests.security.conftest import sign_in

pytestmark = pytest.mark.django_db

LIMIT = 5


def guess_wrongly(client, email, times, **extra):
    return [sign_in(client, email, password=f"wrong-guess-{n}", **extra) for n in range(times)]


def is_signed_in(client):
    return "_auth_user_id" in client.session


def test_right_password_opens_the_admin(client):
    person = UserFactory()

    response = sign_in(client, person.email)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_passwords_below_the_limit_show_the_form_again(client):
    person = UserFactory()

    responses = guess_wrongly(client, person.email, LIMIT - 1)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1)
    assert "Please enter the correct e-mail address and password" in responses[-1].content.decode()


def test_repeated_wrong_passwords_lock_the_address_out_with_a_clear_page(client):
    person = UserFactory()

    last = guess_wrongly(client, person.email, LIMIT)[-1]
    after = sign_in(client, person.email)  # even the right password is refused now

    for response in (last, after):
        page = response.content.decode()
        assert response.status_code == 429
        assert "Too many sign-in attempts" in page
        assert "paused for 15 minutes" in page
        assert "Traceback" not in page
        assert response["Retry-After"] == "900"
    assert "Content-Security-Policy" in after.headers
    assert not is_signed_in(client)


def test_guessing_at_many_accounts_from_one_address_is_locked_out_too(client):
    people = UserFactory.create_batch(LIMIT)

    responses = [sign_in(client, person.email, password="wrong-guess") for person in people]

    assert responses[-1].status_code == 429


def test_lockout_is_per_address_so_others_still_sign_in(client):
    person = UserFactory()
    guess_wrongly(client, person.email, LIMIT, REMOTE_ADDR="203.0.113.9")

    response = sign_in(client, person.email, REMOTE_ADDR="198.51.100.20")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_lockout_ends_after_the_cool_off(client):
    person = UserFactory()
    guess_wrongly(client, person.email, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = sign_in(client, person.email)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(client):
    person = UserFactory()
    guess_wrongly(client, person.email, LIMIT - 1)
    sign_in(client, person.email)
    client.logout()

    responses = guess_wrongly(client, person.email, LIMIT - 1)

    assert responses[-1].status_code == 200


@override_settings(EVIDENCE_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_follows_the_forwarded_address(client):
    person = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    guess_wrongly(client, person.email, LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    locked = sign_in(client, person.email, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    other_visitor = sign_in(client, person.email, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)

    assert locked.status_code == 429
    assert other_visitor.status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_lockout(client):
    person = UserFactory()
    guess_wrongly(client, person.email, LIMIT)

    response = sign_in(client, person.email, HTTP_X_FORWARDED_FOR="198.51.100.77")

    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "192.0.2.1"),  # no trusted proxy: the header is the client's own words
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the left entry was forged by the client
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (2, "198.51.100.7", "192.0.2.1"),  # fewer entries than proxies: not from our proxies
        (1, "", "192.0.2.1"),
    ],
)
def test_client_address_trusts_only_entries_added_by_our_proxies(settings, proxies, forwarded, expected):
    settings.EVIDENCE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_sign_in_without_a_request_still_checks_the_password():
    """Scripts and the shell authenticate without a request; the lockout backend must not break them."""
    person = UserFactory(email="script@example.com")

    assert authenticate(username="script@example.com", password="correct-horse-battery-2026") == person
    assert authenticate(username="script@example.com", password="wrong") is None
