"""ETag, Last-Modified, 304s and a server-side cache of whole JSON answers.

Every content answer is a function of (published content, path, query). The
change log's `content_version` stands for "published content": two indexed
look-ups, no serialisation. So a conditional request is answered 304 at that
cost, and a rendered answer is kept in the cache under its ETag, which
publishing, withdrawing or re-reviewing anything replaces. Unlike a version
number kept in the cache, the database is shared by every worker and by cron,
so a 304 is never based on a change another process did not hear about.

A person's byline (name, credentials) is not part of the version: a change to
it shows within EVIDENCE_API_CACHE_SECONDS.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from evidence.change_log import content_version

# Raise when the representation changes shape, so no client keeps an answer of the old shape.
REPRESENTATION = 1


class Validators:
    def __init__(self, request):
        latest, settled, self.last_modified = content_version()
        query = sorted((name, request.GET.getlist(name)) for name in request.GET)
        raw = repr((REPRESENTATION, latest, settled, request.path, query)).encode()
        self.etag = f'"{hashlib.sha256(raw).hexdigest()[:32]}"'
        self.cache_key = f"evidence-api:answer:{self.etag.strip(chr(34))}"

    def not_modified(self, request) -> bool:
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            # "*" is not honoured: it would answer 304 for an item that does not exist.
            return self.etag in parse_etags(if_none_match)
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return bool(since and self.last_modified and int(self.last_modified.timestamp()) <= since)

    def cached_answer(self):
        content = cache.get(self.cache_key)
        return None if content is None else HttpResponse(content, content_type="application/json")

    def keep(self, response):
        """Keep a successful answer's JSON once it is rendered."""
        if response.status_code == 200 and hasattr(response, "add_post_render_callback"):
            seconds = settings.EVIDENCE_API_CACHE_SECONDS
            response.add_post_render_callback(lambda rendered: cache.set(self.cache_key, rendered.content, seconds))
        return response

    def apply(self, response):
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = f"private, max-age={settings.EVIDENCE_API_CACHE_SECONDS}, must-revalidate"
