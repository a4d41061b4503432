"""Is this form post from a person on our own site? The public forms' stand-in for a CSRF cookie.

Public pages set no cookie, so the forms cannot use Django's CSRF token. What
a forged cross-site post could do here is sign someone up for a newsletter;
browsers tell us where a post comes from (Origin, Sec-Fetch-Site, Referer),
and we refuse any that comes from another site. A request with none of these
headers is not from a browser a third party could steer, so it is allowed and
left to the honeypot and the rate limit.
"""

from urllib.parse import urlsplit

from django.conf import settings


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _our_origins(request) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def from_this_site(request) -> bool:
    if origin := request.headers.get("Origin"):
        return origin in _our_origins(request)
    if fetch_site := request.headers.get("Sec-Fetch-Site"):
        return fetch_site in ("same-origin", "none")
    if referer := request.headers.get("Referer"):
        return _origin_of(referer) in _our_origins(request)
    return True
