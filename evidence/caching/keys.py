"""Every key this project stores in the cache, in one place.

One look here shows what lives in Redis (or the local-memory cache) and
who owns it, and two modules cannot pick the same prefix by accident. The
strings are part of the running system: renaming one strands what is stored
under the old name until it expires, so change them only on purpose.
"""

# The public content version (evidence.caching.version): one token, and the channel announcing a new one.
PUBLIC_CONTENT_VERSION = "evidence:public-content-version"
PUBLIC_CONTENT_VERSION_CHANNEL = "evidence:public-content-version"

HEALTH_CHECK = "evidence:healthz"  # prefix of the health check's probe keys (evidence.operations.health)


def page(digest: str) -> str:
    """A rendered public page (evidence.caching.pages), named by its ETag's digest."""
    return f"evidence:page:{digest}"


def rendered_body(rendering_version: int, digest: str) -> str:
    """The sanitised HTML of one article body (evidence.presenters.bodies), named by its content."""
    return f"evidence:body-html:{rendering_version}:{digest}"


def per_version(version: str, name: str) -> str:
    """A value worked out once per public content version (evidence.caching.version.once_per_version)."""
    return f"evidence:per-version:{version}:{name}"


def api_answer(digest: str) -> str:
    """A whole JSON answer of the API (evidence.caching.answers), named by its ETag's digest."""
    return f"evidence-api:answer:{digest}"


def api_rate(api_key_id: int, window: int) -> str:
    """Requests an API key made in one rate-limit window (evidence.api.throttling)."""
    return f"evidence-api:rate:{api_key_id}:{window}"


def enquiry_rate(limit_name: str, who: str, window: int) -> str:
    """Form submissions counted against one limit in one window (evidence.enquiries.ratelimit)."""
    return f"enquiries:rate:{limit_name}:{who}:{window}"
