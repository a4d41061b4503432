"""Fixtures for the API tests: keys, a client that sends one, and published content built through the workflow."""

import math
import time
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.models import Scope
from accounts.services import issue_api_key
from evidence.api.authentication import remembered_keys
from evidence.api.throttling import unsent_requests
from evidence.caching.answers import local_answers
from evidence.caching.version import change_log_version
from evidence.models import Status
from tests.clocks import HeldClock
from tests.factories import ArticleFactory, CitationFactory, ConditionFactory, StudyFactory


@pytest.fixture(autouse=True)
def _fresh_cache_and_no_settling(settings):
    """Rate counters and kept answers live in the cache, keys and answers also in process memory; changes
    count at once unless a test says otherwise."""

    def forget():
        cache.clear()
        remembered_keys.forget_all()
        local_answers.clear()
        unsent_requests.forget_all()
        change_log_version.forget()

    forget()
    settings.EVIDENCE_API_SETTLE_SECONDS = 0
    yield
    forget()


@pytest.fixture
def key_clock(monkeypatch):
    """The clock the remembered API keys expire by, moved on by hand."""
    clock = HeldClock()
    monkeypatch.setattr(remembered_keys, "clock", clock)
    return clock


@pytest.fixture
def wall_clock(monkeypatch):
    """The time Django's timezone.now() tells (audit entries, publication times, the settle horizon), held at
    two tenths into a second until a test moves it: so two changes can fall in one second, or not, on purpose."""
    clock = HeldClock(math.floor(time.time()) + 0.2)
    monkeypatch.setattr(timezone, "now", lambda: datetime.fromtimestamp(clock(), UTC))
    return clock


@pytest.fixture
def raw_key(db):
    return issue_api_key(name="Newsletter tool")[1]


@pytest.fixture
def leads_key(db):
    return issue_api_key(name="CRM sync", scopes=[Scope.LEADS])[1]


def client_with(key):
    return Client(headers={"Authorization": f"Bearer {key}"}) if key else Client()


@pytest.fixture
def api(raw_key):
    """A test client that sends a valid API key."""
    return client_with(raw_key)


@pytest.fixture
def publish(walk):
    """Return publish(item): walk a factory-built item to published and return it."""

    def published(item):
        return walk(item, Status.PUBLISHED)

    return published


@pytest.fixture
def live_article(publish, writer):
    """Return live_article(**fields, citations=n, conditions=[…]): a published article citing n published studies."""

    def build(citations=1, conditions=(), **fields):
        article = ArticleFactory(author=writer, **fields)
        article.conditions.add(*conditions)
        for position in range(1, citations + 1):
            CitationFactory(article=article, study=publish(StudyFactory()), position=position)
        return publish(article)

    return build


@pytest.fixture
def live_condition(publish):
    def build(**fields):
        return publish(ConditionFactory(**fields))

    return build
