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
    """Return the bare DOI as the source prints it ("10.1001/JAMA.2018.18743"), or "" for empty input."""
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
    # DOIs are case-insensitive by definition, but readers compare what we print with the paper: keep its case.
    # Duplicates are caught case-insensitively (the unique index on Lower("doi"), `doi__lower` lookups).
    return value


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


_ISBN_PREFIX = re.compile(r"^isbn(?:-1[03])?:?\s*", re.IGNORECASE)
# The registries of the WHO's International Clinical Trials Registry Platform that our sources cite most.
_REGISTRATIONS = (
    re.compile(r"^NCT\d{8}$"),  # ClinicalTrials.gov
    re.compile(r"^ISRCTN\d{8}$"),  # ISRCTN
    re.compile(r"^EUCTR\d{4}-\d{6}-\d{2}(?:-[A-Z]{2})?$"),  # EU Clinical Trials Register
    re.compile(r"^\d{4}-\d{6}-\d{2}$"),  # an EudraCT number on its own
    re.compile(r"^ACTRN\d{14}$"),  # Australian New Zealand
    re.compile(r"^ChiCTR[-\w]{6,20}$", re.IGNORECASE),  # Chinese
    re.compile(r"^CTRI/\d{4}/\d{2,3}/\d{6}$"),  # Indian
    re.compile(r"^DRKS\d{8}$"),  # German
    re.compile(r"^jRCT\w{8,12}$"),  # Japanese
)


def _isbn_checks(digits: str) -> bool:
    if len(digits) == 13 and digits.isdecimal():
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdecimal() and (digits[9].isdecimal() or digits[9] == "X"):
        values = [int(d) for d in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        return sum(value * (10 - i) for i, value in enumerate(values)) % 11 == 0
    return False


def normalise_isbn(value: str) -> str:
    """Return the ISBN's digits without hyphens or spaces ("9780198529729"), or "" for empty input."""
    value = _ISBN_PREFIX.sub("", (value or "").strip())
    digits = re.sub(r"[\s-]", "", value).upper()
    if not digits:
        return ""
    if not _isbn_checks(digits):
        raise ValidationError(
            "“%(value)s” is not an ISBN: an ISBN has 10 or 13 digits whose check digit matches, e.g. "
            "978-0-19-852972-9.",
            code="invalid_isbn",
            params={"value": value},
        )
    return digits


def normalise_registration(value: str) -> str:
    """Return a trial registration number as its registry prints it ("NCT01234567"), or "" for empty input."""
    value = re.sub(r"\s+", "", (value or "").strip())
    if not value:
        return ""
    upper = value.upper() if not value.lower().startswith(("chictr", "jrct")) else value
    if not any(pattern.match(upper) for pattern in _REGISTRATIONS):
        raise ValidationError(
            "“%(value)s” is not a trial registration number we recognise. Use the registry's own form, e.g. "
            "NCT01234567 (ClinicalTrials.gov), ISRCTN12345678, ACTRN12612000123456 or a EudraCT number "
            "2012-001234-56.",
            code="invalid_registration",
            params={"value": value},
        )
    return upper
