"""Inline citation markers that point nowhere: shown to the writer, and they block submission for review.

A marker is dangling when it names no study in the library, or a study the
article does not list under its cited studies (so it would have no entry in
the reference list), or when its PMID or DOI cannot be read.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

from evidence.citations.markers import Marker, StudyIndex, markers_in
from evidence.models import Study


@dataclass(frozen=True)
class DanglingMarker:
    marker: Marker
    message: str


def _describe(marker: Marker, in_library) -> str:
    if marker.problem:
        return f"{marker} cannot be read: {marker.problem}."
    if in_library is not None:
        return (
            f"{marker} names “{in_library}”, which this article does not cite: add it under Cited studies, "
            "or remove the marker."
        )
    what = {"key": "citation key", "pmid": "PMID", "doi": "DOI"}[marker.kind]
    return f"{marker}: no study in the library has the {what} “{marker.value}”. Add the study first, or fix the marker."


def dangling_markers(body: str, cited_studies) -> list[DanglingMarker]:
    """Markers in `body` that do not name one of `cited_studies`, with a message a writer can act on."""
    markers = markers_in(body)
    cited = StudyIndex(cited_studies)
    unresolved = [m for m in markers if cited.find(m) is None]
    if not unresolved:
        return []
    library = StudyIndex(_library_matches(unresolved))
    return [DanglingMarker(m, _describe(m, library.find(m))) for m in unresolved]


def _library_matches(markers):
    """Studies in the library any of `markers` could name, in one query."""
    values = {kind: [m.value for m in markers if m.kind == kind and m.value] for kind in ("key", "pmid", "doi")}
    if not any(values.values()):
        return []
    return Study.objects.annotate(key_lower=Lower("citation_key")).filter(
        Q(key_lower__in=values["key"])
        | Q(pmid__in=values["pmid"])
        | Q(doi__lower__in=[doi.lower() for doi in values["doi"]])
    )


def dangling_in_revision(revision) -> list[DanglingMarker]:
    """Dangling markers in an article revision, checked against the studies that revision cites."""
    studies = [c.study for c in revision.citations.select_related("study")]
    return dangling_markers(revision.body, studies)


def dangling_in_article(article) -> list[DanglingMarker]:
    """Dangling markers in an article's working copy, for the writer while editing."""
    studies = [c.study for c in article.citations.select_related("study")]
    return dangling_markers(article.body, studies)
