"""A small client for Crossref's REST API (https://api.crossref.org): one work by its DOI.

One GET through `evidence.lookups.http` (a timeout, a polite User-Agent naming EVIDENCE_CONTACT_EMAIL:
Crossref's "polite pool" serves callers it can contact), and answers kept in Django's cache for
EVIDENCE_CROSSREF_CACHE_SECONDS, so a page of look-ups or a repeated check costs one request per DOI. Every
failure is one of the exceptions below, with a message fit to show a person.
"""

import json
import urllib.parse

from django.conf import settings
from django.core.cache import cache

from evidence.lookups import http
from evidence.models.identifiers import normalise_doi


class CrossrefError(http.LookupFailed):
    """Crossref could not answer the question; the message says why, in plain words."""


class CrossrefUnavailable(CrossrefError, http.Unavailable):
    """No answer: offline, timed out, or Crossref's own failure (5xx, 429). Worth trying again later."""


class CrossrefNotFound(CrossrefError, http.NotFound):
    """Crossref does not know this DOI (404): it may be registered elsewhere (DataCite, mEDRA) or mistyped."""


class CrossrefBadAnswer(CrossrefError, http.BadAnswer):
    """Crossref answered, but not with the JSON work we asked for."""


_OWN = {http.Unavailable: CrossrefUnavailable, http.NotFound: CrossrefNotFound, http.BadAnswer: CrossrefBadAnswer}

user_agent = http.user_agent  # kept under its old name for callers that show it


def cache_key(doi: str) -> str:
    # One entry per paper: a DOI names the same work in any case.
    return f"crossref:work:{urllib.parse.quote(doi.lower(), safe='')}"


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
    try:
        body = http.get(
            f"{base}/works/{urllib.parse.quote(doi, safe='')}",
            service="Crossref",
            subject=f"DOI {doi}",
            timeout=settings.EVIDENCE_CROSSREF_TIMEOUT_SECONDS,
        )
    except http.LookupFailed as error:
        raise _OWN[type(error)](str(error)) from error
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
