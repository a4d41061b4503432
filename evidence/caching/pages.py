"""HTTP caching for public pages: validators, 304s and a server-side cache of rendered pages.

Every public page is a function of (published content, path, query). The
*public content version* (`evidence.caching.version`) stands for "published
content": it changes, in every process, whenever anything is published,
updated, withdrawn or re-reviewed. So:

- the ETag is a hash of (version, host, path, known query parameters), computed
  without rendering anything; with Redis the version is in process memory, so
  without any round trip either;
- a request whose If-None-Match matches is answered 304 at that cost
  (`evidence.caching.conditional`, the rules the API follows too);
- a rendered page is kept under the same key, so publishing or withdrawing
  makes every old entry unreachable at once (they expire on their own). With
  Redis, each process also keeps the pages it served last in memory
  (LOCAL_PAGE_BYTES): a key names one version of one page, so that copy can
  never be stale, and a hit then costs no round trip.

Only anonymous GET/HEAD requests take part. Anyone with a session cookie
(staff who signed in to the admin) gets a fresh, privately cacheable page.
``EVIDENCE_RESPONSE_CACHE = False`` keeps validators and 304s but stores no
page (the benchmark's "uncached" phase).

A page that uses the CSP nonce (none of the public ones today: JSON-LD is a
data block and needs none) is stored with a placeholder where the nonce was,
and each response gets its own fresh nonce.
"""

import functools
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csp import get_nonce
from django.utils.cache import patch_cache_control

from evidence.caching import cdn, conditional, keys, stats
from evidence.caching import memory as process_memory
from evidence.caching import version as public_version
from evidence.caching.memory import RecentlyServed

MAX_AGE = 60  # seconds browsers and shared caches may reuse a page without asking
SHARED_CACHE_SECONDS = 3600  # a shared cache hears every publication, so pages may stay longer
LOCAL_PAGE_BYTES = 32 * 1024 * 1024  # per process: a few thousand pages


local_pages = RecentlyServed(LOCAL_PAGE_BYTES, size_of=lambda stored: len(stored[0]))


def page_timeout() -> int:
    """How long a rendered page is kept: pages are keyed by the content version, so any length is exact;
    a process-local cache keeps them briefly to bound its memory."""
    return SHARED_CACHE_SECONDS if settings.EVIDENCE_SHARED_CACHE else MAX_AGE


def _nonce_placeholder() -> str:
    return _placeholder_for(settings.SECRET_KEY)


@functools.cache
def _placeholder_for(secret_key: str) -> str:
    # Unguessable, so text a writer typed can never turn into a valid nonce; worked out once per secret key.
    return "nonce-" + hmac.new(secret_key.encode(), b"csp-nonce-placeholder", "sha256").hexdigest()[:24]


def _key(request, params, version=None) -> str:
    query = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
    version = version if version is not None else public_version.current()
    return conditional.digest(version, request.get_host(), request.path, query)


def _is_anonymous(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _public(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _store(request, response, key):
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # the page used this request's nonce: keep a placeholder instead
        content = content.replace(str(nonce).encode(), _nonce_placeholder().encode())
    stored = (content, response["Content-Type"], cdn.tags_of(response))
    cache.set(keys.page(key), stored, page_timeout())
    if process_memory.in_use():
        local_pages.put(key, stored)


def _stored(key):
    if process_memory.in_use() and (stored := local_pages.get(key)) is not None:
        return stored
    stored = cache.get(keys.page(key))
    if stored is not None and process_memory.in_use():
        local_pages.put(key, stored)
    return stored


def _from_cache(request, key):
    stored = _stored(key)
    stats.looked_up("page", found=stored is not None)
    if stored is None:
        return None
    content, content_type, *rest = stored  # copies stored before tags were kept have none
    placeholder = _nonce_placeholder().encode()
    if placeholder in content:
        nonce = get_nonce(request)  # evaluating it makes the middleware put it in this response's header
        content = content.replace(placeholder, ("" if nonce is None else str(nonce)).encode())
    response = HttpResponse(content, content_type=content_type)
    for name, value in (rest[0] if rest else {}).items():
        response[name] = value
    return response


def public_page(params=(), tags=("site",), version=None):
    """Cache a public view's page per content version; `params` are the query parameters it reads.

    Other parameters (utm_source and friends) change neither the page nor its
    cache key. `tags` name what the page shows for a CDN's purge (evidence.caching.cdn), unless the view
    tagged its response more precisely itself. `version(**view_kwargs)`, for a page about one item whose
    dependency record covers all it shows, gives that item's own version (evidence.caching.items; None when
    nothing live is there): then publishing anything else leaves this page's ETag and kept copy as they are.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_anonymous(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            item_version = version(**kwargs) if version is not None else None
            request.item_version = item_version  # the view may key what it prepares by it (evidence.prepared)
            key = _key(request, params, item_version)
            etag = conditional.etag(key, weak=True)
            if conditional.not_modified(request, etag):
                return _public(HttpResponseNotModified(), etag)
            if conditional.stores_responses() and (cached := _from_cache(request, key)) is not None:
                return _public(HttpResponseNotModified() if conditional.asks_for_any(request) else cached, etag)
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (the sitemap views) is rendered here to be stored
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if not response.has_header("Surrogate-Key"):
                cdn.tag_response(response, tags)  # the view did not tag it more precisely
            if conditional.stores_responses():
                _store(request, response, key)
            return _public(HttpResponseNotModified() if conditional.asks_for_any(request) else response, etag)

        return wrapper

    return decorator
