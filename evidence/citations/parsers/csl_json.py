"""CSL-JSON (.json), the format of Zotero, Mendeley, pandoc and doi.org content negotiation."""

import json

from evidence.citations.records import ImportedEntry, authors_from, clean, pages_from


def _name(person) -> str:
    if not isinstance(person, dict):
        return clean(person)
    if person.get("literal"):
        return clean(person["literal"])
    family = " ".join(clean(person.get(p)) for p in ("non-dropping-particle", "family") if person.get(p))
    given = clean(person.get("given"))
    return f"{family}, {given}" if given else family


def _year(issued) -> str:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return clean(parts[0][0])
        return clean(issued.get("raw") or issued.get("literal"))
    return clean(issued)


def _record(number, item) -> ImportedEntry:
    if not isinstance(item, dict):
        reference = ImportedEntry(entry=number)
        reference.problems.append("it is not a CSL-JSON object ({…})")
        return reference
    people = item.get("author") if isinstance(item.get("author"), list) else []
    authors, complete = authors_from([_name(p) for p in people])
    get = item.get
    return ImportedEntry(
        entry=number,
        title=clean(get("title")),
        authors=authors,
        authors_complete=complete,
        journal=clean(get("container-title-short") or get("journalAbbreviation") or get("container-title")),
        year=_year(get("issued")),
        volume=clean(get("volume")),
        issue=clean(get("issue")),
        pages=pages_from(get("page")),
        doi=clean(get("DOI")),
        pmid=clean(get("PMID")),
        pmcid=clean(get("PMCID")),
        url=clean(get("URL")),
        publication_types=[clean(get("genre"))],
    )


def parse(text: str) -> tuple[list[ImportedEntry], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [f"This is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."]
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data else [data]
    if not isinstance(data, list):
        return [], ["CSL-JSON is a list of references ([{…}, {…}]); this file holds something else."]
    return [_record(number, item) for number, item in enumerate(data, start=1)], []
