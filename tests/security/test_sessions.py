"""Staff sessions: HttpOnly cookies that end with the browser and after a working day."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import UserFactory
from tests.security.conftest import sign_in

pytestmark = pytest.mark.django_db

WORKING_DAY = 8 * 60 * 60


def test_staff_session_lasts_a_working_day_and_ends_with_the_browser(client, settings):
    sign_in(client, UserFactory().email)

    assert settings.SESSION_COOKIE_AGE == WORKING_DAY
    assert client.session.get_expiry_age() == WORKING_DAY
    assert client.session.get_expire_at_browser_close()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # no lifetime in the cookie: the browser drops it on close
    assert cookie["httponly"]


def test_an_expired_session_is_sent_back_to_sign_in(client):
    sign_in(client, UserFactory().email)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signing_in_starts_a_new_session_key(client):
    client.get("/admin/login/")
    client.session.save()
    before = client.session.session_key

    sign_in(client, UserFactory().email)

    assert client.session.session_key != before  # a planted session id is not carried into the signed-in session
