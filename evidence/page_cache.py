"""HTTP caching for public pages: validators, 304s and a server-side cache of rendered pages.

Every public page is a function of (published content, path, query). A
*public content version* stands for "published content". With a shared cache
(Redis), it is kept in the cache and a receiver of `live_content_changed`
replaces it whenever anything is published, updated, withdrawn or re-reviewed,
in any process (web workers and cron share the cache). A process-local cache
cannot hear another process's publication, so there the version is read from
the change log in the database (`evidence.change_log`, two look-ups at the end of an index)
and is still exact. So:

- the ETag is a hash of (version, host, path, known query parameters), computed
  without rendering anything, and with a shared cache without SQL;
- a request whose If-None-Match matches is answered 304 at that cost;
- a rendered page is kept under the same key, so publishing or withdrawing
  makes every old entry unreachable at once (they expire on their own).

Only anonymous GET/HEAD requests take part. Anyone with a session cookie
(staff who signed in to the admin) gets a fresh, privately cacheable page.

The page embeds a CSP nonce (for JSON-LD). A stored page keeps a placeholder
where the nonce was, and each response gets its own fresh nonce.
"""

import functools
import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from evidence import change_log

VERSION_KEY = "evidence:public-content-version"
MAX_AGE = 60  # seconds browsers and shared caches may reuse a page without asking
SHARED_CACHE_SECONDS = 3600  # a shared cache hears every publication, so pages may stay longer


def current_version() -> str:
    if settings.EVIDENCE_SHARED_CACHE:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
        if version is not None:
            return version
    # A process-local cache cannot hear another process's publication, and a shared one may be
    # unreachable: then the database's change log says what the public sees.
    latest, settled, _ = change_log.content_version()
    return f"db-{latest}-{settled}"


def bump_version(**_signal_kwargs):
    """Make every cached page and ETag stale (receiver of `live_content_changed`)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def page_timeout() -> int:
    """How long a rendered page is kept: pages are keyed by the content version, so any length is exact;
    a process-local cache keeps them briefly to bound its memory."""
    return SHARED_CACHE_SECONDS if settings.EVIDENCE_SHARED_CACHE else MAX_AGE


def _nonce_placeholder() -> str:
    # Unguessable, so text a writer typed can never turn into a valid nonce.
    return "nonce-" + hmac.new(settings.SECRET_KEY.encode(), b"csp-nonce-placeholder", "sha256").hexdigest()[:24]


def _key(request, params) -> str:
    query = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
    raw = repr((current_version(), request.get_host(), request.path, query)).encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def _is_anonymous(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _matches(request, etag) -> bool:
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or etag in wanted or etag.removeprefix("W/") in [e.removeprefix("W/") for e in wanted]


def _public(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _store(request, response, key):
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # the page used this request's nonce: keep a placeholder instead
        content = content.replace(str(nonce).encode(), _nonce_placeholder().encode())
    cache.set(f"evidence:page:{key}", (content, response["Content-Type"]), page_timeout())


def _from_cache(request, key):
    stored = cache.get(f"evidence:page:{key}")
    if stored is None:
        return None
    content, content_type = stored
    placeholder = _nonce_placeholder().encode()
    if placeholder in content:
        nonce = get_nonce(request)  # evaluating it makes the middleware put it in this response's header
        content = content.replace(placeholder, ("" if nonce is None else str(nonce)).encode())
    return HttpResponse(content, content_type=content_type)


def public_page(params=()):
    """Cache a public view's page per content version; `params` are the query parameters it reads.

    Other parameters (utm_source and friends) change neither the page nor its
    cache key.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_anonymous(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            key = _key(request, params)
            etag = f'W/"{key}"'
            if _matches(request, etag):
                return _public(HttpResponseNotModified(), etag)
            if (cached := _from_cache(request, key)) is not None:
                return _public(cached, etag)
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (the sitemap views) is rendered here to be stored
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            _store(request, response, key)
            return _public(response, etag)

        return wrapper

    return decorator
