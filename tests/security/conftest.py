"""Helpers for the security tests: signing in through the real admin form, and authenticator codes."""

import time

import pytest
from django.core.cache import cache
from django_otp.oath import TOTP

from tests.factories import PASSWORD

LOGIN_URL = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters (password reset, public forms) live in the cache: none carries over between tests."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD, code="", **extra):
    """Post the admin's sign-in form as a browser would."""
    data = {"username": email, "password": password, "otp_token": code, "next": "/admin/"}
    return client.post(LOGIN_URL, data, **extra)


def authenticator_code(device, steps_from_now=0):
    """The code an authenticator app would show, `steps_from_now` periods of 30 s away."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)  # the app knows nothing of drift
    totp.time = time.time() + steps_from_now * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def signed_in(client):
    """Return signed_in(user): the client, signed in with the password through the form."""

    def sign_in_as(user, **kwargs):
        response = sign_in(client, user.email, **kwargs)
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return sign_in_as
