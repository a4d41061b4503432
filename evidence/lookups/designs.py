"""The study design a paper's publication type suggests: PubMed's PublicationType and MeSH headings, Crossref's
work type, and, failing those, the title's own words ("a randomized controlled trial").

Only a suggestion: the writer confirms it on the form (and the reviewer reads it). Each suggestion comes with
its reason, in words the writer can check against the paper.
"""

import re

from evidence.models.studies import StudyDesign

# PubMed's publication types (https://www.nlm.nih.gov/mesh/pubtypes.html), strongest first: a paper typed both
# "Review" and "Systematic Review" is a systematic review; a "Randomized Controlled Trial" is usually also a
# "Clinical Trial, Phase II".
_PUBLICATION_TYPES = [
    ("Systematic Review", StudyDesign.SYSTEMATIC_REVIEW),
    ("Meta-Analysis", StudyDesign.SYSTEMATIC_REVIEW),
    ("Network Meta-Analysis", StudyDesign.SYSTEMATIC_REVIEW),
    ("Randomized Controlled Trial", StudyDesign.RANDOMISED_TRIAL),
    ("Randomized Controlled Trial, Veterinary", StudyDesign.ANIMAL),
    ("Equivalence Trial", StudyDesign.RANDOMISED_TRIAL),
    ("Controlled Clinical Trial", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Clinical Trial, Phase I", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Clinical Trial, Phase II", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Clinical Trial, Phase III", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Clinical Trial, Phase IV", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Clinical Trial", StudyDesign.NON_RANDOMISED_TRIAL),
    ("Observational Study", StudyDesign.OBSERVATIONAL),
    ("Case Reports", StudyDesign.CASE_SERIES),
    ("Scoping Review", StudyDesign.NARRATIVE_REVIEW),
    ("Review", StudyDesign.NARRATIVE_REVIEW),
]

_CROSSREF_TYPES = {"book": "a book", "book-chapter": "a book chapter", "monograph": "a monograph",
                   "edited-book": "an edited book", "reference-entry": "a reference work entry"}  # fmt: skip

# The title's words, strongest first; each pattern is matched as whole words, case-insensitively.
_QUALIFIERS = r"double-blind|placebo-controlled|controlled|clinical|open-label|multicent(?:er|re)"
_RANDOMISED = rf"randomi[sz]ed(?:,? (?:{_QUALIFIERS}))* trial"
_TITLE_WORDS = [
    (r"systematic review|meta-?analys[ie]s", StudyDesign.SYSTEMATIC_REVIEW),
    (_RANDOMISED, StudyDesign.RANDOMISED_TRIAL),
    (r"case reports?|case series", StudyDesign.CASE_SERIES),
    (r"phase (?:1|2|i|ii|1/2|i/ii) (?:\w+ )?(?:trial|study)|pilot (?:trial|study)|single-arm|open-label",
     StudyDesign.NON_RANDOMISED_TRIAL),
    (r"cohort|case-control|cross-sectional|retrospective|registry", StudyDesign.OBSERVATIONAL),
    (r"in vitro", StudyDesign.IN_VITRO),
    (r"mice|mouse|murine|rats?|rodents?|rabbits?|canine|porcine", StudyDesign.ANIMAL),
    (r"review", StudyDesign.NARRATIVE_REVIEW),
]  # fmt: skip


def suggest_design(*, publication_types=(), mesh=(), crossref_type: str = "", title: str = "") -> tuple[str, str]:
    """(design, reason) from what a registry states, or ("", "") when nothing suggests one."""
    types = {str(t).strip().lower() for t in publication_types}
    for name, design in _PUBLICATION_TYPES:
        if name.lower() in types:
            return design, f"PubMed's publication type “{name}”"
    headings = {str(h).split("/")[0].lstrip("*").strip().lower() for h in mesh}
    if "animals" in headings and "humans" not in headings:
        return StudyDesign.ANIMAL, "PubMed's subject headings (animals, no humans)"
    if crossref_type in _CROSSREF_TYPES:
        return StudyDesign.NARRATIVE_REVIEW, f"Crossref lists it as {_CROSSREF_TYPES[crossref_type]}"
    for pattern, design in _TITLE_WORDS:
        if match := re.search(rf"\b(?:{pattern})\b", title or "", re.IGNORECASE):
            return design, f"the title's words “{match.group(0)}”"
    return "", ""
