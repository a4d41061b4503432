"""Optional two-factor sign-in: people who enrol must give a code; others (and the demo accounts) need not."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.signin import two_factor
from tests.factories import UserFactory
from tests.security.conftest import authenticator_code, sign_in

pytestmark = pytest.mark.django_db

SETUP_URL = "/admin/two-factor/"


@pytest.fixture
def enrolled():
    """A staff member with a confirmed authenticator and recovery codes."""
    person = UserFactory(email="enrolled@example.com")
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    codes = two_factor.new_recovery_codes(user=person)
    return person, device, codes


def errors_of(response):
    return response.context["form"].errors.as_data()


def test_person_without_an_authenticator_signs_in_with_the_password_alone(client):
    person = UserFactory()

    assert sign_in(client, person.email).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_enrolled_person_must_give_the_code_after_the_password(client, enrolled):
    person, _, _ = enrolled

    response = sign_in(client, person.email)

    assert response.status_code == 200
    assert [e.code for e in errors_of(response)["__all__"]] == ["code_required"]
    assert "_auth_user_id" not in client.session


def test_enrolled_person_signs_in_with_password_and_code(client, enrolled):
    person, device, _ = enrolled

    response = sign_in(client, person.email, code=authenticator_code(device))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, enrolled):
    person, device, _ = enrolled
    wrong = f"{(int(authenticator_code(device)) + 500_000) % 1_000_000:06d}"

    response = sign_in(client, person.email, code=wrong)

    assert [e.code for e in errors_of(response)["__all__"]] == ["invalid_code"]
    assert "_auth_user_id" not in client.session


def test_a_code_cannot_be_used_twice(client, enrolled):
    person, device, _ = enrolled
    code = authenticator_code(device)
    sign_in(client, person.email, code=code)
    client.logout()

    response = sign_in(client, person.email, code=code)

    assert [e.code for e in errors_of(response)["__all__"]] == ["invalid_code"]


def test_guessing_codes_ends_in_the_lockout(client, enrolled):
    person, _, _ = enrolled

    responses = [sign_in(client, person.email, code="00000" + str(n)) for n in range(5)]

    assert responses[-1].status_code == 429


def test_a_recovery_code_signs_in_once(client, enrolled):
    person, _, codes = enrolled

    first = sign_in(client, person.email, code=codes[0].upper())
    client.logout()
    again = sign_in(client, person.email, code=codes[0])

    assert first.status_code == 302
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=person).count() == len(codes) - 1


def test_a_session_that_skipped_the_code_cannot_open_the_admin(client, enrolled):
    person, _, _ = enrolled
    client.force_login(person)  # e.g. a session from before the person enrolled

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_setting_up_shows_a_qr_code_and_a_key_to_type(client):
    person = UserFactory()
    client.force_login(person)

    page = client.get(SETUP_URL).content.decode()

    assert '<img src="data:image/svg+xml' in page
    assert two_factor.secret_for_typing(TOTPDevice.objects.get(user=person)) in page
    assert not two_factor.has_authenticator(person)


def test_setting_up_keeps_the_same_secret_until_confirmed(client):
    person = UserFactory()
    client.force_login(person)

    first, second = client.get(SETUP_URL), client.get(SETUP_URL)

    assert first.context["secret"] == second.context["secret"]
    assert TOTPDevice.objects.filter(user=person).count() == 1


def test_confirming_setup_turns_two_factor_on_and_shows_recovery_codes_once(client):
    person = UserFactory()
    client.force_login(person)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=person)

    response = client.post(SETUP_URL, {"code": authenticator_code(device)})

    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert two_factor.has_authenticator(person)
    assert client.get("/admin/").status_code == 200  # this session proved the code while setting up
    assert "codes" not in client.get(SETUP_URL).context  # never shown again


def test_setup_refuses_a_wrong_code_with_a_message(client):
    person = UserFactory()
    client.force_login(person)
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": "12345x"})

    assert [e.code for e in response.context["form"].errors.as_data()["code"]] == ["invalid_code"]
    assert "does not match" in response.content.decode()
    assert not two_factor.has_authenticator(person)


def test_turning_off_needs_a_current_code(client, enrolled):
    person, device, _ = enrolled
    sign_in(client, person.email, code=authenticator_code(device, -1))

    refused = client.post(SETUP_URL, {"action": "turn_off", "code": "999999"})
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down the next try after a wrong code; a person would wait
    accepted = client.post(SETUP_URL, {"action": "turn_off", "code": authenticator_code(device)})

    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert accepted.status_code == 302
    assert not two_factor.has_authenticator(person)


def test_new_recovery_codes_replace_the_old_ones(client, enrolled):
    person, device, old_codes = enrolled
    sign_in(client, person.email, code=authenticator_code(device))

    response = client.post(SETUP_URL, {"action": "recovery_codes"})

    new_codes = response.context["codes"]
    stored = set(StaticToken.objects.filter(device__user=person).values_list("token", flat=True))
    assert stored == set(new_codes)
    assert not stored & set(old_codes)


def test_a_session_without_the_code_cannot_change_two_factor_settings(client, enrolled):
    person, _, _ = enrolled
    client.force_login(person)

    response = client.post(SETUP_URL, {"action": "recovery_codes"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert StaticToken.objects.filter(device__user=person).count() == 10


def test_setup_page_needs_a_signed_in_staff_member(client):
    response = client.get(SETUP_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@override_settings(EVIDENCE_REQUIRE_2FA=True)
def test_when_required_a_person_without_an_authenticator_is_sent_to_set_one_up(client):
    person = UserFactory()
    sign_in(client, person.email)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == SETUP_URL
    assert "requires two-factor sign-in for all staff" in response.content.decode()


def test_right_code_straight_after_a_wrong_one_says_to_wait_rather_than_wrong(client, enrolled):
    person, device, _ = enrolled
    sign_in(client, person.email, code="000000" if authenticator_code(device) != "000000" else "111111")

    response = sign_in(client, person.email, code=authenticator_code(device))

    (error,) = errors_of(response)["__all__"]
    assert error.code == "code_paused"
    assert "Wait" in error.message
