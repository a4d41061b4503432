"""One normalised record per entry of an imported file, whatever its format."""

import re
from dataclasses import dataclass, field

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d|2100)\b")
# "et al", "others" (BibTeX's "and others"), "et al." in an author list: the list is partial.
_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|others)$", re.IGNORECASE)

# Publication types (PubMed's PT, RIS M3, CSL genre) that say what kind of study a paper is,
# strongest first, so a paper tagged both "Review" and "Systematic Review" counts as the latter.
_DESIGN_FROM_TYPE = [
    ("systematic review", "systematic_review"),
    ("meta-analysis", "systematic_review"),
    ("randomized controlled trial", "randomised_trial"),
    ("randomised controlled trial", "randomised_trial"),
    ("controlled clinical trial", "non_randomised_trial"),
    ("clinical trial", "non_randomised_trial"),
    ("observational study", "observational"),
    ("cohort", "observational"),
    ("case-control", "observational"),
    ("case reports", "case_series"),
    ("case series", "case_series"),
    ("review", "narrative_review"),
]


@dataclass
class ImportedEntry:
    """What one entry of an imported reference file says about a paper, before any check against the library."""

    entry: int  # 1 for the first entry in the file
    line: int | None = None  # where the entry starts, when the format tells us
    title: str = ""
    authors: list[dict] = field(default_factory=list)
    authors_complete: bool = True
    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    isbn: str = ""
    trial_registration: str = ""
    url: str = ""
    publication_types: list[str] = field(default_factory=list)
    studied_in: str = ""  # "human", "animal" or "" when the file does not say
    problems: list[str] = field(default_factory=list)  # what the parser could not read

    @property
    def label(self) -> str:
        """“Entry 3 (line 41): Burt 2019, “Effect of …”” — how messages name the entry."""
        where = f"Entry {self.entry}" + (f" (line {self.line})" if self.line else "")
        first = self.authors[0]["family"] if self.authors else ""
        title = self.title if len(self.title) <= 70 else self.title[:69] + "…"
        what = " ".join(part for part in (first, self.year_number and str(self.year_number)) if part)
        return f"{where}: {what + ', ' if what else ''}“{title or 'untitled'}”"

    @property
    def year_number(self) -> int | None:
        match = _YEAR.search(self.year or "")
        return int(match.group(1)) if match else None

    @property
    def design(self) -> str:
        """The study design the publication types name, or "" when they do not say."""
        types = " | ".join(self.publication_types).lower()
        return next((design for words, design in _DESIGN_FROM_TYPE if words in types), "")


def clean(value) -> str:
    """One line of text: list values joined, whitespace collapsed."""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value if v)
    return " ".join(str(value or "").split())


def split_name(name: str) -> dict | None:
    """ "Martínez-Arroyo, Olga" or "Sarsenova M" → {"family": …, "given": …}; None for "et al"."""
    name = clean(name).strip(" ,;")
    if not name or _ET_AL.match(name):
        return None
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    family, _, initials = name.rpartition(" ")
    # MEDLINE's "Sarsenova M": a family name followed by capital initials.
    if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
        return {"family": family, "given": initials}
    return {"family": name, "given": ""}


def authors_from(names) -> tuple[list[dict], bool]:
    """Split author names; the list is incomplete when it ends with "et al" or "others"."""
    authors, complete = [], True
    for name in names or []:
        person = split_name(name)
        if person is None:
            complete = False
        else:
            authors.append(person)
    return authors, complete


def pages_from(start, end="") -> str:
    start, end = clean(start).replace("--", "-").replace("\u2013", "-"), clean(end)
    return f"{start}-{end}" if start and end and "-" not in start else start
