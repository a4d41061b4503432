"""One GET to a scholarly registry (Crossref, PubMed's E-utilities), shared by their clients.

Standard-library HTTP, as the CDN purge and webhooks use: a timeout, a polite User-Agent naming
EVIDENCE_CONTACT_EMAIL (both registries ask callers to say who they are and how to reach them), and every
failure turned into one of the exceptions below with a message fit to show a person. Each client re-raises
them as its own kinds, so callers catch `CrossrefError` or `PubMedError`, or `LookupFailed` for either.
"""

import urllib.error
import urllib.request

from django.conf import settings


class LookupFailed(Exception):
    """A registry could not answer the question; the message says why, in plain words."""


class Unavailable(LookupFailed):
    """No answer: offline, timed out, or the registry's own failure (5xx, 429). Worth trying again later."""


class NotFound(LookupFailed):
    """The registry has no record of the identifier."""


class BadAnswer(LookupFailed):
    """The registry answered, but not with what was asked for."""


def user_agent() -> str:
    """EvidenceDesk/0.1 (<site>; mailto:<contact>): what Crossref's polite pool and NCBI ask callers to send."""
    contact = f"; mailto:{settings.EVIDENCE_CONTACT_EMAIL}" if settings.EVIDENCE_CONTACT_EMAIL else ""
    return f"EvidenceDesk/0.1 ({settings.EVIDENCE_SITE_URL}{contact})"


def get(url: str, *, service: str, subject: str, timeout: float, accept: str = "application/json") -> bytes:
    """The body of a GET to `url`; `service` ("Crossref") and `subject` ("DOI 10.…") name them in messages."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise NotFound(f"{service} has no record of {subject}.") from error
        if error.code == 429 or error.code >= 500:
            raise Unavailable(
                f"{service} answered {error.code} {error.reason} for {subject}; try again later."
            ) from error
        raise BadAnswer(f"{service} refused the request for {subject}: {error.code} {error.reason}.") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise Unavailable(f"{service} could not be reached for {subject}: {reason}.") from error
