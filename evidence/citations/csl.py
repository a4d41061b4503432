"""A study (working copy or revision) as a CSL-JSON item: the one shape the formatter and the exports share."""

import re

# "LB", "CLK", "R": given names stored as bare initials, as PubMed and the demo write them.
_BARE_INITIALS = re.compile(r"^[A-Z]{1,4}$")


def csl_given(given: str) -> str:
    """Spell bare initials out as "L. B." so a CSL processor keeps every initial (not just the first)."""
    given = (given or "").strip()
    if _BARE_INITIALS.match(given):
        return " ".join(f"{letter}." for letter in given)
    return given


def csl_authors(study) -> list[dict]:
    names = []
    for author in study.authors or []:
        family, given = author.get("family", "").strip(), author.get("given", "").strip()
        if family:
            names.append({"family": family, "given": csl_given(given)} if given else {"family": family})
    return names


def to_csl(study, *, mark_incomplete: bool = False) -> dict:
    """CSL-JSON for one study. `mark_incomplete` adds an "et al" name when the author list is known to be partial."""
    item = {"id": study.citation_key, "type": "article-journal", "title": study.title}
    authors = csl_authors(study)
    if mark_incomplete and authors and not study.authors_complete:
        authors.append({"literal": "et al"})
    if authors:
        item["author"] = authors
    optional = {
        "container-title": study.journal,
        "volume": study.volume,
        "issue": study.issue,
        "page": study.pages,
        "DOI": study.doi,
        "PMID": study.pmid,
        "PMCID": study.pmcid,
        # A DOI is the stable address; a web address is given only when there is no DOI (AMA 11th ed. 3.15).
        "URL": "" if study.doi else study.url,
    }
    item |= {name: value for name, value in optional.items() if value}
    if study.year:
        item["issued"] = {"date-parts": [[study.year]]}
    return item
