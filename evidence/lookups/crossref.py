"""A small client for Crossref's REST API (https://api.crossref.org): one work by its DOI.

Standard-library HTTP, as the CDN purge and webhooks use: one GET, a timeout, a polite User-Agent naming
EVIDENCE_CONTACT_EMAIL (Crossref's "polite pool" serves callers it can contact), and answers kept in
Django's cache for EVIDENCE_CROSSREF_CACHE_SECONDS, so a page of look-ups or a repeated check costs one
request per DOI. Every failure is one of the exceptions below, with a message fit to show a person.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

from evidence.models.identifiers import normalise_doi


class CrossrefError(Exception):
    """Crossref could not answer the question; the message says why, in plain words."""


class CrossrefUnavailable(CrossrefError):
    """No answer: offline, timed out, or Crossref's own failure (5xx, 429). Worth trying again later."""


class CrossrefNotFound(CrossrefError):
    """Crossref does not know this DOI (404): it may be registered elsewhere (DataCite, mEDRA) or mistyped."""


class CrossrefBadAnswer(CrossrefError):
    """Crossref answered, but not with the JSON work we asked for."""


def user_agent() -> str:
    """The User-Agent Crossref asks for: EvidenceDesk/0.1 (<site>; mailto:<contact>)."""
    contact = f"; mailto:{settings.EVIDENCE_CONTACT_EMAIL}" if settings.EVIDENCE_CONTACT_EMAIL else ""
    return f"EvidenceDesk/0.1 ({settings.EVIDENCE_SITE_URL}{contact})"


def cache_key(doi: str) -> str:
    return f"crossref:work:{urllib.parse.quote(doi, safe='')}"


def work(doi: str) -> dict:
    """The `message` of Crossref's /works/{doi} answer (title, container-title, author, updated-by, …)."""
    doi = normalise_doi(doi)  # ValidationError for something that is no DOI: the caller's mistake, not Crossref's
    key = cache_key(doi)
    kept = cache.get(key)
    if kept is not None:
        return kept
    message = _fetch(doi)
    cache.set(key, message, settings.EVIDENCE_CROSSREF_CACHE_SECONDS)
    return message


def _fetch(doi: str) -> dict:
    base = settings.EVIDENCE_CROSSREF_API.rstrip("/")
    request = urllib.request.Request(
        f"{base}/works/{urllib.parse.quote(doi, safe='')}",
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.EVIDENCE_CROSSREF_TIMEOUT_SECONDS) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise CrossrefNotFound(f"Crossref has no record of DOI {doi}.") from error
        if error.code == 429 or error.code >= 500:
            raise CrossrefUnavailable(
                f"Crossref answered {error.code} {error.reason} for DOI {doi}; try again later."
            ) from error
        raise CrossrefBadAnswer(f"Crossref refused the request for DOI {doi}: {error.code} {error.reason}.") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CrossrefUnavailable(f"Crossref could not be reached for DOI {doi}: {reason}.") from error
    return _message(body, doi)


def _message(body: bytes, doi: str) -> dict:
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CrossrefBadAnswer(f"Crossref's answer for DOI {doi} is not JSON.") from error
    message = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(message, dict):
        raise CrossrefBadAnswer(f"Crossref's answer for DOI {doi} holds no work.")
    return message
