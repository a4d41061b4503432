"""Hostile-input tests run as production does: DEBUG off, errors answered by the error pages, not raised.

Django's test client normally re-raises a view's exception; here it answers
like the live site (a 500 page), and `assert_answered` shows the traceback
that caused it, so a test fails on the status a visitor would get.
"""

import traceback

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.roles import WRITER
from tests.factories import UserFactory

from .corpus import build_hostile_library


@pytest.fixture(autouse=True)
def production_errors(settings):
    """DEBUG=False error pages, and a cache with no page, content version or rate count from another test."""
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor():
    """An anonymous browser: a server error comes back as the 500 page, as on the live site."""
    return Client(raise_request_exception=False)


def staff_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", display_name="Ada Admin", is_superuser=True)


@pytest.fixture
def writer_client(db):
    return staff_client(UserFactory(email="hostile.writer@example.org", roles=[WRITER]))


def assert_answered(response, allowed=(200,), what=""):
    """The response has one of the `allowed` statuses; a 500 fails with the server's traceback."""
    exc_info = getattr(response, "exc_info", None)
    cause = "".join(traceback.format_exception(*exc_info)) if exc_info else ""
    assert response.status_code in allowed, (
        f"{what or response.wsgi_request.get_full_path()[:300]} answered {response.status_code}, "
        f"expected one of {allowed}.\n{cause}"
    )


@pytest.fixture
def hostile_library(db, editor):
    """Published content with the XSS corpus in every text field writers, reviewers and editors set."""
    return build_hostile_library(editor=editor)
