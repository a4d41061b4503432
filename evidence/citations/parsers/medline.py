"""PubMed's MEDLINE format (.nbib, "Send to: Citation manager"), read with Biopython's Medline reader."""

import re

from Bio import Medline

from evidence.citations.records import ImportedEntry, authors_from, clean

_FIELD = re.compile(r"^[A-Z][A-Z0-9 ]{1,3}- ")
_DOI = re.compile(r"^(\S+)\s*\[doi\]$", re.IGNORECASE)


def split_records(text: str) -> list[tuple[int, list[str]]]:
    """Records are separated by blank lines; return each one's first line number and its lines."""
    records, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line + "\n")
        elif current:
            records.append((start, current))
            current = []
    if current:
        records.append((start, current))
    return records


def _doi(record) -> str:
    for value in [*record.get("AID", []), *([record["LID"]] if record.get("LID") else [])]:
        if match := _DOI.match(value.strip()):
            return match.group(1)
    return ""


def _studied_in(record) -> str:
    headings = {heading.split("/")[0].lstrip("*").strip().lower() for heading in record.get("MH", [])}
    if "humans" in headings:
        return "human"
    return "animal" if "animals" in headings else ""


def _record(number, line, record) -> ImportedEntry:
    authors, complete = authors_from(record.get("FAU") or record.get("AU") or [])
    reference = ImportedEntry(
        entry=number,
        line=line,
        title=clean(record.get("TI") or record.get("BTI")).removesuffix("."),  # PubMed ends titles with "."
        authors=authors,
        authors_complete=complete,
        journal=clean(record.get("TA") or record.get("JT")),
        year=clean(record.get("DP")),
        volume=clean(record.get("VI")),
        issue=clean(record.get("IP")),
        pages=clean(record.get("PG")),
        doi=_doi(record),
        pmid=clean(record.get("PMID")),
        pmcid=clean(record.get("PMC")),
        publication_types=list(record.get("PT", [])),
        studied_in=_studied_in(record),
    )
    if "PMID" not in record and "TI" not in record:
        reference.problems.append("it is not a MEDLINE record (no “PMID- ” or “TI  - ” line)")
    return reference


def parse(text: str) -> tuple[list[ImportedEntry], list[str]]:
    references = []
    for number, (line, lines) in enumerate(split_records(text), start=1):
        if not _FIELD.match(lines[0]):
            reference = ImportedEntry(entry=number, line=line)
            reference.problems.append("it does not start with a MEDLINE field such as “PMID- ”")
        else:
            reference = _record(number, line, next(Medline.parse(lines)))
        references.append(reference)
    return references, []
