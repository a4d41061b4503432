"""The public content version held in process memory with Redis: current at once, never trusted blindly.

These tests talk to a real Redis (REDIS_URL, else 127.0.0.1:6379/15) and skip without one.
"""

import os
import re
import time
import uuid

import pytest
import redis
from django.core.management import call_command
from django.utils import timezone

from evidence.caching import pages as page_cache
from evidence.caching import version as public_version
from evidence.caching.backend import ResilientRedisCache
from evidence.models import Status
from tests.clocks import HeldClock
from tests.factories import ArticleFactory, ConditionFactory

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def _reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not _reachable(), reason=f"needs Redis at {REDIS_URL} (apt-get install redis-server, or set REDIS_URL)"
)


@pytest.fixture
def shared_cache(settings):
    """The Redis cache as in production, under a key prefix of its own so parallel test runs don't meet."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "evidence.caching.backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.EVIDENCE_SHARED_CACHE = True
    yield prefix
    delete_keys(f"{prefix}:*")


def delete_keys(pattern):
    """Only this test's keys: cache.clear() would empty the whole Redis database under a parallel run's feet."""
    raw = redis.Redis.from_url(REDIS_URL)
    for key in raw.scan_iter(pattern):
        raw.delete(key)


@pytest.fixture
def change_log_clock(monkeypatch):
    """The clock by which this process re-reads the change log, held still unless a test moves it."""
    clock = HeldClock()
    monkeypatch.setattr(public_version.change_log_version, "clock", clock)
    public_version.change_log_version.forget()
    yield clock
    public_version.change_log_version.forget()


@pytest.fixture
def listener(monkeypatch, shared_cache, change_log_clock, db):
    fresh = public_version.Listener()
    monkeypatch.setattr(public_version, "_listener", fresh)
    yield fresh
    fresh.stop()


def token_of(version):
    """The Redis token part of a version ("<token>-<latest>-<settled>")."""
    return version.rsplit("-", 2)[0]


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def another_process_publishes(prefix):
    """What `bump()` does in cron or another worker: a new token in Redis, then an announcement."""
    token = uuid.uuid4().hex
    # Through a cache object of its own, as a cache in another process would be, under the same key prefix.
    ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).set(public_version.KEY, token, timeout=None)
    redis.Redis.from_url(REDIS_URL).publish(public_version.CHANNEL, b"")
    return token


def test_the_listener_holds_the_shared_token_so_reading_it_needs_no_round_trip(listener, monkeypatch):
    first = public_version.current()  # starts the listener; this call reads Redis itself
    assert wait_for(lambda: listener.version() == token_of(first))

    def no_redis(*args, **kwargs):
        raise AssertionError("read Redis although the listener holds the token")

    monkeypatch.setattr(public_version, "_read_shared", no_redis)
    assert public_version.current() == first  # and the change log is not read again within the second


def test_a_publication_in_another_process_reaches_this_process_at_once(listener, shared_cache):
    public_version.current()
    assert wait_for(lambda: listener.version() is not None)

    token = another_process_publishes(shared_cache)

    # Announced: well within the listener's one-second re-read.
    assert wait_for(lambda: token_of(public_version.current()) == token, seconds=0.5)


def test_bump_stores_a_new_token_and_announces_it(listener):
    subscriber = redis.Redis.from_url(REDIS_URL).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(public_version.CHANNEL)
    before = public_version.current()

    public_version.bump()

    assert public_version.cache.get(public_version.KEY) not in (None, before)
    assert wait_for(lambda: subscriber.get_message(timeout=0.1) is not None, seconds=2)
    assert wait_for(lambda: token_of(public_version.current()) == public_version.cache.get(public_version.KEY))
    subscriber.close()


def test_a_token_not_heard_from_redis_lately_is_not_trusted(listener, monkeypatch):
    public_version.current()
    assert wait_for(lambda: listener.version() is not None)
    listener.stop(wait=True)  # as if the connection hung silently: nothing heard from now on
    monkeypatch.setattr(listener, "_heard_at", time.monotonic() - public_version.TRUST_SECONDS - 1)
    public_version.cache.set(public_version.KEY, "set-while-the-listener-was-deaf", timeout=None)

    assert listener.version() is None
    assert token_of(public_version.current()) == "set-while-the-listener-was-deaf"


def test_with_redis_down_the_version_comes_from_the_database(settings, monkeypatch, db):
    settings.CACHES = {
        "default": {"BACKEND": "evidence.caching.backend.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    settings.EVIDENCE_SHARED_CACHE = True
    deaf = public_version.Listener()
    monkeypatch.setattr(public_version, "_listener", deaf)
    try:
        assert public_version.current().startswith("db-")
        assert deaf.version() is None
    finally:
        deaf.stop()


@pytest.mark.django_db
def test_a_page_kept_in_process_memory_is_not_served_after_a_publication_elsewhere(
    client, listener, shared_cache, walk
):
    page_cache.local_pages.clear()
    article = walk(ArticleFactory(slug="kept-in-memory", title="Before the update"), Status.PUBLISHED)
    public_version.current()
    assert wait_for(lambda: listener.version() is not None)
    first = client.get("/articles/kept-in-memory/")
    delete_keys(f"{shared_cache}:*evidence:page:*")  # the Redis copy is gone: only process memory has the page
    second = client.get("/articles/kept-in-memory/")
    assert second["ETag"] == first["ETag"]
    assert b"Before the update" in second.content

    # Another process publishes new text; its signal reaches only that process, its announcement reaches all.
    # (as the workflow does: a new public copy, stamped with when it changed)
    article.revisions.filter(is_live=True).update(title="After the update", public_updated_at=timezone.now())
    token = another_process_publishes(shared_cache)
    assert wait_for(lambda: token_of(public_version.current()) == token, seconds=0.5)

    third = client.get("/articles/kept-in-memory/")
    assert third["ETag"] != first["ETag"]
    assert b"After the update" in third.content


def test_an_aggregate_is_worked_out_once_per_version(listener):
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    assert public_version.once_per_version("test-count", count) == 1
    assert public_version.once_per_version("test-count", count) == 1

    public_version.bump()  # a publication

    assert wait_for(lambda: public_version.once_per_version("test-count", count) == 2)
    assert len(calls) == 2


@pytest.mark.django_db
def test_list_totals_and_page_ids_are_worked_out_once_per_version_and_per_filter(
    client, listener, settings, walk, django_assert_num_queries
):
    settings.EVIDENCE_RESPONSE_CACHE = False  # build every page: only the totals may be remembered
    condition = walk(ConditionFactory(slug="lupus", name="Lupus"), Status.PUBLISHED)
    for n in range(3):
        article = ArticleFactory(slug=f"lupus-{n}")
        if n:
            article.conditions.add(condition)
        walk(article, Status.PUBLISHED)
    public_version.bump()
    assert wait_for(lambda: listener.version() == public_version.cache.get(public_version.KEY))
    public_version.current()  # reads the change log, which the held clock then keeps for the whole test
    call_command("prepare_pages", verbosity=0)  # what the worker does after each publication

    with django_assert_num_queries(4) as first:  # live conditions, count, page ids, the page's prepared cards
        assert client.get("/articles/").context["page_obj"].paginator.count == 3
    with django_assert_num_queries(len(first.captured_queries) - 2):  # the same page without count and ids
        again = client.get("/articles/").context["page_obj"]
    assert again.paginator.count == 3
    assert slugs(again) == ["lupus-2", "lupus-1", "lupus-0"]
    about_lupus = client.get("/articles/?condition=lupus").context["page_obj"]
    assert about_lupus.paginator.count == 2
    assert slugs(about_lupus) == ["lupus-2", "lupus-1"]

    walk(ArticleFactory(slug="lupus-3"), Status.PUBLISHED)
    public_version.bump()  # what the publication's signal does after its commit
    assert wait_for(lambda: listener.version() == public_version.cache.get(public_version.KEY))
    assert slugs(client.get("/articles/").context["page_obj"])[0] == "lupus-3"  # not prepared yet: rendered


def slugs(page):
    """The articles a page of the list shows, in order, read from their cards."""
    return re.findall(r'href="/articles/([^/"]+)/"', "".join(page))


@pytest.mark.django_db
def test_a_publication_whose_announcement_was_lost_still_changes_the_version_within_a_second(
    listener, change_log_clock, walk
):
    public_version.current()  # starts the listener
    assert wait_for(lambda: listener.version() is not None)
    before = public_version.current()
    # Published and committed, but the process died before announcing it: Redis keeps the old token.
    walk(ArticleFactory(slug="never-announced"), Status.PUBLISHED)
    assert public_version.current() == before  # not re-read within the second

    change_log_clock.now += public_version.CHANGE_LOG_SECONDS

    assert public_version.current() != before
    assert token_of(public_version.current()) == token_of(before)
