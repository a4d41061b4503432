"""Checking studies against Crossref: one on demand, or the whole library (a scheduled task and a command).

A study whose check fails (Crossref unreachable, DOI unknown there, a bad answer) is reported and the rest go
on; the task retries those Crossref could not answer, with back-off (evidence.retractions.tasks).
"""

from dataclasses import dataclass, field

from evidence.lookups import crossref
from evidence.models import Study
from evidence.retractions import updates
from evidence.retractions.models import Source
from evidence.retractions.services import Recorded, record_notices


def check_study(study) -> Recorded | None:
    """Ask Crossref for the notices on `study`'s paper and record them; None when the study has no DOI.

    Raises evidence.lookups.crossref.CrossrefError (offline, not found, a bad answer) with a plain message.
    """
    if not study.doi:
        return None
    message = crossref.work(study.doi)
    return record_notices(updates.found_in(message, study.pk), source=Source.CROSSREF)


@dataclass
class LibraryCheck:
    checked: int = 0
    new: int = 0
    updated: int = 0
    newly_blocking: int = 0
    failed: dict = field(default_factory=dict)  # study id -> message
    to_retry: list = field(default_factory=list)  # study ids Crossref could not answer for now


def check_library(study_ids=None, progress=None) -> LibraryCheck:
    """Check every study with a DOI (or those of `study_ids`); `progress(done, total)` after each."""
    studies = Study.objects.exclude(doi="").order_by("pk").only("pk", "doi")
    if study_ids is not None:
        studies = studies.filter(pk__in=study_ids)
    result, total = LibraryCheck(), studies.count()
    for done, study in enumerate(studies.iterator(chunk_size=500), start=1):
        try:
            recorded = check_study(study)
        except crossref.CrossrefError as error:
            result.failed[study.pk] = str(error)
            if isinstance(error, crossref.CrossrefUnavailable):
                result.to_retry.append(study.pk)
        else:
            result.checked += 1
            result.new += recorded.new
            result.updated += recorded.updated
            result.newly_blocking += len(recorded.newly_blocking)
        if progress:
            progress(done, total)
    return result
