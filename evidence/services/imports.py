"""Commit an import plan: all entries or none.

New studies are created as drafts through the ordinary save path, so each gets
its first revision and an audit entry, with the importing writer as author.
Merged studies get a new revision the same way (a published study returns to
draft; the public keeps its live revision until the change is approved).
Everything runs in one transaction: if any entry fails its final check, for
instance because someone added the same DOI since the preview, nothing is kept.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from evidence.citations.plan import ImportPlan, Outcome, validation_message
from evidence.models import Study
from evidence.services.revisions import working_copy_saved


class ImportRefused(Exception):
    """Nothing was imported; the message names the entry and the problem."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass
class ImportResult:
    created: list[Study] = field(default_factory=list)
    merged: list[Study] = field(default_factory=list)


def import_references(*, plan: ImportPlan, by, progress=None) -> ImportResult:
    """Write every new and merged study of `plan`, or nothing."""
    if plan.problems or plan.invalid:
        count = len(plan.problems) + len(plan.invalid)
        raise ImportRefused(
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} must be fixed in the file first.",
            code="invalid_entries",
        )
    if not plan.can_import:
        raise ImportRefused("Nothing to import: every entry is already in the library.", code="nothing_to_import")
    result = ImportResult()
    writes = [e for e in plan.entries if e.outcome in (Outcome.CREATE, Outcome.MERGE)]
    with transaction.atomic():
        for done, entry in enumerate(writes, 1):
            if entry.outcome == Outcome.CREATE:
                result.created.append(_create(entry, by, plan.source))
            else:
                result.merged.append(_merge(entry, by, plan.source))
            if progress:
                progress(done, len(writes))
    return result


def _checked(entry, study):
    try:
        study.full_clean()
    except ValidationError as error:
        raise ImportRefused(
            f"Nothing was imported. {entry.reference.label}: {validation_message(error)}", code="entry_invalid"
        ) from error


def _create(entry, by, source) -> Study:
    study = entry.study
    study.created_by = by
    _checked(entry, study)
    study.save()
    working_copy_saved(item=study, by=by, note=f"Imported from {source}, entry {entry.reference.entry}"[:300])
    return study


def _merge(entry, by, source) -> Study:
    study = Study.objects.select_for_update().get(pk=entry.study.pk)
    if study.edit_version != entry.seen_version or study.is_locked:
        raise ImportRefused(
            f"Nothing was imported. {entry.reference.label}: study #{study.pk} “{study}” changed after the "
            "preview. Preview the file again.",
            code="changed_since_preview",
        )
    for name, (_, new) in entry.changes.items():
        setattr(study, name, new)
    _checked(entry, study)
    study.save()
    note = f"Added {entry.changed_fields} from {source}, entry {entry.reference.entry}"
    working_copy_saved(item=study, by=by, note=note[:300])
    return study
