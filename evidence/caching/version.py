"""The public content version: one token that changes whenever what the public sees changes.

Every cached page, cached API answer and ETag is keyed by it, so a
publication anywhere makes all of them stale at once.

- With a shared cache (Redis, ``EVIDENCE_SHARED_CACHE``) the token lives in
  Redis. `bump()` runs in whichever process published (a web worker, cron)
  as a receiver of ``live_content_changed``: it stores a new token, then
  announces it on a Redis channel.
- Each web process keeps the token in memory, so a cache hit or a 304 costs
  no round trip to Redis. A listener thread subscribes to the channel and,
  on every announcement and at least every REFRESH_SECONDS, reads the token
  from Redis. It reads rather than trusting the message, so announcements
  arriving out of order can never leave it behind. The memory copy is only
  trusted while the listener has heard from Redis within TRUST_SECONDS;
  otherwise (starting up, connection lost, Redis down) each call reads Redis
  as before, and failing that the database.
- A token changes only when a publishing process announces it, which can
  fail (the process dies between its commit and the announcement, or Redis is
  unreachable just then). So the version also carries the database's change
  log (`evidence.models.changes`), read at most once per CHANGE_LOG_SECONDS per
  process: a lost announcement, or a late-committing change that settles,
  still changes every key within a second.
- Without a shared cache (the local-memory default), another process's
  publication cannot be heard, so the version comes from the change log on
  every call, which is exact in every process.
"""

import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

from evidence.caching import keys
from evidence.caching.backend import ResilientRedisCache
from evidence.models import changes as change_log

logger = logging.getLogger(__name__)

KEY = keys.PUBLIC_CONTENT_VERSION
CHANNEL = keys.PUBLIC_CONTENT_VERSION_CHANNEL
REFRESH_SECONDS = 1.0  # how often the listener re-reads the token when nothing is announced
TRUST_SECONDS = 3.0  # how long a token the listener read stays usable without hearing from Redis again
RETRY_SECONDS = 1.0  # pause before resubscribing after a failure


CHANGE_LOG_SECONDS = 1.0  # how often a process with Redis re-reads the change log


class _ChangeLogVersion:
    """The change log's (latest, settled) ids, read at most once per CHANGE_LOG_SECONDS in this process."""

    def __init__(self):
        self.clock = time.monotonic  # tests hold it still
        self._version, self._read_until = None, float("-inf")

    def current(self):
        now = self.clock()
        if now >= self._read_until:
            latest, settled, _ = change_log.content_version()
            self._version, self._read_until = (latest, settled), now + CHANGE_LOG_SECONDS
        return self._version

    def forget(self):
        self._read_until = float("-inf")


change_log_version = _ChangeLogVersion()


def current() -> str:
    """The version every public answer is keyed by (see the module docstring for where it comes from)."""
    if settings.EVIDENCE_SHARED_CACHE:
        token = listener().version() if _is_redis() else None
        if token is None:
            token = _read_shared()
        if token is not None:
            latest, settled = change_log_version.current()
            return f"{token}-{latest}-{settled}"
    # A process-local cache cannot hear another process's publication, and a shared one may be
    # unreachable: then the database's change log says what the public sees.
    latest, settled, _ = change_log.content_version()
    return f"db-{latest}-{settled}"


def bump_after_commit(**_signal_kwargs):
    """Receiver of `live_content_changed`, which fires inside the move's transaction: bump once it commits.

    A crash between the commit and the bump leaves no stale page for long: every version also carries the
    change log's latest entry, which the move wrote inside its transaction.
    """
    transaction.on_commit(bump)


def bump():
    """Make every cached page and ETag stale."""
    cache.set(KEY, uuid.uuid4().hex, timeout=None)
    if settings.EVIDENCE_SHARED_CACHE and _is_redis():
        _announce()


PER_VERSION_SECONDS = 3600  # keyed by the version, so any length is exact; this only bounds memory


def once_per_version(name: str, compute):
    """`compute()`, worked out once per public content version and shared by every process.

    For counts and other aggregates over live content that cost more than a page should (a grouped count
    over 100,000 articles takes 100 ms). Keyed by the version, so the first call after any publication
    computes afresh: never stale. Without a shared cache the version itself costs two queries, so
    then this just computes.
    """
    if not settings.EVIDENCE_SHARED_CACHE:
        return compute()
    key = keys.per_version(current(), name)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, PER_VERSION_SECONDS)
    return value


def _read_shared():
    version = cache.get(KEY)
    if version is None:  # first use, or Redis lost its data: agree on one token with cache.add
        cache.add(KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(KEY)
    return version


def _is_redis() -> bool:
    return isinstance(caches["default"], ResilientRedisCache)


def _redis():
    """The shared cache's redis.Redis client, for publishing and subscribing (only when `_is_redis()`)."""
    return caches["default"].redis(KEY)


def _announce():
    try:
        _redis().publish(CHANNEL, b"")
    except Exception as error:  # listeners still re-read the token within REFRESH_SECONDS
        logger.warning("Could not announce a new public content version: %s", error)


class Listener:
    """Keeps this process's copy of the token current; one per process, started on first use."""

    def __init__(self):
        self._version = None
        self._heard_at = float("-inf")
        self._thread = None
        self._pid = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def version(self):
        self._ensure_running()
        if time.monotonic() - self._heard_at < TRUST_SECONDS:
            return self._version
        return None

    def _ensure_running(self):
        if self._stopped.is_set():
            return
        # gunicorn forks workers from a preloaded master: a thread started before the fork is not in the worker.
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            self._pid, self._version, self._heard_at = os.getpid(), None, float("-inf")
            self._thread = threading.Thread(target=self._run, name="public-version-listener", daemon=True)
            self._thread.start()

    def stop(self, wait=False):
        """Let the thread end within REFRESH_SECONDS (tests; a web process never stops listening).

        With `wait`, return once it has ended, so that no read still in flight marks the copy fresh again.
        """
        self._stopped.set()
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=REFRESH_SECONDS + RETRY_SECONDS + 5)
        self._heard_at = float("-inf")

    def _run(self):
        while not self._stopped.is_set():
            try:
                self._listen()
            except Exception as error:
                # Stop trusting the copy at once; log once per outage, not once a second.
                if self._heard_at != float("-inf") or self._version is None:
                    logger.warning("Public content version listener lost Redis, retrying: %s", error)
                self._heard_at, self._version = float("-inf"), ""
            time.sleep(RETRY_SECONDS)

    def _listen(self):
        subscription = _redis().pubsub(ignore_subscribe_messages=True)
        try:
            subscription.subscribe(CHANNEL)
            # Subscribe first, then read: an announcement made in between is delivered after this read.
            self._refresh()
            while not self._stopped.is_set():
                subscription.get_message(timeout=REFRESH_SECONDS)
                self._refresh()
        finally:
            subscription.close()

    def _refresh(self):
        if self._stopped.is_set():
            return
        # Not through evidence.caching.backend's "Redis is down, pretend it's empty" layer: here an outage must
        # stop the listener from being trusted.
        version = caches["default"].strict_get(KEY)
        if version is None:
            self._heard_at = float("-inf")  # no token yet: callers agree on one through the cache
            return
        self._version = version
        self._heard_at = time.monotonic()


_listener = Listener()


def listener() -> Listener:
    return _listener
