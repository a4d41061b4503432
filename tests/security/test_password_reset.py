"""Password reset by e-mail: same answer for any address, a link that works once, the password rules apply."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.security.conftest import sign_in

pytestmark = pytest.mark.django_db

RESET_URL = "/admin/password_reset/"
NEW_PASSWORD = "a-long-new-passphrase-2026"


def ask_for_reset(client, email):
    return client.post(RESET_URL, {"email": email})


def reset_link(message):
    return re.search(r"https?://\S+/admin/reset/\S+/", message.body).group(0)


def without_per_request_tokens(content):
    """Pages carry a fresh CSP nonce and CSRF token on every request; nothing else may differ."""
    return re.sub(rb'(nonce|value)="[^"]*"', b"", content)


def path_of(link):
    return "/" + link.split("/", 3)[3]


def test_reset_answers_identically_whether_or_not_the_address_has_an_account(client):
    UserFactory(email="known@example.com")

    known = ask_for_reset(client, "known@example.com")
    unknown = ask_for_reset(client, "nobody@example.com")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert sorted(known.cookies) == sorted(unknown.cookies)
    done_known, done_unknown = client.get(known["Location"]), client.get(unknown["Location"])
    assert without_per_request_tokens(done_known.content) == without_per_request_tokens(done_unknown.content)
    assert [m.to for m in mail.outbox] == [["known@example.com"]]  # only the real person gets mail


def test_reset_page_is_in_the_admin_style_and_reveals_nothing(client):
    page = client.get(RESET_URL).content.decode()

    assert "Evidence Desk" in page
    assert 'name="email"' in page


def test_reset_mail_links_to_the_configured_site_not_the_request_host(client, settings):
    settings.EVIDENCE_SITE_URL = "https://evidence.example.org/"
    settings.ALLOWED_HOSTS = ["attacker.example", "testserver"]
    UserFactory(email="known@example.com")

    client.post(RESET_URL, {"email": "known@example.com"}, HTTP_HOST="attacker.example")

    (message,) = mail.outbox
    assert reset_link(message).startswith("https://evidence.example.org/admin/reset/")
    assert "attacker.example" not in message.body
    assert message.subject == "Reset your Evidence Desk password"


def test_inactive_people_get_no_reset_mail(client):
    UserFactory(email="left@example.com", is_active=False)

    response = ask_for_reset(client, "left@example.com")

    assert response.status_code == 302
    assert mail.outbox == []


def test_the_reset_link_sets_a_new_password_once(client):
    person = UserFactory(email="known@example.com")
    ask_for_reset(client, "known@example.com")
    link = path_of(reset_link(mail.outbox[0]))

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    reused = client.get(link, follow=True)

    assert done.status_code == 302
    assert "_auth_user_id" not in client.session  # resetting does not sign in: the second factor still applies
    assert sign_in(client, person.email, password=NEW_PASSWORD).status_code == 302
    assert reused.context["validlink"] is False


def test_the_reset_form_applies_the_password_rules(client):
    UserFactory(email="known@example.com", display_name="Known Person")
    ask_for_reset(client, "known@example.com")
    form_page = client.get(path_of(reset_link(mail.outbox[0])), follow=True)

    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})

    codes = {error.code for error in response.context["form"].errors.as_data()["new_password2"]}
    assert {"password_too_short"} <= codes


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 400 + "@example.com", "a@b@c"])
def test_bad_addresses_get_a_clear_message_not_an_error(client, email):
    response = ask_for_reset(client, email)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors["email"]
