"""A study's details from its DOI, PMID or PMCID, asked of Crossref and PubMed: what "Fill in" puts in the form.

No writes. `look_up(term)` answers a `Found`: the Study fields the registries state (model values: authors as
{"family", "given"} dicts, the year as a number), the design suggested from the publication type with the
reason (left for the writer to confirm), the abstract, which registries answered, and warnings for a registry
that could not. A DOI is asked of Crossref (the DOI's registrar) and of PubMed (for the PMID, PMCID, NLM journal
abbreviation, publication types and abstract); a PMID or PMCID of PubMed alone. One registry failing still fills
what the other knows; both failing raises its `evidence.lookups.http.LookupFailed` with a plain message.
"""

import html
import io
import re
from dataclasses import dataclass, field

from Bio import Medline
from django.core.exceptions import ValidationError

from evidence.citations.parsers import medline as medline_parser
from evidence.lookups import crossref, pubmed
from evidence.lookups.designs import suggest_design
from evidence.models.identifiers import normalise_doi, normalise_isbn, normalise_pmcid, normalise_pmid
from evidence.models.studies import Population, StudyDesign

_LIMITS = {"title": 500, "journal": 255, "volume": 30, "issue": 30, "pages": 40}
_TAG = re.compile(r"<[^>]+>")


class NotAnIdentifier(ValueError):
    """The term is not a DOI, PMID or PMCID; the message says what each looks like."""


@dataclass
class Found:
    fields: dict  # Study field name → value, only what a registry stated
    design_reason: str = ""  # why fields["design"] was suggested; "" when nothing suggested one
    abstract: str = ""
    sources: list[str] = field(default_factory=list)  # "Crossref", "PubMed"
    warnings: list[str] = field(default_factory=list)

    @property
    def source_text(self) -> str:
        return " and ".join(self.sources)


def identify(term: str) -> tuple[str, str]:
    """("doi" | "pmid" | "pmcid", the normalised value) for a pasted identifier in any of its usual forms."""
    term = (term or "").strip()
    kind = "pmcid" if term.lower().startswith(("pmc", "pmcid")) else "pmid" if _looks_like_pmid(term) else "doi"
    normalise = {"doi": normalise_doi, "pmid": normalise_pmid, "pmcid": normalise_pmcid}[kind]
    try:
        value = normalise(term)
    except ValidationError as error:
        value, problem = "", " ".join(error.messages)
    else:
        problem = ""
    looks_like_one = kind != "doi" or term.lower().startswith(("10.", "doi", "http"))
    if not value:
        problem = problem if looks_like_one else ""
        raise NotAnIdentifier(
            problem
            or "Paste a DOI (10.1001/jama.2018.18743 or a doi.org link), a PMID (24641956) or a PMCID (PMC8584240)."
        )
    return kind, value


def _looks_like_pmid(term: str) -> bool:
    return term.isdecimal() or term.lower().startswith(("pmid", "https://pubmed", "http://pubmed"))


def look_up(term: str) -> Found:
    """What Crossref and PubMed say about the paper `term` names. Raises NotAnIdentifier or LookupFailed."""
    kind, value = identify(term)
    if kind == "doi":
        return _by_doi(value)
    pmid = value if kind == "pmid" else pubmed.pmid_for_pmcid(value)
    if not pmid:
        raise pubmed.PubMedNotFound(f"PubMed lists no paper under PMCID {value}.")
    found = Found(fields={})
    _add_pubmed(found, pubmed.medline(pmid))
    if kind == "pmcid":
        found.fields.setdefault("pmcid", value)
    return found


def _by_doi(doi: str) -> Found:
    found = Found(fields={"doi": doi})
    try:
        message = crossref.work(doi)
    except crossref.CrossrefError as error:
        crossref_failure, message = error, None
    else:
        crossref_failure = None
        found.sources.append("Crossref")
    record = _pubmed_for_doi(doi, found, quiet=crossref_failure is None)
    if message is None and record is None:
        raise crossref_failure
    if record is not None:
        _add_pubmed(found, record)
    if message is not None:
        _add_crossref(found, message, keep_journal=record is not None)
    if crossref_failure is not None:
        found.warnings.append(f"{crossref_failure} Filled in from PubMed alone.")
    return found


def _pubmed_for_doi(doi, found, *, quiet):
    try:
        pmid = pubmed.pmid_for_doi(doi)
        return pubmed.medline(pmid) if pmid else None
    except pubmed.PubMedError as error:
        if quiet:
            found.warnings.append(f"{error} The publication type and abstract may be missing.")
        return None


def _add_pubmed(found: Found, text: str):
    entries, _ = medline_parser.parse(text)
    if not entries:
        raise pubmed.PubMedBadAnswer("PubMed's answer holds no MEDLINE record.")
    entry = entries[0]
    record = next(Medline.parse(io.StringIO(text)), {})
    found.sources.append("PubMed")
    found.abstract = found.abstract or " ".join(str(record.get("AB", "")).split())
    found.fields |= {
        "title": entry.title,
        "authors": entry.authors,
        "authors_complete": entry.authors_complete,
        "journal": entry.journal,
        "year": entry.year_number,
        "volume": entry.volume,
        "issue": entry.issue,
        "pages": full_page_range(entry.pages),
        "doi": _normalised(normalise_doi, entry.doi) or found.fields.get("doi", ""),
        "pmid": _normalised(normalise_pmid, entry.pmid),
        "pmcid": _normalised(normalise_pmcid, entry.pmcid),
    }
    design, reason = suggest_design(
        publication_types=entry.publication_types, mesh=record.get("MH", []), title=entry.title
    )
    _suggest(found, design, reason, studied_in=entry.studied_in)


def _add_crossref(found: Found, message: dict, *, keep_journal: bool):
    """Crossref, the DOI's registrar, states the bibliographic details; PubMed's NLM journal abbreviation stays."""
    journal = _first(message.get("container-title"))
    stated = {
        "title": _plain(_first(message.get("title"))),
        "authors": _authors(message.get("author") or []),
        "journal": "" if keep_journal and found.fields.get("journal") else journal,
        "year": _year(message),
        "volume": _plain(message.get("volume")),
        "issue": _plain(message.get("issue")),
        "pages": _plain(message.get("page")),
        "isbn": _normalised(normalise_isbn, _first(message.get("ISBN"))),
    }
    found.fields |= {name: value for name, value in stated.items() if value}
    if stated["authors"]:
        found.fields["authors_complete"] = True
    found.abstract = found.abstract or _plain(message.get("abstract"))
    if "design" not in found.fields:
        design, reason = suggest_design(crossref_type=message.get("type", ""), title=stated["title"])
        _suggest(found, design, reason)


def _suggest(found, design, reason, studied_in=""):
    if design:
        found.fields["design"], found.design_reason = design, reason
        found.fields["population"] = (
            Population.IN_VITRO
            if design == StudyDesign.IN_VITRO
            else Population.ANIMAL
            if design == StudyDesign.ANIMAL
            else studied_in or Population.HUMAN
        )
    elif studied_in:
        found.fields.setdefault("population", studied_in)


def fit(fields: dict) -> dict:
    """The fields cut to the lengths the Study model holds (a registry's volume can be a sentence)."""
    return {name: value[: _LIMITS[name]] if name in _LIMITS and isinstance(value, str) else value
            for name, value in fields.items()}  # fmt: skip


def full_page_range(pages: str) -> str:
    """MEDLINE's "165-74" as "165-174"; anything else as given."""
    match = re.fullmatch(r"(\d+)-(\d+)", pages or "")
    if match and len(match.group(2)) < len(match.group(1)):
        start, end = match.groups()
        return f"{start}-{start[: len(start) - len(end)]}{end}"
    return pages or ""


def _normalised(normalise, value) -> str:
    try:
        return normalise(value or "")
    except ValidationError:
        return ""


def _first(values) -> str:
    if isinstance(values, list):
        return str(values[0]) if values else ""
    return values if isinstance(values, str) else ""


def _plain(value) -> str:
    """Crossref's titles and abstracts carry markup (<i>, JATS <jats:p>); the form wants words."""
    return " ".join(html.unescape(_TAG.sub(" ", str(value or ""))).split())


def _authors(people) -> list[dict]:
    authors = []
    for person in people:
        family, given = _plain(person.get("family")), _plain(person.get("given"))
        family = family or _plain(person.get("name"))  # a consortium or group
        if family:
            authors.append({"family": family, "given": given})
    return authors


def _year(message) -> int | None:
    for name in ("issued", "published-print", "published-online", "published", "created"):
        parts = (message.get(name) or {}).get("date-parts") or [[None]]
        year = parts[0][0] if parts and parts[0] else None
        if isinstance(year, int) and 1800 <= year <= 2100:
            return year
    return None
