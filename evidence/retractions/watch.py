"""Reading the Retraction Watch database (published by Crossref as one CSV file), row by row.

The file is large (over 50 MB, 60,000 rows and growing) and updated every working day, so it is streamed:
one row in memory at a time, and only rows about a paper in our library become notices. Rows are checked
whether they match or not, so a damaged file says so; a damaged row is reported and skipped, never fatal.
No writes here: `services.record_notices` records what this finds.
"""

import csv
from dataclasses import dataclass
from datetime import date

from evidence.retractions.models import Nature

# The columns we read; the real file has these among its 20 (Record ID, Title, …, Paywalled, Notes).
NEEDED = (
    "Record ID",
    "RetractionNature",
    "RetractionDate",
    "RetractionDOI",
    "RetractionPubMedID",
    "OriginalPaperDOI",
    "OriginalPaperPubMedID",
    "Reason",
    "URLS",
)
NATURES = {
    "retraction": Nature.RETRACTION,
    "expression of concern": Nature.EXPRESSION_OF_CONCERN,
    "correction": Nature.CORRECTION,
    "reinstatement": Nature.REINSTATEMENT,
}
_DOI_LINKS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")


class NotTheFile(ValueError):
    """The file is not the Retraction Watch CSV at all (wrong header, not text)."""


class Malformed(ValueError):
    """One row cannot be read; the message says why."""


@dataclass(frozen=True)
class Row:
    record_id: str
    nature: str
    date: date
    reasons: str
    notice_doi: str
    notice_url: str
    original_doi: str
    original_pmid: str


def columns(header: list[str]) -> dict[str, int]:
    """Where each needed column is, by name; NotTheFile names what is missing."""
    names = [name.strip() for name in header]
    missing = [name for name in NEEDED if name not in names]
    if missing:
        raise NotTheFile(
            "This is not the Retraction Watch CSV: its first line lacks "
            + ", ".join(f"“{name}”" for name in missing)
            + ". Download retraction_watch.csv from Crossref (https://api.labs.crossref.org/data/retractionwatch)."
        )
    return {name: names.index(name) for name in NEEDED}


def doi(value: str) -> str:
    """A DOI as the library stores it (bare, lower case), or "" for none ("unavailable", empty, not a DOI)."""
    value = value.strip().lower()
    if value.startswith(_DOI_LINKS):
        value = value.split("doi.org/", 1)[1]
    elif value.startswith("doi:"):
        value = value[4:].strip()
    return value if value.startswith("10.") and "/" in value else ""


def pmid(value: str) -> str:
    """A PMID's digits without leading zeros, or "" for none (the file writes 0 for "no PMID")."""
    value = value.strip()
    return str(int(value)) if value.isdecimal() and len(value) <= 9 and int(value) else ""


def parse_date(value: str) -> date:
    """The file's "1/15/2024 0:00" (month first), or "1/15/2024"."""
    try:
        month, day, year = value.strip().split(" ", 1)[0].split("/")
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise Malformed(f"the date “{value}” is not month/day/year") from error


def _reasons(value: str) -> str:
    """ "+Concerns/Issues About Data;+Duplication of Image;" → "Concerns/Issues About Data; Duplication of Image"."""
    return "; ".join(part.strip().lstrip("+").strip() for part in value.split(";") if part.strip(" +"))


def _first_url(value: str) -> str:
    urls = [url.strip() for url in value.split(";") if url.strip().startswith(("http://", "https://"))]
    return urls[0] if urls and len(urls[0]) <= 500 else ""


def row(fields: list[str], where: dict[str, int], width: int) -> Row:
    """One data row as a Row; Malformed says what is wrong with it."""
    if len(fields) != width:
        raise Malformed(f"{len(fields)} columns where the header has {width}")
    record_id = fields[where["Record ID"]].strip()
    if not record_id.isdecimal():
        raise Malformed(f"the Record ID “{record_id[:40]}” is not a number")
    nature_text = fields[where["RetractionNature"]].strip()
    nature = NATURES.get(nature_text.lower())
    if nature is None:
        raise Malformed(f"unknown RetractionNature “{nature_text[:40]}”")
    try:  # the file is opened with errors="surrogateescape": bytes that are not UTF-8 fail here, in this row only
        "".join(fields).encode()
    except UnicodeEncodeError as error:
        raise Malformed("bytes that are not UTF-8 text") from error
    notice_pmid = pmid(fields[where["RetractionPubMedID"]])
    url = _first_url(fields[where["URLS"]])
    if not url and notice_pmid:
        url = f"https://pubmed.ncbi.nlm.nih.gov/{notice_pmid}/"
    return Row(
        record_id=record_id,
        nature=nature,
        date=parse_date(fields[where["RetractionDate"]]),
        reasons=_reasons(fields[where["Reason"]]),
        notice_doi=doi(fields[where["RetractionDOI"]])[:255],
        notice_url=url,
        original_doi=doi(fields[where["OriginalPaperDOI"]]),
        original_pmid=pmid(fields[where["OriginalPaperPubMedID"]]),
    )


def read(text_file):
    """Yield (line number, Row or Malformed) for every data row of an open text file (newline="").

    NotTheFile when the first line is not the file's header.
    """
    reader = csv.reader(text_file)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise NotTheFile("This is not the Retraction Watch CSV: the file is empty or not CSV text.") from error
    where, width = columns(header), len(header)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a field over the size limit, a stray NUL: this row only
            yield reader.line_num, Malformed(str(error))
            continue
        if not fields:
            continue  # a blank line
        try:
            yield reader.line_num, row(fields, where, width)
        except Malformed as error:
            yield reader.line_num, error
