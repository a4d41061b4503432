"""RIS (.ris), as exported by Zotero, EndNote, Mendeley and journal sites, read with rispy.

rispy silently drops an entry with no closing "ER  -" line, so the file is cut
into entries here first: every entry keeps its line number, and a cut-off file
is reported instead of losing its last entry.
"""

import re

import rispy

from evidence.citations.records import ImportedEntry, authors_from, clean, pages_from

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")
_PMID_NOTE = re.compile(r"PMID:?\s*(\d{1,9})", re.IGNORECASE)


def split_entries(text: str) -> tuple[list[tuple[int, list[str], str]], list[str]]:
    """Return (start line, lines, problem) per entry, and problems outside any entry."""
    entries, stray, current = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        tag = _TAG.match(line)
        if tag and tag.group(1) == "TY":
            if current is not None:
                current[2] = f"a new entry starts on line {number} before this one ended with “ER  - ”"
                entries.append(current)
            current = [number, [line], ""]
        elif current is not None:
            current[1].append(line)
            if tag and tag.group(1) == "ER":
                entries.append(current)
                current = None
        elif line.strip():
            stray.append(f"Line {number} is outside any entry (entries start with “TY  - ” and end with “ER  - ”).")
    if current is not None:
        current[2] = "it has no closing “ER  - ” line, so the file looks cut off"
        entries.append(current)
    return [tuple(e) for e in entries], stray


def _record(entry_number, line, fields) -> ImportedEntry:
    authors, complete = authors_from(fields.get("authors") or fields.get("first_authors") or [])
    notes = " ".join(fields.get("notes") or [])
    accession = clean(fields.get("accession_number"))
    pmid = accession if accession.isdigit() else ""
    if not pmid and (match := _PMID_NOTE.search(notes)):
        pmid = match.group(1)
    custom = [clean(fields.get(name)) for name in ("custom2", "custom1")]
    pmcid = next((value for value in custom if value.upper().startswith("PMC")), "")
    return ImportedEntry(
        entry=entry_number,
        line=line,
        title=clean(fields.get("title") or fields.get("primary_title")),
        authors=authors,
        authors_complete=complete,
        journal=clean(
            # Abbreviated titles first (JA, J2, JO), as AMA and Vancouver print them.
            fields.get("alternate_title2")
            or fields.get("alternate_title1")
            or fields.get("journal_name")
            or fields.get("secondary_title")
            or fields.get("alternate_title3")
        ),
        year=clean(fields.get("year") or fields.get("publication_year") or fields.get("date")),
        volume=clean(fields.get("volume")),
        issue=clean(fields.get("number")),
        pages=pages_from(fields.get("start_page"), fields.get("end_page")),
        doi=clean(fields.get("doi")),
        pmid=pmid,
        pmcid=pmcid,
        url=clean((fields.get("urls") or [""])[0]),
        publication_types=[clean(fields.get("type_of_work")), *(fields.get("keywords") or [])],
    )


def parse(text: str) -> tuple[list[ImportedEntry], list[str]]:
    entries, problems = split_entries(text)
    references = []
    for number, (line, lines, problem) in enumerate(entries, start=1):
        # A cut-off entry is closed here so rispy reads what it has; the problem still refuses it.
        parsed = rispy.loads("\n".join([*lines, "ER  - "] if problem else lines))
        reference = _record(number, line, parsed[0] if parsed else {})
        if problem:
            reference.problems.append(problem)
        references.append(reference)
    return references, problems
