"""One place that renders a study as a reference in AMA style (used by the site and the admin)."""

from django.utils.html import format_html


def _initials(given: str) -> str:
    return "".join(part[0] for part in given.replace(".", " ").replace("-", " ").split() if part[0].isalpha())


def ama_authors(study) -> str:
    names = [f"{a['family']} {_initials(a.get('given', ''))}".strip() for a in study.authors]
    if len(names) > 6:
        names = [*names[:3], "et al"]
    elif not study.authors_complete and names:
        names.append("et al")
    return ", ".join(names)


def ama(study) -> str:
    """Plain-text AMA reference: Burt R, et al. Title. JAMA. 2019;321(2):165-174. doi:…"""
    parts = []
    if authors := ama_authors(study):
        parts.append(f"{authors}.")
    parts.append(f"{study.title.rstrip('.')}.")
    if study.journal:
        parts.append(f"{study.journal.rstrip('.')}.")
    where = str(study.year or "")
    if study.volume:
        where += f";{study.volume}"
        if study.issue:
            where += f"({study.issue})"
    if study.pages:
        where += f":{study.pages}"
    if where:
        parts.append(f"{where}.")
    if study.doi:
        parts.append(f"doi:{study.doi}")
    return " ".join(parts)


def links(study):
    """Where a reader can open the paper: DOI, PubMed, PubMed Central, publisher page."""
    found = []
    if study.doi:
        found.append(("DOI", f"https://doi.org/{study.doi}"))
    if study.pmid:
        found.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"))
    if study.pmcid:
        found.append(("PMC", f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study.pmcid}/"))
    if study.url and not found:
        found.append(("Publisher", study.url))
    return found


def ama_html(study):
    return format_html("{}", ama(study))
