"""BibTeX (.bib), read with bibtexparser 2, LaTeX accents decoded ("Mart{\\'\\i}nez" → "Martínez")."""

import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from evidence.citations.records import ImportedEntry, authors_from, clean, pages_from

_PMID_NOTE = re.compile(r"PMID:?\s*(\d{1,9})", re.IGNORECASE)
_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s]+)")


def _name(parts) -> str:
    family = " ".join([*parts.von, *parts.last])
    given = " ".join(parts.first)
    return f"{family}, {given}" if given else family


def _field(entry, *names) -> str:
    for name in names:
        if name in entry.fields_dict:
            return clean(entry.fields_dict[name].value)
    return ""


def _record(number, entry) -> ImportedEntry:
    names = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
    authors, complete = authors_from([_name(p) for p in names] if isinstance(names, list) else [names])
    pmid = _field(entry, "pmid")
    if not pmid and (match := _PMID_NOTE.search(_field(entry, "note", "annote"))):
        pmid = match.group(1)
    return ImportedEntry(
        entry=number,
        line=entry.start_line + 1,
        title=_field(entry, "title").replace("{", "").replace("}", ""),
        authors=authors,
        authors_complete=complete,
        journal=_field(entry, "journal", "journaltitle", "booktitle"),
        year=_field(entry, "year", "date"),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number", "issue"),
        pages=pages_from(_field(entry, "pages")),
        doi=_field(entry, "doi"),
        pmid=pmid,
        pmcid=_field(entry, "pmcid"),
        url=_field(entry, "url"),
        publication_types=[_field(entry, "type"), _field(entry, "keywords")],
    )


def _failed(number, block) -> ImportedEntry:
    reference = ImportedEntry(entry=number, line=block.start_line + 1)
    if isinstance(block, DuplicateBlockKeyBlock):
        reference.problems.append(f"its key “{block.key}” is used by an earlier entry")
    else:
        key = _KEY.match(block.raw or "")
        name = f"“{key.group(1)}” " if key else ""
        reference.problems.append(f"entry {name}cannot be read as BibTeX (check its braces, quotes and commas)")
    return reference


def parse(text: str) -> tuple[list[ImportedEntry], list[str]]:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    blocks = [*library.entries, *library.failed_blocks]
    references = []
    for number, block in enumerate(sorted(blocks, key=lambda b: b.start_line), start=1):
        references.append(_failed(number, block) if isinstance(block, ParsingFailedBlock) else _record(number, block))
    problems = [] if blocks or not text.strip() else ["No BibTeX entries (“@article{…}”) were found."]
    return references, problems
