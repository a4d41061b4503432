"""ETag, Last-Modified, 304s and a server-side cache of whole JSON answers.

Every content answer is a function of (published content, representation,
scheme, host, path, query): links in it are absolute. The public content
version (`evidence.caching.version`, the one the public pages use) stands for
"published content", so the ETag is a hash of those and costs no
serialisation (`evidence.caching.conditional`, whose rules for 304s the
public pages follow too). It is exact in the sense that matters: the version
changes after the commit of every publication, withdrawal or re-review, so an
answer built after reading a version never holds older content than that
version.

- With Redis the version is held in process memory and refreshed by a
  listener, and carries the change log read at most once a second, so a lost
  announcement or a late-committing change that settles still changes the
  ETag within a second (see evidence.caching.version).
- With the local-memory cache the version is read from the change log on
  every request, whose "settled" id changes the ETag again once a
  late-committing change settles.
- A rendered answer is kept in the cache under its ETag, so publishing makes
  every old entry unreachable at once. With Redis each process also keeps the
  answers it served last in memory (LOCAL_ANSWER_BYTES): a key names one
  version of one answer, so that copy can never be stale, and a hit then
  costs no round trip for a body of a few hundred kilobytes.
- ``EVIDENCE_RESPONSE_CACHE = False`` keeps ETags and 304s but neither reads
  nor stores answers (the benchmark's "uncached" phase).
- Last-Modified (the latest public change) is one more look-up in the change
  log, made only when it is needed: for an answer being built (and then kept
  with it) or for a request with If-Modified-Since. A 304 for If-None-Match
  goes without it, which HTTP allows. Its date is rounded so that a change in
  the same second as the one a client saw is never answered 304
  (`conditional.last_modified_second`).

A person's byline (name, credentials) is not part of the version: a change to
it shows within EVIDENCE_API_CACHE_SECONDS.
"""

import datetime
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date

from evidence.caching import conditional, keys, stats
from evidence.caching import memory as process_memory
from evidence.caching import version as public_version
from evidence.caching.memory import RecentlyServed
from evidence.models import changes as change_log

# Raise when the representation changes shape, so no client keeps an answer of the old shape.
REPRESENTATION = 1
LOCAL_ANSWER_BYTES = 32 * 1024 * 1024  # per process: a hundred or so pages of 20 articles
_UNKNOWN = object()


class _Kept(NamedTuple):
    content: bytes
    last_modified: float | None  # a timestamp
    kept_until: float  # a timestamp: so no copy outlives EVIDENCE_API_CACHE_SECONDS


class _LocalAnswers(RecentlyServed):
    """The answers this process served last; each is dropped when its shared copy expires."""

    def get(self, key):
        stored = super().get(key)
        return stored if stored is not None and time.time() < stored.kept_until else None


local_answers = _LocalAnswers(LOCAL_ANSWER_BYTES, size_of=lambda stored: len(stored.content))


class Validators:
    """ETag, Last-Modified and kept copy of one answer, by the public content version, or by `item_version`
    (evidence.caching.items) for an item whose dependency record covers all it shows: then publishing anything
    else leaves its ETag and kept copy as they are."""

    def __init__(self, request, item_version=None):
        query = sorted((name, request.GET.getlist(name)) for name in request.GET)
        where = (request.scheme, request.get_host(), request.path, query)
        version = item_version if item_version is not None else public_version.current()
        digest = conditional.digest(REPRESENTATION, version, where)
        self.etag = conditional.etag(digest, weak=False)
        self.cache_key = keys.api_answer(digest)
        self._last_modified = item_version[-1] if item_version is not None else _UNKNOWN

    @property
    def last_modified(self):
        """When the public last saw a change (None before the first), looked up on first use."""
        if self._last_modified is _UNKNOWN:
            self._last_modified = change_log.latest_change_at()
        return self._last_modified

    def not_modified(self, request) -> bool:
        return conditional.not_modified(request, self.etag, last_modified=lambda: self.last_modified)

    def cached_answer(self):
        if not conditional.stores_responses():
            return None
        stored = local_answers.get(self.cache_key) if process_memory.in_use() else None
        if stored is None:
            stored = cache.get(self.cache_key)
            stats.looked_up("api", found=stored is not None)
            if stored is None:
                return None
            stored = _Kept(*stored)
            if process_memory.in_use():
                local_answers.put(self.cache_key, stored)
        else:
            stats.looked_up("api", found=True)
        timestamp = stored.last_modified
        self._last_modified = None if timestamp is None else datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
        return HttpResponse(stored.content, content_type="application/json")

    def keep(self, response):
        """Keep a successful answer's JSON once it is rendered."""
        if (
            conditional.stores_responses()
            and response.status_code == 200
            and hasattr(response, "add_post_render_callback")
        ):
            response.add_post_render_callback(self._store)
        return response

    def _store(self, rendered):
        seconds = settings.EVIDENCE_API_CACHE_SECONDS
        last_modified = None if self.last_modified is None else self.last_modified.timestamp()
        stored = _Kept(rendered.content, last_modified, time.time() + seconds)
        cache.set(self.cache_key, tuple(stored), seconds)  # a plain tuple: no class path in the pickled entry
        if process_memory.in_use():
            local_answers.put(self.cache_key, stored)

    def apply(self, response):
        response["ETag"] = self.etag
        # A built or kept answer knows its Last-Modified; a 304 for If-None-Match does without the look-up.
        knows = response.status_code == 200 or self._last_modified is not _UNKNOWN
        if knows and self.last_modified:
            second = conditional.last_modified_second(self.last_modified, change_log.settled_before())
            response["Last-Modified"] = http_date(second)
        response["Cache-Control"] = f"private, max-age={settings.EVIDENCE_API_CACHE_SECONDS}, must-revalidate"
