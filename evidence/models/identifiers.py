"""Normalise and check the identifiers that make a study findable: DOI, PMID, PMCID.

Writers paste identifiers in many forms (a doi.org link, "doi:10…", "PMID: 123",
"pmc123"); we store one canonical form so that duplicates are caught.
"""

import re

from django.core.exceptions import ValidationError

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_PREFIX = re.compile(r"^(?:pmid:?\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)", re.IGNORECASE)
_PMCID = re.compile(r"^(?:pmcid:?\s*)?(?:pmc)?(\d{1,9})$", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    """Return the bare, lower-case DOI ("10.1001/jama.2018.18743"), or "" for empty input."""
    value = _DOI_PREFIXES.sub("", (value or "").strip()).strip()
    if not value:
        return ""
    if not _DOI.match(value):
        raise ValidationError(
            "“%(value)s” is not a DOI. A DOI starts with “10.”, a registrant code and a slash, "
            "e.g. 10.20517/2347-8659.2019.009 (a https://doi.org/… link also works).",
            code="invalid_doi",
            params={"value": value},
        )
    # DOIs are case-insensitive by definition; one case lets the database catch duplicates.
    return value.lower()


def normalise_pmid(value: str) -> str:
    """Return the PMID digits ("24641956"), or "" for empty input."""
    value = _PMID_PREFIX.sub("", (value or "").strip()).strip().rstrip("/")
    if not value:
        return ""
    # isdecimal, not isdigit: "²" and "⑴" are digits to Python but int() refuses them.
    if not value.isdecimal() or len(value) > 9 or int(value) == 0:
        raise ValidationError(
            "“%(value)s” is not a PubMed ID. A PMID is a number of up to nine digits, e.g. 24641956.",
            code="invalid_pmid",
            params={"value": value},
        )
    return str(int(value))


def normalise_pmcid(value: str) -> str:
    """Return the PMCID with its prefix ("PMC8584240"), or "" for empty input."""
    value = (value or "").strip()
    if not value:
        return ""
    match = _PMCID.match(value)
    if not match:
        raise ValidationError(
            "“%(value)s” is not a PubMed Central ID. A PMCID is “PMC” followed by digits, e.g. PMC8584240.",
            code="invalid_pmcid",
            params={"value": value},
        )
    return f"PMC{int(match.group(1))}"
