"""Cite once: an article cites every study its body names with a marker ([@key], [@pmid:…], [@doi:…]).

On each save the studies the markers name join the article's cited studies, numbered in order of first
mention, so a writer never lists a study twice (once in the text, once under Cited studies). A study listed
without a marker stays, after the marked ones, as further reading. A marker that names no study in the library
changes nothing here; the editor offers to add the study by its identifier (`unknown_identifiers`).
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from evidence.citations.markers import Marker, StudyIndex, markers_in
from evidence.models import Citation, Study


def marked_studies(body: str) -> list[Study]:
    """The library's studies the body's markers name, in order of first mention, each once (one query)."""
    markers = [m for m in markers_in(body) if m.value]
    index = StudyIndex(_named_by(markers))
    studies = []
    for marker in markers:
        study = index.find(marker)
        if study is not None and all(study.pk != s.pk for s in studies):
            studies.append(study)
    return studies


def unknown_identifiers(body: str) -> list[Marker]:
    """Markers by PMID or DOI that name no study in the library: studies the writer could add from the registries."""
    markers = [m for m in markers_in(body) if m.value and m.kind in ("pmid", "doi")]
    index = StudyIndex(_named_by(markers))
    return [m for m in markers if index.find(m) is None]


def cite_marked_studies(*, article) -> list[Study]:
    """Make `article`'s cited studies follow its markers; return the studies newly cited."""
    marked = marked_studies(article.body)
    with transaction.atomic():
        existing = list(article.citations.select_for_update().order_by("position", "pk"))
        by_study = {citation.study_id: citation for citation in existing}
        added = [Citation(article=article, study=s) for s in marked if s.pk not in by_study]
        by_study |= {citation.study.pk: citation for citation in added}
        marked_ids = [s.pk for s in marked]
        ordered = [by_study[pk] for pk in marked_ids] + [c for c in existing if c.study_id not in marked_ids]
        moved = []
        for position, citation in enumerate(ordered, 1):
            if citation.pk and citation.position != position:
                moved.append(citation)
            citation.position = position
        Citation.objects.bulk_update(moved, ["position"])
        Citation.objects.bulk_create(added)
    return [citation.study for citation in added]


def _named_by(markers):
    values = {kind: [m.value for m in markers if m.kind == kind] for kind in ("key", "pmid", "doi")}
    if not any(values.values()):
        return []
    return Study.objects.annotate(key_lower=Lower("citation_key")).filter(
        Q(key_lower__in=values["key"])
        | Q(pmid__in=values["pmid"])
        | Q(doi__lower__in=[doi.lower() for doi in values["doi"]])
    )
