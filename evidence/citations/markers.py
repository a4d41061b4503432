"""Inline citation markers: how a writer names a study in the body.

    [@burt-2019]                       the study's citation key
    [@pmid:24641956]                   its PubMed ID
    [@doi:10.20517/2347-8659.2019.009]  its DOI (a doi.org link works too)

The public page numbers cited studies in order of first use; two markers that
name the same study (say by key and by PMID) get the same number.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from evidence.models import identifiers

MARKER = re.compile(r"\[@([^\]\s]+)\]")
_PREFIXED = re.compile(r"^(pmid|doi):(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    text: str  # what the writer typed between "[@" and "]"
    kind: str  # "key", "pmid" or "doi"
    value: str  # the normalised key or identifier; "" when it cannot be read
    problem: str = ""

    def __str__(self):
        return f"[@{self.text}]"


def parse(text: str) -> Marker:
    match = _PREFIXED.match(text)
    if not match:
        return Marker(text, "key", text.lower())
    kind, raw = match.group(1).lower(), match.group(2)
    normalise = identifiers.normalise_pmid if kind == "pmid" else identifiers.normalise_doi
    try:
        value = normalise(raw)
    except ValidationError as error:
        return Marker(text, kind, "", problem=" ".join(error.messages))
    return Marker(text, kind, value, problem="" if value else f"the {kind.upper()} is missing")


def markers_in(body: str) -> list[Marker]:
    """Every distinct marker in the body, in order of first use."""
    seen = {}
    for text in MARKER.findall(body or ""):
        seen.setdefault(text, parse(text))
    return list(seen.values())


class StudyIndex:
    """Look studies (working copies or revisions) up by key, PMID and DOI."""

    def __init__(self, studies):
        self.studies = list(studies)
        self._by = {"key": {}, "pmid": {}, "doi": {}}
        for study in self.studies:
            self._by["key"].setdefault(study.citation_key.lower(), study)
            if study.pmid:
                self._by["pmid"].setdefault(study.pmid, study)
            if study.doi:
                self._by["doi"].setdefault(study.doi.lower(), study)

    def find(self, marker: Marker):
        if not marker.value:
            return None
        # Keys and DOIs are matched in any case; a DOI marker keeps the case it was typed in.
        return self._by[marker.kind].get(marker.value.lower() if marker.kind == "doi" else marker.value)


def number_references(body: str, studies) -> tuple[list, dict[str, int]]:
    """Order `studies` by first use in `body` (unmarked ones last); map each marker's text to its number."""
    index = StudyIndex(studies)
    ordered, marked = [], []
    for marker in markers_in(body):
        study = index.find(marker)
        if study is None:
            continue
        marked.append((marker, study))
        if all(study is not s for s in ordered):
            ordered.append(study)
    ordered += [s for s in index.studies if all(s is not o for o in ordered)]
    number_of = {id(study): n for n, study in enumerate(ordered, 1)}
    return ordered, {marker.text: number_of[id(study)] for marker, study in marked}
