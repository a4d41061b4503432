"""Read a reference file in any supported format into `records.ImportedEntry`s, one per entry.

Each parser returns the entries it found (each with the problems it could
not get past) and problems with the file as a whole. Nothing here touches
the database.
"""

from dataclasses import dataclass, field

from django.db import models

from evidence.citations.parsers import bibtex, csl_json, medline, ris
from evidence.citations.records import ImportedEntry


class Format(models.TextChoices):
    RIS = "ris", "RIS (.ris)"
    BIBTEX = "bibtex", "BibTeX (.bib)"
    MEDLINE = "medline", "PubMed MEDLINE (.nbib, .txt)"
    CSL_JSON = "csl_json", "CSL-JSON (.json)"


PARSERS = {
    Format.RIS: ris.parse,
    Format.BIBTEX: bibtex.parse,
    Format.MEDLINE: medline.parse,
    Format.CSL_JSON: csl_json.parse,
}
_EXTENSIONS = {".ris": Format.RIS, ".bib": Format.BIBTEX, ".nbib": Format.MEDLINE, ".json": Format.CSL_JSON}
MAX_BYTES = 5 * 1024 * 1024


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message says why, in words a writer can act on."""


@dataclass
class ParsedFile:
    format: str
    references: list[ImportedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Bytes of an uploaded file as text; refuse binary files and encodings other than UTF-8."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files.")
    if b"\x00" in data:  # anywhere: text never holds one, and PostgreSQL could not store or search it
        raise UnreadableFile(
            "This file is not text (it looks like a binary file such as a PDF or a Word document). "
            "Export the references from your reference manager as RIS, BibTeX, MEDLINE or CSL-JSON."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Export it again choosing UTF-8 (Unicode) as the encoding."
        ) from error


def detect(text: str, filename: str = "") -> str:
    """Guess the format from the content first (extensions lie), then from the file name."""
    start = text.lstrip()[:2000]
    if start.startswith(("[", "{")):
        return Format.CSL_JSON
    if start.startswith("TY  -") or "\nTY  -" in start:
        return Format.RIS
    if start.startswith("PMID-") or "\nPMID-" in start:
        return Format.MEDLINE
    if start.startswith("@") or "\n@" in start:
        return Format.BIBTEX
    for extension, found in _EXTENSIONS.items():
        if filename.lower().endswith(extension):
            return found
    raise UnreadableFile(
        "This does not look like RIS, BibTeX, PubMed MEDLINE or CSL-JSON. Choose the format, or export the "
        "references again from your reference manager."
    )


def parse(text: str, format: str = "", filename: str = "") -> ParsedFile:
    """Parse `text`; `format` empty means detect it."""
    if not text.strip():
        raise UnreadableFile("The file is empty.")
    chosen = format or detect(text, filename)
    references, problems = PARSERS[chosen](text)
    if not references and not problems:
        problems = [f"No references were found in this {Format(chosen).label} file."]
    return ParsedFile(format=chosen, references=references, problems=problems)
