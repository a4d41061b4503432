"""A small client for PubMed through NCBI's E-utilities (https://eutils.ncbi.nlm.nih.gov/entrez/eutils).

Two questions, each one GET through `evidence.lookups.http`:

- `medline(pmid)`: the paper's MEDLINE record (EFetch, db=pubmed, rettype=medline), the text PubMed's "Send to:
  Citation manager" gives, read by the importer's MEDLINE parser (Biopython's `Bio.Medline`);
- `pmid_for_pmcid(pmcid)` / `pmid_for_doi(doi)`: the PMID PubMed files a PubMed Central ID or a DOI under
  (ESearch with the `[pmcid]` or `[doi]` field tag, JSON), "" when it files none.

NCBI asks callers to name their tool and a contact address (`tool`, `email` parameters, and the User-Agent
Crossref asks for too). Answers are kept in Django's cache for EVIDENCE_PUBMED_CACHE_SECONDS. The base URL
is EVIDENCE_PUBMED_API, so the tests run against a local fake (tests/fakes.py: PubMedServer).
"""

import json
import re
import urllib.parse

from django.conf import settings
from django.core.cache import cache

from evidence.lookups import http
from evidence.models.identifiers import normalise_doi, normalise_pmcid, normalise_pmid


class PubMedError(http.LookupFailed):
    """PubMed could not answer the question; the message says why, in plain words."""


class PubMedUnavailable(PubMedError, http.Unavailable):
    """No answer: offline, timed out, or NCBI's own failure (5xx, 429). Worth trying again later."""


class PubMedNotFound(PubMedError, http.NotFound):
    """PubMed has no record of this identifier."""


class PubMedBadAnswer(PubMedError, http.BadAnswer):
    """NCBI answered, but not with the record or search result we asked for."""


_OWN = {http.Unavailable: PubMedUnavailable, http.NotFound: PubMedNotFound, http.BadAnswer: PubMedBadAnswer}


def medline(pmid: str) -> str:
    """The MEDLINE record of the paper with this PMID, as text."""
    pmid = normalise_pmid(pmid)  # ValidationError for something that is no PMID: the caller's mistake
    return _kept(f"pubmed:medline:{pmid}", lambda: _medline(pmid))


def pmid_for_pmcid(pmcid: str) -> str:
    """The PMID of the paper PubMed Central holds as `pmcid`, or "" when PubMed lists none."""
    pmcid = normalise_pmcid(pmcid)
    return _kept(f"pubmed:pmcid:{pmcid}", lambda: _search(f"{pmcid}[pmcid]", f"PMCID {pmcid}"))


def pmid_for_doi(doi: str) -> str:
    """The PMID of the paper with this DOI, or "" when PubMed lists none (most papers outside medicine)."""
    doi = normalise_doi(doi)
    return _kept(f"pubmed:doi:{urllib.parse.quote(doi, safe='')}", lambda: _search(f"{doi}[doi]", f"DOI {doi}"))


def _kept(key, ask):
    kept = cache.get(key)
    if kept is not None:
        return kept
    answer = ask()
    cache.set(key, answer, settings.EVIDENCE_PUBMED_CACHE_SECONDS)
    return answer


def _get(tool: str, params: dict, subject: str, accept: str) -> bytes:
    polite = {"tool": "EvidenceDesk"} | (
        {"email": settings.EVIDENCE_CONTACT_EMAIL} if settings.EVIDENCE_CONTACT_EMAIL else {}
    )
    url = f"{settings.EVIDENCE_PUBMED_API.rstrip('/')}/{tool}?{urllib.parse.urlencode(params | polite)}"
    try:
        return http.get(
            url, service="PubMed", subject=subject, timeout=settings.EVIDENCE_PUBMED_TIMEOUT_SECONDS, accept=accept
        )
    except http.LookupFailed as error:
        raise _OWN[type(error)](str(error)) from error


def _medline(pmid: str) -> str:
    params = {"db": "pubmed", "id": pmid, "rettype": "medline", "retmode": "text"}
    body = _get("efetch.fcgi", params, f"PMID {pmid}", "text/plain")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PubMedBadAnswer(f"PubMed's answer for PMID {pmid} is not text.") from error
    # An unknown PMID gets an empty answer (or an error note), not a 404.
    if not re.search(rf"^PMID- {pmid}\s*$", text, re.MULTILINE):
        if text.strip() and not re.search(r"^PMID- ", text, re.MULTILINE) and "error" not in text.lower():
            raise PubMedBadAnswer(f"PubMed's answer for PMID {pmid} is not a MEDLINE record.")
        raise PubMedNotFound(f"PubMed has no record of PMID {pmid}.")
    return text


def _search(term: str, subject: str) -> str:
    body = _get("esearch.fcgi", {"db": "pubmed", "term": term, "retmode": "json"}, subject, "application/json")
    try:
        answer = json.loads(body)
        ids = answer["esearchresult"]["idlist"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PubMedBadAnswer(f"PubMed's search answer for {subject} is not the JSON it should be.") from error
    if not isinstance(ids, list):
        raise PubMedBadAnswer(f"PubMed's search answer for {subject} is not the JSON it should be.")
    return str(ids[0]) if len(ids) == 1 else ""  # none, or several papers: not the one we were given
